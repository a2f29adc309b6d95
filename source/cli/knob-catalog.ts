/** The settings table as the sweep sees it: which knobs exist, their flags, and what each accepts. */
import {describeRule, findKnob, knobs, parseKnobText} from '../config/knobs.js';
import type {KnobCatalog} from '../sweep/knob-catalog.js';

export const settingsCatalog: KnobCatalog = {
	names: () => knobs.map(knob => knob.name),
	resolve: word => findKnob(word)?.name,
	flag: name => `--${findKnob(name)?.flag ?? name}`,
	check(name, raw) {
		const knob = findKnob(name);
		if (knob === undefined) return 'a knob of the settings table';
		// A boolean flag takes no value on the command line, so a trial could not be given "false".
		if (knob.rule.kind === 'boolean') return `a knob with a value (${name} is on or off: run one sweep with --${knob.flag} and one with --no-${knob.flag})`;
		return parseKnobText(knob.rule, raw) === undefined ? describeRule(knob.rule) : undefined;
	},
};
