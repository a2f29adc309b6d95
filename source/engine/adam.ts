/** Adam with Keras's update rule and defaults (β1 0.9, β2 0.999, ε 1e-7): fused in place on wasm, tfjs ops elsewhere. */
import * as tf from '@tensorflow/tfjs-core';
import {paramNames, type MlpParams, type ParamName} from './mlp-params.js';
import type {WasmHeap} from './wasm-heap.js';

export interface AdamOptions {
	learningRate: number;
	beta1?: number;
	beta2?: number;
	epsilon?: number;
}

/** An optimizer bound to one set of parameters. */
export interface Adam {
	/**
	 * Applies one step: m += (g − m)(1 − β1); v += (g² − v)(1 − β2); p −= α·m/(√v + ε) with
	 * α = lr·√(1 − β2ᵗ)/(1 − β1ᵗ), as Keras writes it. Returns the parameters to use from now on: the same tensors
	 * when updated in place, new ones otherwise (then the caller disposes the old ones).
	 */
	update(params: MlpParams, grads: MlpParams): MlpParams;
	dispose(): void;
}

export interface Coefficients {
	alpha: number;
	oneMinusBeta1: number;
	oneMinusBeta2: number;
	epsilon: number;
}

export function coefficients(options: AdamOptions, step: number): Coefficients {
	const beta1 = options.beta1 ?? 0.9;
	const beta2 = options.beta2 ?? 0.999;
	return {
		alpha: (options.learningRate * Math.sqrt(1 - beta2 ** step)) / (1 - beta1 ** step),
		oneMinusBeta1: 1 - beta1,
		oneMinusBeta2: 1 - beta2,
		epsilon: options.epsilon ?? 1e-7,
	};
}

/**
 * With tfjs-wasm's memory at hand, one SIMD pass per matrix updates p, m and v in place (one pass over the MNIST
 * model's 535k parameters instead of 36 kernels; an m or v below 2⁻⁹⁸ is stored as +0, see
 * wasm-kernels.ts flushTiny). In place is safe because the weights only ever enter XNNPACK as the left matMul
 * operand: XNNPACK caches a packed copy of the right operand keyed by tensor id, which an in-place write would leave stale.
 */
export function createAdam(params: MlpParams, options: AdamOptions, heap: WasmHeap | null): Adam {
	return heap ? fusedAdam(params, options, heap) : opsAdam(params, options);
}

function zerosLike(params: MlpParams): MlpParams {
	return mapParams(params, p => tf.zerosLike(p));
}

function fusedAdam(params: MlpParams, options: AdamOptions, heap: WasmHeap): Adam {
	const m = zerosLike(params);
	const v = zerosLike(params);
	let steps = 0;
	return {
		update(current, grads) {
			steps++;
			const c = coefficients(options, steps);
			for (const name of paramNames) {
				const count = current[name].size;
				const vectorized = count - (count % 4);
				const at = (t: tf.Tensor): number => heap.byteOffset(t);
				heap.kernels.adam(
					at(current[name]),
					at(grads[name]),
					at(m[name]),
					at(v[name]),
					vectorized * 4,
					c.alpha,
					c.oneMinusBeta1,
					c.oneMinusBeta2,
					c.epsilon,
				);
				if (vectorized < count) {
					adamTail(heap, current[name], grads[name], m[name], v[name], vectorized, c);
				}
			}

			return current;
		},
		dispose() {
			disposeParams(m);
			disposeParams(v);
		},
	};
}

/** An m or v below this is stored as +0, as the SIMD pass does (wasm-kernels.ts flushTiny says why). */
export const tinyMoment = 2 ** -98;

/** m or v as the SIMD pass stores it: +0 for a magnitude below tinyMoment, NaN kept. */
export const flushTiny = (value: number): number => (Math.abs(value) < tinyMoment ? 0 : value);

/** The last count % 4 floats, in float32 arithmetic like the SIMD pass. */
function adamTail(heap: WasmHeap, p: tf.Tensor, g: tf.Tensor, m: tf.Tensor, v: tf.Tensor, from: number, c: Coefficients): void {
	const f = Math.fround;
	const [pv, gv, mv, vv] = [heap.view(p), heap.view(g), heap.view(m), heap.view(v)];
	const [alpha, c1, c2, epsilon] = [f(c.alpha), f(c.oneMinusBeta1), f(c.oneMinusBeta2), f(c.epsilon)];
	for (let i = from; i < pv.length; i++) {
		const gi = gv[i]!;
		const mi = flushTiny(f(mv[i]! + f(f(gi - mv[i]!) * c1)));
		const vi = flushTiny(f(vv[i]! + f(f(f(gi * gi) - vv[i]!) * c2)));
		mv[i] = mi;
		vv[i] = vi;
		pv[i] = f(pv[i]! - f(f(mi * alpha) / f(f(Math.sqrt(vi)) + epsilon)));
	}
}

function opsAdam(params: MlpParams, options: AdamOptions): Adam {
	let m = zerosLike(params);
	let v = zerosLike(params);
	let steps = 0;
	return {
		update(current, grads) {
			steps++;
			const next = tf.tidy(() => adamStep(current, grads, m, v, coefficients(options, steps)));
			disposeParams(m);
			disposeParams(v);
			m = next.m;
			v = next.v;
			return next.params;
		},
		dispose() {
			disposeParams(m);
			disposeParams(v);
		},
	};
}

function adamStep(params: MlpParams, grads: MlpParams, m: MlpParams, v: MlpParams, c: Coefficients) {
	const alpha = tf.scalar(c.alpha);
	const oneMinusBeta1 = tf.scalar(c.oneMinusBeta1);
	const oneMinusBeta2 = tf.scalar(c.oneMinusBeta2);
	const epsilon = tf.scalar(c.epsilon);
	const nextM = mapParams(params, (_, name) => tf.add(m[name], tf.mul(tf.sub(grads[name], m[name]), oneMinusBeta1)));
	const nextV = mapParams(params, (_, name) =>
		tf.add(v[name], tf.mul(tf.sub(tf.square(grads[name]), v[name]), oneMinusBeta2)),
	);
	const nextParams = mapParams(params, (p, name) =>
		tf.sub(p, tf.div(tf.mul(nextM[name], alpha), tf.add(tf.sqrt(nextV[name]), epsilon))),
	);
	return {params: nextParams, m: nextM, v: nextV};
}

export function mapParams(params: MlpParams, f: (p: tf.Tensor2D, name: ParamName) => tf.Tensor): MlpParams {
	const out = {} as MlpParams;
	for (const name of paramNames) {
		out[name] = f(params[name], name) as tf.Tensor2D;
	}

	return out;
}

export function disposeParams(params: MlpParams): void {
	for (const name of paramNames) {
		params[name].dispose();
	}
}
