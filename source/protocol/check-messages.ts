/**
 * The runtime check of every message that crosses the worker boundary: a malformed message becomes one clear error
 * naming the field ("field "dataset.trainCount": expected a number"), instead of a crash somewhere later. The shapes
 * are written against messages.ts; per-batch `progress` events take a hand-written fast path, the rest go through zod.
 */
import {z} from 'zod';
import {knobs, type KnobEntry} from '../config/knobs.js';
import {methods} from '../config/methods.js';
import {backendNames} from './backends.js';
import {protocolVersion, type BackendProbeAnswer, type HelperStart, type StartMessage, type WorkerEvent} from './messages.js';
import {isTeamMemory, maxTeamMembers, type TeamMemory} from './team-buffer.js';

/** A message that does not have the shape the protocol says: its one-line message names the field. */
export class ProtocolError extends Error {
	override name = 'ProtocolError';
}

// NaN and ±Infinity are legitimate here (a loss that diverged, a precision with nothing accepted); zod's number is not.
const number = z.custom<number>(value => typeof value === 'number', {message: 'expected a number'});
const count = z.custom<number>(value => Number.isInteger(value) && (value as number) >= 0, {message: 'expected a whole number ≥ 0'});
const text = z.string();
const buffer = z.custom<ArrayBufferLike>(
	// A child process receives typed-array copies (run-host.ts), a thread the buffers themselves.
	value => value instanceof ArrayBuffer || value instanceof SharedArrayBuffer || value instanceof Uint8Array,
	{message: 'expected an ArrayBuffer, SharedArrayBuffer or Uint8Array'},
);
const shared = z.instanceof(SharedArrayBuffer, {message: 'expected a SharedArrayBuffer'});
const teamMemory = z.custom<TeamMemory>(isTeamMemory, {message: 'expected a shared WebAssembly.Memory'});
const indices = z.instanceof(Int32Array, {message: 'expected an Int32Array'});
const floats = z.instanceof(Float32Array, {message: 'expected a Float32Array'});
const phase = z.enum(['starting', 'warm-up', 'training', 'labeling', 'retraining', 'done', 'error']);

/** A resolved contender configuration: every knob of the table present, with its kind of value. */
function configSchema() {
	const field = (knob: KnobEntry) => (knob.rule.kind === 'boolean' ? z.boolean() : knob.rule.kind === 'int-list' ? z.array(number) : number);
	const fields: Record<string, z.ZodType> = {};
	for (const knob of knobs.filter(entry => !entry.group)) fields[knob.field] = field(knob);
	for (const group of new Set(knobs.flatMap(knob => (knob.group ? [knob.group] : [])))) {
		fields[group] = z.looseObject(Object.fromEntries(knobs.filter(knob => knob.group === group).map(knob => [knob.field, field(knob)])));
	}

	return z.looseObject(fields);
}

const datasetSchema = z
	.looseObject({
		// The descriptor's own fields are the data layer's; here it must at least be there.
		info: z.looseObject({classNames: z.array(text), height: count, width: count, channels: count}),
		name: text,
		rows: count,
		cols: count,
		trainImages: buffer,
		trainLabels: buffer,
		testImages: buffer,
		testLabels: buffer,
		trainCount: count,
		testCount: count,
	})
	.superRefine((dataset, context) => {
		const sampleBytes = dataset.info.height * dataset.info.width * dataset.info.channels;
		for (const [field, samples, size] of [
			['trainImages', dataset.trainCount, sampleBytes],
			['trainLabels', dataset.trainCount, 1],
			['testImages', dataset.testCount, sampleBytes],
			['testLabels', dataset.testCount, 1],
		] as const) {
			const bytes = dataset[field].byteLength;
			if (bytes < samples * size) context.addIssue({code: 'custom', path: [field], message: `holds ${bytes} bytes, expected ${samples * size}`});
		}
	});

const startSchema = z.looseObject({
	type: z.literal('start'),
	run: text.min(1),
	method: z.enum(methods),
	config: configSchema(),
	epochs: count,
	backend: z.enum(backendNames),
	dataset: datasetSchema,
	split: z.looseObject({labeled: indices, pool: indices}),
	pauseFlag: shared.optional(),
	team: teamMemory.optional(),
	finalModel: z.boolean().optional(),
});

const helperStartSchema = z.looseObject({
	type: z.literal('helper-start'),
	team: teamMemory,
	slot: z.number().int().min(1).max(maxTeamMembers - 1),
	images: z.array(buffer),
});

const sampleSchema = z.looseObject({pixels: z.array(number), pseudoLabel: number, confidence: number, accepted: z.boolean()});

const eventSchema = z.discriminatedUnion('type', [
	z.looseObject({type: z.literal('ready'), run: text, backend: z.enum(backendNames)}),
	z.looseObject({type: z.literal('phase'), run: text, phase, round: count}),
	z.looseObject({
		type: z.literal('epoch'),
		run: text,
		epoch: count,
		phase,
		round: count,
		testAccuracy: number,
		oneClass: z.looseObject({label: count, share: number}).optional(),
		loss: number,
		samplesPerSec: number,
		trainSize: count,
		seconds: number,
	}),
	z.looseObject({
		type: z.literal('pseudo-labels'),
		run: text,
		kind: z.enum(['round', 'online']).optional(),
		round: count,
		pool: count,
		accepted: count,
		acceptanceRate: number,
		precision: number,
		perClassAccepted: z.array(number),
		perClassCorrect: z.array(number),
		threshold: number,
		perClassTopConfusion: z.array(z.tuple([number, number]).nullable()).optional(),
		carriedOver: z.looseObject({wrongBefore: number, fixed: number, stillWrong: number, moreConfident: number, dropped: number}).optional(),
		alpha: number.optional(),
		classThresholds: z.array(number).optional(),
		signals: z.array(z.looseObject({name: text, value: number, percent: z.boolean().optional()})).optional(),
		samples: z.array(sampleSchema),
		predictPerSec: number,
		augmentPerSec: number,
	}),
	z.looseObject({type: z.literal('paused'), run: text}),
	z.looseObject({
		type: z.literal('run-done'),
		run: text,
		testAccuracy: number,
		wallSeconds: number,
		samplesTrained: number,
		teamSteps: z.looseObject({shared: count, alone: count, widest: count.optional(), augmentations: count.optional()}).optional(),
	}),
	z.looseObject({
		type: z.literal('final-model'),
		run: text,
		poolRows: indices,
		probabilities: floats,
		shape: z.looseObject({input: count, hidden1: count, hidden2: count, classes: count}),
		weights: z.looseObject({p1: floats, p2: floats, p3: floats}),
	}).superRefine((event, context) => {
		const {input, hidden1, hidden2, classes} = event.shape;
		if (event.probabilities.length !== event.poolRows.length * classes) {
			context.addIssue({code: 'custom', path: ['probabilities'], message: `holds ${event.probabilities.length} numbers, expected ${event.poolRows.length} × ${classes}`});
		}

		for (const [name, rows, columns] of [['p1', hidden1, input + 1], ['p2', hidden2, hidden1 + 1], ['p3', classes, hidden2 + 1]] as const) {
			const length = event.weights[name].length;
			if (length !== rows * columns) context.addIssue({code: 'custom', path: ['weights', name], message: `holds ${length} numbers, expected ${rows} × ${columns}`});
		}
	}),
	z.looseObject({type: z.literal('error'), run: text, message: text}),
]);

function describeIssue(issue: z.core.$ZodIssue): string {
	const field = issue.path.length === 0 ? 'the message' : `field "${issue.path.map(String).join('.')}"`;
	return `${field}: ${issue.message.replace(/^Invalid input: /, '')}`;
}

function checked<T>(schema: z.ZodType, value: unknown, what: string): T {
	const result = schema.safeParse(value);
	if (!result.success) throw new ProtocolError(`malformed ${what}: ${describeIssue(result.error.issues[0]!)}`);
	return value as T;
}

/** The version check comes first: a message from another version is named as such, not as a field-by-field mismatch. */
function checkVersion(value: unknown, what: string): void {
	if (typeof value !== 'object' || value === null) throw new ProtocolError(`malformed ${what}: expected an object, got ${value === null ? 'null' : typeof value}`);
	const version = (value as {protocol?: unknown}).protocol;
	if (version !== protocolVersion) {
		throw new ProtocolError(`${what} speaks protocol ${JSON.stringify(version)}, this worker ${protocolVersion}: the race and its worker scripts come from different builds`);
	}
}

/** The training worker's start message, as it arrives in the worker. Throws ProtocolError. */
export function checkStartMessage(value: unknown): StartMessage {
	checkVersion(value, 'start message');
	return checked<StartMessage>(startSchema, value, 'start message');
}

/** A helper thread's start message. Throws ProtocolError. */
export function checkHelperStart(value: unknown): HelperStart {
	checkVersion(value, 'helper start message');
	return checked<HelperStart>(helperStartSchema, value, 'helper start message');
}

const probeAnswerSchema = z.discriminatedUnion('ok', [
	z.looseObject({ok: z.literal(true), backend: z.enum(backendNames)}),
	z.looseObject({ok: z.literal(false), reason: text}),
]);

/** The backend probe's answer, checked, or a failed answer saying what was wrong with it. */
export function checkProbeAnswer(value: unknown): BackendProbeAnswer {
	const result = probeAnswerSchema.safeParse(value);
	return result.success ? (value as BackendProbeAnswer) : {ok: false, reason: `malformed answer from the backend probe: ${describeIssue(result.error.issues[0]!)}`};
}

/** `progress` comes every few batches: checked by hand, field by field, without building any issue objects. */
function progressProblem(event: Record<string, unknown>): string | undefined {
	if (typeof event.run !== 'string') return 'field "run": expected string';
	if (!Number.isInteger(event.epoch)) return 'field "epoch": expected a whole number';
	if (typeof event.fraction !== 'number') return 'field "fraction": expected a number';
	if (typeof event.samplesPerSec !== 'number') return 'field "samplesPerSec": expected a number';
	return undefined;
}

/** An event a worker of contender `run` sent to the orchestrator. Throws ProtocolError, naming the event and field. */
export function checkWorkerEvent(value: unknown, run: string): WorkerEvent {
	if (typeof value !== 'object' || value === null) throw new ProtocolError(`malformed event from ${run}: expected an object, got ${value === null ? 'null' : typeof value}`);
	const event = value as Record<string, unknown>;
	const what = `${typeof event.type === 'string' ? `"${event.type}" ` : ''}event from ${run}`;
	if (event.type === 'progress') {
		const problem = progressProblem(event);
		if (problem !== undefined) throw new ProtocolError(`malformed ${what}: ${problem}`);
	} else {
		checked(eventSchema, value, what);
	}

	if (event.run !== run) throw new ProtocolError(`malformed ${what}: field "run": expected "${run}", got ${JSON.stringify(event.run)}`);
	return value as WorkerEvent;
}
