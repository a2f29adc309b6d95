/**
 * Two threads, one model: when a core is free, a helper thread computes the second part of every split step
 * (split-step.ts: rows [⌈n/2⌉, n) of each batch of n ≥ minSplitRows) while the lead computes the first. Both hold the
 * same weights and optimizer state; each computes its part's gradients, they swap gradient blocks through a
 * SharedArrayBuffer, and both apply the same Adam step to the same sum — so their weights stay bit-identical (IEEE
 * addition is commutative: a + b on one side equals b + a on the other) and equal to what the lead alone computes
 * from the same two parts. Small-batch predictions and chunked ones (labeling the pool, scoring the test set over the
 * shared images) are split the same way. The lead is the thread that runs the training loop.
 *
 * The buffer is a growable SharedArrayBuffer made by the orchestrator, handed to the lead at start and to a helper
 * when one is started; only the lead grows it. Layout: 16 int32 control words, 8 float64 values, then float32 blocks:
 * the model state (parameters, m, v) for a hand-over, two lead gradient slots (by step parity, so the helper may still
 * read the last one while the lead writes the next), the helper's gradient slot, and the helper's rows of the batch.
 * The lead hands the model over (load) whenever the helper holds another model, or this model at another version.
 */
import type {DirectModel} from './direct-model.js';
import {paramCount, type MlpShape} from './mlp-params.js';
import type {PixelArray} from './model.js';
import {firstPartRows, splitsChunks, splitsPrediction, splitsStep} from './row-limits.js';
import {chunksAlone, partMasks, predictAlone, stepAlone, stepPart, type StepBatch} from './split-step.js';
import {controlBytes, headerBytes, teamCommand as command, teamState, teamValues as value, teamWords} from '../protocol/team-buffer.js';

/** Float offsets of every block for this shape and this many helper rows. */
function layout(shape: MlpShape, rows: number) {
	const params = paramCount(shape);
	const state = headerBytes / 4;
	const leadSlots = state + 3 * params;
	const helperSlot = leadSlots + 2 * params;
	const pixels = helperSlot + params;
	const targets = pixels + rows * (shape.input + 1);
	const weights = targets + rows * shape.classes;
	const end = weights + rows;
	return {params, state, leadSlot: (sequence: number) => leadSlots + (sequence & 1) * params, helperSlot, pixels, targets, weights, bytes: end * 4};
}

/** A chunked prediction's blocks: the helper's row indices (int32), then its logits (rows × classes). */
function chunkLayout(shape: MlpShape, rows: number) {
	const at = layout(shape, 0).pixels;
	return {rows: at, logits: at + rows, bytes: (at + rows + rows * shape.classes) * 4};
}

function shapeOf(control: Int32Array): MlpShape {
	return {input: control[teamWords.input]!, hidden1: control[teamWords.hidden1]!, hidden2: control[teamWords.hidden2]!, classes: control[teamWords.classes]!};
}

/** The helper's part of the step (the second), read from the buffer: rows, and what its masks are drawn from. */
function helperPart(f32: Float32Array, f64: Float64Array, control: Int32Array, shape: MlpShape): StepBatch {
	const n = control[teamWords.rows]!;
	const at = layout(shape, n);
	return {
		n,
		pixels: f32.subarray(at.pixels, at.pixels + n * (shape.input + 1)),
		targets: f32.subarray(at.targets, at.targets + n * shape.classes),
		weights: control[teamWords.hasWeights] === 1 ? f32.subarray(at.weights, at.weights + n) : null,
		meanWeight: f64[value.meanWeight]!,
		dropout:
			control[teamWords.dropout] === 1
				? {rate: f64[value.dropoutRate]!, seed: f64[value.dropoutSeed]!, step: f64[value.dropoutStep]!}
				: null,
	};
}

/**
 * Blocks until control[index] ≥ atLeast (sequence numbers only grow); false if the helper went away first. "At
 * least", not "equal": once the helper has posted its gradients the lead may finish the step and post the next one's
 * before the helper looks, and a helper waiting for exactly the old number would then wait forever.
 */
function waitFor(control: Int32Array, index: number, atLeast: number, patienceMs = Number.POSITIVE_INFINITY): boolean {
	const deadline = performance.now() + patienceMs;
	for (;;) {
		const current = Atomics.load(control, index);
		if (current >= atLeast) return true;
		if (Atomics.load(control, teamWords.state) === teamState.gone) return false;
		if (performance.now() > deadline) {
			// A helper this late is stuck, not slow (a step takes milliseconds): go on alone, for good.
			Atomics.store(control, teamWords.state, teamState.gone);
			return false;
		}

		Atomics.wait(control, index, current, 50);
	}
}

/** How long the lead waits for its helper before it gives up on it and trains alone. */
export const helperPatienceMs = 10_000;

/** A thread's team: its models' steps and predictions, shared with a helper thread whenever one is ready. */
export interface Team {
	/** One Adam step on `batch` in the canonical parts, the helper computing the second; returns the loss sum. */
	step(model: DirectModel, batch: StepBatch): number;
	/**
	 * Softmax probabilities of n rows (raw pixels with the trailing 255, as StepRows has them) into out (n × classes),
	 * the helper predicting the second part.
	 */
	predict(model: DirectModel, pixels: Float32Array, n: number, out: Float32Array): void;
	/**
	 * Logits of `count` images (rows, or 0..count−1 when null), chunk by chunk as DirectModel.forEachChunk gives them,
	 * the helper taking the second part when the images are ones it has (labeling the pool, evaluating on the test
	 * set). `use` gets the first part's chunks, then the second's.
	 */
	chunks(
		model: DirectModel,
		images: PixelArray,
		rows: ArrayLike<number> | null,
		count: number,
		use: (logits: Float32Array, at: number, start: number, size: number) => void,
	): void;
	/** Steps taken with the helper and alone, and predictions shared with it (for the run's last event and the tests). */
	stats(): {shared: number; alone: number; predictions: number};
}

/**
 * `images`: the image sets the helper was given too (engine-side views of the same SharedArrayBuffers, in the same
 * order): only chunked predictions over these can be shared.
 */
export function createTeam(buffer: SharedArrayBuffer, images: Uint8Array[] = []): Team {
	const control = new Int32Array(buffer, 0, controlBytes / 4);
	const masks = partMasks();
	const stats = {shared: 0, alone: 0, predictions: 0};
	// Ids of the models this team has handed over (the helper says which one it holds), and the version it holds.
	const ids = new WeakMap<DirectModel, number>();
	let nextId = 1;
	let heldVersion = -1;

	const views = () => ({f32: new Float32Array(buffer), f64: new Float64Array(buffer, controlBytes, 8)});

	function ensureBytes(bytes: number): void {
		if (buffer.byteLength < bytes) {
			(buffer as unknown as {grow(length: number): void}).grow(bytes);
		}
	}

	function post(kind: number): number {
		const sequence = Atomics.load(control, teamWords.sequence) + 1;
		Atomics.store(control, teamWords.command, kind);
		Atomics.store(control, teamWords.sequence, sequence);
		Atomics.notify(control, teamWords.sequence);
		return sequence;
	}

	function idOf(model: DirectModel): number {
		let id = ids.get(model);
		if (id === undefined) {
			id = nextId++;
			ids.set(model, id);
		}

		return id;
	}

	/** True when a helper is ready and holds this model at its current version (handing it over if not). */
	function ready(model: DirectModel): boolean {
		if (Atomics.load(control, teamWords.state) !== teamState.ready) return false;
		const id = idOf(model);
		if (Atomics.load(control, teamWords.heldModel) === id && heldVersion === model.version) return true;
		const {shape} = model;
		ensureBytes(layout(shape, 0).bytes);
		const {f32, f64} = views();
		control[teamWords.input] = shape.input;
		control[teamWords.hidden1] = shape.hidden1;
		control[teamWords.hidden2] = shape.hidden2;
		control[teamWords.classes] = shape.classes;
		control[teamWords.modelId] = id;
		f64[value.learningRate] = model.learningRate;
		control[teamWords.adamSteps] = model.saveState(f32, layout(shape, 0).state);
		const sequence = post(command.load);
		if (!waitFor(control, teamWords.done, sequence, helperPatienceMs)) return false;
		heldVersion = model.version;
		return true;
	}

	return {
		step(model, rows) {
			if (!splitsStep(rows.n) || !ready(model)) {
				stats.alone++;
				return stepAlone(model, rows, masks);
			}


			const {shape} = model;
			const {n} = rows;
			const own = firstPartRows(n);
			const theirs = n - own;
			const at = layout(shape, theirs);
			ensureBytes(at.bytes);
			const {f32, f64} = views();
			const width = shape.input + 1;
			// The helper's rows: pixels, targets, weights; it draws its part's dropout masks itself, from the same key.
			f32.set(rows.pixels.subarray(own * width, n * width), at.pixels);
			f32.set(rows.targets.subarray(own * shape.classes, n * shape.classes), at.targets);
			if (rows.weights) f32.set(rows.weights.subarray(own, n), at.weights);
			control[teamWords.rows] = theirs;
			control[teamWords.hasWeights] = rows.weights ? 1 : 0;
			control[teamWords.dropout] = rows.dropout ? 1 : 0;
			f64[value.meanWeight] = rows.meanWeight;
			if (rows.dropout) {
				f64[value.dropoutRate] = rows.dropout.rate;
				f64[value.dropoutSeed] = rows.dropout.seed;
				f64[value.dropoutStep] = rows.dropout.step;
			}

			const sequence = post(command.step);

			// Our part meanwhile.
			let loss = model.gradients(stepPart(model, rows, 0, own, 0, masks));
			const slot = at.leadSlot(sequence);
			model.copyGradients(f32, slot);
			Atomics.store(control, teamWords.leadPosted, sequence);
			Atomics.notify(control, teamWords.leadPosted);
			const shared = waitFor(control, teamWords.done, sequence, helperPatienceMs);
			if (shared) {
				model.addGradients(f32, at.helperSlot);
				loss += f64[value.helperLoss]!;
				stats.shared++;
			} else {
				// The helper went away mid-step: do its part here, from the same buffer, then add ours back.
				const part = helperPart(f32, f64, control, shape);
				loss += model.gradients(stepPart(model, part, 0, part.n, 1, masks));
				model.addGradients(f32, slot);
				stats.alone++;
			}

			model.adam();
			// The helper took the same step: it holds this version too.
			if (shared) heldVersion = model.version;
			return loss;
		},

		predict(model, pixels, n, out) {
			if (!splitsPrediction(n) || !ready(model)) {
				predictAlone(model, pixels, n, out);
				return;
			}

			const {shape} = model;
			const own = firstPartRows(n);
			const theirs = n - own;
			const at = layout(shape, theirs);
			ensureBytes(at.bytes);
			const {f32} = views();
			const width = shape.input + 1;
			f32.set(pixels.subarray(own * width, n * width), at.pixels);
			control[teamWords.rows] = theirs;
			const sequence = post(command.predict);
			model.predictSmall(pixels, own, out);
			// Their probabilities land in the targets block.
			const theirOut = out.subarray(own * shape.classes, n * shape.classes);
			if (waitFor(control, teamWords.done, sequence, helperPatienceMs)) {
				theirOut.set(f32.subarray(at.targets, at.targets + theirs * shape.classes));
				stats.predictions++;
			} else {
				model.predictSmall(f32.subarray(at.pixels, at.pixels + theirs * width), theirs, theirOut);
			}
		},

		chunks(model, source, rows, count, use) {
			const index = images.findIndex(set => set.buffer === source.buffer && set.byteOffset === source.byteOffset);
			if (!splitsChunks(count) || index === -1 || !ready(model)) {
				chunksAlone(model, source, rows, count, use);
				return;
			}

			const {shape} = model;
			const own = firstPartRows(count);
			const theirs = count - own;
			const at = chunkLayout(shape, theirs);
			ensureBytes(at.bytes);
			const ints = new Int32Array(buffer);
			for (let j = 0; j < theirs; j++) ints[at.rows + j] = rows === null ? own + j : rows[own + j]!;
			control[teamWords.rows] = theirs;
			control[teamWords.images] = index;
			const sequence = post(command.chunks);
			model.forEachChunk(source, rows, own, use);
			const theirRows = ints.subarray(at.rows, at.rows + theirs);
			const f32 = new Float32Array(buffer);
			if (waitFor(control, teamWords.done, sequence, helperPatienceMs)) {
				use(f32, at.logits, own, theirs);
				stats.predictions++;
			} else {
				model.forEachChunk(source, theirRows, theirs, (heap, logitsAt, start, size) => use(heap, logitsAt, own + start, size));
			}
		},

		stats() {
			return {...stats};
		},
	};
}

/**
 * The helper's loop (never returns; the orchestrator terminates the thread): say ready, then follow the lead's
 * commands — load a model; compute the second part of a step (drawing its masks), post its gradients, add the lead's
 * and take the same Adam step; or predict the second part of a small batch or of a chunked prediction.
 */
export function serveTeam(
	buffer: SharedArrayBuffer,
	createModel: (shape: MlpShape, learningRate: number) => DirectModel,
	images: Uint8Array[] = [],
): never {
	const control = new Int32Array(buffer, 0, controlBytes / 4);
	const masks = partMasks();
	let model: DirectModel | undefined;
	let modelKey = '';
	let last = Atomics.load(control, teamWords.sequence);
	// Holds no model yet (a helper before it on this buffer may have held one).
	Atomics.store(control, teamWords.heldModel, 0);
	Atomics.store(control, teamWords.state, teamState.ready);
	Atomics.notify(control, teamWords.state);
	for (;;) {
		Atomics.wait(control, teamWords.sequence, last);
		const sequence = Atomics.load(control, teamWords.sequence);
		if (sequence === last) continue;
		last = sequence;
		const f32 = new Float32Array(buffer);
		const f64 = new Float64Array(buffer, controlBytes, 8);
		const shape = shapeOf(control);
		if (Atomics.load(control, teamWords.command) === command.load) {
			// A model of another shape or learning rate is built anew; otherwise the state load is all it takes.
			const key = JSON.stringify([shape, f64[value.learningRate]]);
			if (key !== modelKey) {
				model?.dispose();
				model = createModel(shape, f64[value.learningRate]!);
				modelKey = key;
			}

			model!.loadState(f32, layout(shape, 0).state, control[teamWords.adamSteps]!);
			Atomics.store(control, teamWords.heldModel, control[teamWords.modelId]!);
		} else if (Atomics.load(control, teamWords.command) === command.chunks) {
			const n = control[teamWords.rows]!;
			const at = chunkLayout(shape, n);
			const rows = new Int32Array(buffer, at.rows * 4, n);
			const logits = f32.subarray(at.logits, at.logits + n * shape.classes);
			model!.forEachChunk(images[control[teamWords.images]!]!, rows, n, (heap, logitsAt, start, size) => {
				logits.set(heap.subarray(logitsAt, logitsAt + size * shape.classes), start * shape.classes);
			});
		} else if (Atomics.load(control, teamWords.command) === command.predict) {
			const n = control[teamWords.rows]!;
			const at = layout(shape, n);
			model!.predictSmall(f32.subarray(at.pixels, at.pixels + n * (shape.input + 1)), n, f32.subarray(at.targets, at.targets + n * shape.classes));
		} else {
			const part = helperPart(f32, f64, control, shape);
			const at = layout(shape, part.n);
			f64[value.helperLoss] = model!.gradients(stepPart(model!, part, 0, part.n, 1, masks));
			model!.copyGradients(f32, at.helperSlot);
			Atomics.store(control, teamWords.done, sequence);
			Atomics.notify(control, teamWords.done);
			waitFor(control, teamWords.leadPosted, sequence);
			model!.addGradients(f32, at.leadSlot(sequence));
			model!.adam();
			continue;
		}

		Atomics.store(control, teamWords.done, sequence);
		Atomics.notify(control, teamWords.done);
	}
}
