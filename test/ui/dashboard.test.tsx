// Tests for the dashboard container with a fake race: keys read in one chunk step from each other, and a finished race
// can neither be paused nor saved twice.
import {render} from 'ink-testing-library';
import {afterEach, describe, expect, it, vi} from 'vitest';
import type {Preset} from '../../source/config/presets.js';
import type {SharedDataset} from '../../source/protocol/messages.js';
import type {RaceEvent} from '../../source/race/race-events.js';
import type {RaceOptions, RaceOutcome} from '../../source/race/race.js';
import type {RaceState} from '../../source/race/race-state.js';
import {Dashboard} from '../../source/ui/dashboard.js';
import {keepLeftAfterSeconds} from '../../source/ui/hooks/use-race-saves.js';
import {resultLine} from '../../source/headless/result-line.js';
import {finishedRaceEvents, fourContenderEvents, midRaceEvents, tutorialPlan} from '../fixtures/race-events.js';
import {plainLines, waitFor} from './render-sized.js';

interface FakeRace {
	preset: string;
	feed(events: RaceEvent[]): void;
	end(): void;
	paused: boolean;
}

// The dashboard's session starts races through race.js: here they are fakes the test feeds events by hand.
const races = vi.hoisted(() => [] as FakeRace[]);
vi.mock('../../source/race/race.js', () => ({
	startRace(options: Pick<RaceOptions, 'preset' | 'onEvent'>) {
		let resolve: (outcome: RaceOutcome) => void = () => {};
		const finished = new Promise<RaceOutcome>(done => {
			resolve = done;
		});
		const race = {
			preset: options.preset,
			paused: false,
			feed: (events: RaceEvent[]) => events.forEach(event => options.onEvent(event)),
			end: () => resolve({completed: true, cancelled: false, errors: []}),
			pause: () => void (race.paused = true),
			resume: () => void (race.paused = false),
			cancel: async () => resolve({completed: false, cancelled: true, errors: []}),
			finished,
		};
		races.push(race);
		return race;
	},
}));

const presets: Preset[] = ['p1', 'p2', 'p3', 'p4', 'p5'].map(name => ({name, description: name, source: 'built-in', label: name, patch: {}}));

function renderDashboard() {
	const chosen: string[] = [];
	const saves: Array<{partial: boolean}> = [];
	const savedStates: RaceState[] = [];
	const quits: Array<{code: number; state: RaceState}> = [];
	const saveSummary = async (state: RaceState, partial: boolean) => {
		saves.push({partial});
		savedStates.push(state);
		const path = `/runs/r${saves.length}.md`;
		const notice = `saved ${partial ? 'partial ' : ''}run r${saves.length}: ${path}`;
		return partial ? {notice} : {notice, path};
	};
	const {stdin, lastFrame} = render(
		<Dashboard
			presets={presets}
			initialPresetIndex={0}
			planOf={() => tutorialPlan}
			problemOf={() => undefined}
			dataset={{} as SharedDataset}
			backend="wasm"
			isInteractive
			color={false}
			saveSummary={saveSummary}
			onPresetChange={preset => chosen.push(preset.name)}
			onQuit={(code, state) => quits.push({code, state})}
		/>,
	);
	const frame = () => plainLines(lastFrame() ?? '').join('\n');
	return {stdin, frame, chosen, saves, savedStates, quits};
}

/** The race the dashboard started last, once its settle delay is over. */
async function currentRace(count: number): Promise<FakeRace> {
	await waitFor(() => races.length >= count);
	return races.at(-1)!;
}

afterEach(() => {
	races.length = 0;
});

describe('Dashboard', () => {
	it('steps through presets and contenders once per key when the keys arrive in one chunk', async () => {
		const {stdin, frame, chosen} = renderDashboard();
		const race = await currentRace(1);
		race.feed(fourContenderEvents());
		// The focus starts on the first contender that pseudo-labels (pseudo 0.50); Tab Tab moves it two on.
		await waitFor(() => frame().includes('Pseudo-labels · pseudo 0.50'));
		stdin.write('\t\t');
		await waitFor(() => frame().includes('Pseudo-labels · pseudo 0.95'));
		stdin.write('\u001B[D\u001B[D\u001B[D');
		await waitFor(() => chosen.length >= 3);
		expect(chosen).toEqual(['p5', 'p4', 'p3']);
		stdin.write(']]');
		await waitFor(() => chosen.length >= 5);
		expect(chosen.slice(3)).toEqual(['p4', 'p5']);
		// Only the preset chosen last races: the ones passed are never started.
		await waitFor(() => races.at(-1)!.preset === 'p5');
		expect(races.map(started => started.preset)).toEqual(['p1', 'p5']);
	});

	it('keeps Tab and space pressed while the race is loading, and acts on them once it is ready', async () => {
		const {stdin, frame} = renderDashboard();
		// "loading dataset…": the race has not started (its settle delay), so it has no contenders and nothing to pause.
		expect(frame()).toContain('loading dataset…');
		expect(races).toHaveLength(0);
		stdin.write('\t');
		stdin.write(' ');
		// The pause shows at once, and the race starts paused.
		await waitFor(() => frame().includes('PAUSED'));
		const race = await currentRace(1);
		expect(race.paused).toBe(true);
		race.feed(fourContenderEvents());
		// Tab moved on from the first contender that pseudo-labels (pseudo 0.50), as it would have in the race.
		await waitFor(() => frame().includes('Pseudo-labels · pseudo 0.80'));
		expect(frame()).toContain('space resume');
	});

	it('takes back a pause pressed twice while loading, and acts on presets, help and quit at once', async () => {
		const {stdin, frame, chosen, quits} = renderDashboard();
		stdin.write('  ');
		const race = await currentRace(1);
		expect(race.paused).toBe(false);
		expect(frame()).not.toContain('PAUSED');
		stdin.write('3');
		await waitFor(() => chosen.length === 1);
		expect(chosen).toEqual(['p3']);
		expect(frame()).toContain('loading dataset…');
		stdin.write('?');
		await waitFor(() => frame().includes('What you are watching'));
		stdin.write('q');
		await waitFor(() => quits.length === 1);
		// Nothing had started: nothing to save.
		expect(quits[0]!.code).toBe(0);
	});

	it('offers no pause once the race is done, and space does nothing then', async () => {
		const {stdin, frame} = renderDashboard();
		const race = await currentRace(1);
		race.feed(midRaceEvents());
		await waitFor(() => frame().includes('space pause'));
		race.feed(finishedRaceEvents().slice(-3));
		race.end();
		await waitFor(() => frame().includes('saved run r1'));
		expect(frame()).not.toContain('space');
		stdin.write(' ');
		await new Promise(resolve => setTimeout(resolve, 100));
		expect(race.paused).toBe(false);
		expect(frame()).not.toContain('PAUSED');
		expect(frame()).not.toContain('resume');
	});

	it('s on a race already saved says where it is instead of saving a second copy', async () => {
		const {stdin, frame, saves} = renderDashboard();
		const race = await currentRace(1);
		race.feed(midRaceEvents());
		// Mid-race, s saves what the race shows, marked partial; the race's own save at its end still comes.
		stdin.write('s');
		await waitFor(() => frame().includes('saved partial run r1'));
		race.feed(finishedRaceEvents().slice(-3));
		race.end();
		await waitFor(() => frame().includes('saved run r2: /runs/r2.md'));
		stdin.write('s');
		await waitFor(() => frame().includes('already saved: /runs/r2.md'));
		stdin.write('ss');
		await new Promise(resolve => setTimeout(resolve, 100));
		expect(saves).toEqual([{partial: true}, {partial: false}]);
		// A new race is a new record: s on it saves again.
		stdin.write('r');
		const next = await currentRace(2);
		next.feed(finishedRaceEvents());
		next.end();
		await waitFor(() => saves.length === 3);
		stdin.write('s');
		await waitFor(() => frame().includes('already saved: /runs/r3.md'));
		expect(saves).toHaveLength(3);
	});

	it('keeps the race it leaves: another preset or r mid-race saves it partial, a race without an epoch is dropped', async () => {
		const {stdin, frame, saves, savedStates} = renderDashboard();
		const race = await currentRace(1);
		race.feed(midRaceEvents());
		await waitFor(() => frame().includes('space pause'));
		// Left at once (paging through presets), it is dropped; watched for a while, kept.
		const now = Date.now();
		const clock = vi.spyOn(Date, 'now').mockReturnValue(now + (keepLeftAfterSeconds - 5) * 1000);
		stdin.write('\u001B[C');
		await currentRace(2);
		await new Promise(resolve => setTimeout(resolve, 100));
		expect(saves).toEqual([]);
		stdin.write('\u001B[D');
		const again = await currentRace(3);
		again.feed(midRaceEvents());
		await waitFor(() => frame().includes('space pause'));
		clock.mockReturnValue(Date.now() + (keepLeftAfterSeconds + 1) * 1000);
		stdin.write('\u001B[C');
		await waitFor(() => frame().includes('saved partial run r1'));
		expect(saves).toEqual([{partial: true}]);
		expect(savedStates[0]!.preset).toBe('tutorial');
		expect(savedStates[0]!.contenders.every(contender => contender.life.status === 'cancelled')).toBe(true);
		// p2 has not finished an epoch: r drops it without a record.
		await currentRace(4);
		stdin.write('r');
		await currentRace(5);
		await new Promise(resolve => setTimeout(resolve, 100));
		expect(saves).toHaveLength(1);
		clock.mockRestore();
	});

	it('hands the race on screen to onQuit, so its result outlives the alternate screen', async () => {
		const finished = renderDashboard();
		const race = await currentRace(1);
		race.feed(finishedRaceEvents());
		race.end();
		await waitFor(() => finished.frame().includes('saved run r1'));
		finished.stdin.write('q');
		await waitFor(() => finished.quits.length === 1);
		expect(finished.quits[0]!.code).toBe(0);
		expect(resultLine(finished.quits[0]!.state)).toMatch(/^done {3}semi \d+\.\d\d% .*, supervised \d+\.\d\d% in /);
		// Quit mid-race: the accuracies so far, marked as stopped.
		const mid = renderDashboard();
		const running = await currentRace(2);
		running.feed(midRaceEvents());
		await waitFor(() => mid.frame().includes('space pause'));
		mid.stdin.write('q');
		await waitFor(() => mid.quits.length === 1);
		expect(resultLine(mid.quits[0]!.state)).toMatch(/^stopped semi \d+\.\d\d% .* cancelled, supervised \d+\.\d\d% cancelled in /);
	});
});
