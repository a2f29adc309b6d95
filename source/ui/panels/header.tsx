/** The top lines: what is racing (preset, dataset, backend, cores), for how long, and what each contender is doing now. */
import {Box, Text} from 'ink';
import type {ReactNode} from 'react';
import type {RaceState} from '../../race/race-state.js';
import {contenderStyle} from '../../text/contender-style.js';
import {formatCount, formatDuration, formatShortCount} from '../../text/format.js';
import {firstThatFits, truncate} from '../../text/wrap.js';
import {statusLine} from '../contender-lines.js';
import type {DatasetInfo} from '../../core/dataset-info.js';
import {classWord} from '../../text/class-words.js';

export interface HeaderProps {
	state: RaceState;
	width: number;
	elapsedSeconds: number;
	presetName: string;
	/** 0-based position of the preset in the list. */
	presetIndex: number;
	presetCount: number;
	/** The contender whose pseudo-labels and samples are shown. */
	focusIndex?: number;
	/** Only the title line (nothing is racing, so there is no dataset or contender to show). */
	titleOnly?: boolean;
	/** The data line (dataset-line.tsx) in place of the dataset-sizes line, where the layout has no line for it. */
	datasetLine?: ReactNode;
	/** Terminal rows: a short terminal gets the two-line header (headerHeight). */
	rows?: number;
}

export const productName = 'pseudolabel-tui';

/**
 * Lines the header takes: dataset sizes share the title line on wide terminals, and on short ones (fewer than 26
 * rows) they give their line to the chart, which needs it more (`?` says the sizes too).
 */
export function headerHeight(width: number, rows = Number.POSITIVE_INFINITY): number {
	return width >= 140 || rows < 26 ? 2 : 3;
}

/** " · 4 contenders on 2 cores", or " · semi on 2 cores" once the others are done and a helper thread joined it. */
function sharing(state: RaceState, short: boolean): string {
	const count = state.contenders.length;
	if (count === 0 || state.cores === undefined) return '';
	const helped = state.contenders.filter(contender => (contender.threads ?? 1) > 1);
	if (helped.length > 0 && !short) {
		const names = helped.map(contender => contender.name).join(', ');
		return ` · ${names} on ${helped.reduce((sum, contender) => sum + contender.threads!, 0)} cores`;
	}

	const who = `${count} contender${count === 1 ? '' : 's'}`;
	return short ? ` · ${count} on ${state.cores} cores` : ` · ${who} on ${state.cores} core${state.cores === 1 ? '' : 's'}`;
}

/** " (16×16 RGB, 4 classes)": what the samples are, for any dataset but MNIST's digits (whose shape everyone knows). */
function shapeText(info: DatasetInfo | undefined): string {
	if (info === undefined || classWord(info) === 'digit') return '';
	const classes = `${info.classNames.length} classes`;
	if (info.kind === 'table') return ` (${info.width} features, ${classes})`;
	return ` (${info.height}×${info.width}${info.channels === 3 ? ' RGB' : ''}, ${classes})`;
}

function datasetText(state: RaceState, short: boolean | 'shortest'): string {
	const dataset = state.dataset === undefined ? undefined : {...state.dataset, name: `${state.dataset.name}${shapeText(state.dataset.info)}`};
	if (dataset === undefined) {
		return 'loading dataset…';
	}

	if (short === 'shortest') {
		return `${dataset.name} ${formatShortCount(dataset.labeled)} labeled / ${formatShortCount(dataset.unlabeled)} unlabeled / ${formatShortCount(dataset.test)} test`;
	}

	if (short) {
		return `${dataset.name} ${formatCount(dataset.labeled)} labeled · ${formatCount(dataset.unlabeled)} unlabeled · ${formatCount(dataset.test)} test`;
	}

	return `${dataset.name}: ${formatCount(dataset.labeled)} labeled, ${formatCount(dataset.unlabeled)} unlabeled, ${formatCount(dataset.test)} test ${dataset.info?.kind === 'table' ? 'rows' : 'images'}`;
}

/** Every contender's phase in one line; the focused one is marked ▸ and bold, each name in its contender colour. */
function ContendersLine({state, width, focusIndex}: {state: RaceState; width: number; focusIndex: number}) {
	if (state.contenders.length === 0) {
		return <Text dimColor>{truncate('starting the contenders…', width)}</Text>;
	}

	const separator = '  ';
	// One column for the focus marker.
	const parts = statusLine(state, width - 1, separator);
	return (
		<Box width={width}>
			<Text wrap="truncate-end">
				{parts.map(({name, rest}, index) => {
					const contender = state.contenders[index]!;
					const focused = index === focusIndex && state.contenders.length > 1;
					return (
						<Text key={contender.id}>
							{index === 0 ? '' : separator}
							{focused ? '▸' : ''}
							<Text color={contenderStyle(index).ink} bold underline={focused}>
								{name}
							</Text>
							<Text color={contender.phase === 'error' ? 'red' : undefined}>{rest}</Text>
						</Text>
					);
				})}
			</Text>
		</Box>
	);
}

export function Header({state, width, elapsedSeconds, presetName, presetIndex, presetCount, focusIndex = 0, titleOnly = false, datasetLine, rows}: HeaderProps) {
	const height = headerHeight(width, rows);
	const twoLines = height === 2 || titleOnly;
	const datasetInTitle = height === 2 && !titleOnly;
	const elapsed = `${state.finished ? 'finished' : 'elapsed'} ${formatDuration(elapsedSeconds)}`;
	const preset = `preset ${presetName} (${presetIndex + 1}/${presetCount})`;
	const backend = state.backend === undefined ? '' : `backend ${state.backend}`;
	const titleRoom = width - elapsed.length - 1;
	const titleRest = firstThatFits(
		[
			[preset, datasetInTitle ? datasetText(state, true) : '', backend].filter(Boolean).join('  │  '),
			[preset, datasetInTitle ? datasetText(state, true) : '', backend].filter(Boolean).join(' │ '),
			[preset, datasetInTitle ? datasetText(state, 'shortest') : '', backend].filter(Boolean).join(' │ '),
			[preset, datasetInTitle ? datasetText(state, 'shortest') : ''].filter(Boolean).join(' │ '),
			// Two lines on a short terminal: who shares the cores keeps a place before the backend.
			...(datasetInTitle ? [[preset, sharing(state, false).slice(3), backend], [preset, sharing(state, true).slice(3), backend], [preset, sharing(state, false).slice(3)], [preset, sharing(state, true).slice(3)]].map(parts => parts.filter(Boolean).join(' │ ')) : []),
			[preset, backend].filter(Boolean).join(' │ '),
			preset,
		],
		Math.max(0, titleRoom - productName.length - 3),
	);
	return (
		<Box flexDirection="column" width={width} height={titleOnly ? 1 : height}>
			<Box width={width} justifyContent="space-between">
				<Text wrap="truncate-end">
					<Text bold color="green">
						{productName}
					</Text>
					{titleRest === '' ? '' : `  ${titleRest}`}
				</Text>
				<Text>{elapsed}</Text>
			</Box>
			{twoLines ? undefined : datasetLine ?? (
				<Text wrap="truncate-end">
					{firstThatFits(
						[
							`${datasetText(state, false)}${sharing(state, false)}`,
							`${datasetText(state, true)}${sharing(state, false)}`,
							`${datasetText(state, true)}${sharing(state, true)}`,
							`${datasetText(state, 'shortest')}${sharing(state, true)}`,
							datasetText(state, true),
						],
						width,
					)}
				</Text>
			)}
			{titleOnly ? undefined : <ContendersLine state={state} width={width} focusIndex={focusIndex} />}
		</Box>
	);
}
