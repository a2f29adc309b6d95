// The experimental native engine (ORT forward/backward + the direct engine's Adam) against the direct engine: same
// seed, same batches, same dropout masks — the weights must agree to float tolerance after many steps. onnxruntime-node
// is not a dependency: these run where it is installed beside the tool or named by PSEUDOLABEL_ORT, and are skipped
// (saying so) elsewhere. The writer and the install check run everywhere.
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {beforeAll, describe, expect, it} from 'vitest';
import {createRandom, shuffle} from '../../source/core/random.js';
import {initBackend} from '../../source/engine/backend.js';
import {createMlp, type Mlp} from '../../source/engine/mlp.js';
import {ProtoMessage, tensorProto} from '../../source/engine/onnx-writer.js';
import {findOrt, startOrtEngine, type OrtEngine} from '../../source/engine/ort-engine.js';
import {mnistTrain, type MnistPart} from './mnist-files.js';

function ortInstalled(): boolean {
	try {
		findOrt();
		return true;
	} catch {
		return false;
	}
}

describe('the ONNX writer', () => {
	it('writes protobuf varints, negative int64s and length-delimited fields as the wire format says', () => {
		expect(new ProtoMessage().int(1, 300).bytes).toEqual([0x08, 0xac, 0x02]);
		// A negative int64 takes ten bytes (its 64-bit two's complement).
		expect(new ProtoMessage().int(2, -1).bytes).toEqual([0x10, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]);
		expect(new ProtoMessage().string(3, 'ab').bytes).toEqual([0x1a, 0x02, 0x61, 0x62]);
		expect(new ProtoMessage().float(4, 1).bytes).toEqual([0x25, 0x00, 0x00, 0x80, 0x3f]);
		// TensorProto: dims 1, data_type 2, name 8, raw_data 9 (little-endian float32).
		expect(tensorProto('c', 'float', [], [2]).bytes).toEqual([0x10, 0x01, 0x42, 0x01, 0x63, 0x4a, 0x04, 0x00, 0x00, 0x00, 0x40]);
	});
});

describe('finding onnxruntime-node', () => {
	it('names the install command when the folder holds no onnxruntime-node, and refuses an untested version', () => {
		expect(() => findOrt(path.join(tmpdir(), 'no-such-folder-for-ort'))).toThrow(/^the native engine cannot start: onnxruntime-node is not installed beside pseudolabel-tui; install it with npm install -g onnxruntime-node@1\.31 --ignore-scripts, or set PSEUDOLABEL_ORT/);
		const folder = mkdtempSync(path.join(tmpdir(), 'fake-ort-'));
		writeFileSync(path.join(folder, 'package.json'), JSON.stringify({name: 'onnxruntime-node', version: '1.12.0'}));
		expect(() => findOrt(folder)).toThrow(/onnxruntime-node 1\.12\.0 is untested here \(tested: 1\.31\)/);
		writeFileSync(path.join(folder, 'package.json'), JSON.stringify({name: 'something-else', version: '1.31.1'}));
		expect(() => findOrt(folder)).toThrow(/does not hold onnxruntime-node/);
	});
});

describe.skipIf(!ortInstalled())('the native engine (onnxruntime-node installed)', () => {
	let train: MnistPart;
	let engine: OrtEngine;

	beforeAll(async () => {
		await initBackend('wasm');
		train = mnistTrain();
		engine = await startOrtEngine();
		return () => engine.dispose();
	});

	function largestDifference(a: Mlp, b: Mlp): number {
		const [wa, wb] = [a.weights(), b.weights()];
		let worst = 0;
		for (const name of ['p1', 'p2', 'p3'] as const) {
			for (let i = 0; i < wa[name].length; i++) worst = Math.max(worst, Math.abs(wa[name][i]! - wb[name][i]!));
		}

		return worst;
	}

	function both(seed: number, use: (native: Mlp, direct: Mlp) => void, hidden?: number[]): void {
		const native = createMlp({seed, learningRate: 0.001, team: engine.team, hidden});
		const direct = createMlp({seed, learningRate: 0.001, hidden});
		try {
			use(native, direct);
		} finally {
			native.dispose();
			direct.dispose();
		}
	}

	it('takes the same 60 Adam steps as the direct engine (dropout on, batches of 32 and a partial one): weights within 1e-5', () => {
		both(21, (native, direct) => {
			const before = engine.stats().runs;
			const rows = shuffle(Int32Array.from({length: 1900}, (_, i) => i), createRandom(5));
			const a = native.trainEpoch(train.images, train.labels, rows, 32);
			const b = direct.trainEpoch(train.images, train.labels, rows, 32);
			// ORT computed every step (60 of 32 rows, one of 12).
			expect(engine.stats().runs - before).toBe(60);
			expect(a.loss).toBeCloseTo(b.loss, 5);
			const drift = largestDifference(native, direct);
			expect(drift).toBeLessThan(1e-5);
			// A meaningful bound: one step more on one side moves the weights by far more than that.
			native.trainEpoch(train.images, train.labels, rows.subarray(0, 32), 32);
			expect(largestDifference(native, direct)).toBeGreaterThan(100 * Math.max(drift, 1e-7));
		});
	}, 60_000);

	it('takes the same weighted soft-target steps (trainBatch, masked rows) as the direct engine', () => {
		both(22, (native, direct) => {
			const random = createRandom(9);
			for (let step = 0; step < 20; step++) {
				const n = 48;
				const pixels = new Uint8Array(n * 784);
				const targets = new Float32Array(n * 10);
				const weights = new Float32Array(n);
				for (let j = 0; j < n; j++) {
					const row = Math.floor(random() * 5000);
					pixels.set(train.images.subarray(row * 784, row * 784 + 784), j * 784);
					for (let c = 0; c < 10; c++) targets[j * 10 + c] = c === train.labels[row] ? 0.73 : 0.03;
					weights[j] = j % 3 === 0 ? 0 : random() / n;
				}

				native.trainBatch(pixels, targets, weights);
				direct.trainBatch(pixels, targets, weights);
			}

			const [a, b] = [native.takeLoss(), direct.takeLoss()];
			expect(a.steps).toBe(20);
			expect(a.loss).toBeCloseTo(b.loss, 5);
			expect(largestDifference(native, direct)).toBeLessThan(1e-5);
		});
	}, 60_000);

	it('serves other model shapes with the same session (narrower, then wider than the last: a Noisy Student\'s students)', () => {
		for (const [seed, hidden] of [[23, [64, 32]], [24, [640, 300]]] as const) {
			both(seed, (native, direct) => {
				const rows = Int32Array.from({length: 640}, (_, i) => (i * 7919) % 60_000);
				native.trainEpoch(train.images, train.labels, rows, 32);
				direct.trainEpoch(train.images, train.labels, rows, 32);
				expect(native.weights().p2).toHaveLength(hidden[1] * (hidden[0] + 1));
				expect(largestDifference(native, direct)).toBeLessThan(1e-5);
			}, [...hidden]);
		}
	}, 60_000);

	it('reproduces itself exactly: the same seed and batches give the same bits', () => {
		const rows = Int32Array.from({length: 640}, (_, i) => (i * 7919) % 60_000);
		const run = () => {
			const mlp = createMlp({seed: 3, learningRate: 0.001, team: engine.team});
			mlp.trainEpoch(train.images, train.labels, rows, 32);
			const weights = mlp.weights();
			mlp.dispose();
			return weights;
		};

		const [first, second] = [run(), run()];
		for (const name of ['p1', 'p2', 'p3'] as const) expect(Buffer.from(first[name].buffer).equals(Buffer.from(second[name].buffer))).toBe(true);
	}, 60_000);
});
