/**
 * Two threads, one model: when a core is free, a helper thread takes half of every batch. Both hold the same weights
 * and optimizer state; per step each computes the gradients of its rows, they swap gradient blocks through a
 * SharedArrayBuffer, and both apply the same Adam step to the same sum — so their weights stay bit-identical
 * (IEEE addition is commutative: a + b on one side equals b + a on the other) and the mathematics is one batch's.
 * The lead is the thread that runs the training loop; everything else (prediction, evaluation) it does alone.
 *
 * The buffer is a growable SharedArrayBuffer made by the orchestrator, handed to the lead at start and to a helper
 * when one is started; only the lead grows it. Layout: 16 int32 control words, 8 float64 values, then float32 blocks:
 * the model state (parameters, m, v) for a hand-over, two lead gradient slots (by step parity, so the helper may still
 * read the last one while the lead writes the next), the helper's gradient slot, and the helper's rows of the batch.
 */
import type {DirectModel, StepRows} from './direct-model.js';
import type {MlpShape} from './mlp-params.js';
import {controlBytes, headerBytes, teamState, teamValues as value, teamWords} from '../protocol/team-buffer.js';

const command = {load: 1, step: 2, predict: 3, chunks: 4} as const;

/** Batches below this size are not worth splitting. */
export const minSplitRows = 8;





function paramCountOf(shape: MlpShape): number {
	const {input, hidden1, hidden2, classes} = shape;
	return hidden1 * (input + 1) + hidden2 * (hidden1 + 1) + classes * (hidden2 + 1);
}

/** Float offsets of every block for this shape and this many helper rows. */
function layout(shape: MlpShape, rows: number) {
	const params = paramCountOf(shape);
	const state = headerBytes / 4;
	const leadSlots = state + 3 * params;
	const helperSlot = leadSlots + 2 * params;
	const pixels = helperSlot + params;
	const targets = pixels + rows * (shape.input + 1);
	const weights = targets + rows * shape.classes;
	const mask1 = weights + rows;
	const mask2 = mask1 + rows * shape.hidden1;
	const end = mask2 + rows * shape.hidden2;
	return {params, state, leadSlot: (sequence: number) => leadSlots + (sequence & 1) * params, helperSlot, pixels, targets, weights, mask1, mask2, bytes: end * 4};
}

/** A chunked prediction's blocks: the helper's row indices (int32), then its logits (rows × classes). */
function chunkLayout(shape: MlpShape, rows: number) {
	const at = layout(shape, 0).pixels;
	return {rows: at, logits: at + rows, bytes: (at + rows + rows * shape.classes) * 4};
}

function shapeOf(control: Int32Array): MlpShape {
	return {input: control[teamWords.input]!, hidden1: control[teamWords.hidden1]!, hidden2: control[teamWords.hidden2]!, classes: control[teamWords.classes]!};
}

/** Columns [from, to) of a units × n feature-major mask, into out (units × (to − from)). */
function maskColumns(mask: Float32Array, units: number, n: number, from: number, to: number, out: Float32Array, at = 0): void {
	const width = to - from;
	for (let u = 0; u < units; u++) {
		out.set(mask.subarray(u * n + from, u * n + to), at + u * width);
	}
}

/** The helper's share of the batch, read from the buffer. */
function helperRows(f32: Float32Array, f64: Float64Array, control: Int32Array, shape: MlpShape): StepRows {
	const n = control[teamWords.rows]!;
	const at = layout(shape, n);
	const dropout = control[teamWords.dropout] === 1;
	return {
		n,
		pixels: f32.subarray(at.pixels, at.pixels + n * (shape.input + 1)),
		targets: f32.subarray(at.targets, at.targets + n * shape.classes),
		weights: control[teamWords.hasWeights] === 1 ? f32.subarray(at.weights, at.weights + n) : null,
		meanWeight: f64[value.meanWeight]!,
		mask1: dropout ? f32.subarray(at.mask1, at.mask1 + n * shape.hidden1) : null,
		mask2: dropout ? f32.subarray(at.mask2, at.mask2 + n * shape.hidden2) : null,
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

export interface TeamLead {
	/**
	 * One Adam step on `rows`, shared with the helper when one is there (handing it the model first if it holds
	 * another); returns the loss sum, or null when there is no helper or the batch is too small (then the caller
	 * steps alone, and must call `stale` so the helper reloads before the next shared step).
	 */
	step(model: DirectModel, modelId: number, rows: StepRows, learningRate: number): number | null;
	/**
	 * Softmax probabilities of n rows (raw pixels with the trailing 255, as StepRows has them) into out (n × classes),
	 * the helper predicting the second half; false when there is no helper or too few rows (the caller predicts alone).
	 */
	predict(model: DirectModel, modelId: number, pixels: Float32Array, n: number, out: Float32Array, learningRate: number): boolean;
	/**
	 * Logits of `count` images (rows, or 0..count−1 when null) of one of the shared image sets, chunk by chunk as
	 * DirectModel.forEachChunk gives them, the helper taking the second half (labeling the pool, evaluating on the
	 * test set). `use` gets the lead's chunks and then the helper's; false when it cannot share (no helper, too few
	 * rows, images the helper does not have), and then nothing was called.
	 */
	chunks(
		model: DirectModel,
		modelId: number,
		images: Uint8Array,
		rows: ArrayLike<number> | null,
		count: number,
		learningRate: number,
		use: (logits: Float32Array, at: number, start: number, size: number) => void,
	): boolean;
	/** The model changed without the helper (a step alone): it must be handed over again. */
	stale(modelId: number): void;
}

/** Chunked predictions below this many rows are not worth splitting. */
export const minSplitChunkRows = 2048;

/** Predictions below this many rows are not worth splitting. */
export const minSplitPredictRows = 64;

/**
 * `images`: the image sets the helper was given too (engine-side views of the same SharedArrayBuffers, in the same
 * order): only predictions over these can be shared.
 */
export function createTeamLead(buffer: SharedArrayBuffer, images: Uint8Array[] = []): TeamLead {
	const control = new Int32Array(buffer, 0, controlBytes / 4);
	let ownMask1 = new Float32Array(0);
	let ownMask2 = new Float32Array(0);

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

	/** Hands the model over; false if the helper went away meanwhile. */
	function load(model: DirectModel, modelId: number, learningRate: number): boolean {
		const {shape} = model;
		ensureBytes(layout(shape, 0).bytes);
		const {f32, f64} = views();
		control[teamWords.input] = shape.input;
		control[teamWords.hidden1] = shape.hidden1;
		control[teamWords.hidden2] = shape.hidden2;
		control[teamWords.classes] = shape.classes;
		control[teamWords.modelId] = modelId;
		f64[value.learningRate] = learningRate;
		control[teamWords.adamSteps] = model.saveState(f32, layout(shape, 0).state);
		const sequence = post(command.load);
		return waitFor(control, teamWords.done, sequence, helperPatienceMs);
	}

	return {
		step(model, modelId, rows, learningRate) {
			if (Atomics.load(control, teamWords.state) !== teamState.ready || rows.n < minSplitRows) {
				return null;
			}

			if (Atomics.load(control, teamWords.heldModel) !== modelId && !load(model, modelId, learningRate)) {
				return null;
			}

			const {shape} = model;
			const {n} = rows;
			const own = Math.ceil(n / 2);
			const theirs = n - own;
			const at = layout(shape, theirs);
			ensureBytes(at.bytes);
			const {f32, f64} = views();
			const width = shape.input + 1;
			// The helper's rows: pixels, targets, weights and its columns of the dropout masks.
			f32.set(rows.pixels.subarray(own * width, n * width), at.pixels);
			f32.set(rows.targets.subarray(own * shape.classes, n * shape.classes), at.targets);
			if (rows.weights) f32.set(rows.weights.subarray(own, n), at.weights);
			if (rows.mask1 && rows.mask2) {
				maskColumns(rows.mask1, shape.hidden1, n, own, n, f32, at.mask1);
				maskColumns(rows.mask2, shape.hidden2, n, own, n, f32, at.mask2);
			}

			control[teamWords.rows] = theirs;
			control[teamWords.hasWeights] = rows.weights ? 1 : 0;
			control[teamWords.dropout] = rows.mask1 ? 1 : 0;
			f64[value.meanWeight] = rows.meanWeight;
			const sequence = post(command.step);

			// Our rows meanwhile.
			if (rows.mask1 && rows.mask2) {
				if (ownMask1.length < shape.hidden1 * own) ownMask1 = new Float32Array(shape.hidden1 * own);
				if (ownMask2.length < shape.hidden2 * own) ownMask2 = new Float32Array(shape.hidden2 * own);
				maskColumns(rows.mask1, shape.hidden1, n, 0, own, ownMask1);
				maskColumns(rows.mask2, shape.hidden2, n, 0, own, ownMask2);
			}

			let loss = model.gradients({
				n: own,
				pixels: rows.pixels.subarray(0, own * width),
				targets: rows.targets.subarray(0, own * shape.classes),
				weights: rows.weights ? rows.weights.subarray(0, own) : null,
				meanWeight: rows.meanWeight,
				mask1: rows.mask1 ? ownMask1 : null,
				mask2: rows.mask2 ? ownMask2 : null,
			});
			const slot = at.leadSlot(sequence);
			model.copyGradients(f32, slot);
			Atomics.store(control, teamWords.leadPosted, sequence);
			Atomics.notify(control, teamWords.leadPosted);
			if (waitFor(control, teamWords.done, sequence, helperPatienceMs)) {
				model.addGradients(f32, at.helperSlot);
				loss += f64[value.helperLoss]!;
			} else {
				// The helper went away mid-step: do its rows here, from the same buffer, then add ours back.
				loss += model.gradients(helperRows(f32, f64, control, shape));
				model.addGradients(f32, slot);
			}

			model.adam();
			return loss;
		},

		predict(model, modelId, pixels, n, out, learningRate) {
			if (Atomics.load(control, teamWords.state) !== teamState.ready || n < minSplitPredictRows) {
				return false;
			}

			if (Atomics.load(control, teamWords.heldModel) !== modelId && !load(model, modelId, learningRate)) {
				return false;
			}

			const {shape} = model;
			const own = Math.ceil(n / 2);
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
			} else {
				model.predictSmall(f32.subarray(at.pixels, at.pixels + theirs * width), theirs, theirOut);
			}

			return true;
		},

		chunks(model, modelId, source, rows, count, learningRate, use) {
			const index = images.findIndex(set => set.buffer === source.buffer && set.byteOffset === source.byteOffset);
			if (Atomics.load(control, teamWords.state) !== teamState.ready || count < minSplitChunkRows || index === -1) {
				return false;
			}

			if (Atomics.load(control, teamWords.heldModel) !== modelId && !load(model, modelId, learningRate)) {
				return false;
			}

			const {shape} = model;
			const own = Math.ceil(count / 2);
			const theirs = count - own;
			const at = chunkLayout(shape, theirs);
			ensureBytes(at.bytes);
			const ints = new Int32Array(buffer);
			for (let j = 0; j < theirs; j++) ints[at.rows + j] = rows === null ? own + j : rows[own + j]!;
			control[teamWords.rows] = theirs;
			control[teamWords.images] = index;
			const sequence = post(command.chunks);
			model.forEachChunk(source, rows, own, (heap, logitsAt, start, size) => use(heap, logitsAt, start, size));
			const theirRows = ints.subarray(at.rows, at.rows + theirs);
			const f32 = new Float32Array(buffer);
			if (waitFor(control, teamWords.done, sequence, helperPatienceMs)) {
				use(f32, at.logits, own, theirs);
			} else {
				model.forEachChunk(source, theirRows, theirs, (heap, logitsAt, start, size) => use(heap, logitsAt, own + start, size));
			}

			return true;
		},

		stale(modelId) {
			if (Atomics.load(control, teamWords.heldModel) === modelId) {
				Atomics.store(control, teamWords.heldModel, 0);
			}
		},
	};
}

/**
 * The helper's loop (never returns; the orchestrator terminates the thread): say ready, then follow the lead's
 * commands — load a model, or compute its rows' gradients, post them, add the lead's and take the same Adam step.
 */
export function serveTeam(
	buffer: SharedArrayBuffer,
	createModel: (shape: MlpShape, learningRate: number) => DirectModel,
	images: Uint8Array[] = [],
): never {
	const control = new Int32Array(buffer, 0, controlBytes / 4);
	let model: DirectModel | undefined;
	let modelKey = '';
	let last = Atomics.load(control, teamWords.sequence);
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
			const rows = helperRows(f32, f64, control, shape);
			const at = layout(shape, rows.n);
			f64[value.helperLoss] = model!.gradients(rows);
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
