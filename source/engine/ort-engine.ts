/**
 * EXPERIMENTAL native engine: onnxruntime-node (MLAS kernels) computes each training step's forward and backward
 * pass (ort-step-graph.ts) straight into the direct engine's gradient buffers in the wasm heap, and the direct engine's
 * SIMD Adam updates the weights in place. Everything else — batches, dropout streams, Adam, predictions, evaluation —
 * is the direct engine's. Measured on a 2-core AVX-512 VM in a worker: ~1.6–1.9× the direct engine's samples/s at
 * batch 32 and ~3× at batch 128 (bench/native-engine.md).
 *
 * onnxruntime-node is never a dependency: the user installs it beside the tool (its npm postinstall downloads CUDA
 * libraries on Linux x64, so `--ignore-scripts`), or names its folder in PSEUDOLABEL_ORT. The step must be synchronous
 * (Mlp.trainEpoch is), so this uses the package's native binding, whose run() is synchronous, rather than the public
 * async API: tied to the versions tested here (testedOrtVersions).
 *
 * A thread inside the binding's run() must never be terminated: worker.terminate() there aborts the whole process
 * (SIGABRT from a Napi::Error thrown while V8 is terminating). Stop a thread that uses this engine cooperatively.
 */
import {readFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import path from 'node:path';
import type {DirectModel} from './direct-model.js';
import {fillPartMasks} from './dropout-streams.js';
import type {MlpShape} from './mlp-params.js';
import {grownCapacity} from './model-buffers.js';
import {firstPartRows, splitsStep} from './row-limits.js';
import {chunksAlone, predictAlone, type StepBatch} from './split-step.js';
import type {Team} from './team.js';
import {stepGraphBytes} from './ort-step-graph.js';

export const ortPackage = 'onnxruntime-node';
/** Versions whose native binding this was tested with (major.minor). */
export const testedOrtVersions = ['1.31'];

/** A float32 tensor as the binding reads it: no onnxruntime-common object needed. */
interface BindingTensor {
	type: 'float32';
	location: 'cpu';
	dims: number[];
	data: Float32Array;
}

interface BindingSession {
	loadModel(buffer: ArrayBufferLike, byteOffset: number, byteLength: number, options: object): Promise<void>;
	run(feeds: Record<string, BindingTensor>, fetches: Record<string, BindingTensor>, options: object): unknown;
	dispose(): void;
}

interface BindingModule {
	binding: {InferenceSession: new () => BindingSession};
	initOrt(): void;
}

export interface OrtEngine {
	/** The onnxruntime-node version in use. */
	readonly version: string;
	/** A Team (MlpOptions.team) whose steps run on ORT: pass it to createMlp on the wasm backend. */
	readonly team: Team;
	/** ORT runs so far and the milliseconds inside them. */
	stats(): {runs: number; ms: number};
	dispose(): void;
}

export interface OrtEngineOptions {
	/** ORT's threads for one step; 1 by default (a contender per core; more spin on the cores of others). */
	threads?: number;
	/** The onnxruntime-node folder; else PSEUDOLABEL_ORT, else resolved from this package (a global or local install beside it). */
	from?: string;
}

/** Where onnxruntime-node is, or an Error whose message is one line saying how to install it. */
export function findOrt(from = process.env.PSEUDOLABEL_ORT): {folder: string; version: string} {
	let folder: string;
	try {
		const manifest = from ? path.join(path.resolve(from), 'package.json') : createRequire(import.meta.url).resolve(`${ortPackage}/package.json`);
		folder = path.dirname(manifest);
		const {name, version} = JSON.parse(readFileSync(manifest, 'utf8')) as {name?: string; version?: string};
		if (name !== ortPackage || typeof version !== 'string') throw new Error(`${folder} does not hold ${ortPackage}`);
		if (!testedOrtVersions.some(tested => version === tested || version.startsWith(`${tested}.`))) {
			throw new Error(`${ortPackage} ${version} is untested here (tested: ${testedOrtVersions.join(', ')})`);
		}

		return {folder, version};
	} catch (error) {
		const reason = error instanceof Error && !('code' in error) ? error.message : `${ortPackage} is not installed beside pseudolabel-tui`;
		throw new Error(`the native engine cannot start: ${reason}; install it with npm install -g ${ortPackage}@${testedOrtVersions[0]} --ignore-scripts, or set PSEUDOLABEL_ORT to its folder`);
	}
}

export async function startOrtEngine({threads = 1, from}: OrtEngineOptions = {}): Promise<OrtEngine> {
	const {folder, version} = findOrt(from);
	const {binding, initOrt} = createRequire(path.join(folder, 'package.json'))('./dist/binding.js') as BindingModule;
	initOrt();
	const session = new binding.InferenceSession();
	const bytes = stepGraphBytes();
	// One thread by default and no spinning: a spinning ORT thread takes a core from the other contenders.
	await session.loadModel(bytes.buffer, bytes.byteOffset, bytes.byteLength, {
		executionProviders: ['cpu'],
		intraOpNumThreads: threads,
		extra: {session: {intra_op: {allow_spinning: '0'}}},
	});
	const runs = {runs: 0, ms: 0};
	return {
		version,
		team: ortTeam(session, runs),
		stats: () => ({...runs}),
		dispose: () => session.dispose(),
	};
}

const tensor = (data: Float32Array, dims: number[]): BindingTensor => ({type: 'float32', location: 'cpu', dims, data});

/** Growing scratch: the step's gradient weights, ones, per-row losses and masks (whole step and one part's). */
function scratch() {
	const empty = new Float32Array(0);
	let buffers = {weights: empty, ones: empty, ce: empty, mask1: empty, mask2: empty, part1: empty, part2: empty};
	// Models of several shapes may share the engine (a Noisy Student's students): grow on rows or widths.
	return (n: number, {hidden1, hidden2}: MlpShape) => {
		if (buffers.weights.length < n || buffers.mask1.length < hidden1 * n || buffers.mask2.length < hidden2 * n) {
			const rows = grownCapacity(n, buffers.weights.length);
			buffers = {
				weights: new Float32Array(rows),
				ones: new Float32Array(rows).fill(1),
				ce: new Float32Array(rows),
				mask1: new Float32Array(hidden1 * rows),
				mask2: new Float32Array(hidden2 * rows),
				part1: new Float32Array(hidden1 * rows),
				part2: new Float32Array(hidden2 * rows),
			};
		}

		return buffers;
	};
}

function ortTeam(session: BindingSession, runs: {runs: number; ms: number}): Team {
	const buffersFor = scratch();
	let steps = 0;
	return {
		// The whole step in one run (two runs of half a batch cost ~1.7× one at batch 32): each canonical part's masks
		// are drawn from its own stream and laid into its columns, so both engines drop the same units.
		step(model: DirectModel, batch: StepBatch): number {
			const {shape} = model;
			const {input, hidden1, hidden2, classes} = shape;
			const {n} = batch;
			const b = buffersFor(n, shape);
			const mask1 = b.mask1.subarray(0, hidden1 * n);
			const mask2 = b.mask2.subarray(0, hidden2 * n);
			if (batch.dropout) {
				const parts = splitsStep(n) ? [[0, firstPartRows(n)], [firstPartRows(n), n]] : [[0, n]];
				for (const [index, [from, to]] of parts.entries()) {
					const rows = to! - from!;
					fillPartMasks(b.part1, b.part2, shape, rows, batch.dropout, index);
					for (let u = 0; u < hidden1; u++) mask1.set(b.part1.subarray(u * rows, (u + 1) * rows), u * n + from!);
					for (let u = 0; u < hidden2; u++) mask2.set(b.part2.subarray(u * rows, (u + 1) * rows), u * n + from!);
				}
			} else {
				mask1.fill(1);
				mask2.fill(1);
			}

			const weights = b.weights.subarray(0, n);
			if (batch.weights) weights.set(batch.weights.subarray(0, n));
			else weights.fill(batch.meanWeight);
			const ce = b.ce.subarray(0, n);
			// Views into the heap, taken now: nothing allocates in the heap until adam() below.
			const p = model.paramViews();
			const g = model.gradientViews();
			const started = performance.now();
			session.run(
				{
					X: tensor(batch.pixels.subarray(0, n * (input + 1)), [n, input + 1]),
					T: tensor(batch.targets.subarray(0, n * classes), [n, classes]),
					W: tensor(weights, [1, n]),
					ONE: tensor(b.ones.subarray(0, n), [1, n]),
					M1: tensor(mask1, [hidden1, n]),
					M2: tensor(mask2, [hidden2, n]),
					P1: tensor(p.p1, [hidden1, input + 1]),
					P2: tensor(p.p2, [hidden2, hidden1 + 1]),
					P3: tensor(p.p3, [classes, hidden2 + 1]),
				},
				{
					G1: tensor(g.p1, [hidden1, input + 1]),
					G2: tensor(g.p2, [hidden2, hidden1 + 1]),
					G3: tensor(g.p3, [classes, hidden2 + 1]),
					CE: tensor(ce, [1, n]),
				},
				{},
			);
			runs.ms += performance.now() - started;
			runs.runs++;
			model.adam();
			steps++;
			let loss = 0;
			for (let j = 0; j < n; j++) loss += batch.weights ? batch.weights[j]! * ce[j]! : ce[j]!;
			return loss;
		},
		predict: predictAlone,
		chunks: chunksAlone,
		stats: () => ({shared: 0, alone: steps, predictions: 0, widest: 1, retaken: 0, augmentations: 0}),
	};
}
