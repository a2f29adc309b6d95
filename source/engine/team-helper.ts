/**
 * A helper thread's side of a team (team.ts is the lead's): it says it is ready in its slot, then takes part in every
 * command whose members include it, on its own copy of each model the lead trains or predicts with.
 */
import {augmentBlock, jobFromNumbers} from '../core/augment-job.js';
import type {DirectModel} from './direct-model.js';
import type {MlpShape} from './mlp-params.js';
import {memberLoad, memberRows, memberUnits} from './team-member.js';
import {loadUnits, loadWeights, saveUnits} from './team-state.js';
import {augmentScratch, chunkScratch, predictScratch, stateLayout, teamViews} from './team-memory.js';
import {readStep, shapeOf, shareClock, slotsOf, spinMs, waitAll} from './team-meeting.js';
import {memberSpan, teamShares} from './team-plan.js';
import {
	teamCommand as command,
	teamSource as source,
	teamState,
	teamValues as value,
	teamWords as word,
	type TeamMemory,
} from '../protocol/team-buffer.js';

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
 * its block of a prediction, or taking or handing over its units of the trained model.
 */
export function serveTeam(
	memory: TeamMemory,
	slot: number,
	createModel: (shape: MlpShape, learningRate: number) => DirectModel,
	images: Uint8Array[] = [],
): void {
	const views = teamViews(memory);
	const {control, values} = views();
	const held = new Map<number, Held>();
	let last = Atomics.load(control, word.sequence);
	Atomics.store(control, word.memberState + slot, teamState.ready);

	/** This command's model, holding the command's weights (loaded from where the lead says when it does not). */
	const modelFor = (): Held => {
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
			const from = control[word.source] === source.state ? stateLayout(shape, control[word.stateAt]!).weights : control[word.snapshotAt]!;
			loadWeights(entry.model, views(), from);
			entry.version = version;
		}

		return entry;
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
		const kind = control[word.command];
		if (kind === command.augment) {
			// No model: a block of the job's images into the shared output.
			const count = control[word.rows]!;
			const at = control[word.scratchAt]!;
			const {f64, i32} = views();
			const job = jobFromNumbers(f64, augmentScratch(0, 0, at).job / 2);
			const size = job.shape.height * job.shape.width * job.shape.channels;
			const scratch = augmentScratch(count, size, at);
			const [start, end] = memberSpan(count, slots.length, index);
			const output = new Uint8Array(memory.buffer, scratch.output * 4, count * size);
			augmentBlock(job, images[control[word.images]!]!, i32.subarray(scratch.rows, scratch.rows + count), start, end, output);
			Atomics.store(control, word.done + slot, sequence);
			Atomics.notify(control, word.done + slot);
			continue;
		}

		const entry = modelFor();
		const {model} = entry;
		const n = control[word.rows]!;
		const {shape} = model;
		const [start, end] = memberSpan(n, slots.length, index);
		const aborted = () => Atomics.load(control, word.abort) === sequence;
		if (kind === command.step) {
			// Read now: once the step is whole the lead may post the next command over these words.
			const version = control[word.modelVersion]!;
			const stepCommand = readStep(views(), index);
			const clock = shareClock();
			memberRows(model, views(), stepCommand);
			clock.rowsDone();
			Atomics.store(control, word.rowsDone + slot, sequence);
			Atomics.notify(control, word.rowsDone + slot);
			const partReady = clock.waiting((members: number[]) => waitAll(control, word.rowsDone, members.map(member => slots[member]!), sequence, aborted) && !aborted());
			// From here its weights change: until the step is whole they are no version the lead knows.
			entry.version = -1;
			if (memberUnits(model, views(), stepCommand, partReady)) {
				// Read by the lead once it sees this member's Adam step (the store below publishes them).
				clock.unitsDone(values, slot);
				Atomics.store(control, word.adamDone + slot, sequence);
				Atomics.notify(control, word.adamDone + slot);
				if (waitAll(control, word.adamDone, slots, sequence, aborted)) {
					memberLoad(model, views(), stepCommand);
					entry.version = version + 1;
				}
			}
		} else if (kind === command.enter || kind === command.publish) {
			const state = stateLayout(shape, control[word.stateAt]!);
			const team = slotsOf(control[word.team]!);
			const share = teamShares(1, shape, team.length)[team.indexOf(slot)]!;
			const checkpoint = state.checkpoint(control[word.checkpoint]!);
			if (kind === command.enter) loadUnits(model, views(), checkpoint, share);
			else saveUnits(model, views(), checkpoint, share);
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

		Atomics.store(control, word.done + slot, sequence);
		Atomics.notify(control, word.done + slot);
	}
}
