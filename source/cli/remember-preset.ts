/** Remembers the preset being raced, so the next session starts with it. */
import type {Preset} from '../config/presets.js';
import type {Settings} from '../config/settings.js';

export function rememberPreset(settings: Settings, preset: Preset): void {
	try {
		// A preset loaded from a path is remembered by its path; loadPreset accepts either.
		settings.set('lastPreset', preset.source === 'built-in' ? preset.name : preset.source);
	} catch {
		// Settings that can't be written were already reported at start; racing matters more.
	}
}
