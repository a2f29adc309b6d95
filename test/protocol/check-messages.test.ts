import {describe, expect, it} from 'vitest';
import {resolveRace} from '../../source/config/contenders.js';
import {mnistInfo} from '../../source/core/dataset-info.js';
import {checkHelperStart, checkProbeAnswer, checkStartMessage, checkWorkerEvent, ProtocolError} from '../../source/protocol/check-messages.js';
import {protocolVersion, type StartMessage, type WorkerEvent} from '../../source/protocol/messages.js';
import {createTeamBuffer} from '../../source/protocol/team-buffer.js';
import {fourContenderEvents, raceEventsUntil} from '../fixtures/race-events.js';

const plan = resolveRace({}, undefined);
const semi = plan.contenders.find(contender => contender.id === 'semi')!;

function startMessage(): StartMessage {
	return {
		type: 'start',
		protocol: protocolVersion,
		run: 'semi',
		method: semi.method,
		config: semi.config,
		epochs: semi.epochs,
		backend: 'wasm',
		dataset: {
			info: mnistInfo(),
			name: 'MNIST',
			rows: 28,
			cols: 28,
			trainImages: new SharedArrayBuffer(20 * 784),
			trainLabels: new SharedArrayBuffer(20),
			testImages: new SharedArrayBuffer(10 * 784),
			testLabels: new SharedArrayBuffer(10),
			trainCount: 20,
			testCount: 10,
		},
		split: {labeled: new Int32Array([0, 1]), pool: new Int32Array([2, 3])},
		pauseFlag: new SharedArrayBuffer(4),
	};
}

/** A copy of the start message with `edit` applied to it (the message is plain data plus buffers). */
function broken(edit: (message: Record<string, any>) => void): unknown {
	const message = startMessage() as unknown as Record<string, any>;
	const copy = {...message, dataset: {...message.dataset}, config: {...message.config}};
	edit(copy);
	return copy;
}

describe('the start message check', () => {
	it('passes a well-formed start message as it is', () => {
		const message = startMessage();
		expect(checkStartMessage(message)).toBe(message);
		// A child process gets its own typed-array copies and no pause flag (run-host.ts).
		const copied = {...message, pauseFlag: undefined, dataset: {...message.dataset, trainImages: new Uint8Array(20 * 784)}};
		expect(checkStartMessage(copied)).toBe(copied);
	});

	it.each<[string, (message: Record<string, any>) => void, string]>([
		['a missing version', message => delete message.protocol, `start message speaks protocol undefined, this worker ${protocolVersion}`],
		['another version', message => (message.protocol = 0), `start message speaks protocol 0, this worker ${protocolVersion}`],
		['an unknown method', message => (message.method = 'magic'), 'malformed start message: field "method": Invalid option'],
		['an unknown backend', message => (message.backend = 'gpu'), 'malformed start message: field "backend"'],
		['a count given as text', message => (message.dataset.trainCount = '20'), 'malformed start message: field "dataset.trainCount": expected a whole number ≥ 0'],
		['a config without a knob', message => delete message.config.threshold, 'malformed start message: field "config.threshold"'],
		['a grouped knob of the wrong kind', message => (message.config.augmentation = {...message.config.augmentation, rotationDeg: 'ten'}), 'field "config.augmentation.rotationDeg": expected a number'],
		['images shorter than their count', message => (message.dataset.testImages = new SharedArrayBuffer(5 * 784)), 'field "dataset.testImages": holds 3920 bytes, expected 7840'],
		['a split of plain arrays', message => (message.split = {labeled: [0, 1], pool: [2, 3]}), 'field "split.labeled": expected an Int32Array'],
		['a pause flag that is not shared', message => (message.pauseFlag = new ArrayBuffer(4)), 'field "pauseFlag": expected a SharedArrayBuffer'],
	])('refuses %s, naming the field', (_, edit, expected) => {
		expect(() => checkStartMessage(broken(edit))).toThrow(ProtocolError);
		expect(() => checkStartMessage(broken(edit))).toThrow(expected);
	});

	it('refuses what is not an object at all', () => {
		expect(() => checkStartMessage('start')).toThrow('malformed start message: expected an object, got string');
	});
});

describe('the helper start check', () => {
	const images = [new SharedArrayBuffer(784)];
	it('passes a well-formed one and refuses a missing or plain-buffer team, a bad slot or another version', () => {
		const start = {type: 'helper-start', protocol: protocolVersion, team: createTeamBuffer(), slot: 1, images};
		expect(checkHelperStart(start)).toBe(start);
		expect(() => checkHelperStart({type: 'helper-start', protocol: protocolVersion, slot: 1, images})).toThrow(
			'malformed helper start message: field "team": expected a shared WebAssembly.Memory',
		);
		// The team before teams of N was a growable SharedArrayBuffer: a helper of another build must not misread it.
		expect(() => checkHelperStart({...start, team: new SharedArrayBuffer(64)})).toThrow('field "team": expected a shared WebAssembly.Memory');
		expect(() => checkHelperStart({...start, slot: 0})).toThrow('field "slot"');
		expect(() => checkHelperStart({...start, slot: 16})).toThrow('field "slot"');
		expect(() => checkHelperStart({...start, protocol: protocolVersion + 1})).toThrow(`helper start message speaks protocol ${protocolVersion + 1}`);
	});
});

/** Every worker event of the fixture races (the orchestrator's own start, helper, control and done left out). */
function workerEvents(): WorkerEvent[] {
	const own = new Set(['start', 'helper', 'control', 'done']);
	return [...raceEventsUntil(20, 18), ...fourContenderEvents(20)].filter((event): event is WorkerEvent => !own.has(event.type));
}

describe('the worker event check', () => {
	it('passes every event the fixture races hold, a diverged loss and an empty round too', () => {
		const events = workerEvents();
		expect(new Set(events.map(event => event.type))).toEqual(new Set(['ready', 'phase', 'epoch', 'progress', 'pseudo-labels']));
		for (const event of events) expect(checkWorkerEvent(event, event.run)).toBe(event);
		const epoch = events.find(event => event.type === 'epoch')!;
		expect(() => checkWorkerEvent({...epoch, loss: Number.NaN}, epoch.run)).not.toThrow();
		const round = events.find(event => event.type === 'pseudo-labels')!;
		expect(() => checkWorkerEvent({...round, accepted: 0, precision: Number.NaN}, round.run)).not.toThrow();
		const withSignals = {...round, signals: [{name: 'teacher', value: 0.91, percent: true}, {name: 'consistency weight', value: 1}]};
		expect(checkWorkerEvent(withSignals, round.run)).toBe(withSignals);
		const done = {type: 'run-done', run: 'semi', testAccuracy: 0.9, wallSeconds: 3, samplesTrained: 10, teamSteps: {shared: 4, alone: 2}};
		expect(checkWorkerEvent(done, 'semi')).toBe(done);
	});

	it.each<[string, unknown, string]>([
		['an accuracy given as text', {type: 'epoch', run: 'semi', epoch: 1, phase: 'training', round: 0, testAccuracy: 'high', loss: 1, samplesPerSec: 1, trainSize: 1, seconds: 1}, 'malformed "epoch" event from semi: field "testAccuracy": expected a number'],
		['an unknown phase', {type: 'phase', run: 'semi', phase: 'resting', round: 0}, 'malformed "phase" event from semi: field "phase"'],
		['an unknown type', {type: 'progres', run: 'semi'}, 'malformed "progres" event from semi: field "type"'],
		['a progress tick without its fraction', {type: 'progress', run: 'semi', epoch: 1, samplesPerSec: 5}, 'malformed "progress" event from semi: field "fraction": expected a number'],
		['a progress tick with a fractional epoch', {type: 'progress', run: 'semi', epoch: 1.5, fraction: 0.5, samplesPerSec: 5}, 'field "epoch": expected a whole number'],
		['a sample without pixels', {type: 'pseudo-labels', run: 'semi', round: 1, pool: 1, accepted: 1, acceptanceRate: 1, precision: 1, perClassAccepted: [], perClassCorrect: [], threshold: 0.8, samples: [{pseudoLabel: 1, confidence: 1, accepted: true}], predictPerSec: 1, augmentPerSec: 1}, 'field "samples.0.pixels"'],
		['a method signal given as text', {type: 'pseudo-labels', run: 'semi', round: 1, pool: 1, accepted: 1, acceptanceRate: 1, precision: 1, perClassAccepted: [], perClassCorrect: [], threshold: 0, signals: [{name: 'teacher', value: 'high'}], samples: [], predictPerSec: 1, augmentPerSec: 1}, 'field "signals.0.value": expected a number'],
		['an event about another contender', {type: 'paused', run: 'supervised'}, 'malformed "paused" event from semi: field "run": expected "semi", got "supervised"'],
		['no object', 42, 'malformed event from semi: expected an object, got number'],
	])('refuses %s, naming the field', (_, value, expected) => {
		expect(() => checkWorkerEvent(value, 'semi')).toThrow(expected);
	});

	it('passes a final model whose arrays fit its shape, and names the array that does not', () => {
		const shape = {input: 4, hidden1: 3, hidden2: 2, classes: 2};
		const final = {
			type: 'final-model',
			run: 'semi',
			poolRows: Int32Array.of(5, 9, 11),
			probabilities: new Float32Array(3 * 2),
			shape,
			weights: {p1: new Float32Array(3 * 5), p2: new Float32Array(2 * 4), p3: new Float32Array(2 * 3)},
		};
		expect(checkWorkerEvent(final, 'semi')).toBe(final);
		expect(() => checkWorkerEvent({...final, probabilities: new Float32Array(5)}, 'semi')).toThrow(
			'malformed "final-model" event from semi: field "probabilities": holds 5 numbers, expected 3 × 2',
		);
		expect(() => checkWorkerEvent({...final, weights: {...final.weights, p2: new Float32Array(7)}}, 'semi')).toThrow('field "weights.p2": holds 7 numbers, expected 2 × 4');
		expect(() => checkWorkerEvent({...final, poolRows: [5, 9, 11]}, 'semi')).toThrow('field "poolRows": expected an Int32Array');
	});

	it('checks a per-batch progress tick cheaply: well under a microsecond each', () => {
		const tick = {type: 'progress', run: 'semi', epoch: 3, fraction: 0.25, samplesPerSec: 2000};
		const count = 200_000;
		const started = performance.now();
		for (let index = 0; index < count; index++) checkWorkerEvent(tick, 'semi');
		const microseconds = ((performance.now() - started) * 1000) / count;
		expect(microseconds).toBeLessThan(1);
	});
});

describe('the backend probe answer check', () => {
	it('passes an answer and turns a malformed one into a failure saying why', () => {
		expect(checkProbeAnswer({ok: true, backend: 'wasm'})).toEqual({ok: true, backend: 'wasm'});
		expect(checkProbeAnswer({ok: true, backend: 'gpu'})).toEqual({ok: false, reason: expect.stringMatching(/^malformed answer from the backend probe: field "backend"/)});
	});
});
