/** The --json sink: one JSON object per race event, stdout only. */
import type {RaceEvent} from '../race/race-events.js';

/** The JSON line for an event, or undefined for events too chatty for a log (progress ticks, worker readiness, pause acknowledgements, the final model's arrays: they go to the exports). */
export function jsonLine(event: RaceEvent): string | undefined {
	if (event.type === 'progress' || event.type === 'ready' || event.type === 'phase' || event.type === 'paused' || event.type === 'final-model') {
		return undefined;
	}

	if (event.type === 'pseudo-labels') {
		// Digit pixels are for the dashboard; a log line of 12×784 numbers helps nobody.
		const {samples: _samples, ...rest} = event;
		return JSON.stringify(rest);
	}

	return JSON.stringify(event);
}
