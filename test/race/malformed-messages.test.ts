// A malformed message across the worker boundary is one clear error naming the field, on both sides, never a crash later.
import {fileURLToPath} from 'node:url';
import {beforeAll, describe, expect, it} from 'vitest';
import {resolveRace} from '../../source/config/contenders.js';
import {stratifiedSplit} from '../../source/core/split.js';
import {loadDataset} from '../../source/data/load-dataset.js';
import {protocolVersion, type SharedDataset, type StartMessage, type WorkerEvent} from '../../source/protocol/messages.js';
import type {RaceEvent} from '../../source/race/race-events.js';
import {startRace} from '../../source/race/race.js';
import {startRunHost, type Isolation} from '../../source/race/run-host.js';

const plan = resolveRace({labeled: 200, warmupEpochs: 1, rounds: 0, batchSize: 64}, undefined);
let dataset: SharedDataset;
beforeAll(async () => {
	dataset = await loadDataset();
});

describe.each<Isolation>(['thread', 'process'])('in a %s', isolation => {
	it('an event with a malformed field fails its contender with that field named; nothing after it is passed on', async () => {
		const events: RaceEvent[] = [];
		const race = startRace({
			plan,
			preset: 'test',
			dataset,
			backend: 'wasm',
			isolation,
			cores: 1,
			onEvent: event => events.push(event),
			workerScript: fileURLToPath(new URL('../fixtures/malformed-worker.mjs', import.meta.url)),
		});
		const outcome = await race.finished;
		await race.cancel();
		expect(outcome.completed).toBe(false);
		expect(outcome.errors).toEqual(['semi: malformed "epoch" event from semi: field "testAccuracy": expected a number']);
		expect(events.filter(event => event.type === 'epoch').map(event => event.type === 'epoch' && [event.run, event.epoch])).toEqual([
			['supervised', 1],
			['supervised', 2],
		]);
		expect(events.at(-1)).toMatchObject({type: 'done', results: {supervised: {status: 'done'}, semi: {status: 'failed'}}});
	}, 30_000);
});

it('the real training worker refuses a start message from another build, naming the version', async () => {
	const contender = plan.contenders[0]!;
	const message = {
		type: 'start',
		protocol: (protocolVersion + 1) as typeof protocolVersion,
		run: contender.id,
		method: contender.method,
		config: contender.config,
		epochs: contender.epochs,
		backend: 'wasm',
		dataset,
		split: stratifiedSplit(new Uint8Array(dataset.trainLabels), 200, 1, dataset.info.classNames.length),
		pauseFlag: new SharedArrayBuffer(4),
	} satisfies StartMessage;
	const events: WorkerEvent[] = [];
	const host = startRunHost(message, {onEvent: event => events.push(event), onExit() {}});
	const deadline = Date.now() + 20_000;
	while (events.length === 0 && Date.now() < deadline) await new Promise(resolve => setTimeout(resolve, 20));
	await host.terminate();
	expect(events).toEqual([
		{
			type: 'error',
			run: 'supervised',
			message: `start message speaks protocol ${protocolVersion + 1}, this worker ${protocolVersion}: the race and its worker scripts come from different builds`,
		},
	]);
}, 30_000);
