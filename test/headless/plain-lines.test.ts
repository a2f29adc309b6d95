// Headless lines name the contender each event is about, and the last one ranks every contender.
import {describe, expect, it} from 'vitest';
import {jsonLine} from '../../source/headless/json-lines.js';
import {plainLine} from '../../source/headless/plain-lines.js';
import {createRaceState, reduceRace} from '../../source/race/race-state.js';
import {fourContenders, fourShared, raceEvents} from '../summary/race-fixture.js';

/** Every plain line of a race, each event formatted with the race state as the headless sink keeps it. */
function plainLines(events = raceEvents({contenders: fourContenders, shared: fourShared})): string[] {
	let state = createRaceState();
	const lines: string[] = [];
	for (const event of events) {
		state = reduceRace(state, event, 0);
		const line = plainLine(event, state);
		if (line !== undefined) lines.push(...line.split('\n'));
	}

	return lines;
}

describe('plainLine', () => {
	it('starts with the race and one line per contender: id, name, method, epochs and key settings', () => {
		const lines = plainLines();
		expect(lines[0]).toBe('start  preset custom, backend wasm, MNIST: 1,000 labeled, 59,000 unlabeled, 10,000 test; 4 contenders on 2 cores');
		expect(lines[1]).toBe('       supervised supervised: supervised, 13 epochs, batch 32');
		expect(lines[2]).toBe('       semi       self-training: self-training, 13 epochs, threshold 80%, 5 warm-up + 2×4, batch 32');
		expect(lines[3]).toBe('       lee        Lee 2013: Lee 2013, 13 epochs, α → 3, 5 warm-up + 8 online, batch 32, labeled images augmented');
		expect(lines[4]).toBe('       flex       FlexMatch: FlexMatch, 13 epochs, τ 95%, 5 warm-up + 8 online, batch 32, labeled images augmented');
	});

	it('names the contender on every epoch, round and done line', () => {
		// Every line but the start's five and the done line and its one-seed note.
		const lines = plainLines().slice(5, -2);
		for (const line of lines) {
			expect(line).toMatch(/^(supervised|semi|lee|flex) +/);
		}

		for (const id of ['supervised', 'semi', 'lee', 'flex']) {
			expect(lines.some(line => line.startsWith(`${id.padEnd(10)} epoch   1  test `))).toBe(true);
			expect(lines).toContain(lines.find(line => line.startsWith(`${id.padEnd(10)} done: test `)));
		}
	});

	it('says round or online epoch, accepted or used, precision, α and thresholds per digit', () => {
		const lines = plainLines();
		expect(lines).toContain(
			'semi       round 1 of 2: used 48,380/59,000 (82.00%) above 80%, precision 97.20%; predict 50,000/s, augment 20,000/s',
		);
		expect(lines.find(line => line.startsWith('lee        epoch 6 of 13 (online): used 25,370/59,000 draws '))).toMatch(/precision 97\.20%; α 0\.50; predict/);
		expect(lines.find(line => line.startsWith('flex       epoch 6 of 13 (online): used '))).toContain('τ per digit 50% 54% 58% 62%');
		// The bar FlexMatch used is each digit's own threshold, not its τ (95%); Lee 2013 uses every guess.
		expect(lines.find(line => line.startsWith('flex       epoch 6 of 13 (online): used '))).toMatch(/\) above per-digit thresholds, precision/);
		const lee = raceEvents({contenders: fourContenders, shared: fourShared}).find(event => event.type === 'pseudo-labels' && event.run === 'lee')!;
		expect(plainLine({...lee, threshold: 0} as typeof lee)).toMatch(/\) every guess, precision/);
	});

	it('counts rows on a table, and says once that real data does not use --labeled', () => {
		const info = {name: 'wine', kind: 'table' as const, height: 1, width: 7, channels: 1, classNames: ['a', 'b', 'c'], mode: 'real' as const};
		const withData = (notes: string[]) =>
			raceEvents({contenders: fourContenders, shared: fourShared}).map(event =>
				event.type === 'start' ? {...event, dataset: {...event.dataset, name: 'wine', info, notes}} : event);
		const lines = plainLines(withData([]));
		expect(lines.find(line => line.startsWith('supervised epoch   1 '))).toMatch(/, [\d,]+ rows\)$/);
		expect(lines.join('\n')).not.toMatch(/\d images\)/);
		expect(lines.filter(line => line.includes('--labeled'))).toHaveLength(1);
		// The fit's note says it where --labeled was given: not a second time.
		const noted = plainLines(withData(['real data: its 126 labeled rows are the labeled set, so --labeled (50 here) is not used']));
		expect(noted.filter(line => line.includes('--labeled'))).toEqual(['       note       real data: its 126 labeled rows are the labeled set, so --labeled (50 here) is not used']);
	});

	it('says per-class, by name, where ten classes are not digits (Fashion-MNIST)', () => {
		const classNames = ['T-shirt', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Boot'];
		const info = {name: 'fashion-mnist', kind: 'image' as const, height: 28, width: 28, channels: 1, classNames, mode: 'simulation' as const};
		const events = raceEvents({contenders: fourContenders, shared: fourShared}).map(event =>
			event.type === 'start' ? {...event, dataset: {...event.dataset, name: 'fashion-mnist', info}} : event);
		const flex = plainLines(events).find(line => line.startsWith('flex       epoch 6 of 13 (online): used '));
		expect(flex).toMatch(/\) above per-class thresholds, precision/);
		expect(flex).toContain('τ per class T-shirt 50%, Trouser 54%');
	});

	it('adds a method\'s own live numbers to its pseudo-label line', () => {
		const events = raceEvents({contenders: fourContenders, shared: fourShared}).map(event =>
			event.type === 'pseudo-labels' && event.run === 'flex' ? {...event, signals: [{name: 'teacher', value: 0.95, percent: true}]} : event,
		);
		expect(plainLines(events).find(line => line.startsWith('flex       epoch 8 of 13 (online): used '))).toContain('; τ per digit 50% 54% 58% 62% 66% 70% 74% 78% 82% 86%, teacher 95.0%; predict');
	});

	it('says what became of earlier wrong pseudo-labels: fixed, still wrong, surer, dropped', () => {
		const events = raceEvents({contenders: fourContenders, shared: fourShared}).map(event =>
			event.type === 'pseudo-labels' && event.run === 'semi' && event.round === 2
				? {...event, carriedOver: {wrongBefore: 2100, fixed: 1200, stillWrong: 600, moreConfident: 400, dropped: 300}}
				: event,
		);
		const line = plainLines(events).find(item => item.startsWith('semi       round 2 of 2: used '));
		expect(line).toContain('; wrong before 2,100: 1,200 fixed, 600 still wrong (400 surer), 300 dropped; predict');
		// Without the counts (a first round, or real data), nothing is said.
		expect(plainLines().find(item => item.startsWith('semi       round 2 of 2: used '))).not.toContain('wrong before');
	});

	it('ends with every contender best first and the gap to supervised, failed ones marked', () => {
		const [done, seeds] = plainLines(raceEvents({contenders: fourContenders, shared: fourShared, crash: ['lee']})).slice(-2);
		// The one gap, as the dashboard shows it: against the best supervised had reached by the same epoch.
		expect(done).toMatch(/^done {3}flex \d+\.\d\d% \(\+\d+\.\d\d pts vs supervised's best\), semi \d+\.\d\d% \(\+\d+\.\d\d pts vs supervised's best\), supervised \d+\.\d\d%, lee – failed in 7\.5s$/);
		// A race is one seed: the line after says so and how to check the gap.
		expect(seeds).toBe('       one seed: sweep --preset custom --seeds 3 tells a real gap from luck');
	});

	it('says the one-seed hint\'s sweep with the race\'s own flags, so it sweeps the same data', () => {
		const events = raceEvents({contenders: fourContenders, shared: fourShared});
		let state = createRaceState();
		for (const event of events) state = reduceRace(state, event, 0);
		const done = plainLine(events.at(-1)!, state, ['--data', 'wine.csv', '--drop', 'id'])!;
		expect(done.split('\n').at(-1)).toBe('       one seed: sweep --preset custom --data wine.csv --drop id --seeds 3 tells a real gap from luck');
	});

	it('says on the epoch and done lines of a contender that calls nearly every test sample one class which class', () => {
		// Lee's last epoch gave 97 % of the test images digit 3; the others learned.
		const events = raceEvents({contenders: fourContenders, shared: fourShared}).map(event =>
			event.type === 'epoch' && event.run === 'lee' ? {...event, oneClass: {label: 3, share: 0.97}} : event,
		);
		const lines = plainLines(events);
		const epochLines = lines.filter(line => /^lee +epoch +\d+ +test/.test(line));
		expect(epochLines.length).toBeGreaterThan(5);
		for (const line of epochLines) expect(line).toMatch(/ {2}calls 97\.00% of test images "3"$/);
		const done = lines.find(line => line.startsWith('done'))!;
		expect(done).toMatch(/lee \d+\.\d\d% \(calls 97% "3"\) \(/);
		expect(done.match(/calls/g)).toHaveLength(1);
	});

	it('gives no one-seed hint for a race stopped before its end: its gap is not the race\'s', () => {
		const events = raceEvents({contenders: fourContenders, shared: fourShared});
		const done = events.at(-1)!;
		if (done.type !== 'done') throw new Error('the fixture ends with done');
		const stopped = {...done, results: Object.fromEntries(Object.entries(done.results).map(([id, result]) => [id, id === 'supervised' ? result : {...result, status: 'cancelled' as const}]))};
		const lines = plainLines([...events.slice(0, -1), stopped]);
		expect(lines.at(-1)).toMatch(/^done .* cancelled/);
		expect(lines.join('\n')).not.toContain('one seed');
		expect(plainLines(events).join('\n')).toContain('one seed');
	});

	it('without the race state, measures gaps against the contender called supervised', () => {
		const done = raceEvents().at(-1)!;
		expect(plainLine(done)).toMatch(/^done {3}semi \d+\.\d\d% \(\+\d+\.\d\d pts\), supervised \d+\.\d\d% in /);
	});
});

describe('jsonLine', () => {
	it('keeps the contender id as run, lists contenders at the start, and every result at the end', () => {
		const events = raceEvents({contenders: fourContenders, shared: fourShared});
		const objects = events.map(event => jsonLine(event)).filter(line => line !== undefined).map(line => JSON.parse(line!));
		expect(objects[0].contenders.map((c: {id: string}) => c.id)).toEqual(['supervised', 'semi', 'lee', 'flex']);
		expect(objects[0].contenders[3].config.threshold).toBe(0.95);
		expect(new Set(objects.filter(o => o.type === 'epoch').map(o => o.run))).toEqual(new Set(['supervised', 'semi', 'lee', 'flex']));
		expect(objects.find(o => o.type === 'pseudo-labels')).not.toHaveProperty('samples');
		expect(Object.keys(objects.at(-1).results)).toEqual(['supervised', 'semi', 'lee', 'flex']);
		expect(objects.at(-1).supervised.testAccuracy).toBe(objects.at(-1).results.supervised.testAccuracy);
	});
});
