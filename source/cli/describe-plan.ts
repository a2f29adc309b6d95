/**
 * `--dry-run`: the resolved race in words — who races, with which method, for how long, and what differs from the
 * defaults (a method's own settings only on its contenders), each setting written as the flag that sets it
 * (`--warmup 3`), as a sweep's `--vary` and its report name it.
 */
import type {RacePlan} from '../config/contenders.js';
import {defaultContenderSettings, knobs, readKnob, type KnobEntry} from '../config/knobs.js';
import {methodInfo} from '../config/methods.js';
import type {Preset} from '../config/presets.js';
import {registry} from '../methods/registry.js';

/** Each knob only one method reads, with that method: another contender's plan leaves it out (it changes nothing there). */
const ownerOf = new Map<string, string>(registry.flatMap(method => method.knobs.map(knob => [knob, method.name] as [string, string])));

function show(knob: KnobEntry, value: unknown): string {
	if (typeof value === 'boolean') return value ? `--${knob.flag}` : `--no-${knob.flag}`;
	return `--${knob.flag} ${Array.isArray(value) ? value.join(',') : String(value)}`;
}

export function describePlan(preset: Preset, plan: RacePlan): string {
	const defaults = defaultContenderSettings() as unknown as Record<string, unknown>;
	const lines = [
		`preset ${preset.name} (${preset.label}): ${preset.description}`,
		`race: ${knobs.filter(knob => knob.scope === 'race').map(knob => show(knob, readKnob(plan.race, knob))).join(' ')}`,
		`${plan.contenders.length} contender${plan.contenders.length === 1 ? '' : 's'}, ${plan.epochs} epochs at most:`,
	];
	for (const contender of plan.contenders) {
		const config = contender.config as unknown as Record<string, unknown>;
		const changed = knobs
			.filter(knob => knob.scope === 'contender' && (ownerOf.get(knob.name) ?? contender.method) === contender.method)
			.filter(knob => JSON.stringify(readKnob(config, knob)) !== JSON.stringify(readKnob(defaults, knob)))
			.map(knob => show(knob, readKnob(config, knob)));
		lines.push(
			`  ${contender.id.padEnd(12)} ${contender.name} — ${methodInfo[contender.method].label}, ${contender.epochs} epochs`
				+ (changed.length > 0 ? `; ${changed.join(' ')}` : '; default settings'),
		);
	}

	return `${lines.join('\n')}\n`;
}
