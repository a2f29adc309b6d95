/** The --headless sink: readable lines per race event, each naming the contender it is about. */
import {methodInfo} from '../config/methods.js';
import type {ContenderInfo, RaceEvent} from '../race/race-events.js';
import type {RaceState} from '../race/race-state.js';
import type {DatasetInfo} from '../core/dataset-info.js';
import {baselineAmong} from '../summary/contender-results.js';
import {datasetDescription, labeledNote, lacksTruth, noTruth} from '../summary/dataset-description.js';
import {classWord, labelName, quotedLabel, sampleWord} from '../text/class-words.js';
import {sweepHint} from '../text/sweep-hint.js';
import {methodSignalsText} from '../text/method-signals.js';
import {formatCount, formatDuration, formatGap, formatPercent, formatPoints, formatRate, possessive} from '../text/format.js';
import {gapToBaselineBest} from '../core/gap.js';
import {chartEpochOf, epochName, roundName} from '../text/progress-words.js';

const percent = (value: number | undefined) => formatPercent(value, 2);
const name = (run: string) => run.padEnd(10);

/** What a contender trains with, in a few words: the settings that tell contenders of a preset apart. */
export function keySettings(info: ContenderInfo): string {
	const {config, method, epochs} = info;
	const {kind, label} = methodInfo[method];
	const parts = [label, `${epochs} epochs`, ...methodInfo[method].keySettings(config)];
	if (kind === 'offline') {
		parts.push(`${config.warmupEpochs} warm-up + ${config.rounds}×${config.epochsPerRound}`);
	} else if (kind === 'online') {
		parts.push(`${config.warmupEpochs} warm-up + ${config.onlineEpochs} online`);
	}

	parts.push(`batch ${config.batchSize}`);
	if (config.augmentLabeled) parts.push('labeled images augmented');
	if (kind !== 'baseline' && config.augmentEveryEpoch) parts.push('fresh augmentation every epoch');
	return parts.join(', ');
}

/** "τ per digit 0.50 0.54 …" on MNIST; "τ per class cat 0.50, dog 0.54" elsewhere, each value by its class's name. */
function classThresholdsText(thresholds: number[], info: DatasetInfo | undefined): string {
	if (classWord(info) === 'digit') return `τ per digit ${thresholds.map(value => formatPercent(value, 0)).join(' ')}`;
	return `τ per class ${thresholds.map((value, label) => `${labelName(info, label)} ${formatPercent(value, 0)}`).join(', ')}`;
}

/** " (16×16 RGB, 4 classes: cat, dog, …)" for any dataset but MNIST's digits. */
function shapeText(info: DatasetInfo | undefined): string {
	if (info === undefined || classWord(info) === 'digit') return '';
	const shape = info.kind === 'table' ? `${info.width} features` : `${info.height}×${info.width}${info.channels === 3 ? ' RGB' : ''}`;
	const names = info.classNames.length <= 12 ? `: ${info.classNames.join(', ')}` : '';
	return ` (${shape}, ${info.classNames.length} classes${names})`;
}

/** "wrong before 2,100: 1,200 fixed, 600 still wrong (400 surer), 300 dropped": what became of earlier wrong labels. */
function carriedText(carried: NonNullable<Extract<RaceEvent, {type: 'pseudo-labels'}>['carriedOver']>): string {
	return `wrong before ${formatCount(carried.wrongBefore)}: ${formatCount(carried.fixed)} fixed, ${formatCount(carried.stillWrong)} still wrong (${formatCount(carried.moreConfident)} surer), ${formatCount(carried.dropped)} dropped`;
}

/**
 * Which guesses were used, as the dashboard says it: above each digit's own threshold (FlexMatch, FreeMatch: their
 * τ is not the bar while the per-digit thresholds are low), every guess (Lee 2013, Mean Teacher), at least τ (FixMatch),
 * above the threshold (offline rounds).
 */
function usedRule(event: Extract<RaceEvent, {type: 'pseudo-labels'}>, info: DatasetInfo | undefined): string {
	// Ten classes are not digits on Fashion-MNIST: the data's own word.
	if (event.classThresholds !== undefined) return `above per-${classWord(info) === 'digit' ? 'digit' : 'class'} thresholds`;
	if (event.threshold <= 0) return 'every guess';
	return `${event.kind === 'online' ? 'at least' : 'above'} ${formatPercent(event.threshold, 0)}`;
}

function pseudoLabelLine(event: Extract<RaceEvent, {type: 'pseudo-labels'}>, race: PlainRace | undefined): string {
	const info = race?.dataset?.info;
	const online = event.kind === 'online';
	const contender = race?.contenders.find(item => item.id === event.run);
	// The chart's epoch and the plan, as the dashboard names them: "epoch 12 of 25 (online)", "round 1 of 3".
	const when = online
		? `${contender === undefined ? `epoch ${event.round}` : epochName(chartEpochOf(event, contender), contender.plannedEpochs)} (online)`
		: roundName(event.round, contender?.config?.rounds);
	const extras = [
		...(event.alpha === undefined ? [] : [`α ${event.alpha.toFixed(2)}`]),
		...(event.classThresholds === undefined ? [] : [classThresholdsText(event.classThresholds, info)]),
		...(event.signals === undefined || event.signals.length === 0 ? [] : [methodSignalsText(event.signals)]),
		...(event.carriedOver === undefined ? [] : [carriedText(event.carriedOver)]),
	];
	return (
		`${name(event.run)} ${when}: used ${formatCount(event.accepted)}/${formatCount(event.pool)}${online ? ' draws' : ''} ` +
		`(${percent(event.acceptanceRate)}) ${usedRule(event, info)}, precision ${lacksTruth(info) ? noTruth : percent(event.precision)}` +
		`${extras.length === 0 ? '' : `; ${extras.join(', ')}`}; predict ${formatRate(event.predictPerSec)}, augment ${formatRate(event.augmentPerSec)}`
	);
}

function doneLine(event: Extract<RaceEvent, {type: 'done'}>, race: PlainRace | undefined, sweepFlags: readonly string[]): string {
	const results = Object.entries(event.results);
	// The baseline by the race's own rule when the contenders are known, else the contender called `supervised`.
	const baselineId = race === undefined ? (event.results.supervised === undefined ? undefined : 'supervised') : baselineAmong(race.contenders)?.id;
	const baseline = baselineId === undefined ? undefined : event.results[baselineId]?.testAccuracy;
	const score = (value: number) => (Number.isFinite(value) ? value : Number.NEGATIVE_INFINITY);
	// The one gap (core/gap.ts): against the baseline's best by the same epoch, from the curves when the race is known.
	const curve = (id: string) => race?.contenders.find(contender => contender.id === id)?.epochs.map(point => point.testAccuracy);
	const baselineCurve = baselineId === undefined ? undefined : curve(baselineId);
	const gapOf = (id: string, accuracy: number) => {
		const own = curve(id);
		if (own !== undefined && baselineCurve !== undefined) {
			const gap = gapToBaselineBest(own, baselineCurve);
			// A race stopped mid-way: the baseline had fewer epochs than this accuracy's, so the gap is an earlier epoch's.
			const at = gap !== undefined && gap.epoch < own.length ? ` at epoch ${gap.epoch}` : '';
			if (gap !== undefined) return `${formatPoints(gap.points, 2)}${at} vs ${possessive(baselineId!)} best`;
		}

		return formatGap(accuracy, baseline, 2);
	};
	const entries = results
		.sort(([, a], [, b]) => score(b.testAccuracy) - score(a.testAccuracy))
		.map(([id, result]) => {
			const gap = id === baselineId || baseline === undefined || !Number.isFinite(result.testAccuracy) ? '' : ` (${gapOf(id, result.testAccuracy)})`;
			const status = result.status === 'done' ? '' : ` ${result.status}`;
			// A model that calls nearly every sample one class: its accuracy is that class's share, said beside it.
			const oneClass = race?.contenders.find(contender => contender.id === id)?.epochs.at(-1)?.oneClass;
			const collapsed = oneClass === undefined ? '' : ` (calls ${formatPercent(oneClass.share, 0)} ${quotedLabel(race?.dataset?.info, oneClass.label)})`;
			return `${id} ${percent(result.testAccuracy)}${collapsed}${gap}${status}`;
		});
	// A race is one seed: with a gap to read, say so and how to check it, as the dashboard does — once it ran to its end
	// (a race stopped after 2 s was told a sweep would tell its gap from luck).
	const stopped = results.some(([, result]) => result.status === 'cancelled');
	const seeds = baselineId !== undefined && results.length > 1 && !stopped ? `\n       one seed: ${sweepHint(race?.preset ?? '…', sweepFlags)} tells a real gap from luck` : '';
	return `done   ${entries.join(', ')} in ${formatDuration(event.wallSeconds, 'words')}${seeds}`;
}

/** What plainLine reads of the race: its contenders (plans, epochs) and, when known, the dataset and preset. */
type PlainRace = Pick<RaceState, 'contenders'> & Partial<Pick<RaceState, 'dataset' | 'preset'>>;

/**
 * The line(s) for an event, or undefined for events not worth a line. `race` (the state before or after the event)
 * lets `done` measure gaps against the race's supervised baseline; without it the contender `supervised` is used.
 */
export function plainLine(event: RaceEvent, race?: PlainRace, sweepFlags: readonly string[] = []): string | undefined {
	switch (event.type) {
		case 'start': {
			const {dataset} = event;
			const header =
				`start  preset ${event.preset}, backend ${event.backend}, ${dataset.name}${shapeText(dataset.info)}: ${formatCount(dataset.labeled)} labeled, ` +
				`${formatCount(dataset.unlabeled)} unlabeled, ${formatCount(dataset.test)} test; ` +
				`${event.contenders.length} contender${event.contenders.length === 1 ? '' : 's'} on ${event.cores} core${event.cores === 1 ? '' : 's'}`;
			const labeled = labeledNote(dataset, event.race.labeled);
			// The embedded MNIST's start line stays as it always was; any other data says what it is.
			const data = [
				...(classWord(dataset.info) === 'digit' ? [] : [`       data       ${datasetDescription(dataset)}`]),
				...(dataset.notes ?? []).map(note => `       note       ${note}`),
				...(labeled === undefined ? [] : [`       note       ${labeled}`]),
			];
			return [header, ...data, ...event.contenders.map(info => `       ${name(info.id)} ${info.name}: ${keySettings(info)}`)].join('\n');
		}

		case 'phase': {
			const rounds = race?.contenders.find(item => item.id === event.run)?.config?.rounds;
			return `${name(event.run)} ${event.phase}${event.round > 0 && event.phase !== 'training' ? ` (${roundName(event.round, rounds)})` : ''}`;
		}

		case 'epoch': {
			return (
				`${name(event.run)} epoch ${String(event.epoch).padStart(3)}  test ${percent(event.testAccuracy)}  ` +
				`loss ${event.loss.toFixed(4)}  ${formatRate(event.samplesPerSec)}  (${event.phase}, ${formatCount(event.trainSize)} ${sampleWord(race?.dataset?.info, 'many')})` +
				(event.oneClass === undefined ? '' : `  calls ${percent(event.oneClass.share)} of test ${sampleWord(race?.dataset?.info, 'many')} ${quotedLabel(race?.dataset?.info, event.oneClass.label)}`)
			);
		}

		case 'pseudo-labels': {
			return pseudoLabelLine(event, race);
		}

		case 'run-done': {
			const steps = event.teamSteps;
			const cores = steps?.widest !== undefined && steps.widest > 2 ? `up to ${steps.widest} cores` : 'two cores';
			const shared = steps && steps.shared > 0 ? ` (${formatPercent(steps.shared / (steps.shared + steps.alone), 0)} of its steps on ${cores})` : '';
			return `${name(event.run)} done: test ${percent(event.testAccuracy)} in ${formatDuration(event.wallSeconds, 'words')}${shared}`;
		}

		case 'helper': {
			if (!event.active) return undefined;
			return event.threads > 2
				? `${name(event.run)} shares its batches with ${event.threads - 1} helper threads on free cores`
				: `${name(event.run)} shares its batches with a helper thread on a free core`;
		}

		case 'error': {
			return `${name(event.run)} ERROR: ${event.message}`;
		}

		case 'done': {
			return doneLine(event, race, sweepFlags);
		}

		default: {
			return undefined;
		}
	}
}
