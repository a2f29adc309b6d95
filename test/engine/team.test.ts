// A helper thread sharing the steps of a model (engine/team.ts): bit for bit the training of one thread alone, whether
// the helper is there from the start, joins mid-epoch, or disappears — even in the middle of a step.
import {Worker} from 'node:worker_threads';
import {afterEach, beforeAll, describe, expect, it} from 'vitest';
import {createRandom, shuffle} from '../../source/core/random.js';
import {initBackend} from '../../source/engine/backend.js';
import {createMlp, type Mlp} from '../../source/engine/mlp.js';
import {createTeam, type Team} from '../../source/engine/team.js';
import {protocolVersion, type HelperStart} from '../../source/protocol/messages.js';
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
	await Promise.all(workers.splice(0).map(async worker => worker.terminate()));
});

/** Starts a helper thread on a fresh team buffer; `ready` waits until it serves. */
function spawnHelper(images: Uint8Array[] = []): {buffer: SharedArrayBuffer; ready: () => Promise<void>} {
	const buffer = createTeamBuffer();
	const worker = new Worker(workerScriptPath('helper-worker'));
	workers.push(worker);
	const start: HelperStart = {type: 'helper-start', protocol: protocolVersion, team: buffer, images: images.map(view => view.buffer)};
	worker.postMessage(start);
	return {
		buffer,
		async ready() {
			const deadline = Date.now() + 20_000;
			while (helperState(buffer) !== teamState.ready) {
				if (Date.now() > deadline) throw new Error('the helper never became ready');
				await new Promise(resolve => setTimeout(resolve, 20));
			}
		},
	};
}

async function startHelper(images: Uint8Array[] = []): Promise<SharedArrayBuffer> {
	const helper = spawnHelper(images);
	await helper.ready();
	return helper.buffer;
}

/** Blocks this thread until the helper serves (a synchronous wait, so it can join in the middle of an epoch). */
function blockUntilReady(buffer: SharedArrayBuffer): void {
	const control = new Int32Array(buffer, 0, 16);
	const deadline = Date.now() + 20_000;
	while (Atomics.load(control, teamWords.state) !== teamState.ready) {
		if (Date.now() > deadline) throw new Error('the helper never became ready');
		Atomics.wait(control, teamWords.state, teamState.absent, 20);
	}
}

/** Every weight of a and b has the same bits. */
function sameWeights(a: Mlp, b: Mlp): boolean {
	const [wa, wb] = [a.weights(), b.weights()];
	return (['p1', 'p2', 'p3'] as const).every(name => sameBits(wa[name], wb[name]));
}

function sameBits(a: Float32Array, b: Float32Array): boolean {
	if (a.length !== b.length) return false;
	const [x, y] = [new Uint32Array(a.buffer, a.byteOffset, a.length), new Uint32Array(b.buffer, b.byteOffset, b.length)];
	return x.every((bits, i) => bits === y[i]);
}

const rows = () => shuffle(Int32Array.from({length: 1900}, (_, i) => i), createRandom(3));

/** 60 epoch steps (a partial last one of 12 rows), a 5-row step (never split), and 6 weighted soft-target steps. */
function trainSome(mlp: Mlp, onBatch?: (done: number) => void): number[] {
	const losses = [mlp.trainEpoch(train.images, train.labels, rows(), 32, onBatch).loss];
	mlp.trainEpoch(train.images, train.labels, rows().subarray(0, 5), 5);
	const random = createRandom(9);
	for (let step = 0; step < 6; step++) {
		const n = 48;
		const pixels = new Uint8Array(n * 784);
		const targets = new Float32Array(n * 10);
		const weights = new Float32Array(n);
		for (let j = 0; j < n; j++) {
			const row = Math.floor(random() * 5000);
			pixels.set(train.images.subarray(row * 784, row * 784 + 784), j * 784);
			for (let c = 0; c < 10; c++) targets[j * 10 + c] = c === train.labels[row] ? 0.73 : 0.03;
			weights[j] = j % 3 === 0 ? 0 : random() / n;
		}

		mlp.trainBatch(pixels, targets, weights);
	}

	losses.push(mlp.takeLoss().loss);
	return losses;
}

describe('a team of two threads', () => {
	it('gives bit-identical weights and losses alone, helped from the start, and with a helper joining at step 20', async () => {
		const untrained = createMlp({seed: 31, learningRate: 0.001});
		const alone = createMlp({seed: 31, learningRate: 0.001});
		const aloneLosses = trainSome(alone);
		// Guard against a vacuous pass: training moved the weights.
		expect(sameWeights(alone, untrained)).toBe(false);

		const team = createTeam(await startHelper());
		const helped = createMlp({seed: 31, learningRate: 0.001, team});
		expect(trainSome(helped)).toEqual(aloneLosses);
		expect(sameWeights(helped, alone)).toBe(true);
		// Every split step was shared (60 + 6); the 5-row step is never split.
		expect(team.stats()).toMatchObject({shared: 66, alone: 1});

		const late = spawnHelper();
		const lateTeam = createTeam(late.buffer);
		const joining = createMlp({seed: 31, learningRate: 0.001, team: lateTeam});
		const joiningLosses = trainSome(joining, done => {
			if (done === 20 * 32) blockUntilReady(late.buffer);
		});
		expect(joiningLosses).toEqual(aloneLosses);
		expect(sameWeights(joining, alone)).toBe(true);
		expect(lateTeam.stats()).toMatchObject({shared: 40 + 6, alone: 20 + 1});
		for (const mlp of [untrained, alone, helped, joining]) mlp.dispose();
	}, 90_000);

	it('hands the model over again after it changed without the helper (its weights version), not only when told', async () => {
		const team = createTeam(await startHelper());
		const alone = createMlp({seed: 35, learningRate: 0.001});
		const helped = createMlp({seed: 35, learningRate: 0.001, team});
		for (const mlp of [alone, helped]) {
			// Shared steps, then steps of 4 rows (never split: the lead alone changes the weights), then shared again.
			mlp.trainEpoch(train.images, train.labels, rows().subarray(0, 320), 32);
			mlp.trainEpoch(train.images, train.labels, rows().subarray(0, 12), 4);
			mlp.trainEpoch(train.images, train.labels, rows().subarray(0, 320), 32);
		}

		expect(team.stats()).toMatchObject({shared: 20, alone: 3});
		expect(sameWeights(helped, alone)).toBe(true);
		alone.dispose();
		helped.dispose();
	}, 60_000);

	it('hands an EMA teacher over again after a blend (blendFrom changes its version): the same predictions as alone', async () => {
		const team = createTeam(await startHelper());
		const student = createMlp({seed: 36, learningRate: 0.01});
		student.trainEpoch(train.images, train.labels, rows().subarray(0, 320), 32);
		const alone = createMlp({seed: 37, learningRate: 0.001});
		const helped = createMlp({seed: 37, learningRate: 0.001, team});
		const pool = Int32Array.from({length: 200}, (_, i) => 1000 + i);
		const predictions = (mlp: Mlp) => {
			// 200 rows: a split prediction, the helper computing half with the weights it holds.
			const before = mlp.predict(train.images, pool);
			mlp.blendFrom(student, 0.9);
			return [before, mlp.predict(train.images, pool)] as const;
		};

		const [aloneBefore, aloneAfter] = predictions(alone);
		const [helpedBefore, helpedAfter] = predictions(helped);
		expect(sameBits(helpedBefore, aloneBefore)).toBe(true);
		// A helper still holding the pre-blend weights would give its half of the rows the old probabilities.
		expect(sameBits(helpedAfter, aloneAfter)).toBe(true);
		expect(sameBits(aloneAfter, aloneBefore)).toBe(false);
		expect(sameWeights(helped, alone)).toBe(true);
		for (const mlp of [student, alone, helped]) mlp.dispose();
	}, 60_000);

	it('computes input gradients on the lead alone, on their own buffers: the same bits as alone, the steps around them still shared', async () => {
		const team = createTeam(await startHelper());
		const alone = createMlp({seed: 38, learningRate: 0.001});
		const helped = createMlp({seed: 38, learningRate: 0.001, team});
		// VAT's use: 224 real-valued images (off the byte grid), the model's own predictions as targets.
		const pixels = Float32Array.from(train.images.subarray(0, 224 * 784), (value, i) => value + (i % 7) / 7);
		const run = (mlp: Mlp) => {
			const gradients: Float32Array[] = [];
			for (let round = 0; round < 2; round++) {
				mlp.trainEpoch(train.images, train.labels, rows().subarray(0, 320), 32);
				const targets = mlp.predict(train.images, Int32Array.from({length: 224}, (_, i) => i));
				gradients.push(mlp.inputGradient(pixels, targets));
			}

			return gradients;
		};

		const [aloneFirst, aloneSecond] = run(alone);
		const [helpedFirst, helpedSecond] = run(helped);
		expect(sameBits(helpedFirst!, aloneFirst!)).toBe(true);
		expect(sameBits(helpedSecond!, aloneSecond!)).toBe(true);
		expect(sameBits(aloneSecond!, aloneFirst!)).toBe(false);
		// The input gradient changed nothing the helper holds: every step after it was shared, with the same result.
		expect(team.stats()).toMatchObject({shared: 20, alone: 0});
		expect(sameWeights(helped, alone)).toBe(true);
		alone.dispose();
		helped.dispose();
	}, 60_000);

	it('predicts and labels a pool with the helper taking half (shared images only): the same bits as alone', async () => {
		const shared = (bytes: Uint8Array) => {
			const copy = new Uint8Array(new SharedArrayBuffer(bytes.length));
			copy.set(bytes);
			return copy;
		};

		const images = shared(train.images);
		const labels = train.labels;
		const team = createTeam(await startHelper([images]), [images]);
		const alone = createMlp({seed: 41, learningRate: 0.001});
		const lead = createMlp({seed: 41, learningRate: 0.001, team});
		alone.trainEpoch(images, labels, rows(), 32);
		lead.trainEpoch(images, labels, rows(), 32);
		const before = team.stats().predictions;
		const batch = Int32Array.from({length: 224}, (_, i) => i * 3);
		const pool = Int32Array.from({length: 5001}, (_, i) => 59_000 - 2 * i);
		const test = [images.subarray(0, 6000 * 784), labels.subarray(0, 6000)] as const;
		const fromTeam = [lead.predict(images, batch), lead.predict(images, pool)];
		const accuracy = lead.evaluate(...test);
		expect(team.stats().predictions - before).toBe(3);
		const fromAlone = [alone.predict(images, batch), alone.predict(images, pool)];
		expect(sameBits(fromTeam[0]!, fromAlone[0]!)).toBe(true);
		expect(sameBits(fromTeam[1]!, fromAlone[1]!)).toBe(true);
		expect(accuracy).toBe(alone.evaluate(...test));
		expect(accuracy).toBeGreaterThan(0.5);
		// Images the helper does not have (an augmented copy, say) are predicted alone: the same bits again.
		const copy = lead.predict(train.images, pool);
		expect(team.stats().predictions - before).toBe(3);
		expect(sameBits(copy, fromTeam[1]!)).toBe(true);
		alone.dispose();
		lead.dispose();
	}, 60_000);

	it('never deadlocks when the helper is slow to look (many tiny steps while other threads compete for the cores)', async () => {
		// Busy threads make the helper lose its core at random moments, e.g. between posting its gradients and
		// looking for the lead's: the lead may then already be a step further.
		const busy = Array.from({length: 3}, () => new Worker('const end = Date.now() + 8000; while (Date.now() < end) {}', {eval: true}));
		workers.push(...busy);
		const team = createTeam(await startHelper());
		const tiny = createMlp({seed: 5, learningRate: 0.001, hidden: [16, 8], team});
		const order = Int32Array.from({length: 8 * 1500}, (_, i) => i);
		tiny.trainEpoch(train.images, train.labels, order, 8);
		expect(team.stats().shared).toBe(1500);
		tiny.dispose();
	}, 60_000);

	it('goes on alone when the helper is gone, between steps or in the middle of one: the same bits', async () => {
		const alone = createMlp({seed: 33, learningRate: 0.001});
		alone.trainEpoch(train.images, train.labels, rows(), 32);

		// A helper that takes the model, then never answers a step: the orchestrator marks it gone after 200 ms.
		const buffer = createTeamBuffer();
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
			{eval: true, workerData: {team: buffer}},
		);
		workers.push(mute);
		while (helperState(buffer) !== teamState.ready) await new Promise(resolve => setTimeout(resolve, 10));
		const team: Team = createTeam(buffer);
		const lead = createMlp({seed: 33, learningRate: 0.001, team});
		lead.trainEpoch(train.images, train.labels, rows(), 32);
		// The first step was posted to the mute helper and finished by the lead itself; the rest alone.
		expect(team.stats()).toMatchObject({shared: 0, alone: 60});
		expect(helperState(buffer)).toBe(teamState.gone);
		expect(sameWeights(lead, alone)).toBe(true);

		// Gone between steps: a real helper, marked gone by the orchestrator after 20 shared steps.
		const real = await startHelper();
		const realTeam = createTeam(real);
		const again = createMlp({seed: 33, learningRate: 0.001, team: realTeam});
		again.trainEpoch(train.images, train.labels, rows(), 32, done => {
			if (done === 20 * 32) markHelperGone(real);
		});
		expect(realTeam.stats()).toMatchObject({shared: 20, alone: 40});
		expect(sameWeights(again, alone)).toBe(true);
		for (const mlp of [alone, lead, again]) mlp.dispose();
	}, 60_000);
});
