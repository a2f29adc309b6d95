/** The shape of a preset file, derived from the settings table, and its one-line error messages. */
import {z} from 'zod';
import {InputError} from '../core/input-error.js';
import {parseJson} from '../core/byte-order-mark.js';
import {closestWord} from '../text/closest-word.js';
import type {ContenderEntry, KnobPatch} from './contenders.js';
import {maxContenders} from './contenders.js';
import {describeRule, fitsRule, knobs, readKnob, type KnobEntry, type KnobGroup} from './knobs.js';
import {methods, type Method} from './methods.js';

const presetNamePattern = /^[a-z\d][a-z\d_-]{0,39}$/i;
const contenderIdPattern = /^[a-z][a-z\d-]{0,15}$/;
const groups: KnobGroup[] = ['augmentation', 'strongAugmentation'];

function knobSchema(knob: KnobEntry) {
	return z.unknown().refine(value => fitsRule(knob.rule, value)).optional();
}

/** Top-level fields of knobs in `scopes`, with groups as nested strict objects. */
function knobFields(scopes: Array<KnobEntry['scope']>) {
	const fields: Record<string, z.ZodType> = {};
	for (const knob of knobs) {
		if (scopes.includes(knob.scope) && !knob.group) fields[knob.field] = knobSchema(knob);
	}

	for (const group of groups) {
		const inner = Object.fromEntries(knobs.filter(knob => knob.group === group).map(knob => [knob.field, knobSchema(knob)]));
		fields[group] = z.strictObject(inner).optional();
	}

	return fields;
}

const contenderSchema = z.strictObject({
	id: z.string().regex(contenderIdPattern),
	name: z.string().min(1).max(24).regex(/^[^\r\n]*$/).optional(),
	method: z.enum(methods),
	notes: z.string().optional(),
	...knobFields(['contender']),
});

/** A preset file: a name, a one-line description, optional notes, shared knob values, and optionally its contenders. */
export const presetFileSchema = z.strictObject({
	name: z.string().regex(presetNamePattern),
	description: z.string().min(1).regex(/^[^\r\n]*$/),
	notes: z.string().optional(),
	...knobFields(['race', 'contender']),
	contenders: z
		.array(contenderSchema)
		.min(1)
		.max(maxContenders)
		.refine(list => new Set(list.map(contender => contender.id)).size === list.length)
		.optional(),
});

/** A preset file after validation. */
export interface PresetFile {
	name: string;
	description: string;
	notes?: string;
	/** Knob values shared by every contender (and race-wide knobs). */
	patch: KnobPatch;
	contenders?: ContenderEntry[];
}

function patchOf(data: Record<string, unknown>): KnobPatch {
	const patch: KnobPatch = {};
	for (const knob of knobs) {
		const value = readKnob(data, knob);
		if (value !== undefined) patch[knob.name] = value as number | boolean | number[];
	}

	return patch;
}

const fixedExpectations: Record<string, string> = {
	name: 'a preset name (letters, digits, "-" and "_", up to 40 characters)',
	description: 'one non-empty line of text',
	notes: 'a string',
	contenders: `a list of 1 to ${maxContenders} contenders with different ids`,
	id: 'a short id: a lower-case letter, then up to 15 lower-case letters, digits or "-"',
	method: `one of ${methods.join(', ')}`,
	augmentation: 'an object of augmentation settings',
	strongAugmentation: 'an object of strong augmentation settings',
};

/** What the field at `path` must be, in words; contender fields are looked up without their list position. */
function expectationOf(path: PropertyKey[]): string {
	const keys = path.filter(key => typeof key === 'string') as string[];
	if (keys[0] === 'contenders' && keys.length > 1) keys.shift();
	if (keys[0] === 'contenders' && path.length === 2) return 'an object with id, method and optional settings';
	const last = keys.at(-1) ?? '';
	if (keys.length === 2 && keys[1] === 'name') return 'a display name of 1 to 24 characters on one line';
	const knob = knobs.find(candidate => candidate.path === keys.join('.'));
	return knob ? describeRule(knob.rule) : (fixedExpectations[last] ?? 'valid');
}

function pathText(path: PropertyKey[]): string {
	return path.map((key, index) => (typeof key === 'number' ? `[${key}]` : `${index > 0 ? '.' : ''}${String(key)}`)).join('');
}

function valueAt(data: unknown, path: PropertyKey[]): unknown {
	let value = data;
	for (const key of path) {
		value = value !== null && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key] : undefined;
	}

	return value;
}

function allowedFields(path: PropertyKey[]): string[] {
	const group = path.findLast(key => typeof key === 'string' && (groups as string[]).includes(key)) as KnobGroup | undefined;
	if (group) return knobs.filter(knob => knob.group === group).map(knob => knob.field);
	return Object.keys(path.length === 0 ? presetFileSchema.shape : contenderSchema.shape);
}

function unknownFieldMessage(keys: string[], path: PropertyKey[]): string {
	const where = path.length === 0 ? '' : ` in "${pathText(path)}"`;
	const [key] = keys;
	const raceWide = path[0] === 'contenders' && keys.length === 1 ? knobs.find(k => k.field === key && k.scope === 'race') : undefined;
	if (raceWide) {
		return `"${key}"${where} is shared by the whole race: set it at the top of the preset, not per contender`;
	}

	const allowed = allowedFields(path);
	const guess = keys.length === 1 ? closestWord(key!, allowed) : undefined;
	const hint = guess === undefined ? `allowed: ${allowed.join(', ')}` : `did you mean "${guess}"?`;
	return `unknown field ${keys.map(name => `"${name}"`).join(', ')}${where} (${hint})`;
}

/** The first problem of a failed parse, as one line naming the field, what it must be and what it was. */
function describeIssue(issue: z.core.$ZodIssue, data: unknown): string {
	if (issue.code === 'unrecognized_keys') {
		return unknownFieldMessage(issue.keys, issue.path);
	}

	if (issue.path.length === 0) {
		return 'must be a JSON object';
	}

	const field = pathText(issue.path);
	const value = valueAt(data, issue.path);
	const expected = expectationOf(issue.path);
	if (value === undefined) {
		return `field "${field}" is missing; it must be ${expected}`;
	}

	const shown = JSON.stringify(value);
	return `field "${field}" must be ${expected}, got ${shown === undefined ? String(value) : shown.length > 60 ? `${shown.slice(0, 57)}...` : shown}`;
}

/** Validates a preset file's text; any problem becomes an InputError whose one line starts with `fileLabel`. */
export function parsePresetFile(text: string, fileLabel: string): PresetFile {
	let data: unknown;
	try {
		data = parseJson(text);
	} catch (error) {
		const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
		throw new InputError(`${fileLabel}: not valid JSON (${reason})`);
	}

	const result = presetFileSchema.safeParse(data);
	if (!result.success) {
		throw new InputError(`${fileLabel}: ${describeIssue(result.error.issues[0]!, data)}`);
	}

	const file = result.data as Record<string, unknown> & {name: string; description: string; notes?: string};
	// The schema's z.enum(methods) has already refused an unknown method.
	const contenders = (file.contenders as Array<Record<string, unknown>> | undefined)?.map(entry => {
		return {
			id: entry.id as string,
			name: (entry.name as string | undefined) ?? (entry.id as string),
			method: entry.method as Method,
			...(entry.notes === undefined ? {} : {notes: entry.notes as string}),
			patch: patchOf(entry),
		};
	});
	return {
		name: file.name,
		description: file.description,
		...(file.notes === undefined ? {} : {notes: file.notes}),
		patch: patchOf(file),
		...(contenders === undefined ? {} : {contenders}),
	};
}
