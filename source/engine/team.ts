/**
 * Threads, one model: when cores are free, helper threads share every split step of a contender (n ≥ minSplitRows
 * rows) with the thread that trains it, the lead — a team of up to maxTeamMembers. Each member computes the forward
 * pass and deltas of a block of the batch's rows, then the weight gradients and the Adam step of a block of each
 * layer's units, holding those units' optimizer state in its own heap (team-member.ts, team-plan.ts): nobody
 * exchanges whole gradients or steps every parameter, and each step moves only the new weights between threads.
 * Every float is the one the lead alone computes from the canonical parts (split-step.ts).
 *
 * Every step's batch goes into a ring in the shared memory, and every `checkpointEvery` steps the members write their
 * units' p, m and v into a checkpoint (two, in turn): when a helper goes away — even in the middle of a step — the
 * lead takes the last whole checkpoint and takes the ring's steps again alone, to the same bits. When the lead needs
 * the model alone (a step below minSplitRows, another model trains, the team changes), the members hand their units'
 * state over first (publish).
 *
 * Predictions (small batches, and chunked ones over the images the helpers share: labeling the pool, scoring the
 * test set) are cut into one block of rows per member; a row's result does not depend on its block.
 *
 * The team memory is made by the orchestrator, handed to the lead at start and to each helper it starts (with the
 * helper's slot); only the lead grows it. Its words are in protocol/team-buffer.ts, its blocks in team-memory.ts.
 * This file is the lead's side; a helper's is team-helper.ts, how they meet team-meeting.ts.
 */
import {augmentBlock, jobToNumbers, type ParallelAugment} from '../core/augment-job.js';
import type {DirectModel} from './direct-model.js';
import type {PixelArray} from './model.js';
import {splitsAugmentation, splitsChunks, splitsPrediction, splitsStep} from './row-limits.js';
import {chunksAlone, predictAlone, stepAlone, type StepBatch} from './split-step.js';
import {
	entryStepBatch,
	memberLoad,
	memberRows,
	memberUnits,
	stepLoss,
	writeEntryBatch,
	type StepCommand,
} from './team-member.js';
import {loadState, saveState, saveUnits, saveWeights} from './team-state.js';
import {
	augmentScratch,
	chunkScratch,
	ensureFloats,
	firstBlock,
	paramLayout,
	predictScratch,
	ringEntry,
	stateLayout,
	stepBlocks,
	teamViews,
	type RingEntry,
} from './team-memory.js';
import {helperPatienceMs, shareClock, slotsOf, waitAll} from './team-meeting.js';
import {evenRowBalance, memberSpan, nextRowBalance, rowStartsOf, teamShares, type RowBalance} from './team-plan.js';
import {
	maxTeamMembers,
	teamCommand as command,
	teamSource as source,
	teamState,
	teamValues as value,
	teamWords as word,
	type TeamMemory,
} from '../protocol/team-buffer.js';

/** Team steps between checkpoints: the most steps the lead takes again alone when a helper goes away. */
export const checkpointEvery = 32;

/** Floats the ring may hold before a checkpoint comes early (16 MB: 20 steps of FixMatch's 256 rows). */
const ringLimitFloats = 4 << 20;

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
		images: PixelArray,
		rows: ArrayLike<number> | null,
		count: number,
		use: (logits: Float32Array, at: number, start: number, size: number) => void,
	): void;
	/**
	 * Steps taken with helpers and alone, predictions shared, the most threads a step had, and steps taken again
	 * alone after a helper left (tests, the run's last event).
	 */
	stats(): {shared: number; alone: number; predictions: number; widest: number; retaken: number; augmentations: number};
}

/**
 * The wasm engine's team: a Team that also shares augmentation jobs' images (core/augment-job.ts) when the images are
 * ones the helpers have — blocks of images, each the bytes the whole job writes there.
 */
export type WasmTeam = Team & ParallelAugment;

/** The model the team trains: its blocks' owner, the weights version they hold, its Adam steps, who holds its units. */
interface Holder {
	model: DirectModel;
	version: number;
	steps: number;
	mask: number;
	/** The last whole checkpoint: which one, at which step count. */
	checkpoint: {index: number; steps: number};
	/** Ring entries since that checkpoint, in step order (float offsets), and where the next one goes. */
	ring: RingEntry[];
	sinceCheckpoint: number;
}

/**
 * `images`: the image sets the helpers were given too (engine-side views of the same SharedArrayBuffers, in the same
 * order): only chunked predictions over these can be shared.
 */
export function createTeam(memory: TeamMemory, images: Uint8Array[] = []): WasmTeam {
	const views = teamViews(memory);
	const {control, values} = views();
	const stats = {shared: 0, alone: 0, predictions: 0, widest: 1, retaken: 0, augmentations: 0};
	const ids = new WeakMap<DirectModel, number>();
	let nextId = 1;
	let holder: Holder | null = null;
	/** Which model's weights, at which version, the snapshot block holds. */
	let snapshot: {id: number; version: number} | null = null;
	// Floats reserved for the state, the ring and the snapshot (they only grow; the scratch follows them).
	let stateFloats = 0;
	let snapshotFloats = 0;
	let ringFloats = 0;
	/** The last command posted, and to whom. */
	let lastCommand: {sequence: number; slots: number[]} | null = null;
	/** Each team's (members mask) and row count's balance of a step's rows. */
	const balances = new Map<number, RowBalance>();
	// A number, not a string made every step: the mask has maxTeamMembers (16) bits.
	const balanceKey = (mask: number, n: number) => n * 2 ** maxTeamMembers + mask;
	const balanceFor = (mask: number, n: number) => balances.get(balanceKey(mask, n)) ?? evenRowBalance(n, slotsOf(mask).length);

	const idOf = (model: DirectModel) => {
		let id = ids.get(model);
		if (id === undefined) {
			id = nextId++;
			ids.set(model, id);
		}

		return id;
	};

	// The state, the ring, the snapshot, the scratch: a block that grows moves those after it (the ring, which must
	// stay put while it holds steps, only grows when the state does not).
	const stateAt = firstBlock;
	const ringAt = () => stateAt + stateFloats;
	const snapshotAt = () => ringAt() + ringFloats;
	const scratchAt = () => snapshotAt() + snapshotFloats;
	const live = (slots: number[]) => slots.filter(slot => slot !== 0 && Atomics.load(control, word.memberState + slot) !== teamState.gone);
	const someoneGone = (slots: number[]) => () => slots.some(slot => slot !== 0 && Atomics.load(control, word.memberState + slot) === teamState.gone);

	/** The lead and every helper ready now, as a members mask. */
	function readyMask(): number {
		let mask = 1;
		for (let slot = 1; slot < maxTeamMembers; slot++) {
			if (Atomics.load(control, word.memberState + slot) === teamState.ready) mask |= 1 << slot;
		}

		return mask;
	}

	/** Waits until the last command's helpers are done with it (after a step they still read the new weights). */
	function settle(): void {
		if (lastCommand) waitAll(control, word.done, live(lastCommand.slots), lastCommand.sequence, () => false, helperPatienceMs);
	}

	/** Writes the command's words about `model` and posts it to the members; returns its sequence number. */
	function post(kind: number, mask: number, model: DirectModel, n: number, from: number): number {
		const {shape} = model;
		control[word.input] = shape.input;
		control[word.hidden1] = shape.hidden1;
		control[word.hidden2] = shape.hidden2;
		control[word.classes] = shape.classes;
		control[word.modelId] = idOf(model);
		control[word.modelVersion] = model.version;
		control[word.source] = from;
		values[value.learningRate] = model.learningRate;
		return postWords(kind, mask, n);
	}

	/** Writes the words every command has and posts it; returns its sequence number. */
	function postWords(kind: number, mask: number, n: number): number {
		control[word.command] = kind;
		control[word.members] = mask;
		control[word.rows] = n;
		control[word.stateAt] = stateAt;
		control[word.snapshotAt] = snapshotAt();
		control[word.scratchAt] = scratchAt();
		const sequence = Atomics.load(control, word.sequence) + 1;
		Atomics.store(control, word.sequence, sequence);
		Atomics.notify(control, word.sequence);
		lastCommand = {sequence, slots: slotsOf(mask)};
		return sequence;
	}

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

		waitAll(control, word.done, live(slots), sequence, () => false, helperPatienceMs);
	}

	/**
	 * The holder's model back to what it would be had the lead taken every step alone: the last whole checkpoint,
	 * then the ring's steps again. Returns the last step's loss.
	 */
	function retake(held: Holder): number {
		const {model} = held;
		const state = stateLayout(model.shape, stateAt);
		loadState(model, views(), state.checkpoint(held.checkpoint.index), held.checkpoint.steps);
		let loss = Number.NaN;
		for (const entry of held.ring) {
			loss = stepAlone(model, entryStepBatch(views(), model.shape, entry));
			stats.retaken++;
		}

		return loss;
	}

	/**
	 * The model steps alone from here on: its helpers hand their units' state over (or, if one has gone, the lead
	 * takes the ring's steps again from the last checkpoint).
	 */
	function release(): void {
		const held = holder;
		if (!held) return;
		holder = null;
		if (held.model.disposed) return;
		settle();
		const {model} = held;
		const state = stateLayout(model.shape, stateAt);
		const index = held.checkpoint.index ^ 1;
		control[word.checkpoint] = index;
		control[word.team] = held.mask;
		const slots = slotsOf(held.mask);
		const sequence = post(command.publish, held.mask, model, 0, source.state);
		saveUnits(model, views(), state.checkpoint(index), teamShares(1, model.shape, slots.length)[0]!);
		if (waitAll(control, word.done, slots.slice(1), sequence, someoneGone(slots), helperPatienceMs)) {
			loadState(model, views(), state.checkpoint(index), held.steps);
		} else {
			abort(sequence, slots);
			retake(held);
		}
	}

	/** The team takes `model`'s units: its whole state into a checkpoint, the members their units' part. */
	function enter(model: DirectModel, mask: number): boolean {
		settle();
		const floats = stateLayout(model.shape, 0).end;
		if (floats > stateFloats) {
			stateFloats = floats;
			snapshot = null;
		}

		ensureFloats(memory, scratchAt());
		const state = stateLayout(model.shape, stateAt);
		const steps = model.internals().adamSteps();
		saveState(model, views(), state.checkpoint(0));
		saveWeights(model, views(), state.weights);
		control[word.checkpoint] = 0;
		control[word.team] = mask;
		const slots = slotsOf(mask);
		const sequence = post(command.enter, mask, model, 0, source.state);
		if (!waitAll(control, word.done, slots.slice(1), sequence, someoneGone(slots), helperPatienceMs)) {
			abort(sequence, slots);
			return false;
		}

		holder = {model, version: model.version, steps, mask, checkpoint: {index: 0, steps}, ring: [], sinceCheckpoint: 0};
		return true;
	}

	/** Where helpers find this model's current weights: the trained model's posted ones, or a snapshot. */
	function weightsSource(model: DirectModel): number {
		if (holder?.model === model && holder.version === model.version) return source.state;
		const id = idOf(model);
		if (snapshot?.id !== id || snapshot.version !== model.version) {
			const floats = paramLayout(model.shape).floats;
			if (floats > snapshotFloats) snapshotFloats = floats;
			ensureFloats(memory, scratchAt());
			saveWeights(model, views(), snapshotAt());
			snapshot = {id, version: model.version};
		}

		return source.snapshot;
	}

	/** The step's batch into the ring, after the entries since the last checkpoint. */
	function writeEntry(held: Holder, model: DirectModel, batch: StepBatch): RingEntry {
		const {shape} = model;
		const {n} = batch;
		const last = held.ring.at(-1);
		let entry = ringEntry(shape, n, last ? last.end : ringAt());
		if (entry.end > ringAt() + ringFloats) {
			// The ring grows (by half at least); the scratch after it moves along.
			ringFloats = Math.max(entry.end - ringAt(), Math.ceil((ringFloats * 1.5) / 4) * 4);
			snapshot = null;
			entry = ringEntry(shape, n, last ? last.end : ringAt());
		}

		ensureFloats(memory, scratchAt());
		writeEntryBatch(views(), shape, entry, batch);
		held.ring.push(entry);
		return entry;
	}

	return {
		step(model, batch) {
			const mask = readyMask();
			if (!splitsStep(batch.n) || mask === 1) {
				if (holder?.model === model) release();
				stats.alone++;
				return stepAlone(model, batch);
			}

			if (holder && (holder.model !== model || holder.version !== model.version || holder.mask !== mask)) release();
			if (!holder && !enter(model, mask)) {
				stats.alone++;
				return stepAlone(model, batch);
			}

			const held = holder!;
			const {shape} = model;
			const {n} = batch;
			const slots = slotsOf(mask);
			const helpers = slots.slice(1);
			const entry = writeEntry(held, model, batch);
			const balance = balanceFor(mask, n);
			const rowStarts = rowStartsOf(balance.counts);
			for (const [member, start] of rowStarts.entries()) control[word.rowsFrom + member] = start;
			const blocks = stepBlocks(shape, n, slots.length, scratchAt(), rowStarts);
			ensureFloats(memory, blocks.end);
			const ringFull = entry.end - ringAt() > ringLimitFloats;
			const checkpoint = held.sinceCheckpoint + 1 >= checkpointEvery || ringFull ? held.checkpoint.index ^ 1 : -1;
			control[word.entryAt] = entry.at;
			control[word.steps] = held.steps;
			control[word.checkpoint] = checkpoint;
			const sequence = post(command.step, mask, model, n, source.state);
			const stepCommand: StepCommand = {
				shape,
				n,
				members: slots.length,
				index: 0,
				entry,
				blocks,
				state: stateLayout(shape, stateAt),
				steps: held.steps,
				learningRate: model.learningRate,
				checkpoint,
			};
			const broken = someoneGone(helpers);
			const clock = shareClock();
			memberRows(model, views(), stepCommand);
			clock.rowsDone();
			Atomics.store(control, word.rowsDone, sequence);
			Atomics.notify(control, word.rowsDone);
			const partReady = clock.waiting((members: number[]) =>
				waitAll(
					control,
					word.rowsDone,
					members.map(member => slots[member]!),
					sequence,
					broken,
					helperPatienceMs,
				),
			);
			let whole = memberUnits(model, views(), stepCommand, partReady);
			if (whole) {
				clock.unitsDone(values, 0);
				Atomics.store(control, word.adamDone, sequence);
				Atomics.notify(control, word.adamDone);
				whole = waitAll(control, word.adamDone, helpers, sequence, broken, helperPatienceMs);
			}

			if (whole) {
				const times = (first: number) => slots.map(slot => values[first + slot]!);
				balances.set(balanceKey(mask, n), nextRowBalance(balance, times(value.rowsMs), times(value.unitsMs)));
			}

			if (!whole) {
				// A member went away mid-step: back to the last whole checkpoint, and the steps since taken again alone
				// (this one last). The team forms again without it at the next step.
				abort(sequence, slots);
				holder = null;
				stats.alone++;
				return retake(held);
			}

			memberLoad(model, views(), stepCommand);
			held.version = model.version;
			held.steps++;
			held.sinceCheckpoint++;
			if (checkpoint >= 0) {
				held.checkpoint = {index: checkpoint, steps: held.steps};
				held.ring = [];
				held.sinceCheckpoint = 0;
			}

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
				const {f32} = views();
				if (waitAll(control, word.done, [slot], sequence, someoneGone([slot]), helperPatienceMs)) {
					rows.set(f32.subarray(scratch.out + start * shape.classes, scratch.out + end * shape.classes));
				} else {
					model.predictSmall(f32.subarray(scratch.pixels + start * width, scratch.pixels + end * width), end - start, rows);
				}
			}

			stats.predictions++;
		},

		chunks(model, images_, rows, count, use) {
			const index = images.findIndex(set => set.buffer === images_.buffer && set.byteOffset === images_.byteOffset);
			const mask = readyMask();
			if (!splitsChunks(count) || index === -1 || mask === 1) {
				chunksAlone(model, images_, rows, count, use);
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
			model.forEachChunk(images_, rows, ownEnd, use);
			for (const [member, slot] of slots.entries()) {
				if (slot === 0) continue;
				const [start, end] = memberSpan(count, slots.length, member);
				if (waitAll(control, word.done, [slot], sequence, someoneGone([slot]), helperPatienceMs)) {
					use(views().f32, scratch.logits + start * shape.classes, start, end - start);
				} else {
					const theirs = views().i32.slice(scratch.rows + start, scratch.rows + end);
					model.forEachChunk(images_, theirs, end - start, (heap, at, first, size) => use(heap, at, start + first, size));
				}
			}

			stats.predictions++;
		},

		augment(job, source, rows, output) {
			const count = rows.length;
			const index = images.findIndex(set => set.buffer === source.buffer && set.byteOffset === source.byteOffset);
			const mask = readyMask();
			if (!splitsAugmentation(count) || index === -1 || mask === 1) {
				augmentBlock(job, source, rows, 0, count, output);
				return;
			}

			const size = job.shape.height * job.shape.width * job.shape.channels;
			const slots = slotsOf(mask);
			const scratch = augmentScratch(count, size, scratchAt());
			ensureFloats(memory, scratch.end);
			const {f64, i32} = views();
			jobToNumbers(job, f64, scratch.job / 2);
			i32.set(rows, scratch.rows);
			control[word.images] = index;
			const sequence = postWords(command.augment, mask, count);
			augmentBlock(job, source, rows, ...memberSpan(count, slots.length, 0), output);
			const shared = new Uint8Array(memory.buffer, scratch.output * 4, count * size);
			for (const [member, slot] of slots.entries()) {
				if (slot === 0) continue;
				const [start, end] = memberSpan(count, slots.length, member);
				if (waitAll(control, word.done, [slot], sequence, someoneGone([slot]), helperPatienceMs)) {
					output.set(shared.subarray(start * size, end * size), start * size);
				} else {
					augmentBlock(job, source, rows, start, end, output);
				}
			}

			stats.augmentations++;
		},

		stats() {
			return {...stats};
		},
	};
}
