/** The sweep's progress text on stderr: a one-line bar with time left, and one line per finished trial. Pure. */
import type {Trial} from './grid.js';
import type {TrialSummary} from './summary-schema.js';

export interface ProgressState {
	total: number;
	/** Finished before this session started (resumed). */
	skipped: number;
	/** Finished in this session, with a complete summary. */
	finished: number;
	failed: number;
	running: number;
	/** Seconds since this session started. */
	elapsed: number;
}

/** Seconds left at this session's pace (trials ended per second, parallelism included); undefined before any ended. */
export function secondsLeft(state: ProgressState): number | undefined {
	const ended = state.finished + state.failed;
	const remaining = state.total - state.skipped - ended;
	if (remaining <= 0) return 0;
	if (ended === 0 || state.elapsed <= 0) return undefined;
	return (remaining * state.elapsed) / ended;
}

export function formatSeconds(seconds: number): string {
	if (seconds < 60) return `${Math.max(0, Math.ceil(seconds))}s`;
	const whole = Math.round(seconds);
	const hours = Math.floor(whole / 3600);
	const minutes = Math.floor((whole % 3600) / 60);
	return hours > 0 ? `${hours}h ${String(minutes).padStart(2, '0')}m` : `${minutes}m ${String(whole % 60).padStart(2, '0')}s`;
}

/** `[#######.............] 7/20 trials, 1 failed, 2 running, ~12m 30s left`. */
export function progressLine(state: ProgressState, barWidth = 20): string {
	const done = state.skipped + state.finished + state.failed;
	const filled = state.total === 0 ? barWidth : Math.round((done / state.total) * barWidth);
	const left = secondsLeft(state);
	const parts = [
		`[${'#'.repeat(filled)}${'.'.repeat(barWidth - filled)}] ${done}/${state.total} trials`,
		state.failed > 0 ? `${state.failed} failed` : '',
		state.running > 0 ? `${state.running} running` : '',
		left === undefined ? 'time left: after the first trial' : left > 0 ? `~${formatSeconds(left)} left` : '',
	];
	return parts.filter(Boolean).join(', ');
}

/** `--threshold 0.5 seed 3`: the cell by its race flags, as the report names it. */
function trialName(trial: Trial): string {
	const cell = trial.settings.map(({flag, value}) => `${flag} ${value}`).join(' ');
	return cell === '' ? `seed ${trial.seed}` : `${cell} seed ${trial.seed}`;
}

/** `done   --threshold 0.5 seed 3: supervised 91.42%, semi 94.16% (1m 52s)`. */
export function finishedLine(trial: Trial, summary: TrialSummary, seconds: number): string {
	const accuracies = summary.contenders
		.map(contender => `${contender.name} ${contender.finalAccuracy === null ? (contender.status ?? 'no result') : `${(contender.finalAccuracy * 100).toFixed(2)}%`}`)
		.join(', ');
	return `done   ${trialName(trial)}: ${accuracies} (${formatSeconds(seconds)})`;
}

export function failedLine(trial: Trial, error: string, seconds: number): string {
	return `FAILED ${trialName(trial)}: ${error} (${formatSeconds(seconds)}; log in ${trial.id}/trial.log)`;
}
