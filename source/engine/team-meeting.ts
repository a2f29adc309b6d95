/**
 * How a team's threads meet (team.ts the lead, team-helper.ts a helper): each waits on words of the shared control
 * block that only grow — a command's sequence number, each member's rows and Adam step done — spinning briefly,
 * then sleeping on the word; the command a step's members all read from those words; and the clock that times a
 * member's share of a step for the row balance (team-plan.ts).
 */
import type {MlpShape} from './mlp-params.js';
import type {StepCommand} from './team-member.js';
import {ringEntry, stateLayout, stepBlocks, type TeamViews} from './team-memory.js';
import {maxTeamMembers, teamState, teamValues as value, teamWords as word} from '../protocol/team-buffer.js';

/** How long the lead waits for a helper before it gives up on it and goes on without it. */
export const helperPatienceMs = 10_000;

/** How long a waiting thread spins before it sleeps: a team's threads meet several times a millisecond. */
export const spinMs = 0.5;

/**
 * Blocks until every slot of `slots` has control[base + slot] ≥ atLeast ("at least": numbers only grow); false as soon
 * as `broken()` says the wait is off (a member went away, the lead gave up). `patience`: ms until the slots still
 * missing are marked gone (a member this late is stuck, not slow).
 */
export function waitAll(control: Int32Array, base: number, slots: readonly number[], atLeast: number, broken: () => boolean, patience = Number.POSITIVE_INFINITY): boolean {
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
export function slotsOf(mask: number): number[] {
	const slots: number[] = [];
	for (let slot = 0; slot < maxTeamMembers; slot++) if (mask & (1 << slot)) slots.push(slot);
	return slots;
}

export function shapeOf(control: Int32Array): MlpShape {
	return {input: control[word.input]!, hidden1: control[word.hidden1]!, hidden2: control[word.hidden2]!, classes: control[word.classes]!};
}

/**
 * Times a member's share of a step: its rows phase, then its units until its Adam step less the time spent waiting
 * for the others' rows (`waiting` wraps the wait memberUnits is given).
 */
export function shareClock() {
	const started = performance.now();
	let rowsMs = 0;
	let waitedMs = 0;
	return {
		rowsDone() {
			rowsMs = performance.now() - started;
		},
		waiting<Args extends unknown[]>(wait: (...args: Args) => boolean): (...args: Args) => boolean {
			return (...args) => {
				const from = performance.now();
				try {
					return wait(...args);
				} finally {
					waitedMs += performance.now() - from;
				}
			};
		},
		/** The share's times into the member's slot of the team values. */
		unitsDone(values: Float64Array, slot: number) {
			values[value.rowsMs + slot] = rowsMs;
			values[value.unitsMs + slot] = performance.now() - started - rowsMs - waitedMs;
		},
	};
}

/** A step command as every member reads it from the control words (the lead writes them). */
export function readStep(views: TeamViews, index: number): StepCommand {
	const {control, values} = views;
	const shape = shapeOf(control);
	const n = control[word.rows]!;
	const members = slotsOf(control[word.members]!).length;
	const rowStarts = Array.from({length: members}, (_, member) => control[word.rowsFrom + member]!);
	return {
		shape,
		n,
		members,
		index,
		entry: ringEntry(shape, n, control[word.entryAt]!),
		blocks: stepBlocks(shape, n, members, control[word.scratchAt]!, rowStarts),
		state: stateLayout(shape, control[word.stateAt]!),
		steps: control[word.steps]!,
		learningRate: values[value.learningRate]!,
		checkpoint: control[word.checkpoint]!,
	};
}
