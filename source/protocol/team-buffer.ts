/**
 * The team buffer's shape (see engine/team.ts for what the two threads do with it): a growable SharedArrayBuffer
 * that starts with 16 int32 control words and 8 float64 values. The orchestrator makes it and marks a helper gone;
 * the engine threads do the rest. Here so the main process can do its part without loading the engine.
 */

/** Control words (int32 indices). */
export const teamWords = {
	/** teamState: whether a helper is there. */
	state: 0,
	/** The lead's command counter; the helper waits on it. */
	sequence: 1,
	/** The command (teamCommand): load a model, step, predict a small batch, or predict chunks. */
	command: 2,
	/** The helper's acknowledgement: the sequence number it finished (its gradients are in their slot). */
	done: 3,
	/** The sequence number whose lead gradients are in their slot. */
	leadPosted: 4,
	/** The helper's rows this step, and whether they carry per-row weights. */
	rows: 5,
	hasWeights: 6,
	/** The model the lead sends (load) and the one the helper holds. */
	modelId: 7,
	heldModel: 8,
	input: 9,
	hidden1: 10,
	hidden2: 11,
	classes: 12,
	adamSteps: 13,
	/** 1: the step has dropout, its masks drawn from the key in the float64 values (engine/dropout-streams.ts). */
	dropout: 14,
	/** Which shared image set a chunked prediction reads (the index into the team's images). */
	images: 15,
} as const;

/** What the lead asks of the helper (control word `command`). */
export const teamCommand = {load: 1, step: 2, predict: 3, chunks: 4} as const;

/** Float64 values, after the control words. */
export const teamValues = {helperLoss: 0, meanWeight: 1, learningRate: 2, dropoutRate: 3, dropoutSeed: 4, dropoutStep: 5} as const;

export const controlBytes = 64;
/** Control words and values; the float32 blocks start here. */
export const headerBytes = 128;

export const teamState = {absent: 0, ready: 1, gone: 2} as const;

/** Virtual size reserved per team buffer; memory is committed only as the lead grows it. */
const maxTeamBytes = 1 << 30;

/** A fresh team buffer (no helper yet). */
export function createTeamBuffer(): SharedArrayBuffer {
	return new (SharedArrayBuffer as unknown as new (length: number, options: {maxByteLength: number}) => SharedArrayBuffer)(
		headerBytes,
		{maxByteLength: maxTeamBytes},
	);
}

/** Marks the helper as gone (its thread ended) and wakes a lead that waits for it. */
export function markHelperGone(buffer: SharedArrayBuffer): void {
	const control = new Int32Array(buffer, 0, controlBytes / 4);
	Atomics.store(control, teamWords.state, teamState.gone);
	Atomics.notify(control, teamWords.done);
}

export function helperState(buffer: SharedArrayBuffer): number {
	return Atomics.load(new Int32Array(buffer, 0, controlBytes / 4), teamWords.state);
}
