// The method registry is the one list: the names, `--help`, the settings table's method knobs, headless lines and the
// worker's dispatch all come from it, and its files can be loaded by the main process (no engine, no config cycle).
import {readFileSync, readdirSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {helpText} from '../../source/cli/help-text.js';
import {resolveRace} from '../../source/config/contenders.js';
import {knobNamed, knobs} from '../../source/config/knobs.js';
import {isMethod, methodInfo, methods} from '../../source/config/methods.js';
import {defaultRunConfig} from '../../source/config/run-config.js';
import {keySettings} from '../../source/headless/plain-lines.js';
import {methodKnobs, methodNamed, registry} from '../../source/methods/registry.js';

const source = path.join(import.meta.dirname, '..', '..', 'source');

describe('the method registry', () => {
	it('names every method once, and the method list everyone imports is its names', () => {
		const names = registry.map(method => method.name);
		expect(new Set(names).size).toBe(names.length);
		expect(methods).toEqual(names);
		for (const name of names) {
			expect(isMethod(name)).toBe(true);
			expect(methodNamed(name).name).toBe(name);
			expect(methodInfo[name]).toBe(methodNamed(name));
		}

		expect(isMethod('mean-teacher-typo')).toBe(false);
		expect(() => methodNamed('nope' as 'supervised')).toThrow(/unknown method nope/);
	});

	it('gives every method a kind, a label, a sentence, defaults and knobs the settings table knows', () => {
		for (const method of registry) {
			expect(['baseline', 'offline', 'online']).toContain(method.kind);
			expect(method.label.length).toBeGreaterThan(0);
			expect(method.explain).toMatch(/^\S.{20,}\.$/);
			for (const name of [...Object.keys(method.defaults), ...method.knobs]) {
				expect(knobNamed(name), `${method.name}: ${name}`).toBeDefined();
			}
		}
	});

	it('puts each method\'s own knobs into the settings table, so flags and --help know them', () => {
		const help = helpText();
		for (const [name, spec] of Object.entries(methodKnobs)) {
			expect(knobs.find(knob => knob.name === name)?.flag).toBe(spec.flag);
			expect(help).toContain(`--${spec.rule.kind === 'boolean' ? '[no-]' : ''}${spec.flag}`);
		}

		expect(Object.keys(methodKnobs).sort()).toEqual(registry.flatMap(method => method.knobs).sort());
	});

	it('lists every method with its sentence in --help', () => {
		// Wide enough that no sentence wraps: the test is about the sentence, wrapping has its own tests.
		const help = helpText(1000);
		for (const method of registry) {
			expect(help).toMatch(new RegExp(`^  ${method.name} +.*${escape(method.explain)}$`, 'm'));
		}
	});

	it('words each rule as its mask decides: ≥ for FixMatch, > for the offline rounds, every guess for Lee', () => {
		const config = {...defaultRunConfig, threshold: 0.95, alphaFinal: 2.5};
		expect(methodNamed('fixmatch').ruleText(config)).toBe('≥ 95% sure');
		expect(methodNamed('pseudo-label').ruleText(config)).toBe('> 95% sure');
		expect(methodNamed('noisy-student').ruleText({...config, softTargets: true})).toBe('> 95% sure, soft targets');
		expect(methodNamed('lee2013').ruleText(config)).toBe('every guess, α → 2.5');
	});

	it('feeds the headless contender line with each method\'s key settings', () => {
		const plan = resolveRace({}, registry.map(method => ({id: method.name, name: method.name, method: method.name, patch: {}})));
		for (const contender of plan.contenders) {
			const line = keySettings({...contender, method: contender.method});
			for (const part of methodNamed(contender.method).keySettings(contender.config)) {
				expect(line).toContain(part);
			}
		}
	});
});

describe('the files behind it', () => {
	it('the worker dispatches through the registry, naming no method', () => {
		const worker = readFileSync(path.join(source, 'worker', 'training-worker.ts'), 'utf8');
		expect(worker).toMatch(/const method = methodNamed\(message\.method\);[\s\S]*method\.run\(/);
		for (const method of registry) expect(worker).not.toContain(`'${method.name}'`);
	});

	it('method and training files take config and engine as types only (the main process loads them via config)', () => {
		// A value import of the engine would load tfjs in the main process; one of config would make knobs.ts →
		// registry → method → config a load-order cycle.
		for (const folder of ['methods', 'training']) {
			for (const file of readdirSync(path.join(source, folder))) {
				const text = readFileSync(path.join(source, folder, file), 'utf8');
				const valueImports = [...text.matchAll(/^import (?!type )[^;]*from '\.\.\/(config|engine)\/[^']+'/gm)].map(match => match[0]);
				expect(valueImports, `${folder}/${file}`).toEqual([]);
			}
		}
	});
});

function escape(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
