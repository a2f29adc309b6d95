/**
 * The lines under the chart's legend, pure text: where lines are one (identical warm-ups) or one hides another,
 * what the marks on the x-axis mean, whether the gap holds over seeds (a sweep's evidence, or how to get it), and how
 * the axes are scaled. Packed into the lines the chart can spare, most needed first.
 */
import {sweepHint} from '../text/sweep-hint.js';
import {baselineOf, type ContenderState, type RaceState} from '../race/race-state.js';
import type {SweepEvidence} from '../sweep/evidence.js';
import type {ChartVisibility} from '../text/race-chart.js';
import {formatPercent, formatPoints} from '../text/format.js';
import {classWord, quotedLabel, sampleWord} from '../text/class-words.js';
import {gapToBaselineBest} from '../core/gap.js';
import {warmingUpAt} from '../text/progress-words.js';
import type {LineEvent} from '../text/line-events.js';
import {contenderStyle} from '../text/contender-style.js';
import {shortNames} from './contender-lines.js';

/** Leading epochs whose accuracy is exactly the baseline's (the same seed and warm-up train bit for bit alike). */
function identicalPrefix(values: readonly number[], baseline: readonly number[]): number {
	let epochs = 0;
	while (epochs < values.length && epochs < baseline.length && values[epochs] === baseline[epochs]) epochs++;
	return epochs;
}

/** A note in its variants, longest first; `undefined` when there is nothing to say. */
type Note = string[] | undefined;

/**
 * "epochs 1–10: one line for all 4 (the same warm-up); self-training to 15": the stretch where contenders draw one
 * line because they trained identically, said in epochs so a reader knows which part of which line it is.
 */
export function sharedNote(state: RaceState): Note {
	const baseline = baselineOf(state);
	if (baseline === undefined || baseline.epochs.length === 0 || state.contenders.length < 2) return undefined;
	const accuracy = (index: number) => state.contenders[index]!.epochs.map(point => point.testAccuracy);
	const baselineValues = baseline.epochs.map(point => point.testAccuracy);
	const shared = state.contenders
		.map((contender, index) => ({index, contender, epochs: identicalPrefix(accuracy(index), baselineValues)}))
		.filter(item => item.contender !== baseline && item.epochs > 0);
	if (shared.length === 0) return undefined;
	const upTo = Math.min(...shared.map(item => item.epochs));
	// "ep 1–10", or "ep 1" when only the first epoch is shared ("ep 1–1" read as a typo).
	const span = upTo === 1 ? '1' : `1–${upTo}`;
	const names = shortNames(state.contenders, Number.POSITIVE_INFINITY);
	const short = shortNames(state.contenders, 9);
	const tiny = shortNames(state.contenders, 6);
	const all = shared.length === state.contenders.length - 1;
	const who = (list: string[]) => (all ? (state.contenders.length === 2 ? 'both' : `all ${state.contenders.length}`) : [names[state.contenders.indexOf(baseline)]!, ...shared.map(item => list[item.index]!)].join(', '));
	// Still one line at every epoch so far: the warm-up has not ended for any of them.
	const sofar = shared.every(item => item.epochs === item.contender.epochs.length && item.epochs === baselineValues.length);
	// "trained alike" only while it is known: two lines can end equal (100 % on easy data) having trained apart.
	// Without the names the shortest wording says all are one, so it is only for all.
	if (sofar && state.finished) return [`one line to the end: ${who(names)} had the same accuracy every epoch`, `one line to the end: ${who(short)}`, all ? 'one line to the end' : `one line: ${who(tiny)}`];
	if (sofar) return [`one line so far: ${who(names)} train alike until their warm-up ends`, `one line so far: ${who(short)} (same warm-up)`, all ? 'one line so far (same warm-up)' : `one line so far: ${who(tiny)}`];
	const longer = shared.filter(item => item.epochs > upTo);
	const tail = (list: string[]) => (longer.length === 0 ? '' : `; ${longer.map(item => `${list[item.index]} to ${item.epochs}`).join(', ')}`);
	const lines = (list: string[]) => (all ? (state.contenders.length === 2 ? 'both lines are one' : `all ${state.contenders.length} lines are one`) : `${who(list)} are one line`);
	// The shared stretch is drawn in the baseline's glyph (drawOrder draws it over the others): say which it is.
	const glyph = contenderStyle(state.contenders.indexOf(baseline)).glyph;
	// One contender apart (the methods preset's sup+aug, augmented from its first epoch): naming it is shorter.
	const apart = state.contenders.filter(contender => contender !== baseline && !shared.some(item => item.contender === contender));
	const allBut = (list: string[]) => (all || apart.length !== 1 ? [] : [
		`ep ${span}: all but ${list[state.contenders.indexOf(apart[0]!)]} are one line ${glyph} (same warm-up)${tail(list)}`,
		`ep ${span}: one line ${glyph} for all but ${list[state.contenders.indexOf(apart[0]!)]}${tail(list)}`,
		`ep ${span}: all but ${list[state.contenders.indexOf(apart[0]!)]} one line ${glyph}${tail(list)}`,
	]);
	return [
		`${upTo === 1 ? 'epoch' : 'epochs'} ${span}: one line for ${who(names)} (the same warm-up)${tail(names)}`,
		`${upTo === 1 ? 'epoch' : 'epochs'} ${span}: ${lines(names)} (same warm-up)${tail(names)}`,
		`ep ${span}: ${lines(names)} (same warm-up)${tail(names)}`,
		...allBut(names),
		...allBut(short),
		`ep ${span}: ${lines(short)} (same warm-up)${tail(short)}`,
		// Names, even cut short, before the words "same warm-up": a reader asked which lines were the one line.
		`ep ${span}: ${lines(names)}${tail(names)}`,
		`ep ${span}: ${lines(short)}${tail(short)}`,
		`ep ${span}: ${lines(tiny)}${tail(tiny)}`,
		`ep ${span}: one line ${glyph} (same warm-up)${tail(short)}`,
		`ep ${span}: one line ${glyph}`,
	];
}

/**
 * Per contender, the first epoch the chart should count when it asks whether another line hides it: the one after
 * its identical stretch with the baseline (sharedNote says that stretch in words); for the baseline, after the
 * longest such stretch.
 */
export function visibleFrom(state: RaceState): number[] {
	const baseline = baselineOf(state);
	const baselineValues = baseline?.epochs.map(point => point.testAccuracy) ?? [];
	const prefixes = state.contenders.map(contender => (contender === baseline ? 0 : identicalPrefix(contender.epochs.map(point => point.testAccuracy), baselineValues)));
	const longest = Math.max(0, ...prefixes);
	return state.contenders.map((contender, index) => (contender === baseline ? longest : prefixes[index]!) + 1);
}

/**
 * The order the chart draws the contenders in, later on top: the others from the lowest latest accuracy to the
 * highest, so a leader is never hidden under a line it beats, then the baseline, so a stretch every line shares is drawn
 * in one glyph (the focused contender goes on top of all, by the chart's own rule).
 */
export function drawOrder(state: RaceState): number[] {
	const baseline = baselineOf(state);
	const latest = (index: number) => state.contenders[index]!.epochs.at(-1)?.testAccuracy ?? Number.NEGATIVE_INFINITY;
	const others = state.contenders.map((_, index) => index).filter(index => state.contenders[index] !== baseline);
	others.sort((a, b) => latest(a) - latest(b) || b - a);
	return baseline === undefined ? others : [...others, state.contenders.indexOf(baseline)];
}

/**
 * Each method's lead over the supervised contender trained on the same augmented labeled images (sup+aug), by the
 * one gap's rule (its best by the same epoch): the part of a lead the unlabeled images earned, since augmentation
 * alone moves supervised too. Contenders still warming up, or not augmenting, are left out; undefined without such a
 * baseline or such a contender.
 */
export function fairLeads(state: RaceState): {fair: ContenderState; leads: Array<{index: number; points: number}>} | undefined {
	const fair = state.contenders.find(contender => contender.method === 'supervised' && contender.config?.augmentLabeled === true && contender !== baselineOf(state));
	if (fair === undefined) return undefined;
	const fairValues = fair.epochs.map(point => point.testAccuracy);
	const leads = state.contenders
		.map((contender, index) => ({contender, index}))
		.filter(({contender}) => contender.method !== 'supervised' && contender.config?.augmentLabeled === true && contender.phase !== 'error')
		.flatMap(({contender, index}) => {
			const gap = gapToBaselineBest(contender.epochs.map(point => point.testAccuracy), fairValues);
			return gap === undefined || warmingUpAt(contender, gap.epoch) ? [] : [{index, points: gap.points}];
		})
		.sort((a, b) => b.points - a.points);
	return leads.length === 0 ? undefined : {fair, leads};
}

/** fairLeads in words, every augmenting method; `found` is fairLeads(state), computed once per frame by the chart. */
export function fairNote(state: RaceState, found = fairLeads(state)): Note {
	if (found === undefined) return undefined;
	const {fair, leads} = found;
	const fairName = (list: string[]) => list[state.contenders.indexOf(fair)]!;
	const text = (list: string[]) => leads.map(item => `${list[item.index]} ${formatPoints(item.points).replace(' pts', '')}`).join(', ');
	const full = shortNames(state.contenders, Number.POSITIVE_INFINITY);
	const short = shortNames(state.contenders, 9);
	const tiny = shortNames(state.contenders, 6);
	return [
		`vs ${fairName(full)} (same augmentation) by the same epoch: ${text(full)}`,
		`vs ${fairName(full)} by the same epoch: ${text(full)}`,
		`vs ${fairName(full)}: ${text(full)}`,
		`vs ${fairName(short)}: ${text(short)}`,
		`vs ${fairName(tiny)}: ${text(tiny)}`,
	];
}

/**
 * 'Lee 2013 calls 97% of test images "circle": one class for nearly all': contenders whose latest epoch gave nearly
 * every test sample one class (core/one-class.ts). Their accuracy alone (33.3 % on three classes) reads as slow
 * learning; a model that has not learned yet, a spiral of confirmation bias or a learning rate too large is what it is.
 */
export function oneClassNote(state: RaceState): Note {
	const collapsed = state.contenders.flatMap((contender, index) => {
		const latest = contender.epochs.at(-1)?.oneClass;
		return latest === undefined ? [] : [{index, ...latest}];
	});
	if (collapsed.length === 0) return undefined;
	const info = state.dataset?.info;
	const samples = sampleWord(info, 'many');
	const kind = classWord(info);
	const text = (list: string[], words: (name: string, share: string, label: string) => string) =>
		collapsed.map(item => words(list[item.index]!, formatPercent(item.share, 0), quotedLabel(info, item.label))).join('; ');
	const full = shortNames(state.contenders, Number.POSITIVE_INFINITY);
	const short = shortNames(state.contenders, 9);
	return [
		`${text(full, (name, share, label) => `${name} calls ${share} of test ${samples} ${label}`)}: one ${kind} for nearly all`,
		`${text(full, (name, share, label) => `${name} calls ${share} ${label}`)} (one ${kind} for nearly all)`,
		`one ${kind} for nearly all: ${text(full, (name, share, label) => `${name} (${share} ${label})`)}`,
		`one ${kind} for nearly all: ${text(short, (name, share, label) => `${name} (${share} ${label})`)}`,
		`one ${kind} for all: ${text(full, (name, _share, label) => `${name} ${label}`)}`,
		`one ${kind} for all: ${text(short, (name, _share, label) => `${name} ${label}`)}`,
		`one ${kind}: ${text(short, (name, _share, label) => `${name} ${label}`)}`,
		// All on the same class: it is said once.
		...(new Set(collapsed.map(item => item.label)).size === 1 ? [`one ${kind} (${quotedLabel(info, collapsed[0]!.label)}): ${collapsed.map(item => short[item.index]).join(', ')}`] : []),
		`one ${kind}: ${text(short, name => name)}`,
	];
}

/** Lines another line hides beyond their identical stretch (the chart counts from visibleFrom): "FlexMatch under Lee 2013". */
export function hiddenNote(state: RaceState, visibility: readonly ChartVisibility[]): Note {
	const hidden = visibility.filter(item => item.under !== undefined && item.drawn >= 2 && item.covered / item.drawn >= 0.5);
	if (hidden.length === 0) return undefined;
	const names = shortNames(state.contenders, Number.POSITIVE_INFINITY);
	const text = (list: string[]) => hidden.map(item => `${list[item.index]} under ${list[item.under!]}`).join(', ');
	return [`hidden: ${text(names)}`, `hidden: ${text(shortNames(state.contenders, 9))}`, `hidden: ${text(shortNames(state.contenders, 5))}`];
}

/** "self-training: ◆ labels the pool", "Lee 2013: ▲ starts using the pool, α unlabeled weight reaches 3": the focused line's marks. */
export function marksNote(name: string, events: readonly LineEvent[]): Note {
	if (events.length === 0) return undefined;
	const marks = [...new Map(events.map(event => [event.char, event])).values()];
	return [
		`${name}: ${marks.map(event => `${event.char} ${event.word}`).join(', ')}`,
		marks.map(event => `${event.char} ${event.word}`).join(', '),
		marks.map(event => `${event.char} ${event.short}`).join(', '),
	];
}

/**
 * Whether the gap holds beyond this seed: a sweep's mean ± sd and sign count for the contender the caption names
 * (every contender when they fit); without a sweep, once the race has ended, how to run one.
 */
export function evidenceNote(state: RaceState, evidence: SweepEvidence | undefined, leaderId: string | undefined, sweepFlags: readonly string[] = []): Note {
	if (evidence !== undefined) {
		const names = new Map(state.contenders.map((contender, index) => [contender.id, index]));
		const short = shortNames(state.contenders, 9);
		const full = shortNames(state.contenders, Number.POSITIVE_INFINITY);
		const seeds = `${evidence.seeds.length} seed${evidence.seeds.length === 1 ? '' : 's'}`;
		const one = (id: string, list: string[]) => {
			const item = evidence.contenders.find(entry => entry.id === id);
			const index = names.get(id);
			if (item === undefined || index === undefined) return undefined;
			const sd = item.sd === null ? '' : ` ± ${formatPoints(item.sd).replace(/^[+±]/, '').replace(' pts', '')}`;
			return `${list[index]} ${formatPoints(item.mean).replace(' pts', '')}${sd} (${item.sameSign}/${item.n})`;
		};

		const every = (list: string[]) => evidence.contenders.map(item => one(item.id, list)).filter(Boolean).join(', ');
		const leader = leaderId === undefined ? undefined : one(leaderId, full);
		return [
			`gap over ${seeds} (sweep): ${every(full)}`,
			`over ${seeds}: ${every(short)}`,
			...(leader === undefined ? [] : [`gap over ${seeds} (sweep): ${leader}`, `${seeds}: ${leader}`]),
		];
	}

	if (!state.finished || leaderId === undefined) return undefined;
	return [
		`one seed: ${sweepHint(state.preset, sweepFlags)} tells a real gap from luck`,
		`one seed: sweep --seeds 3 checks the gap`,
		'one seed (sweep --seeds 3)',
	];
}

/** How the axes are scaled, and the keys that change them. */
export function scaleNote(fullRange: boolean, byImages: boolean, samples = 'images'): string[] {
	return [
		`${fullRange ? 'y: full range (z: zoom in)' : 'y: zoomed to the latest epochs (z: full range)'} · x: ${byImages ? `${samples} (x: epochs)` : `epochs (x: ${samples})`}`,
		`${fullRange ? 'y full (z)' : 'y zoomed (z)'} · x ${byImages ? samples : 'epochs'} (x)`,
	];
}

/**
 * Notes packed into at most `lines` lines of `width`, in the order given (most needed first): a note goes beside the
 * ones already on the last line when its longest wording fits there, else on a line of its own while one is left,
 * else beside them in a shorter wording; a note that fits nowhere is left out, so the ones before it keep their words.
 */
export function packNotes(notes: readonly Note[], width: number, lines: number): string[] {
	const packed: string[] = [];
	const besideLast = (variants: readonly string[]) => {
		const last = packed.at(-1);
		const variant = last === undefined ? undefined : variants.find(item => last.length + 3 + item.length <= width);
		if (last === undefined || variant === undefined) return false;
		packed[packed.length - 1] = `${last} · ${variant}`;
		return true;
	};

	for (const note of notes) {
		if (note === undefined || note.length === 0) continue;
		if (besideLast(note.slice(0, 1))) continue;
		const alone = packed.length < lines ? note.find(variant => variant.length <= width) : undefined;
		if (alone !== undefined) {
			packed.push(alone);
			continue;
		}

		besideLast(note);
	}

	return packed;
}
