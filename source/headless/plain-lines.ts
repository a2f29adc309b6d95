/** The --headless sink: one human-readable line per race event. */
import type {RaceEvent} from '../race/race-events.js';

const percent = (value: number) => (Number.isFinite(value) ? `${(value * 100).toFixed(2)}%` : 'n/a');
const rate = (value: number) => `${Math.round(value).toLocaleString('en-US')}/s`;

export function plainLine(event: RaceEvent): string | undefined {
	switch (event.type) {
		case 'start': {
			const {dataset, config} = event;
			return (
				`start  preset ${event.preset}, backend ${event.backend}, ${dataset.name}: ${dataset.labeled} labeled, ` +
				`${dataset.unlabeled} unlabeled, ${dataset.test} test; threshold ${config.threshold}, ` +
				`${config.warmupEpochs} warm-up + ${config.rounds}×${config.epochsPerRound} epochs, batch ${config.batchSize}`
			);
		}

		case 'phase': {
			return `${event.run.padEnd(10)} ${event.phase}${event.round > 0 ? ` (round ${event.round})` : ''}`;
		}

		case 'epoch': {
			return (
				`${event.run.padEnd(10)} epoch ${String(event.epoch).padStart(3)}  test ${percent(event.testAccuracy)}  ` +
				`loss ${event.loss.toFixed(4)}  ${rate(event.samplesPerSec)}  (${event.phase}, ${event.trainSize} images)`
			);
		}

		case 'pseudo-labels': {
			return (
				`semi       round ${event.round}: accepted ${event.accepted}/${event.pool} (${percent(event.acceptanceRate)}) ` +
				`above ${event.threshold}, precision ${percent(event.precision)}; predict ${rate(event.predictPerSec)}, ` +
				`augment ${rate(event.augmentPerSec)}`
			);
		}

		case 'run-done': {
			return `${event.run.padEnd(10)} done: test ${percent(event.testAccuracy)} in ${event.wallSeconds.toFixed(1)} s`;
		}

		case 'error': {
			return `${event.run.padEnd(10)} ERROR: ${event.message}`;
		}

		case 'done': {
			const gap = (event.semi.testAccuracy - event.supervised.testAccuracy) * 100;
			return (
				`done   supervised ${percent(event.supervised.testAccuracy)}, pseudo-labeled ${percent(event.semi.testAccuracy)} ` +
				`(${gap >= 0 ? '+' : ''}${gap.toFixed(2)} pts) in ${event.wallSeconds.toFixed(1)} s`
			);
		}

		default: {
			return undefined;
		}
	}
}
