/**
 * Every training method, in the order lists show them. The method list, its type, `--help`'s list, `?`, the panels'
 * rule texts, headless lines and the worker's dispatch all come from here: a new method is its file plus one line.
 */
import {fixmatch} from './fixmatch.js';
import {flexmatch, flexMatchKnobs} from './flexmatch.js';
import {freematch, freeMatchKnobs} from './freematch.js';
import {meanTeacher, meanTeacherKnobs} from './mean-teacher.js';
import {lee2013, lee2013Knobs} from './lee2013.js';
import type {MethodDefinition} from './method.js';
import {noisyStudent, noisyStudentKnobs} from './noisy-student.js';
import {pseudoLabel} from './pseudo-label.js';
import {supervised} from './supervised.js';
import {vat, vatKnobs} from './vat.js';

export const registry = [supervised, pseudoLabel, lee2013, noisyStudent, fixmatch, flexmatch, freematch, meanTeacher, vat] as const;

/**
 * The settings only one method reads, declared in its file: the settings table (config/knobs.ts) spreads them in,
 * in this order, so flags, presets, `--help` and summaries know them like every other knob.
 */
export const methodKnobs = {...lee2013Knobs, ...flexMatchKnobs, ...noisyStudentKnobs, ...freeMatchKnobs, ...meanTeacherKnobs, ...vatKnobs};

export type Method = (typeof registry)[number]['name'];

/** The method names, in registry order. */
export const methods: readonly Method[] = registry.map(method => method.name);

export function isMethod(value: unknown): value is Method {
	return typeof value === 'string' && (methods as readonly string[]).includes(value);
}

const byName = new Map<string, MethodDefinition<Method>>(registry.map(method => [method.name, method]));

/** The definition of a method (names come checked: from a preset, a flag or a start message). */
export function methodNamed(name: Method): MethodDefinition<Method> {
	const method = byName.get(name);
	if (method === undefined) throw new RangeError(`unknown method ${String(name)}`);
	return method;
}

/** Every method's definition by name, for callers that index it: methodInfo[contender.method].label. */
export const methodInfo = Object.fromEntries(registry.map(method => [method.name, method])) as {[Name in Method]: MethodDefinition<Name>};
