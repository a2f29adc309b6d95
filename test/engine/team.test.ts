// A helper thread sharing the steps of a model (engine/team.ts): the same training as alone, to float tolerance,
// with every step shared; and a lead that keeps going when its helper disappears, even in the middle of a step.
import {Worker} from 'node:worker_threads';
import {afterEach, beforeAll, describe, expect, it} from 'vitest';
import {createRandom, shuffle} from '../../source/core/random.js';
import {initBackend} from '../../source/engine/backend.js';
import {joinTeam, teamPredictions, teamSteps} from '../../source/engine/direct-mlp.js';
import {createMlp, type Mlp} from '../../source/engine/mlp.js';
import {createTeamBuffer, helperState, markHelperGone, teamState, teamWords} from '../../source/protocol/team-buffer.js';
import {workerScriptPath} from '../../source/race/worker-script.js';
import {mnistTrain, type MnistPart} from './mnist-files.js';

let train: MnistPart;
const workers: Worker[] = [];

beforeAll(async () => {
	await initBackend('wasm');
	train = mnistTrain();
});

afterEach(async () => {
	joinTeam(undefined);
	await Promise.all(workers.splice(0).map(async worker => worker.terminate()));
});

async function startHelper(images: Uint8Array[] = []): Promise<SharedArrayBuffer> {
	const team = createTeamBuffer();
	const worker = new Worker(workerScriptPath('helper-worker'));
	workers.push(worker);
	worker.postMessage({team, images: images.map(view => view.buffer)});
	const deadline = Date.now() + 20_000;
	while (helperState(team) !== teamState.ready) {
		if (Date.now() > deadline) throw new Error('the helper never became ready');
		await new Promise(resolve => setTimeout(resolve, 20));
	}

	return team;
}

function largestDifference(a: Mlp, b: Mlp): number {
	const [wa, wb] = [a.weights(), b.weights()];
	let worst = 0;
	for (const name of ['p1', 'p2', 'p3'] as const) {
		for (let i = 0; i < wa[name].length; i++) worst = Math.max(worst, Math.abs(wa[name][i]! - wb[name][i]!));
	}

	return worst;
}

const rows = () => shuffle(Int32Array.from({length: 1900}, (_, i) => i), createRandom(3));

describe('a team of two threads', () => {
	it('trains as one thread does (dropout, a partial last batch), with every step shared', async () => {
		const alone = createMlp({seed: 31, learningRate: 0.001});
		alone.trainEpoch(train.images, train.labels, rows(), 32);
		const team = await startHelper();
		joinTeam(team);
		const before = teamSteps();
		const shared = createMlp({seed: 31, learningRate: 0.001});
		const loss = shared.trainEpoch(train.images, train.labels, rows(), 32).loss;
		const after = teamSteps();
		expect(after.shared - before.shared).toBe(60);
		expect(after.alone - before.alone).toBe(0);
		expect(largestDifference(shared, alone)).toBeLessThan(1e-4);
		expect(loss).toBeGreaterThan(0);
		// Weighted rows (online methods) too; and the helper follows a second model after the first one.
		const other = createMlp({seed: 32, learningRate: 0.001, hidden: [64, 32]});
		const n = 40;
		const pixels = train.images.slice(0, n * 784);
		const targets = new Float32Array(n * 10);
		for (let j = 0; j < n; j++) targets[j * 10 + train.labels[j]!] = 1;
		other.trainBatch(pixels, targets, new Float32Array(n).fill(1 / n));
		expect(teamSteps().shared - after.shared).toBe(1);
		// Predictions of a batch are shared too (online methods predict one per step): the same as alone.
		const solo = createMlp({seed: 31, learningRate: 0.001});
		const batchRows = Int32Array.from({length: 224}, (_, i) => i * 3);
		joinTeam(undefined);
		solo.trainEpoch(train.images, train.labels, rows(), 32);
		const expected = solo.predict(train.images, batchRows);
		const fromAlone = alone.predict(train.images, batchRows);
		joinTeam(team);
		const predictionsBefore = teamPredictions();
		const fromTeam = shared.predict(train.images, batchRows);
		expect(teamPredictions() - predictionsBefore).toBe(1);
		let worst = 0;
		for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(fromTeam[i]! - fromAlone[i]!));
		expect(worst).toBeLessThan(1e-4);
		expect(fromAlone).toEqual(expected);
		solo.dispose();
		alone.dispose();
		shared.dispose();
		other.dispose();
	}, 60_000);

	it('labels a pool and scores a test set with the helper taking half (shared images only): the same as alone', async () => {
		const shared = (bytes: Uint8Array) => {
			const copy = new Uint8Array(new SharedArrayBuffer(bytes.length));
			copy.set(bytes);
			return copy;
		};

		const images = shared(train.images);
		const labels = train.labels;
		const team = await startHelper([images]);
		const alone = createMlp({seed: 41, learningRate: 0.001});
		alone.trainEpoch(images, labels, rows(), 32);
		joinTeam(team, [images]);
		const lead = createMlp({seed: 41, learningRate: 0.001});
		lead.trainEpoch(images, labels, rows(), 32);
		const pool = Int32Array.from({length: 5001}, (_, i) => 59_000 - 2 * i);
		const before = teamPredictions();
		const fromTeam = lead.predict(images, pool);
		const accuracy = lead.evaluate(images.subarray(0, 6000 * 784), labels.subarray(0, 6000));
		expect(teamPredictions() - before).toBe(2);
		joinTeam(undefined);
		const fromAlone = alone.predict(images, pool);
		let worst = 0;
		for (let i = 0; i < fromAlone.length; i++) worst = Math.max(worst, Math.abs(fromTeam[i]! - fromAlone[i]!));
		expect(worst).toBeLessThan(1e-4);
		expect(accuracy).toBeCloseTo(alone.evaluate(images.subarray(0, 6000 * 784), labels.subarray(0, 6000)), 2);
		// Images the helper does not have (an augmented copy, say) are predicted alone.
		joinTeam(team, [images]);
		const copy = lead.predict(train.images, pool);
		expect(teamPredictions() - before).toBe(2);
		expect(copy).toHaveLength(fromTeam.length);
		expect(copy.every((value, i) => Math.abs(value - fromTeam[i]!) < 1e-5)).toBe(true);
		alone.dispose();
		lead.dispose();
	}, 60_000);

	it('never deadlocks when the helper is slow to look (many tiny steps while other threads compete for the cores)', async () => {
		// Busy threads make the helper lose its core at random moments, e.g. between posting its gradients and
		// looking for the lead's: the lead may then already be a step further.
		const busy = Array.from({length: 3}, () => new Worker('const end = Date.now() + 8000; while (Date.now() < end) {}', {eval: true}));
		workers.push(...busy);
		joinTeam(await startHelper());
		const before = teamSteps();
		const tiny = createMlp({seed: 5, learningRate: 0.001, hidden: [16, 8]});
		const order = Int32Array.from({length: 8 * 1500}, (_, i) => i);
		tiny.trainEpoch(train.images, train.labels, order, 8);
		expect(teamSteps().shared - before.shared).toBe(1500);
		tiny.dispose();
	}, 60_000);

	it('goes on alone when the helper is gone, between steps or in the middle of one', async () => {
		const alone = createMlp({seed: 33, learningRate: 0.001});
		alone.trainEpoch(train.images, train.labels, rows(), 32);

		// A helper that takes the model, then never answers a step: the orchestrator marks it gone after 200 ms.
		const team = createTeamBuffer();
		const words = teamWords;
		const mute = new Worker(
			`const {workerData} = require('node:worker_threads');
			const c = new Int32Array(workerData.team, 0, 16);
			Atomics.store(c, ${words.state}, 1);
			let last = Atomics.load(c, ${words.sequence});
			for (;;) {
				Atomics.wait(c, ${words.sequence}, last);
				last = Atomics.load(c, ${words.sequence});
				if (Atomics.load(c, ${words.command}) === 1 /* load */) {
					Atomics.store(c, ${words.heldModel}, Atomics.load(c, ${words.modelId}));
					Atomics.store(c, ${words.done}, last);
					Atomics.notify(c, ${words.done});
				} else {
					setTimeout(() => {}, 0);
					Atomics.wait(c, ${words.state}, 1, 200);
					Atomics.store(c, ${words.state}, 2);
					Atomics.notify(c, ${words.done});
				}
			}`,
			{eval: true, workerData: {team}},
		);
		workers.push(mute);
		while (helperState(team) !== teamState.ready) await new Promise(resolve => setTimeout(resolve, 10));
		joinTeam(team);
		const before = teamSteps();
		const lead = createMlp({seed: 33, learningRate: 0.001});
		lead.trainEpoch(train.images, train.labels, rows(), 32);
		const after = teamSteps();
		// The first step was posted to the mute helper, finished by the lead itself; the rest alone.
		expect(after.shared - before.shared).toBe(1);
		expect(after.alone - before.alone).toBe(59);
		expect(helperState(team)).toBe(teamState.gone);
		expect(largestDifference(lead, alone)).toBeLessThan(1e-4);

		// Gone between steps: a real helper, marked gone by the orchestrator after 20 shared steps.
		const real = await startHelper();
		joinTeam(real);
		const again = createMlp({seed: 33, learningRate: 0.001});
		const start = teamSteps();
		again.trainEpoch(train.images, train.labels, rows(), 32, done => {
			if (done === 20 * 32) markHelperGone(real);
		});
		const end = teamSteps();
		expect(end.shared - start.shared).toBe(20);
		expect(end.alone - start.alone).toBe(40);
		expect(largestDifference(again, alone)).toBeLessThan(1e-4);
		for (const mlp of [alone, lead, again]) mlp.dispose();
	}, 60_000);
});
