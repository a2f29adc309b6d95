// Adam: the fused in-place wasm pass and the tfjs-ops fallback both match Keras's formula computed in float64.
import * as tf from '@tensorflow/tfjs-core';
import {beforeAll, describe, expect, it} from 'vitest';
import {createAdam} from '../../source/engine/adam.js';
import {initBackend} from '../../source/engine/backend.js';
import {initialParams, mnistShape, paramNames, type MlpParams} from '../../source/engine/mlp-params.js';
import {wasmHeap} from '../../source/engine/wasm-heap.js';

const options = {learningRate: 0.001};
const steps = 3;

/** Keras 3's Adam.update_step in float64. */
function kerasAdam(p0: Float32Array, gradients: Float32Array[]): Float64Array {
	const [lr, beta1, beta2, epsilon] = [options.learningRate, 0.9, 0.999, 1e-7];
	const p = Float64Array.from(p0);
	const m = new Float64Array(p.length);
	const v = new Float64Array(p.length);
	for (const [index, g] of gradients.entries()) {
		const t = index + 1;
		const alpha = (lr * Math.sqrt(1 - beta2 ** t)) / (1 - beta1 ** t);
		for (let i = 0; i < p.length; i++) {
			m[i]! += (g[i]! - m[i]!) * (1 - beta1);
			v[i]! += (g[i]! * g[i]! - v[i]!) * (1 - beta2);
			p[i]! -= (m[i]! * alpha) / (Math.sqrt(v[i]!) + epsilon);
		}
	}

	return p;
}

function gradientsFor(params: MlpParams, step: number): MlpParams {
	const out = {} as MlpParams;
	for (const [k, name] of paramNames.entries()) {
		// Exact zeros (dead units) among them, like real gradients. Seeds start at 1: tfjs treats seed 0 as "unseeded".
		out[name] = tf.tidy(() =>
			tf.mul(tf.randomNormal(params[name].shape, 0, 0.01, 'float32', 1 + 100 * step + k), tf.step(tf.randomUniform(params[name].shape, -1, 1, 'float32', 7 + step))),
		) as tf.Tensor2D;
	}

	return out;
}

beforeAll(async () => {
	await initBackend('wasm');
});

describe.each([{path: 'fused wasm, in place'}, {path: 'tfjs ops'}])('Adam ($path)', ({path}) => {
	it(`follows Keras's update rule over ${steps} steps (every parameter, including the non-multiple-of-4 tail)`, () => {
		const heap = path === 'tfjs ops' ? null : wasmHeap();
		if (path !== 'tfjs ops') expect(heap).not.toBeNull();
		let params = initialParams(mnistShape, 9);
		const start = Object.fromEntries(paramNames.map(name => [name, params[name].dataSync<'float32'>().slice()])) as Record<string, Float32Array>;
		const adam = createAdam(params, options, heap);
		const seen: Record<string, Float32Array[]> = {p1: [], p2: [], p3: []};
		const before = tf.memory().numTensors;
		for (let step = 0; step < steps; step++) {
			const grads = gradientsFor(params, step);
			for (const name of paramNames) seen[name]!.push(grads[name].dataSync<'float32'>().slice());
			const next = adam.update(params, grads);
			tf.dispose(grads);
			if (next !== params) tf.dispose(Object.values(params));
			params = next;
			expect(tf.memory().numTensors).toBe(before);
		}

		for (const name of paramNames) {
			const expected = kerasAdam(start[name]!, seen[name]!);
			const actual = params[name].dataSync();
			let worst = 0;
			let moved = 0;
			for (let i = 0; i < expected.length; i++) {
				worst = Math.max(worst, Math.abs(actual[i]! - expected[i]!));
				moved = Math.max(moved, Math.abs(actual[i]! - start[name]![i]!));
			}

			expect(moved).toBeGreaterThan(1e-3);
			expect(worst).toBeLessThan(2e-7);
		}

		adam.dispose();
		tf.dispose(Object.values(params));
	});
});

describe('the two Adam paths', () => {
	it('agree to the last bit (both compute in float32 with the same operation order)', () => {
		const results = [wasmHeap(), null].map(heap => {
			let params = initialParams(mnistShape, 5);
			const adam = createAdam(params, options, heap);
			for (let step = 0; step < steps; step++) {
				const grads = gradientsFor(params, step);
				const next = adam.update(params, grads);
				tf.dispose(grads);
				if (next !== params) tf.dispose(Object.values(params));
				params = next;
			}

			const values = paramNames.map(name => params[name].dataSync().slice());
			adam.dispose();
			tf.dispose(Object.values(params));
			return values;
		});
		for (const [k, fused] of results[0]!.entries()) {
			const ops = results[1]![k]!;
			expect(fused.length).toBe(ops.length);
			// Counted rather than compared with toEqual, whose diff of 400k floats would take minutes to print.
			expect(fused.filter((value, i) => value !== ops[i]).length).toBe(0);
		}
	});
});
