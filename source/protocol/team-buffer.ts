/**
 * The team memory's shape (see engine/team.ts for what its threads do with it): a shared WebAssembly.Memory, so the
 * team's own Adam kernel can step the optimizer state that lives in it. It starts with int32 control words and
 * float64 values. The orchestrator makes it, gives each helper a member slot and marks a helper gone; the engine
 * threads do the rest. Here so the main process can do its part without loading the engine.
 */

/** The most threads in a team: the lead (slot 0) and its helpers (slots 1 …). A slot is never reused in a race. */
export const maxTeamMembers = 16;

/** Control words (int32 indices). Per-member words are `word + slot`. */
export const teamWords = {
	/** The lead's command counter; helpers wait on it. */
	sequence: 0,
	/** The command (teamCommand). */
	command: 1,
	/** Bit s set: slot s takes part in the command (bit 0, the lead, always). */
	members: 2,
	/** The sequence number of a command the lead gave up on (a member went away mid-step). */
	abort: 3,
	/** Rows of the command. */
	rows: 4,
	/** The command's model: its shape, its id and the weights version it computes with. */
	input: 5,
	hidden1: 6,
	hidden2: 7,
	classes: 8,
	modelId: 9,
	modelVersion: 10,
	/** Where a member that does not hold those weights reads them: teamSource. */
	source: 11,
	/** Adam steps the trained model has taken before the step. */
	steps: 12,
	/** The checkpoint (0 or 1) a step (after its Adam), an enter or a publish command names; −1 none. */
	checkpoint: 13,
	/** The members the trained model's units are shared out among (a members mask), for enter and publish. */
	team: 14,
	/** Which shared image set a chunked prediction or an augmentation reads (the index into the team's images). */
	images: 15,
	/** Float offsets: the trained model's blocks (engine/team-memory.ts stateLayout), the snapshot, the step's ring
	 * entry, and the command's scratch blocks. */
	stateAt: 16,
	snapshotAt: 17,
	entryAt: 18,
	scratchAt: 19,
	/** Per slot: teamState. */
	memberState: 32,
	/** Per slot: the sequence number whose rows (forward and deltas) the member has posted. */
	rowsDone: 48,
	/** Per slot: the sequence number whose Adam step on its units the member has taken. */
	adamDone: 64,
	/** Per slot: the last sequence number the member is wholly done with (predictions' answer; a step's end). */
	done: 80,
	/** Per member (by its place among the step's members, the lead 0): the first row of its block of a step. */
	rowsFrom: 96,
} as const;

/**
 * What the lead asks of its helpers (control word `command`): a step; a block of a prediction; take the trained
 * model's weights and your units' optimizer state (enter); write your units' state into a checkpoint (publish); a
 * block of an augmentation job's images (augment: no model).
 */
export const teamCommand = {step: 1, predict: 2, chunks: 3, enter: 4, publish: 5, augment: 6} as const;

/** Where a member finds weights it does not hold: the trained model's posted weights, or the snapshot. */
export const teamSource = {state: 1, snapshot: 2} as const;

/**
 * Float64 values, after the control words. Per slot, from `rowsMs` and `unitsMs`: what the member's share of the last
 * step took it (ms; its rows phase, then its units until its Adam step, waits left out), for the lead to balance
 * the next step's rows (engine/team-plan.ts nextRowBalance).
 */
export const teamValues = {learningRate: 0, rowsMs: 1, unitsMs: 17} as const;

export const controlBytes = 512;
/** Control words and values; the float32 blocks start here. */
export const headerBytes = 1024;

export const teamState = {absent: 0, ready: 1, gone: 2} as const;

/** A team's memory: a shared WebAssembly.Memory (its buffer a SharedArrayBuffer that grows in 64 KB pages). */
export interface TeamMemory {
	readonly buffer: SharedArrayBuffer;
	grow(pages: number): number;
}

/** The little of WebAssembly.Memory used here (the project's TypeScript libs carry no WebAssembly types). */
type SharedMemoryConstructor = new (options: {initial: number; maximum: number; shared: true}) => TeamMemory;

const webAssemblyMemory = (globalThis as unknown as {WebAssembly: {Memory: SharedMemoryConstructor}}).WebAssembly.Memory;

/** Pages reserved per team (1 GB of address space); memory is committed only as the lead grows it. */
const maxTeamPages = 16_384;

/** A fresh team memory (no helper yet). */
export function createTeamBuffer(): TeamMemory {
	return new webAssemblyMemory({initial: 1, maximum: maxTeamPages, shared: true});
}

/** Whether a value is a team memory (a message checker's test). */
export function isTeamMemory(value: unknown): value is TeamMemory {
	return value instanceof webAssemblyMemory && (value as TeamMemory).buffer instanceof SharedArrayBuffer;
}

function controlOf(team: TeamMemory): Int32Array {
	return new Int32Array(team.buffer, 0, controlBytes / 4);
}

/** Marks helper `slot` as gone (its thread ended) and wakes whoever waits for it. */
export function markHelperGone(team: TeamMemory, slot: number): void {
	const control = controlOf(team);
	Atomics.store(control, teamWords.memberState + slot, teamState.gone);
	for (const word of [teamWords.rowsDone, teamWords.adamDone, teamWords.done]) {
		for (let member = 0; member < maxTeamMembers; member++) Atomics.notify(control, word + member);
	}
}

export function helperState(team: TeamMemory, slot: number): number {
	return Atomics.load(controlOf(team), teamWords.memberState + slot);
}
