// A team step's arithmetic (engine/team-member.ts), without threads: 1 to 4 members, each on its own model, run their
// three phases one after another through one team memory, and must give the bits a thread alone gives — weights,
// optimizer state and loss — on odd batches, dropout, per-row weights, a tiny model with fewer units than members;
// and the checkpoint they write is the state of a thread alone at that step.
import {beforeAll, describe, expect, it} from 'vitest';
import {createRandom} from '../../source/core/random.js';
import {initBackend} from '../../source/engine/backend.js';
import {createDirectModel, type DirectModel} from '../../source/engine/direct-model.js';
import {mnistShape, type MlpShape} from '../../source/engine/mlp-params.js';
import {stepAlone, type StepBatch} from '../../source/engine/split-step.js';
import {
	entryStepBatch,
	memberLoad,
	memberRows,
	memberUnits,
	stepLoss,
	writeEntryBatch,
	type StepCommand,
} from '../../source/engine/team-member.js';
import {
	loadState,
	loadUnits,
	loadWeights,
	saveState,
	saveUnits,
	saveWeights,
} from '../../source/engine/team-state.js';
import {ensureFloats, firstBlock, ringEntry, stateLayout, stepBlocks, teamViews} from '../../source/engine/team-memory.js';
import {teamShares} from '../../source/engine/team-plan.js';
import type {WasmKernels} from '../../source/engine/wasm-kernels.js';
import {wasmHeap} from '../../source/engine/wasm-heap.js';
import {createTeamBuffer} from '../../source/protocol/team-buffer.js';
import {mnistTrain, type MnistPart} from './mnist-files.js';

let train: MnistPart;
let kernels: WasmKernels;

beforeAll(async () => {
	await initBackend('wasm');
	train = mnistTrain();
	kernels = wasmHeap()!.kernels;
});

/** Step `index` of a run: n rows from MNIST (raw pixels + trailing 255), soft targets, maybe weights, dropout 0.3. */
function batchOf(shape: MlpShape, n: number, index: number, weighted: boolean): StepBatch {
	const random = createRandom(100 + index);
	const width = shape.input + 1;
	const pixels = new Float32Array(n * width);
	const targets = new Float32Array(n * shape.classes);
	const weights = weighted ? new Float32Array(n) : null;
	for (let j = 0; j < n; j++) {
		const row = Math.floor(random() * 20_000);
		for (let i = 0; i < shape.input; i++) pixels[j * width + i] = train.images[row * 784 + (i % 784)]!;
		pixels[j * width + shape.input] = 255;
		const label = train.labels[row]! % shape.classes;
		for (let c = 0; c < shape.classes; c++) targets[j * shape.classes + c] = c === label ? 0.9 : 0.1 / (shape.classes - 1);
		if (weights) weights[j] = (0.5 + random()) / n;
	}

	return {n, pixels, targets, weights, meanWeight: Math.fround(1 / n), dropout: {rate: 0.3, seed: 77, step: index}};
}

const bitsOf = (values: Float32Array) => new Uint32Array(values.buffer, values.byteOffset, values.length);

/** p, m and v of every layer, and the Adam step count, have the same bits in both models. */
function sameState(a: DirectModel, b: DirectModel): boolean {
	if (a.internals().adamSteps() !== b.internals().adamSteps()) return false;
	const [ha, hb] = [a.internals(), b.internals()];
	return (['p1', 'p2', 'p3'] as const).every(name =>
		(['p', 'm', 'v'] as const).every(part => {
			const [x, y] = [ha.layers[name][part], hb.layers[name][part]];
			const [bitsA, bitsB] = [new Uint32Array(ha.arena.f32().buffer, x.pointer, x.size), new Uint32Array(hb.arena.f32().buffer, y.pointer, y.size)];
			for (let i = 0; i < x.size; i++) if (bitsA[i] !== bitsB[i]) return false;
			return true;
		}),
	);
}

/**
 * `steps` steps taken by `members` simulated members through one team memory, which write a checkpoint after step
 * `checkpointAfter` (counting from 1); returns the losses, the lead (its units' state handed back by the others, as
 * release does), the helpers, and a model loaded from that checkpoint.
 */
function teamRun(
	shape: MlpShape,
	members: number,
	steps: number,
	sizes: number[],
	weighted: boolean,
	checkpointAfter = 3,
	rowStarts?: (n: number, step: number) => number[],
) {
	const memory = createTeamBuffer();
	const views = teamViews(memory);
	const models = Array.from({length: members}, (_, index) => createDirectModel(shape, index === 0 ? 5 : 99, 0.001, kernels));
	const state = stateLayout(shape, firstBlock);
	ensureFloats(memory, state.end);
	// enter: the lead's whole state into checkpoint 0 and its weights posted; each helper takes them and its units.
	saveState(models[0]!, views(), state.checkpoint(0));
	saveWeights(models[0]!, views(), state.weights);
	const shares = teamShares(1, shape, members);
	for (const [index, helper] of models.entries()) {
		if (index === 0) continue;
		loadWeights(helper, views(), state.weights);
		loadUnits(helper, views(), state.checkpoint(0), shares[index]!);
	}

	const losses: number[] = [];
	for (let step = 0; step < steps; step++) {
		const n = sizes[step % sizes.length]!;
		const batch = batchOf(shape, n, step, weighted);
		const entry = ringEntry(shape, n, state.end);
		const blocks = stepBlocks(shape, n, members, entry.end, rowStarts?.(n, step));
		ensureFloats(memory, blocks.end);
		writeEntryBatch(views(), shape, entry, batch);
		// What the ring gives back is the batch itself.
		const back = entryStepBatch(views(), shape, entry);
		expect(back.pixels).toEqual(batch.pixels);
		const command = (index: number): StepCommand => ({
			shape,
			n,
			members,
			index,
			entry,
			blocks,
			state,
			steps: step,
			learningRate: 0.001,
			checkpoint: step + 1 === checkpointAfter ? 1 : -1,
		});
		for (const [index, model] of models.entries()) memberRows(model, views(), command(index));
		for (const [index, model] of models.entries()) expect(memberUnits(model, views(), command(index), () => true)).toBe(true);
		for (const [index, model] of models.entries()) memberLoad(model, views(), command(index));
		losses.push(stepLoss(views(), command(0)));
	}

	const fromCheckpoint = createDirectModel(shape, 1, 0.001, kernels);
	loadState(fromCheckpoint, views(), state.checkpoint(1), checkpointAfter);
	// release: every member's units into checkpoint 0, then the lead takes the whole state.
	for (const [index, model] of models.entries()) saveUnits(model, views(), state.checkpoint(0), shares[index]!);
	const lead = models[0]!;
	loadState(lead, views(), state.checkpoint(0), steps);
	return {losses, lead, helpers: models.slice(1), fromCheckpoint};
}

function aloneRun(shape: MlpShape, steps: number, sizes: number[], weighted: boolean): {losses: number[]; model: DirectModel} {
	const model = createDirectModel(shape, 5, 0.001, kernels);
	const losses: number[] = [];
	for (let step = 0; step < steps; step++) losses.push(stepAlone(model, batchOf(shape, sizes[step % sizes.length]!, step, weighted)));
	return {losses, model};
}

describe('a team step, member by member', () => {
	it.each([1, 2, 3, 4])('with %i members gives the bits of one thread alone (weights, Adam state, loss, a checkpoint)', members => {
		const sizes = [32, 9, 57, 128];
		const alone = aloneRun(mnistShape, 8, sizes, false);
		const team = teamRun(mnistShape, members, 8, sizes, false);
		expect(team.losses).toEqual(alone.losses);
		expect(sameState(team.lead, alone.model)).toBe(true);
		// Every member ends with the same weights (they compute the next step with them).
		for (const helper of team.helpers) expect(bitsOf(helper.weights().p1)).toEqual(bitsOf(alone.model.weights().p1));
		// The checkpoint after step 3 is the state of a thread alone after 3 steps.
		const three = aloneRun(mnistShape, 3, sizes, false);
		expect(sameState(team.fromCheckpoint, three.model)).toBe(true);
		// Guard against a vacuous pass: the steps moved the weights.
		const untrained = createDirectModel(mnistShape, 5, 0.001, kernels);
		expect(sameState(untrained, alone.model)).toBe(false);
		for (const model of [alone.model, three.model, team.lead, ...team.helpers, team.fromCheckpoint, untrained]) model.dispose();
	}, 60_000);

	it('gives the same bits with per-row weights, and on a model with fewer units than blocks of four per member', () => {
		const tiny: MlpShape = {input: 784, hidden1: 10, hidden2: 6, classes: 10};
		for (const [shape, members] of [[mnistShape, 3], [tiny, 4], [tiny, 2]] as const) {
			const alone = aloneRun(shape, 5, [48, 8, 13], true);
			const team = teamRun(shape, members, 5, [48, 8, 13], true);
			expect(team.losses).toEqual(alone.losses);
			expect(sameState(team.lead, alone.model)).toBe(true);
			for (const model of [alone.model, team.lead, ...team.helpers, team.fromCheckpoint]) model.dispose();
		}

		// The tiny model's layers: some members get no units of a layer at all.
		expect(teamShares(13, tiny, 4).map(share => share.units2)).toEqual([[0, 4], [4, 4], [4, 6], [6, 6]]);
	}, 60_000);

	it('gives the same bits whatever rows each member takes (as the lead balances them), changing every step', () => {
		const sizes = [32, 9, 57, 128];
		const alone = aloneRun(mnistShape, 8, sizes, true);
		// Blocks that cut a part anywhere, a member with a single row, a lead with most of the batch; a new cut each step.
		const plans = [
			(n: number) => [0, Math.floor(n / 2) - 3],
			(n: number) => [0, 1],
			(n: number) => [0, n - 1],
			(n: number) => [0, Math.floor(n / 3) + 1],
		];
		const two = teamRun(mnistShape, 2, 8, sizes, true, 3, (n, step) => plans[step % plans.length]!(n));
		expect(two.losses).toEqual(alone.losses);
		expect(sameState(two.lead, alone.model)).toBe(true);
		const three = teamRun(mnistShape, 3, 8, sizes, true, 3, (n, step) => (step % 2 === 0 ? [0, 2, n - 3] : [0, Math.floor(n / 2) + 1, Math.floor(n / 2) + 3]));
		expect(three.losses).toEqual(alone.losses);
		expect(sameState(three.lead, alone.model)).toBe(true);
		// Not vacuous: the blocks were uneven (the even split of 32 rows between two is [0, 16)).
		expect(stepBlocks(mnistShape, 32, 2, 0, plans[0]!(32)).shares[0]!.rows).not.toEqual([0, 16]);
		for (const model of [alone.model, two.lead, ...two.helpers, two.fromCheckpoint, three.lead, ...three.helpers, three.fromCheckpoint]) model.dispose();
	}, 60_000);

	it('moves only rows, which hold no state: each member keeps its units (whose Adam state it holds)', () => {
		const units = (shares: ReturnType<typeof teamShares>) => shares.map(share => [share.units1, share.units2, share.layer3]);
		const moved = teamShares(57, mnistShape, 3, [0, 5, 40]);
		expect(moved.map(share => share.rows)).toEqual([[0, 5], [5, 40], [40, 57]]);
		expect(units(moved)).toEqual(units(teamShares(57, mnistShape, 3)));
	});
});
