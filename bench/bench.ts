/**
 * `npm run bench [-- --json] [-- --quick]`: the speed targets, measured on this machine.
 * Training samples/s per worker alone and with two workers at once, prediction and augmentation images/s, whole
 * races (wall time, peak memory, accuracy) and the dashboard's frame rate and key latency while both runs train.
 */
import {arch, cpus} from 'node:os';
import {defaultRunConfig} from '../source/config/run-config.js';
import {augmentImages} from '../source/core/augment.js';
import {createRandom} from '../source/core/random.js';
import {loadDataset} from '../source/data/load-dataset.js';
import {measureDashboard, type DashboardLatency} from './dashboard-latency.js';
import {measureEngineThroughput} from './engine-throughput.js';
import {measureRace, type RaceMeasurement} from './race-wall.js';

const args = new Set(process.argv.slice(2));
const json = args.has('--json');
const quick = args.has('--quick');
const log = (text: string) => process.stderr.write(`${text}\n`);

async function augmentPerSec(): Promise<number> {
	const dataset = await loadDataset();
	const images = new Uint8Array(dataset.trainImages);
	const rows = Int32Array.from({length: 50_000}, (_, i) => i);
	augmentImages(images, rows.subarray(0, 2000), defaultRunConfig.augmentation, createRandom(1));
	const started = performance.now();
	augmentImages(images, rows, defaultRunConfig.augmentation, createRandom(2));
	return Math.round(rows.length / ((performance.now() - started) / 1000));
}

const mean = (values: number[]) => Math.round(values.reduce((a, b) => a + b, 0) / values.length);

log('engine: one worker…');
const alone = await measureEngineThroughput(1, 'wasm');
log('engine: two workers at once…');
const together = await measureEngineThroughput(2, 'wasm');
log('augmentation…');
const augment = await augmentPerSec();
const races: Record<string, RaceMeasurement> = {};
let dashboard: DashboardLatency | undefined;
if (!quick) {
	for (const preset of ['quick', 'tutorial']) {
		log(`race: ${preset}…`);
		races[preset] = await measureRace(preset);
	}

	log('dashboard: frames and key latency while training…');
	dashboard = await measureDashboard({columns: 100, rows: 30, seconds: 10, keyPresses: 5});
}

const result = {
	backend: alone[0]!.backend,
	node: process.version,
	cpu: `${cpus()[0]?.model ?? 'unknown'} (${cpus().length} cores, ${arch()})`,
	train: {
		batch32: alone[0]!.trainPerSec[32],
		batch128: alone[0]!.trainPerSec[128],
		batch32Concurrent: mean(together.map(run => run.trainPerSec[32]!)),
		batch128Concurrent: mean(together.map(run => run.trainPerSec[128]!)),
	},
	predictPerSec: alone[0]!.predictPerSec,
	augmentPerSec: augment,
	races,
	dashboard,
};

if (json) {
	process.stdout.write(`${JSON.stringify(result)}\n`);
} else {
	const targets: Array<[string, string, string]> = [
		['train batch 32, alone', `${result.train.batch32}/s`, ''],
		['train batch 128, alone', `${result.train.batch128}/s`, ''],
		['train batch 32, two workers (each)', `${result.train.batch32Concurrent}/s`, '≥ 4,000/s'],
		['train batch 128, two workers (each)', `${result.train.batch128Concurrent}/s`, '≥ 9,000/s'],
		['predict', `${result.predictPerSec}/s`, '≥ 40,000/s'],
		['augment', `${result.augmentPerSec}/s`, '≥ 20,000/s'],
	];
	for (const [name, race] of Object.entries(races)) {
		const limit = name === 'tutorial' ? '≤ 210 s, ≤ 1,200 MB' : '≤ 45 s, ≤ 1,200 MB';
		targets.push([
			`race ${name}: wall, peak RSS`,
			`${race.wallSeconds} s, ${race.peakRssMB} MB (supervised ${(race.supervisedAccuracy * 100).toFixed(2)}%, semi ${(race.semiAccuracy * 100).toFixed(2)}%)`,
			limit,
		]);
	}

	if (dashboard) {
		targets.push(['dashboard frames while training', `${dashboard.framesPerSec.toFixed(1)}/s, ${Math.round(dashboard.bytesPerSec)} B/s`, '≤ ~10/s']);
		targets.push(['key → screen latency', `median ${dashboard.keyLatencyMs.median} ms, max ${dashboard.keyLatencyMs.max} ms`, '≤ 100 ms']);
	}

	const width = Math.max(...targets.map(([name]) => name.length));
	process.stdout.write(`backend ${result.backend}, Node ${result.node}, ${result.cpu}\n`);
	for (const [name, value, target] of targets) {
		process.stdout.write(`${name.padEnd(width)}  ${value}${target ? `   (target ${target})` : ''}\n`);
	}
}
