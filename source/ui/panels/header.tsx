/** The top lines: what is racing (preset, dataset, backend), for how long, and what each run is doing right now. */
import {Box, Text} from 'ink';
import type {RunName} from '../../protocol/messages.js';
import type {RaceState, RunState} from '../../race/race-state.js';
import {formatCount, formatDuration, formatPercent, formatShortCount} from '../../text/format.js';
import {phaseLabel} from '../../text/phase-label.js';
import {firstThatFits} from '../../text/wrap.js';
import {runColor, runLabel} from './run-style.js';

export interface HeaderProps {
	state: RaceState;
	width: number;
	elapsedSeconds: number;
	presetName: string;
	/** 0-based position of the preset in the list. */
	presetIndex: number;
	presetCount: number;
}

export const productName = 'pseudolabel-tui';

/** Lines the header takes at this width: dataset sizes share the title line only on wide terminals. */
export function headerHeight(width: number): number {
	return width >= 140 ? 2 : 3;
}

function datasetText(state: RaceState, short: boolean | 'shortest'): string {
	const {dataset} = state;
	if (dataset === undefined) {
		return 'loading dataset…';
	}

	if (short === 'shortest') {
		return `${dataset.name} ${formatShortCount(dataset.labeled)} labeled / ${formatShortCount(dataset.unlabeled)} unlabeled / ${formatShortCount(dataset.test)} test`;
	}

	if (short) {
		return `${dataset.name} ${formatCount(dataset.labeled)} labeled · ${formatCount(dataset.unlabeled)} unlabeled · ${formatCount(dataset.test)} test`;
	}

	return `${dataset.name}: ${formatCount(dataset.labeled)} labeled, ${formatCount(dataset.unlabeled)} unlabeled, ${formatCount(dataset.test)} test images`;
}

/** Variants of one run's status, most detailed first. */
function runStatusVariants(run: RunState, name: RunName, totalEpochs: number): string[] {
	const label = runLabel[name];
	const phase = phaseLabel(run.phase, run.round);
	if (run.phase === 'done') {
		const result = `done · ${formatPercent(run.finalAccuracy)}`;
		const time = run.wallSeconds === undefined ? '' : ` in ${formatDuration(run.wallSeconds)}`;
		return [`${label}: ${result}${time}`, `${label}: ${result}`];
	}

	if (run.phase === 'error' || run.phase === 'starting') {
		return [`${label}: ${phase}`];
	}

	const epoch = totalEpochs > 0 && run.currentEpoch > 0 ? `epoch ${run.currentEpoch}/${totalEpochs}` : undefined;
	// While labeling, the last training speed would be stale.
	const training = run.phase === 'warm-up' || run.phase === 'training' || run.phase === 'retraining';
	const speed = training && run.samplesPerSec > 0 ? formatCount(run.samplesPerSec) : undefined;
	const parts = (withEpoch: boolean, speedUnit: string | undefined) =>
		[
			`${label}: ${phase}`,
			withEpoch ? epoch : undefined,
			speedUnit === undefined || speed === undefined ? undefined : `${speed}${speedUnit}`,
		]
			.filter(Boolean)
			.join(' · ');
	return [parts(true, ' samples/s'), parts(false, ' samples/s'), parts(false, '/s'), parts(false, undefined)];
}

function RunStatus({text, name, phase}: {text: string; name: RunName; phase: RunState['phase']}) {
	const separator = text.indexOf(':');
	return (
		<Text>
			<Text color={runColor[name]} bold>
				{text.slice(0, separator)}
			</Text>
			<Text color={phase === 'error' ? 'red' : undefined}>{text.slice(separator)}</Text>
		</Text>
	);
}

function RunsLine({state, width}: {state: RaceState; width: number}) {
	const supervised = runStatusVariants(state.supervised, 'supervised', state.totalEpochs);
	const semi = runStatusVariants(state.semi, 'semi', state.totalEpochs);
	const gap = '   ';
	// Both runs drop detail together, so neither looks more important.
	let chosen: [string, string] = [supervised.at(-1)!, semi.at(-1)!];
	for (let level = 0; level < Math.max(supervised.length, semi.length); level++) {
		const pair: [string, string] = [
			supervised[Math.min(level, supervised.length - 1)],
			semi[Math.min(level, semi.length - 1)],
		];
		if (pair[0].length + gap.length + pair[1].length <= width) {
			chosen = pair;
			break;
		}
	}

	return (
		<Box width={width}>
			<Text wrap="truncate-end">
				<RunStatus text={chosen[0]} name="supervised" phase={state.supervised.phase} />
				{gap}
				<RunStatus text={chosen[1]} name="semi" phase={state.semi.phase} />
			</Text>
		</Box>
	);
}

export function Header({state, width, elapsedSeconds, presetName, presetIndex, presetCount}: HeaderProps) {
	const twoLines = headerHeight(width) === 2;
	const elapsed = `${state.finished ? 'finished' : 'elapsed'} ${formatDuration(elapsedSeconds)}`;
	const preset = `preset ${presetName} (${presetIndex + 1}/${presetCount})`;
	const backend = state.backend === undefined ? '' : `backend ${state.backend}`;
	const titleRoom = width - elapsed.length - 1;
	const titleRest = firstThatFits(
		[
			[preset, twoLines ? datasetText(state, true) : '', backend].filter(Boolean).join('  │  '),
			[preset, twoLines ? datasetText(state, true) : '', backend].filter(Boolean).join(' │ '),
			[preset, twoLines ? datasetText(state, 'shortest') : '', backend].filter(Boolean).join(' │ '),
			[preset, twoLines ? datasetText(state, 'shortest') : ''].filter(Boolean).join(' │ '),
			[preset, backend].filter(Boolean).join(' │ '),
			preset,
		],
		Math.max(0, titleRoom - productName.length - 3),
	);
	return (
		<Box flexDirection="column" width={width} height={headerHeight(width)}>
			<Box width={width} justifyContent="space-between">
				<Text wrap="truncate-end">
					<Text bold color="green">
						{productName}
					</Text>
					{titleRest === '' ? '' : `  ${titleRest}`}
				</Text>
				<Text>{elapsed}</Text>
			</Box>
			{twoLines ? undefined : (
				<Text wrap="truncate-end">{firstThatFits([datasetText(state, false), datasetText(state, true)], width)}</Text>
			)}
			<RunsLine state={state} width={width} />
		</Box>
	);
}
