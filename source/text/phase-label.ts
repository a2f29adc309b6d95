/** Plain words for a run's phase, as the dashboard and the summaries name it. */
import type {Phase} from '../protocol/messages.js';

/** "warm-up", "labeling round 2", "retraining round 2", "training", "done", "crashed", "starting". */
export function phaseLabel(phase: Phase, round: number): string {
	switch (phase) {
		case 'labeling':
		case 'retraining': {
			return `${phase} round ${round}`;
		}

		case 'error': {
			return 'crashed';
		}

		default: {
			return phase;
		}
	}
}
