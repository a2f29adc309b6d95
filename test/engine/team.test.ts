// Helper threads sharing the steps of a model (engine/team.ts): bit for bit the training of one thread alone, with 1,
// 2 or 3 helpers (teams of 2–4 threads; this machine may have fewer cores, which changes the speed, not the bits),
// whether they are there from the start, join mid-epoch, or disappear — even killed in the middle of a step.
import {Worker} from 'node:worker_threads';
import {pathToFileURL} from 'node:url';
import {afterEach, beforeAll, describe, expect, it} from 'vitest';
import {affineJob, augmentBlock, strongJob} from '../../source/core/augment-job.js';
import {createRandom, shuffle} from '../../source/core/random.js';
import {defaultStrongAugmentation} from '../../source/core/strong-augment.js';
import {initBackend} from '../../source/engine/backend.js';
import {createMlp, type Mlp} from '../../source/engine/mlp.js';
import {createTeam, type Team} from '../../source/engine/team.js';
import {protocolVersion, type HelperStart} from '../../source/protocol/messages.js';
import {createTeamBuffer, helperState, markHelperGone, teamState, teamWords, type TeamMemory} from '../../source/protocol/team-buffer.js';
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

/** Starts a helper thread in `slot` of `memory`; `ready` waits until it serves. */
function spawnHelper(memory: TeamMemory, slot: number, images: Uint8Array[] = []): {worker: Worker; ready: () => Promise<void>} {
	const worker = new Worker(workerScriptPath('helper-worker'));
	workers.push(worker);
	const start: HelperStart = {type: 'helper-start', protocol: protocolVersion, team: memory, slot, images: images.map(view => view.buffer)};
	worker.postMessage(start);
	return {
		worker,
		async ready() {
			const deadline = Date.now() + 20_000;
			while (helperState(memory, slot) !== teamState.ready) {
				if (Date.now() > deadline) throw new Error('the helper never became ready');
				await new Promise(resolve => setTimeout(resolve, 20));
			}
		},
	};
}

/** A team memory with `helpers` helper threads ready in slots 1…helpers. */
async function teamWith(helpers: number, images: Uint8Array[] = []): Promise<TeamMemory> {
	const memory = createTeamBuffer();
	await Promise.all(Array.from({length: helpers}, async (_, i) => spawnHelper(memory, i + 1, images).ready()));
	return memory;
}

/** Blocks this thread until helper `slot` serves (a synchronous wait, so it can join in the middle of an epoch). */
function blockUntilReady(memory: TeamMemory, slot: number): void {
	const control = new Int32Array(memory.buffer, 0, 128);
	const deadline = Date.now() + 20_000;
	while (Atomics.load(control, teamWords.memberState + slot) !== teamState.ready) {
		if (Date.now() > deadline) throw new Error('the helper never became ready');
		Atomics.wait(control, teamWords.memberState + slot, teamState.absent, 20);
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

describe('a team of threads', () => {
	it('gives bit-identical weights and losses alone and with 1, 2 or 3 helpers from the start', async () => {
		const untrained = createMlp({seed: 31, learningRate: 0.001});
		const alone = createMlp({seed: 31, learningRate: 0.001});
		const aloneLosses = trainSome(alone);
		// Guard against a vacuous pass: training moved the weights.
		expect(sameWeights(alone, untrained)).toBe(false);
		for (const helpers of [1, 2, 3]) {
			const team = createTeam(await teamWith(helpers));
			const helped = createMlp({seed: 31, learningRate: 0.001, team});
			expect(trainSome(helped), `${helpers} helpers`).toEqual(aloneLosses);
			expect(sameWeights(helped, alone), `${helpers} helpers`).toBe(true);
			// Every split step was shared (60 + 6), by the whole team; the 5-row step is never split.
			expect(team.stats()).toMatchObject({shared: 66, alone: 1, widest: helpers + 1});
			helped.dispose();
		}

		for (const mlp of [untrained, alone]) mlp.dispose();
	}, 120_000);

	it('gives the same bits when helpers join mid-epoch, one at step 20 and another at step 40', async () => {
		const alone = createMlp({seed: 31, learningRate: 0.001});
		const aloneLosses = trainSome(alone);
		const memory = createTeamBuffer();
		spawnHelper(memory, 1);
		const team = createTeam(memory);
		const joining = createMlp({seed: 31, learningRate: 0.001, team});
		const losses = trainSome(joining, done => {
			if (done === 20 * 32) blockUntilReady(memory, 1);
			if (done === 40 * 32) {
				// Started now: a thread starts without this thread's event loop.
				spawnHelper(memory, 2);
				blockUntilReady(memory, 2);
			}
		});
		expect(losses).toEqual(aloneLosses);
		expect(sameWeights(joining, alone)).toBe(true);
		expect(team.stats()).toMatchObject({shared: 40 + 6, alone: 20 + 1, widest: 3});
		alone.dispose();
		joining.dispose();
	}, 90_000);

	it('hands the model over again after it changed without the team (its weights version), not only when told', async () => {
		const team = createTeam(await teamWith(2));
		const alone = createMlp({seed: 35, learningRate: 0.001});
		const helped = createMlp({seed: 35, learningRate: 0.001, team});
		for (const mlp of [alone, helped]) {
			// Shared steps, then steps of 4 rows (never split: the lead alone changes the weights and needs the
			// optimizer state back from the team), then shared again.
			mlp.trainEpoch(train.images, train.labels, rows().subarray(0, 320), 32);
			mlp.trainEpoch(train.images, train.labels, rows().subarray(0, 12), 4);
			mlp.trainEpoch(train.images, train.labels, rows().subarray(0, 320), 32);
		}

		expect(team.stats()).toMatchObject({shared: 20, alone: 3});
		expect(sameWeights(helped, alone)).toBe(true);
		alone.dispose();
		helped.dispose();
	}, 60_000);

	it('hands an EMA teacher over again after a blend, and trains two models in turn: the same bits as alone', async () => {
		const team = createTeam(await teamWith(2));
		const run = (shared: Team | undefined) => {
			const student = createMlp({seed: 36, learningRate: 0.01, team: shared});
			const teacher = createMlp({seed: 37, learningRate: 0.001, team: shared});
			const pool = Int32Array.from({length: 200}, (_, i) => 1000 + i);
			const seen: Float32Array[] = [];
			for (let round = 0; round < 3; round++) {
				// The student trains (the team holds its optimizer state), the teacher predicts and follows it.
				student.trainEpoch(train.images, train.labels, rows().subarray(0, 160), 32);
				seen.push(teacher.predict(train.images, pool));
				teacher.blendFrom(student, 0.9);
				seen.push(teacher.predict(train.images, pool), student.predict(train.images, pool));
				// The teacher trains a little too: the team takes its state, then the student's back.
				teacher.trainEpoch(train.images, train.labels, rows().subarray(0, 64), 32);
			}

			const weights = [student.weights(), teacher.weights()];
			student.dispose();
			teacher.dispose();
			return {seen, weights};
		};

		const alone = run(undefined);
		const helped = run(team);
		expect(helped.seen.length).toBe(alone.seen.length);
		for (const [i, probabilities] of helped.seen.entries()) expect(sameBits(probabilities, alone.seen[i]!), `prediction ${i}`).toBe(true);
		for (const [i, weights] of helped.weights.entries()) {
			for (const name of ['p1', 'p2', 'p3'] as const) expect(sameBits(weights[name], alone.weights[i]![name])).toBe(true);
		}

		// A helper still holding the pre-blend weights would have given its rows the old probabilities.
		expect(sameBits(alone.seen[0]!, alone.seen[1]!)).toBe(false);
		expect(team.stats().predictions).toBe(9);
	}, 90_000);

	it('computes input gradients on the lead alone, on their own buffers: the same bits as alone, the steps around them still shared', async () => {
		const team = createTeam(await teamWith(2));
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

	it('predicts and labels a pool with helpers taking their shares (shared images only): the same bits as alone', async () => {
		const shared = (bytes: Uint8Array) => {
			const copy = new Uint8Array(new SharedArrayBuffer(bytes.length));
			copy.set(bytes);
			return copy;
		};

		const images = shared(train.images);
		const labels = train.labels;
		const team = createTeam(await teamWith(3, [images]), [images]);
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
		// Images the helpers do not have (an augmented copy, say) are predicted alone: the same bits again.
		const copy = lead.predict(train.images, pool);
		expect(team.stats().predictions - before).toBe(3);
		expect(sameBits(copy, fromTeam[1]!)).toBe(true);
		alone.dispose();
		lead.dispose();
	}, 60_000);

	it('augments blocks of images on the helpers (shared images only; the elastic distortion too): the bytes of the whole job alone', async () => {
		const images = new Uint8Array(new SharedArrayBuffer(train.images.length));
		images.set(train.images);
		const team = createTeam(await teamWith(2, [images]), [images]);
		const shape = {height: 28, width: 28, channels: 1};
		const rows = Int32Array.from({length: 224}, (_, i) => (i * 263) % 6000);
		const weak = {rotationDeg: 10, zoom: 0.1, widthShift: 0.1, heightShift: 0.1};
		for (const job of [strongJob(defaultStrongAugmentation, shape, 12_345), affineJob(weak, shape, 777), affineJob(weak, shape, 778, {alpha: 34, sigma: 4})]) {
			const alone = new Uint8Array(rows.length * 784);
			augmentBlock(job, images, rows, 0, rows.length, alone);
			const before = team.stats().augmentations;
			const shared = new Uint8Array(rows.length * 784);
			team.augment(job, images, rows, shared);
			expect(team.stats().augmentations - before).toBe(1);
			expect(Buffer.from(shared).equals(Buffer.from(alone))).toBe(true);
			// Images the helpers do not have, and jobs too small to share, are augmented alone: the same bytes.
			const unshared = new Uint8Array(rows.length * 784);
			team.augment(job, train.images, rows, unshared);
			const small = new Uint8Array(16 * 784);
			team.augment(job, images, rows.subarray(0, 16), small);
			expect(team.stats().augmentations - before).toBe(1);
			expect(Buffer.from(unshared).equals(Buffer.from(alone))).toBe(true);
			const smallAlone = new Uint8Array(16 * 784);
			augmentBlock(job, images, rows.subarray(0, 16), 0, 16, smallAlone);
			expect(Buffer.from(small).equals(Buffer.from(smallAlone))).toBe(true);
		}
	}, 60_000);

	it('never deadlocks when helpers are slow to look (many tiny steps while other threads compete for the cores)', async () => {
		// Busy threads make the helpers lose their core at random moments, e.g. between posting their rows and
		// looking for the others': the lead may then already wait at the next meeting point.
		const busy = Array.from({length: 3}, () => new Worker('const end = Date.now() + 8000; while (Date.now() < end) {}', {eval: true}));
		workers.push(...busy);
		const team = createTeam(await teamWith(2));
		const tiny = createMlp({seed: 5, learningRate: 0.001, hidden: [16, 8], team});
		const order = Int32Array.from({length: 8 * 1500}, (_, i) => i);
		tiny.trainEpoch(train.images, train.labels, order, 8);
		expect(team.stats().shared).toBe(1500);
		tiny.dispose();
	}, 60_000);

	it('goes on alone when a helper never answers a step (the lead gives up on it and takes it again itself): the same bits', async () => {
		const alone = createMlp({seed: 33, learningRate: 0.001});
		alone.trainEpoch(train.images, train.labels, rows(), 32);

		// A helper that says ready, takes the model (answers enter), then never answers the step: the orchestrator
		// marks it gone after 200 ms.
		const memory = createTeamBuffer();
		const words = teamWords;
		const mute = new Worker(
			`const {workerData} = require('node:worker_threads');
			const c = new Int32Array(workerData.team.buffer, 0, 128);
			Atomics.store(c, ${words.memberState + 1}, 1);
			Atomics.wait(c, ${words.sequence}, 0);
			Atomics.store(c, ${words.done + 1}, 1);
			Atomics.notify(c, ${words.done + 1});
			Atomics.wait(c, ${words.sequence}, 1);
			Atomics.wait(c, ${words.memberState + 1}, 1, 200);
			Atomics.store(c, ${words.memberState + 1}, 2);
			Atomics.notify(c, ${words.rowsDone + 1});
			Atomics.wait(c, 127, 0);`,
			{eval: true, workerData: {team: memory}},
		);
		workers.push(mute);
		while (helperState(memory, 1) !== teamState.ready) await new Promise(resolve => setTimeout(resolve, 10));
		const team: Team = createTeam(memory);
		const lead = createMlp({seed: 33, learningRate: 0.001, team});
		lead.trainEpoch(train.images, train.labels, rows(), 32);
		// The first step was posted to the mute helper and taken again by the lead itself; the rest alone.
		expect(team.stats()).toMatchObject({shared: 0, alone: 60, retaken: 1});
		expect(helperState(memory, 1)).toBe(teamState.gone);
		expect(sameWeights(lead, alone)).toBe(true);
		for (const mlp of [alone, lead]) mlp.dispose();
	}, 60_000);

	it('goes on with the helpers left when one is marked gone between steps: the same bits', async () => {
		const alone = createMlp({seed: 33, learningRate: 0.001});
		alone.trainEpoch(train.images, train.labels, rows(), 32);
		const memory = await teamWith(2);
		const team = createTeam(memory);
		const lead = createMlp({seed: 33, learningRate: 0.001, team});
		lead.trainEpoch(train.images, train.labels, rows(), 32, done => {
			if (done === 20 * 32) markHelperGone(memory, 2);
		});
		expect(team.stats()).toMatchObject({shared: 60, alone: 0, widest: 3});
		expect(sameWeights(lead, alone)).toBe(true);
		for (const mlp of [alone, lead]) mlp.dispose();
	}, 60_000);
});

describe('a team whose helper is killed mid-run', () => {
	// The lead trains in a thread of its own here, as in a race, so this thread can kill a helper whenever it likes
	// (mid-step, most likely: the lead does nothing else) and mark it gone once it has exited, as the orchestrator does.
	const dist = (file: string) => pathToFileURL(workerScriptPath('helper-worker').replace(/worker\/helper-worker\.js$/, file)).href;
	const leadScript = `
		const {parentPort, workerData} = require('node:worker_threads');
		(async () => {
			const {initBackend} = await import('${dist('engine/backend.js')}');
			const {createMlp} = await import('${dist('engine/mlp.js')}');
			const {createTeam} = await import('${dist('engine/team.js')}');
			await initBackend('wasm');
			const {images, labels, team: memory, order} = workerData;
			const team = memory ? createTeam(memory) : undefined;
			const mlp = createMlp({seed: 44, learningRate: 0.001, team});
			const losses = [];
			for (let epoch = 0; epoch < 4; epoch++) {
				losses.push(mlp.trainEpoch(new Uint8Array(images), new Uint8Array(labels), order, 32, done => {
					if (epoch === 0 && done === 10 * 32) parentPort.postMessage({type: 'kill'});
				}).loss);
			}
			parentPort.postMessage({type: 'done', losses, weights: mlp.weights(), stats: team?.stats()});
		})();`;

	async function runLead(memory: TeamMemory | undefined, onKill: () => void) {
		const images = new SharedArrayBuffer(train.images.length);
		new Uint8Array(images).set(train.images);
		const labels = new SharedArrayBuffer(train.labels.length);
		new Uint8Array(labels).set(train.labels);
		const lead = new Worker(leadScript, {eval: true, workerData: {images, labels, team: memory, order: rows()}});
		workers.push(lead);
		return new Promise<{losses: number[]; weights: Record<'p1' | 'p2' | 'p3', Float32Array>; stats?: ReturnType<Team['stats']>}>((resolve, reject) => {
			lead.on('message', (message: {type: string}) => {
				if (message.type === 'kill') onKill();
				else resolve(message as never);
			});
			lead.on('error', reject);
		});
	}

	it('goes on with the helper left, then alone, with the very bits of a thread alone', async () => {
		const alone = await runLead(undefined, () => {});
		const memory = createTeamBuffer();
		const helpers = [spawnHelper(memory, 1), spawnHelper(memory, 2)];
		await Promise.all(helpers.map(async helper => helper.ready()));
		const helped = await runLead(memory, () => {
			// Killed at once, then the other 30 ms later: the lead is in the middle of some step each time.
			for (const [index, helper] of helpers.entries()) {
				setTimeout(() => {
					helper.worker.once('exit', () => markHelperGone(memory, index + 1));
					void helper.worker.terminate();
				}, index * 30);
			}
		});
		expect(helped.losses).toEqual(alone.losses);
		for (const name of ['p1', 'p2', 'p3'] as const) expect(sameBits(helped.weights[name], alone.weights[name])).toBe(true);
		// Some steps were shared by three threads, and the last ones taken alone.
		expect(helped.stats!.widest).toBe(3);
		expect(helped.stats!.shared).toBeGreaterThanOrEqual(10);
		expect(helped.stats!.alone).toBeGreaterThan(0);
		// Each helper's end cost the lead some steps taken again from the last checkpoint.
		expect(helped.stats!.retaken).toBeGreaterThan(0);
	}, 90_000);
});
