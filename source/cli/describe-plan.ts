/**
 * `--dry-run`: the resolved race in words — who races, with which method, for how long, and what differs from the
 * defaults, each setting written as the flag that sets it (`--warmup 3`), as a sweep's `--vary` and its report name it.
 */
import type {RacePlan} from '../config/contenders.js';
import {defaultContenderSettings, knobs, readKnob, type KnobEntry} from '../config/knobs.js';
import {methodInfo} from '../config/methods.js';
import type {Preset} from '../config/presets.js';

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
			.filter(knob => knob.scope === 'contender')
			.filter(knob => JSON.stringify(readKnob(config, knob)) !== JSON.stringify(readKnob(defaults, knob)))
			.map(knob => show(knob, readKnob(config, knob)));
		lines.push(
			`  ${contender.id.padEnd(12)} ${contender.name} — ${methodInfo[contender.method].label}, ${contender.epochs} epochs`
				+ (changed.length > 0 ? `; ${changed.join(' ')}` : '; table defaults'),
		);
	}

	return `${lines.join('\n')}\n`;
}
