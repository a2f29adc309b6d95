/** The whole dashboard screen for one race state: panels laid out to fit the terminal, one line short of its height. */
import {Box} from 'ink';
import type {RaceState} from '../race/race-state.js';
import type {SweepEvidence} from '../sweep/evidence.js';
import type {DigitArtSize} from '../text/digit-art.js';
import type {SampleLook} from '../text/sample-tile.js';
import {AccuracyChart} from './panels/accuracy-chart.js';
import {DigitPanel, digitRowHeight, digitsPerRow} from './panels/digit-panel.js';
import {Header, headerHeight} from './panels/header.js';
import {HelpOverlay} from './panels/help-overlay.js';
import {PseudoLabelPanel} from './panels/pseudo-label-panel.js';
import {Blocked} from './panels/blocked.js';
import {DatasetLine} from './panels/dataset-line.js';
import {classWord} from '../text/class-words.js';
import {StatusLine} from './panels/status-line.js';
import {raceIsOver} from './race-over.js';
import {TooSmall, minimumHeight, minimumWidth} from './panels/too-small.js';

export interface AppProps {
	state: RaceState;
	/** Terminal columns and rows. */
	width: number;
	height: number;
	elapsedSeconds: number;
	paused: boolean;
	helpVisible: boolean;
	/** The help's page (0-based) when it takes more than one. */
	helpPage?: number;
	/** A sweep's gaps over seeds for this race's preset and settings, shown beside the live gap. */
	evidence?: SweepEvidence;
	presetName: string;
	/** 0-based. */
	presetIndex: number;
	presetCount: number;
	/** Index of the contender whose pseudo-labels and digits are shown. */
	focusIndex?: number;
	/** Why the preset cannot run here: shown in place of the race. */
	blocked?: string;
	/** One-line message for the status line (e.g. where a summary was saved, or why it was not). */
	notice?: string;
	/** What was changed so the preset fits the data (its labeled count): first on the data's notes line. */
	presetNote?: string;
	/** Color the chart lines; defaults to true (Ink's own colors follow FORCE_COLOR). */
	color?: boolean;
	/** The chart's y-axis spans the full range instead of the contested band (z). */
	fullRange?: boolean;
	/** The chart's x counts images trained on (the x key). */
	byImages?: boolean;
	/** How sample tiles are drawn (the terminal's colours, a table's profile); plain art when absent. */
	look?: SampleLook;
}

interface Area {
	width: number;
	height: number;
}

/** Sizes of every panel for a terminal of `width` × `height`. */
export interface DashboardLayout {
	tooSmall: boolean;
	/** Lines the dashboard uses: one less than the terminal, so Ink never clears the whole screen per frame. */
	lines: number;
	header: Area;
	/**
	 * Where the data line goes: a line of its own under the header when the chart keeps its minimum, else in place of
	 * the header's dataset-sizes line (the smallest terminals), else nowhere.
	 */
	dataLine: 'own' | 'header' | 'none';
	/** Lines of its own the data line takes: 2 (with the loader's notes) when the chart keeps room, else 1 or 0. */
	dataLines: number;
	chart: Area;
	pseudoLabels: Area;
	/** Columns between the chart and the pseudo-label panel. */
	gap: number;
	digits: Area & {size: DigitArtSize; rows: number; perRow: number};
	/** The help replaces everything but the status line. */
	help: Area;
	status: Area;
}

/** The chart needs this many lines (caption + plot + axes) to be worth reading. */
const minimumChartLines = 10;
/** Past this, extra lines go to more digits rather than a taller chart. */
const comfortableChartLines = 20;

/** `showsData`: the race's data is not the embedded MNIST, so the data line says what it is (MNIST's screen is as before). */
export function dashboardLayout(width: number, height: number, showsData = false): DashboardLayout {
	const lines = height - 1;
	// Own data keeps the three-line header: its data line (real mode, no truth) has nowhere else to go on short terminals.
	const header = {width, height: headerHeight(width, showsData ? Number.POSITIVE_INFINITY : height)};
	const status = {width, height: 1};
	const middle = lines - header.height - status.height;
	// Full-size sample art (28 × 14 cells) only when four fit across and the chart keeps a comfortable height.
	const fullHeight = digitRowHeight('full') + 1;
	const size: DigitArtSize =
		digitsPerRow(width, 'full') >= 4 && middle - fullHeight >= comfortableChartLines - 4 ? 'full' : 'compact';
	const rowHeight = digitRowHeight(size);
	let rows = 1;
	while (rows < 3 && middle - (1 + (rows + 1) * rowHeight) >= comfortableChartLines) {
		rows++;
	}

	const digits = {width, height: 1 + rows * rowHeight, size, rows, perRow: digitsPerRow(width, size)};
	const room = middle - digits.height;
	const dataLine = !showsData ? 'none' : room - 1 >= minimumChartLines ? 'own' : header.height >= 3 ? 'header' : 'none';
	// The notes line costs the chart a line only while the chart keeps two above its minimum.
	const dataLines = dataLine !== 'own' ? 0 : room - 2 >= minimumChartLines + 2 ? 2 : 1;
	const top = Math.max(0, room - dataLines);
	const gap = 2;
	const pseudoWidth = Math.min(44, Math.max(32, Math.round(width * 0.36)));
	return {
		tooSmall: width < minimumWidth || height < minimumHeight || top < minimumChartLines,
		lines,
		header,
		dataLine,
		dataLines,
		chart: {width: width - pseudoWidth - gap, height: top},
		pseudoLabels: {width: pseudoWidth, height: top},
		gap,
		digits,
		help: {width, height: lines - status.height},
		status,
	};
}

export function App(props: AppProps) {
	const {state, width, height} = props;
	const focusIndex = props.focusIndex ?? 0;
	const focused = state.contenders[focusIndex];
	const layout = dashboardLayout(width, height, state.dataset?.info !== undefined && classWord(state.dataset.info) === 'class');
	if (layout.tooSmall) {
		return <TooSmall width={width} height={height} />;
	}

	return (
		<Box flexDirection="column" width={width} height={layout.lines} overflow="hidden">
			{props.helpVisible ? (
				<HelpOverlay width={layout.help.width} height={layout.help.height} state={state} page={props.helpPage ?? 0} presets={{index: props.presetIndex, count: props.presetCount}} />
			) : props.blocked === undefined ? undefined : (
				<>
					<Header
						state={state}
						width={width}
						elapsedSeconds={0}
						presetName={props.presetName}
						presetIndex={props.presetIndex}
						presetCount={props.presetCount}
						titleOnly
					/>
					<Blocked problem={props.blocked} width={width} height={layout.help.height - 1} />
				</>
			)}
			{props.helpVisible || props.blocked !== undefined ? undefined : (
				<>
					<Header
						state={state}
						width={width}
						elapsedSeconds={props.elapsedSeconds}
						presetName={props.presetName}
						presetIndex={props.presetIndex}
						presetCount={props.presetCount}
						focusIndex={focusIndex}
						rows={layout.header.height === 2 ? height : undefined}
						datasetLine={layout.dataLine === 'header' ? <DatasetLine dataset={state.dataset} width={width} /> : undefined}
					/>
					{layout.dataLine === 'own' ? <DatasetLine dataset={state.dataset} width={width} notes={layout.dataLines > 1} labeled={state.race?.labeled} presetNote={props.presetNote} /> : undefined}
					<Box flexDirection="row" height={layout.chart.height}>
						<AccuracyChart state={state} width={layout.chart.width} height={layout.chart.height} color={props.color ?? true} fullRange={props.fullRange ?? false} byImages={props.byImages ?? false} focusIndex={focusIndex} evidence={props.evidence} />
						<Box width={layout.gap} />
						<PseudoLabelPanel state={state} contender={focused} width={layout.pseudoLabels.width} height={layout.pseudoLabels.height} />
					</Box>
					<DigitPanel
						contender={focused}
						named={state.contenders.length > 1}
						width={layout.digits.width}
						height={layout.digits.height}
						size={layout.digits.size}
						rows={layout.digits.rows}
						info={state.dataset?.info}
						look={props.look}
					/>
				</>
			)}
			<StatusLine width={width} paused={props.paused} canPause={props.blocked === undefined && !raceIsOver(state)} notice={props.notice} />
		</Box>
	);
}
