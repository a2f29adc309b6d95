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
import type {Notice} from '../text/save-notice.js';

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
	/** The race's flags for the one-seed hint's sweep command. */
	sweepFlags?: readonly string[];
	presetName: string;
	/** 0-based. */
	presetIndex: number;
	presetCount: number;
	/** Index of the contender whose pseudo-labels and digits are shown. */
	focusIndex?: number;
	/** Why the preset cannot run here: shown in place of the race. */
	blocked?: string;
	/** One-line message for the status line (e.g. where a summary was saved, or why it was not). */
	notice?: Notice;
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
	/**
	 * The tiles sit beside the chart, under the pseudo-label panel (`digits` is then that corner), when under the chart
	 * they would leave it fewer than minimumPlotRows plot rows: the chart takes the full height, fewer tiles show.
	 */
	tilesBeside: boolean;
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
/**
 * Plot rows the chart keeps with the tiles under it; fewer (a legend of 4–5 contenders at 80×24, or own data's extra
 * line) and the tiles move beside it, under the pseudo-label panel, fewer of them, so the chart takes the full height.
 */
const minimumPlotRows = 6;
/** Lines the pseudo-label panel keeps when the tiles share its column: its caption, counts and bars. */
const minimumPanelLines = 6;

/** Legend lines the chart gives `contenders` (accuracy-chart.tsx): one for two, two for four, three for five or more. */
function legendLines(contenders: number): number {
	return contenders <= 2 ? 1 : contenders <= 4 ? 2 : 3;
}

/**
 * `showsData`: the race's data is not the embedded MNIST, so the data line says what it is (MNIST's screen is as before).
 * `contenders`: how many race, for the legend lines the chart needs.
 */
export function dashboardLayout(width: number, height: number, showsData = false, contenders = 2): DashboardLayout {
	const lines = height - 1;
	// Own data keeps the three-line header: its data line (real mode, no truth) has nowhere else to go on short terminals.
	const header = {width, height: headerHeight(width, showsData ? Number.POSITIVE_INFINITY : height)};
	const status = {width, height: 1};
	const middle = lines - header.height - status.height;
	const gap = 2;
	const pseudoWidth = Math.min(44, Math.max(32, Math.round(width * 0.36)));
	// Full-size sample art (28 × 14 cells) only when four fit across and the chart keeps a comfortable height.
	const fullHeight = digitRowHeight('full') + 1;
	const size: DigitArtSize =
		digitsPerRow(width, 'full') >= 4 && middle - fullHeight >= comfortableChartLines - 4 ? 'full' : 'compact';
	const rowHeight = digitRowHeight(size);
	let rows = 1;
	while (rows < 3 && middle - (1 + (rows + 1) * rowHeight) >= comfortableChartLines) {
		rows++;
	}

	// The chart's lines once the data line has its share of `room` (the lines beside or above the tiles).
	const chartLines = (room: number) => {
		const dataLine = !showsData ? 'none' : room - 1 >= minimumChartLines ? 'own' : header.height >= 3 ? 'header' : 'none';
		// The notes line costs the chart a line only while the chart keeps two above its minimum.
		const dataLines = dataLine !== 'own' ? 0 : room - 2 >= minimumChartLines + 2 ? 2 : 1;
		return {dataLine, dataLines, top: Math.max(0, room - dataLines)} as const;
	};

	// Caption, legend, a line of notes and the two axis lines around the plot.
	const plotRows = (top: number) => top - 1 - legendLines(contenders) - 1 - 2;
	const under = chartLines(middle - (1 + rows * rowHeight));
	const tileHeight = 1 + digitRowHeight('compact');
	// Beside the tiles the data line takes the header's sizes line, as on a short terminal before: the panel above the
	// tiles keeps its lines for the per-class table.
	const beside = showsData && header.height >= 3 ? ({dataLine: 'header', dataLines: 0, top: middle} as const) : chartLines(middle);
	const tilesBeside = plotRows(under.top) < minimumPlotRows && beside.top - tileHeight >= minimumPanelLines;
	const {dataLine, dataLines, top} = tilesBeside ? beside : under;
	const digits = tilesBeside
		? {width: pseudoWidth, height: tileHeight, size: 'compact' as const, rows: 1, perRow: digitsPerRow(pseudoWidth, 'compact')}
		: {width, height: 1 + rows * rowHeight, size, rows, perRow: digitsPerRow(width, size)};
	return {
		tooSmall: width < minimumWidth || height < minimumHeight || top < minimumChartLines,
		lines,
		header,
		dataLine,
		dataLines,
		tilesBeside,
		chart: {width: width - pseudoWidth - gap, height: top},
		pseudoLabels: {width: pseudoWidth, height: tilesBeside ? top - digits.height : top},
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
	const layout = dashboardLayout(width, height, state.dataset?.info !== undefined && classWord(state.dataset.info) === 'class', state.contenders.length);
	if (layout.tooSmall) {
		return <TooSmall width={width} height={height} />;
	}

	const tiles = (
		<DigitPanel
			contender={focused}
			// Beside the panel, whose caption names the focused contender already.
			named={state.contenders.length > 1 && !layout.tilesBeside}
			width={layout.digits.width}
			height={layout.digits.height}
			size={layout.digits.size}
			rows={layout.digits.rows}
			info={state.dataset?.info}
			look={props.look}
		/>
	);
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
						<AccuracyChart state={state} width={layout.chart.width} height={layout.chart.height} color={props.color ?? true} fullRange={props.fullRange ?? false} byImages={props.byImages ?? false} focusIndex={focusIndex} evidence={props.evidence} sweepFlags={props.sweepFlags} />
						<Box width={layout.gap} />
						{layout.tilesBeside ? (
							<Box flexDirection="column" width={layout.pseudoLabels.width}>
								<PseudoLabelPanel state={state} contender={focused} width={layout.pseudoLabels.width} height={layout.pseudoLabels.height} />
								{tiles}
							</Box>
						) : (
							<PseudoLabelPanel state={state} contender={focused} width={layout.pseudoLabels.width} height={layout.pseudoLabels.height} />
						)}
					</Box>
					{layout.tilesBeside ? undefined : tiles}
				</>
			)}
			<StatusLine width={width} paused={props.paused} canPause={props.blocked === undefined && !raceIsOver(state)} notice={props.notice} />
		</Box>
	);
}
