/**
 * Threads, one model: when cores are free, helper threads share every split step of a contender (n ≥ minSplitRows
 * rows) with the thread that trains it, the lead — a team of up to maxTeamMembers. Each member computes the forward
 * pass and deltas of a block of the batch's rows, then the weight gradients and the Adam step of a block of each
 * layer's units (team-member.ts, team-plan.ts), so nobody exchanges whole gradients or steps every parameter. The
 * optimizer state lives in the team's shared memory while the team trains the model (two slots: a step reads one and
 * writes the other), which is what lets the lead go on alone, with the same numbers, when a helper goes away — even
 * in the middle of a step. Every float is the one the lead alone computes from the canonical parts (split-step.ts).
 * Predictions (small batches, and chunked ones over the images the helpers share: labeling the pool, scoring the
 * test set) are cut into one block of rows per member; a row's result does not depend on its block.
 *
 * The team memory is made by the orchestrator, handed to the lead at start and to each helper it starts (with the
 * helper's slot); only the lead grows it. Its words are in protocol/team-buffer.ts, its blocks in team-memory.ts.
 */
import type {DirectModel} from './direct-model.js';
import {splitsChunks, splitsPrediction, splitsStep} from './row-limits.js';
import {chunksAlone, partMasks, predictAlone, stepAlone, type StepBatch} from './split-step.js';
import {loadOptimizer, loadWeights, memberLoad, memberRows, memberUnits, saveToSlot, stepLoss, type StepCommand} from './team-member.js';
import {chunkScratch, ensureFloats, firstBlock, paramLayout, predictScratch, stateLayout, stepScratch, teamViews, type TeamViews} from './team-memory.js';
import {memberSpan} from './team-plan.js';
import type {MlpShape} from './mlp-params.js';
import {createWasmKernels, type WasmKernels} from './wasm-kernels.js';
import {
	maxTeamMembers,
	teamCommand as command,
	teamSource as source,
	teamState,
	teamValues as value,
	teamWords as word,
	type TeamMemory,
} from '../protocol/team-buffer.js';

/** How long the lead waits for a helper before it gives up on it and goes on without it. */
export const helperPatienceMs = 10_000;

/** How long a waiting thread spins before it sleeps: a team's threads meet several times a millisecond. */
const spinMs = 0.5;

/**
 * Blocks until every slot of `slots` has control[base + slot] ≥ atLeast ("at least": numbers only grow); false as soon
 * as `broken()` says the wait is off (a member went away, the lead gave up). `patience`: ms until the slots still
 * missing are marked gone (a member this late is stuck, not slow).
 */
function waitAll(control: Int32Array, base: number, slots: readonly number[], atLeast: number, broken: () => boolean, patience = Number.POSITIVE_INFINITY): boolean {
	const started = performance.now();
	for (const slot of slots) {
		for (;;) {
			const current = Atomics.load(control, base + slot);
			if (current >= atLeast) break;
			if (broken()) return false;
			const waited = performance.now() - started;
			if (waited > patience) {
				Atomics.store(control, word.memberState + slot, teamState.gone);
				return false;
			}

			if (waited > spinMs) Atomics.wait(control, base + slot, current, 20);
		}
	}

	return true;
}

/** The slots in a members mask, lowest first: the lead (0), then its helpers. */
function slotsOf(mask: number): number[] {
	const slots: number[] = [];
	for (let slot = 0; slot < maxTeamMembers; slot++) if (mask & (1 << slot)) slots.push(slot);
	return slots;
}

function shapeOf(control: Int32Array): MlpShape {
	return {input: control[word.input]!, hidden1: control[word.hidden1]!, hidden2: control[word.hidden2]!, classes: control[word.classes]!};
}

/** A step command as every member reads it from the control words (the lead writes them: writeStep). */
function readStep(views: TeamViews, index: number): StepCommand {
	const {control, values} = views;
	const shape = shapeOf(control);
	const n = control[word.rows]!;
	const members = slotsOf(control[word.members]!).length;
	return {
		shape,
		n,
		members,
		index,
		scratch: stepScratch(shape, n, members, control[word.scratchAt]!),
		state: stateLayout(shape, control[word.stateAt]!),
		steps: control[word.stateSteps]!,
		learningRate: values[value.learningRate]!,
		meanWeight: values[value.meanWeight]!,
		hasWeights: control[word.hasWeights] === 1,
		dropout: control[word.dropout] === 1 ? {rate: values[value.dropoutRate]!, seed: values[value.dropoutSeed]!, step: values[value.dropoutStep]!} : null,
	};
}

/** A thread's team: its models' steps and predictions, shared with its helper threads whenever some are ready. */
export interface Team {
	/** One Adam step on `batch` in the canonical parts, shared by the team; returns the loss sum. */
	step(model: DirectModel, batch: StepBatch): number;
	/**
	 * Softmax probabilities of n rows (raw pixels with the trailing 255, as StepRows has them) into out (n × classes),
	 * a block of rows per member.
	 */
	predict(model: DirectModel, pixels: Float32Array, n: number, out: Float32Array): void;
	/**
	 * Logits of `count` images (rows, or 0..count−1 when null), chunk by chunk as DirectModel.forEachChunk gives them,
	 * a block of rows per member when the images are ones the helpers have (labeling the pool, evaluating on the test
	 * set). `use` gets the blocks in row order.
	 */
	chunks(
		model: DirectModel,
		images: Uint8Array,
		rows: ArrayLike<number> | null,
		count: number,
		use: (logits: Float32Array, at: number, start: number, size: number) => void,
	): void;
	/** Steps taken with helpers and alone, predictions shared, and the most threads a step had (tests, last event). */
	stats(): {shared: number; alone: number; predictions: number; widest: number};
}

/**
 * `images`: the image sets the helpers were given too (engine-side views of the same SharedArrayBuffers, in the same
 * order): only chunked predictions over these can be shared.
 */
export function createTeam(memory: TeamMemory, images: Uint8Array[] = []): Team {
	const views = teamViews(memory);
	const {control, values} = views();
	const masks = partMasks();
	const stats = {shared: 0, alone: 0, predictions: 0, widest: 1};
	// The lead's own kernels over the team memory (for its Adam share), made on the first shared step.
	let teamKernels: WasmKernels | undefined;
	const ids = new WeakMap<DirectModel, number>();
	let nextId = 1;
	/** The model whose optimizer state is in the team memory, its weights version and Adam steps there. */
	let holder: {model: DirectModel; version: number; steps: number} | null = null;
	/** Which model's weights, at which version, the snapshot block holds. */
	let snapshot: {id: number; version: number} | null = null;
	// Floats reserved for the state and the snapshot (they only grow; the scratch follows them).
	let stateFloats = 0;
	let snapshotFloats = 0;

	const idOf = (model: DirectModel) => {
		let id = ids.get(model);
		if (id === undefined) {
			id = nextId++;
			ids.set(model, id);
		}

		return id;
	};

	const stateAt = firstBlock;
	const snapshotAt = () => stateAt + stateFloats;
	const scratchAt = () => snapshotAt() + snapshotFloats;

	/** The lead and every helper ready now, as a members mask. */
	function readyMask(): number {
		let mask = 1;
		for (let slot = 1; slot < maxTeamMembers; slot++) {
			if (Atomics.load(control, word.memberState + slot) === teamState.ready) mask |= 1 << slot;
		}

		return mask;
	}

	/** The team's optimizer state back into its model (when that model is still alive): it steps alone from here. */
	function release(): void {
		if (!holder) return;
		if (!holder.model.disposed) loadOptimizer(holder.model, views(), stateLayout(holder.model.shape, stateAt).slot(holder.steps), holder.steps);
		holder = null;
	}

	/** The last command posted, and to whom. */
	let lastCommand: {sequence: number; slots: number[]} | null = null;

	/**
	 * Waits until the last command's helpers are done with it: after a step they still read the new weights from the
	 * state for a moment, and the state is about to be rewritten.
	 */
	function settle(): void {
		if (!lastCommand) return;
		const live = lastCommand.slots.filter(slot => slot !== 0 && Atomics.load(control, word.memberState + slot) !== teamState.gone);
		waitAll(control, word.done, live, lastCommand.sequence, () => false, helperPatienceMs);
	}

	/** Makes the team memory hold `model`'s weights and optimizer state at its current version. */
	function enter(model: DirectModel): void {
		if (holder?.model === model && holder.version === model.version) return;
		release();
		settle();
		const floats = stateLayout(model.shape, 0).end;
		if (floats > stateFloats) {
			stateFloats = floats;
			snapshot = null;
		}

		ensureFloats(memory, scratchAt());
		const steps = model.internals().adamSteps();
		saveToSlot(model, views(), stateLayout(model.shape, stateAt).slot(steps), true);
		holder = {model, version: model.version, steps};
	}

	/** Where helpers find this model's current weights: the state when the team holds it, else a snapshot. */
	function weightsSource(model: DirectModel): number {
		if (holder?.model === model && holder.version === model.version) return source.state;
		const id = idOf(model);
		if (snapshot?.id !== id || snapshot.version !== model.version) {
			const floats = paramLayout(model.shape).floats;
			if (floats > snapshotFloats) snapshotFloats = floats;
			ensureFloats(memory, scratchAt());
			saveToSlot(model, views(), {p: snapshotAt(), m: 0, v: 0}, false);
			snapshot = {id, version: model.version};
		}

		return source.snapshot;
	}

	/** Writes the command's model words and posts it to the members; returns its sequence number. */
	function post(kind: number, mask: number, model: DirectModel, n: number, from: number): number {
		const {shape} = model;
		control[word.command] = kind;
		control[word.members] = mask;
		control[word.rows] = n;
		control[word.input] = shape.input;
		control[word.hidden1] = shape.hidden1;
		control[word.hidden2] = shape.hidden2;
		control[word.classes] = shape.classes;
		control[word.modelId] = idOf(model);
		control[word.modelVersion] = model.version;
		control[word.source] = from;
		control[word.stateSteps] = holder?.steps ?? 0;
		control[word.stateAt] = stateAt;
		control[word.snapshotAt] = snapshotAt();
		control[word.scratchAt] = scratchAt();
		values[value.learningRate] = model.learningRate;
		const sequence = Atomics.load(control, word.sequence) + 1;
		Atomics.store(control, word.sequence, sequence);
		Atomics.notify(control, word.sequence);
		lastCommand = {sequence, slots: slotsOf(mask)};
		return sequence;
	}

	const helpersOf = (mask: number) => slotsOf(mask).filter(slot => slot !== 0);
	const someoneGone = (slots: number[]) => () => slots.some(slot => Atomics.load(control, word.memberState + slot) === teamState.gone);

	/**
	 * Gives up on a command: tells the members, and waits until each one still there has let go of it (so none writes
	 * into the team memory once the lead goes on).
	 */
	function abort(sequence: number, slots: number[]): void {
		Atomics.store(control, word.abort, sequence);
		for (const slot of slots) {
			Atomics.notify(control, word.rowsDone + slot);
			Atomics.notify(control, word.adamDone + slot);
		}

		const live = slots.filter(slot => Atomics.load(control, word.memberState + slot) !== teamState.gone);
		waitAll(control, word.done, live, sequence, () => false, helperPatienceMs);
	}

	return {
		step(model, batch) {
			const mask = readyMask();
			if (!splitsStep(batch.n) || mask === 1) {
				if (holder?.model === model) release();
				stats.alone++;
				return stepAlone(model, batch, masks);
			}

			enter(model);
			const {shape} = model;
			const {n} = batch;
			const slots = slotsOf(mask);
			const at = stateLayout(shape, stateAt);
			const scratch = stepScratch(shape, n, slots.length, scratchAt());
			ensureFloats(memory, scratch.end);
			const v = views();
			// The batch: every member reads the rows it computes (and all rows for the weight gradients).
			const width = shape.input + 1;
			v.f32.set(batch.pixels.subarray(0, n * width), scratch.pixels);
			v.f32.set(batch.targets.subarray(0, n * shape.classes), scratch.targets);
			if (batch.weights) v.f32.set(batch.weights.subarray(0, n), scratch.weights);
			control[word.hasWeights] = batch.weights ? 1 : 0;
			control[word.dropout] = batch.dropout ? 1 : 0;
			values[value.meanWeight] = batch.meanWeight;
			if (batch.dropout) {
				values[value.dropoutRate] = batch.dropout.rate;
				values[value.dropoutSeed] = batch.dropout.seed;
				values[value.dropoutStep] = batch.dropout.step;
			}

			const sequence = post(command.step, mask, model, n, source.state);
			const helpers = helpersOf(mask);
			const broken = someoneGone(helpers);
			const stepCommand: StepCommand = {
				shape,
				n,
				members: slots.length,
				index: 0,
				scratch,
				state: at,
				steps: holder!.steps,
				learningRate: model.learningRate,
				meanWeight: batch.meanWeight,
				hasWeights: batch.weights !== null,
				dropout: batch.dropout,
			};
			teamKernels ??= createWasmKernels(memory, true);
			memberRows(model, v, stepCommand);
			Atomics.store(control, word.rowsDone, sequence);
			Atomics.notify(control, word.rowsDone);
			const partReady = (members: number[]) =>
				waitAll(
					control,
					word.rowsDone,
					members.map(member => slots[member]!),
					sequence,
					broken,
					helperPatienceMs,
				);
			let whole = memberUnits(model, views(), stepCommand, teamKernels, partReady);
			if (whole) {
				Atomics.store(control, word.adamDone, sequence);
				Atomics.notify(control, word.adamDone);
				whole = waitAll(control, word.adamDone, helpers, sequence, broken, helperPatienceMs);
			}

			if (!whole) {
				// A member went away mid-step: the state the step read is whole (the step wrote the other slot). Take
				// it back — weights too, as the lead may have taken its own units' new ones — and do the step alone.
				abort(sequence, helpers);
				const steps = holder!.steps;
				holder = null;
				loadWeights(model, views(), at.slot(steps).p);
				loadOptimizer(model, views(), at.slot(steps), steps);
				stats.alone++;
				return stepAlone(model, batch, masks);
			}

			memberLoad(model, views(), stepCommand);
			holder = {model, version: model.version, steps: holder!.steps + 1};
			stats.shared++;
			stats.widest = Math.max(stats.widest, slots.length);
			return stepLoss(views(), stepCommand);
		},

		predict(model, pixels, n, out) {
			const mask = readyMask();
			if (!splitsPrediction(n) || mask === 1) {
				predictAlone(model, pixels, n, out);
				return;
			}

			const {shape} = model;
			const from = weightsSource(model);
			const slots = slotsOf(mask);
			const scratch = predictScratch(shape, n, scratchAt());
			ensureFloats(memory, scratch.end);
			const width = shape.input + 1;
			views().f32.set(pixels.subarray(0, n * width), scratch.pixels);
			const sequence = post(command.predict, mask, model, n, from);
			const [own, ownEnd] = memberSpan(n, slots.length, 0);
			model.predictSmall(pixels.subarray(own * width, ownEnd * width), ownEnd - own, out.subarray(own * shape.classes, ownEnd * shape.classes));
			for (const [index, slot] of slots.entries()) {
				if (slot === 0) continue;
				const [start, end] = memberSpan(n, slots.length, index);
				const rows = out.subarray(start * shape.classes, end * shape.classes);
				const f32 = views().f32;
				if (waitAll(control, word.done, [slot], sequence, someoneGone([slot]), helperPatienceMs)) {
					rows.set(f32.subarray(scratch.out + start * shape.classes, scratch.out + end * shape.classes));
				} else {
					model.predictSmall(f32.subarray(scratch.pixels + start * width, scratch.pixels + end * width), end - start, rows);
				}
			}

			stats.predictions++;
		},

		chunks(model, source_, rows, count, use) {
			const index = images.findIndex(set => set.buffer === source_.buffer && set.byteOffset === source_.byteOffset);
			const mask = readyMask();
			if (!splitsChunks(count) || index === -1 || mask === 1) {
				chunksAlone(model, source_, rows, count, use);
				return;
			}

			const {shape} = model;
			const from = weightsSource(model);
			const slots = slotsOf(mask);
			const scratch = chunkScratch(shape, count, scratchAt());
			ensureFloats(memory, scratch.end);
			const {i32} = views();
			for (let j = 0; j < count; j++) i32[scratch.rows + j] = rows === null ? j : rows[j]!;
			control[word.images] = index;
			const sequence = post(command.chunks, mask, model, count, from);
			const [, ownEnd] = memberSpan(count, slots.length, 0);
			model.forEachChunk(source_, rows, ownEnd, use);
			for (const [member, slot] of slots.entries()) {
				if (slot === 0) continue;
				const [start, end] = memberSpan(count, slots.length, member);
				if (waitAll(control, word.done, [slot], sequence, someoneGone([slot]), helperPatienceMs)) {
					use(views().f32, scratch.logits + start * shape.classes, start, end - start);
				} else {
					const theirs = views().i32.slice(scratch.rows + start, scratch.rows + end);
					model.forEachChunk(source_, theirs, end - start, (heap, at, first, size) => use(heap, at, start + first, size));
				}
			}

			stats.predictions++;
		},

		stats() {
			return {...stats};
		},
	};
}

/** The models a helper holds: its copy of each lead model it computes with, and that model's weights version. */
interface Held {
	model: DirectModel;
	version: number;
}

/** Models a helper keeps at once (Mean Teacher uses two per step); the least recently used goes first. */
const heldModels = 3;

/**
 * A helper's loop (returns only if the lead gave up on it; the orchestrator terminates the thread): say ready in
 * `slot`, then take part in every command whose members include it — a step (its rows, its units, the new weights),
 * or its block of a prediction.
 */
export function serveTeam(
	memory: TeamMemory,
	slot: number,
	createModel: (shape: MlpShape, learningRate: number) => DirectModel,
	images: Uint8Array[] = [],
): void {
	const views = teamViews(memory);
	const {control, values} = views();
	const teamKernels = createWasmKernels(memory, true);
	const held = new Map<number, Held>();
	let last = Atomics.load(control, word.sequence);
	Atomics.store(control, word.memberState + slot, teamState.ready);
	const finish = (sequence: number) => {
		Atomics.store(control, word.done + slot, sequence);
		Atomics.notify(control, word.done + slot);
	};

	/** This command's model, holding the command's weights (loaded from where the lead says when it does not). */
	const modelFor = (): DirectModel => {
		const id = control[word.modelId]!;
		const version = control[word.modelVersion]!;
		const shape = shapeOf(control);
		let entry = held.get(id);
		const fits = entry && JSON.stringify(entry.model.shape) === JSON.stringify(shape) && entry.model.learningRate === values[value.learningRate];
		if (!entry || !fits) {
			entry?.model.dispose();
			held.delete(id);
			if (held.size >= heldModels) {
				const [oldest, first] = held.entries().next().value!;
				first.model.dispose();
				held.delete(oldest);
			}

			entry = {model: createModel(shape, values[value.learningRate]!), version: -1};
		}

		// Most recently used last.
		held.delete(id);
		held.set(id, entry);
		if (entry.version !== version) {
			const from =
				control[word.source] === source.state
					? stateLayout(shape, control[word.stateAt]!).slot(control[word.stateSteps]!).p
					: control[word.snapshotAt]!;
			loadWeights(entry.model, views(), from);
			entry.version = version;
		}

		return entry.model;
	};

	for (;;) {
		const started = performance.now();
		while (Atomics.load(control, word.sequence) === last && performance.now() - started < spinMs);
		Atomics.wait(control, word.sequence, last);
		const sequence = Atomics.load(control, word.sequence);
		if (sequence === last) continue;
		last = sequence;
		// Marked gone (the lead lost patience with us): we are no longer expected; stop before writing anything.
		if (Atomics.load(control, word.memberState + slot) === teamState.gone) return;
		const mask = control[word.members]!;
		if (!(mask & (1 << slot))) continue;
		const slots = slotsOf(mask);
		const index = slots.indexOf(slot);
		const model = modelFor();
		const kind = control[word.command];
		const n = control[word.rows]!;
		const {shape} = model;
		const [start, end] = memberSpan(n, slots.length, index);
		if (kind === command.step) {
			const aborted = () => Atomics.load(control, word.abort) === sequence;
			const stepCommand = readStep(views(), index);
			// Read now: once the step is whole the lead may post the next command over these words.
			const entry = held.get(control[word.modelId]!)!;
			const version = control[word.modelVersion]!;
			memberRows(model, views(), stepCommand);
			Atomics.store(control, word.rowsDone + slot, sequence);
			Atomics.notify(control, word.rowsDone + slot);
			const partReady = (members: number[]) => waitAll(control, word.rowsDone, members.map(member => slots[member]!), sequence, aborted) && !aborted();
			// From here its weights change: until the step is whole they are no version the lead knows.
			entry.version = -1;
			if (memberUnits(model, views(), stepCommand, teamKernels, partReady)) {
				Atomics.store(control, word.adamDone + slot, sequence);
				Atomics.notify(control, word.adamDone + slot);
				if (waitAll(control, word.adamDone, slots, sequence, aborted)) {
					memberLoad(model, views(), stepCommand);
					entry.version = version + 1;
				}
			}
		} else if (kind === command.predict) {
			const scratch = predictScratch(shape, n, control[word.scratchAt]!);
			const width = shape.input + 1;
			const {f32} = views();
			model.predictSmall(
				f32.subarray(scratch.pixels + start * width, scratch.pixels + end * width),
				end - start,
				f32.subarray(scratch.out + start * shape.classes, scratch.out + end * shape.classes),
			);
		} else if (kind === command.chunks) {
			const scratch = chunkScratch(shape, n, control[word.scratchAt]!);
			const rows = views().i32.subarray(scratch.rows + start, scratch.rows + end);
			const logits = views().f32.subarray(scratch.logits + start * shape.classes, scratch.logits + end * shape.classes);
			model.forEachChunk(images[control[word.images]!]!, rows, end - start, (heap, at, first, size) => {
				logits.set(heap.subarray(at, at + size * shape.classes), first * shape.classes);
			});
		}

		finish(sequence);
	}
}
