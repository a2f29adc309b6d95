/**
 * A team step's work per member against a step alone, in CPU time, in one thread: every member's three phases
 * (engine/team-member.ts) run one after another on models of their own, through one team memory, right after the same
 * step alone, on batches of real MNIST rows (their blank pixels are what the first layer's products skip). The ratio
 * is the speedup a team would reach on idle cores, waits aside — a figure that holds on a shared machine, where
 * wall-clock speedups of threads mean little. Each phase's median per member says where a member's time goes.
 * Used by bench.ts (`--speed`, `--team-work`).
 */
import {loadDataset} from '../source/data/load-dataset.js';
import {initBackend} from '../source/engine/backend.js';
import {createDirectModel} from '../source/engine/direct-model.js';
import {mnistShape} from '../source/engine/mlp-params.js';
import {stepAlone} from '../source/engine/split-step.js';
import {memberLoad, memberRows, memberUnits, writeEntryBatch, type StepCommand} from '../source/engine/team-member.js';
import {loadUnits, loadWeights, saveState, saveWeights} from '../source/engine/team-state.js';
import {ensureFloats, firstBlock, ringEntry, stateLayout, stepBlocks, teamViews} from '../source/engine/team-memory.js';
import {teamShares} from '../source/engine/team-plan.js';
import {wasmHeap} from '../source/engine/wasm-heap.js';
import {createTeamBuffer} from '../source/protocol/team-buffer.js';
import {mnistStepBatch} from './mnist-batches.js';
import {median} from './stats.js';

export interface TeamWork {
	members: number;
	batch: number;
	/** Medians over the steps, in ms of CPU time. */
	aloneMs: number;
	/** The slowest member's share (the lead writes the batch too). */
	memberMs: number;
	/** Median of each step's alone / slowest member. */
	speedup: number;
	/** Each member's median ms of wall time in its rows, units and load phases (the lead's writing of the batch apart). */
	phases: Array<{rows: number; units: number; load: number}>;
}

const cpuMs = () => {
	const {user, system} = process.cpuUsage();
	return (user + system) / 1000;
};


export async function measureTeamWork(members: number, batch: number, steps = 160): Promise<TeamWork> {
	await initBackend('wasm');
	const {kernels} = wasmHeap()!;
	const shape = mnistShape;
	const dataset = await loadDataset();
	const stepBatch = (step: number) => mnistStepBatch(dataset, batch, step);

	const alone = createDirectModel(shape, 5, 0.001, kernels);
	const memory = createTeamBuffer();
	const views = teamViews(memory);
	const models = Array.from({length: members}, () => createDirectModel(shape, 5, 0.001, kernels));
	const state = stateLayout(shape, firstBlock);
	ensureFloats(memory, state.end);
	saveState(models[0]!, views(), state.checkpoint(0));
	saveWeights(models[0]!, views(), state.weights);
	const shares = teamShares(1, shape, members);
	for (const [index, model] of models.entries()) {
		if (index === 0) continue;
		loadWeights(model, views(), state.weights);
		loadUnits(model, views(), state.checkpoint(0), shares[index]!);
	}

	const aloneTimes: number[] = [];
	const memberTimes: number[] = [];
	const ratios: number[] = [];
	const phaseTimes = Array.from({length: members}, () => ({rows: [] as number[], units: [] as number[], load: [] as number[]}));
	for (let step = 0; step < steps; step++) {
		const input = stepBatch(step);
		let started = cpuMs();
		stepAlone(alone, input);
		const aloneMs = cpuMs() - started;
		const spent = new Array<number>(members).fill(0);
		started = cpuMs();
		const entry = ringEntry(shape, batch, state.end);
		const blocks = stepBlocks(shape, batch, members, entry.end);
		ensureFloats(memory, blocks.end);
		writeEntryBatch(views(), shape, entry, input);
		spent[0] = cpuMs() - started;
		const command = (index: number): StepCommand => ({
			shape,
			n: batch,
			members,
			index,
			entry,
			blocks,
			state,
			steps: step,
			learningRate: 0.001,
			checkpoint: step % 32 === 31 ? 1 : -1,
		});
		const phases = [
			['rows', (index: number) => memberRows(models[index]!, views(), command(index))],
			['units', (index: number) => memberUnits(models[index]!, views(), command(index), () => true)],
			['load', (index: number) => memberLoad(models[index]!, views(), command(index))],
		] as const;
		const wall = phases.map(() => new Array<number>(members).fill(0));
		for (const [phaseIndex, [, phase]] of phases.entries()) {
			for (let index = 0; index < members; index++) {
				started = cpuMs();
				const from = performance.now();
				phase(index);
				wall[phaseIndex]![index] = performance.now() - from;
				spent[index]! += cpuMs() - started;
			}
		}

		// The first steps warm V8 and XNNPACK up.
		if (step < 20) continue;
		for (const [phaseIndex, [name]] of phases.entries()) {
			for (let index = 0; index < members; index++) phaseTimes[index]![name].push(wall[phaseIndex]![index]!);
		}

		const slowest = Math.max(...spent);
		aloneTimes.push(aloneMs);
		memberTimes.push(slowest);
		ratios.push(aloneMs / slowest);
	}

	for (const model of [alone, ...models]) model.dispose();
	const round = (value: number) => Math.round(value * 1000) / 1000;
	return {
		members,
		batch,
		aloneMs: round(median(aloneTimes)),
		memberMs: round(median(memberTimes)),
		speedup: Math.round(median(ratios) * 100) / 100,
		phases: phaseTimes.map(times => ({rows: round(median(times.rows)), units: round(median(times.units)), load: round(median(times.load))})),
	};
}
