/**
 * `npm run bench [-- --json] [-- --quick] [-- --loading]`: the speed targets, measured on this machine (`--loading`: the data loaders alone).
 * Training samples/s per worker alone, with a helper thread and with two workers at once (medians of interleaved
 * rounds, the direct engine beside the tfjs-ops one), prediction and augmentation images/s, whole
 * races (wall time, peak memory, accuracy) and the dashboard's frame rate and key latency while both runs train.
 */
import {arch, cpus} from 'node:os';
import {defaultRunConfig} from '../source/config/run-config.js';
import {augmentImages} from '../source/core/augment.js';
import {createRandom} from '../source/core/random.js';
import {loadDataset} from '../source/data/load-dataset.js';
import {measureDashboard, type DashboardLatency} from './dashboard-latency.js';
import {measureLoading, type LoadingMeasurement} from './data-loading.js';
import {measureEngineThroughput} from './engine-throughput.js';
import {measureRace, type RaceMeasurement} from './race-wall.js';
import {profileStep} from './step-profile.js';

const args = new Set(process.argv.slice(2));
const json = args.has('--json');
const quick = args.has('--quick');
const profile = args.has('--profile');
const loadingOnly = args.has('--loading');
const log = (text: string) => process.stderr.write(`${text}\n`);

async function augmentPerSec(): Promise<number> {
	const dataset = await loadDataset();
	const images = new Uint8Array(dataset.trainImages);
	const rows = Int32Array.from({length: 50_000}, (_, i) => i);
	augmentImages(images, rows.subarray(0, 2000), defaultRunConfig.augmentation, createRandom(1), dataset.info);
	const started = performance.now();
	augmentImages(images, rows, defaultRunConfig.augmentation, createRandom(2), dataset.info);
	return Math.round(rows.length / ((performance.now() - started) / 1000));
}

/** "9.2 s, peak +92 MB over 52 MB = 1.68× the 55 MB decoded". */
function loadingText(measured: LoadingMeasurement): string {
	return `${measured.seconds} s, peak +${measured.peakMB - measured.baselineMB} MB over ${measured.baselineMB} MB = ${measured.peakOverDecoded}× the ${measured.decodedMB} MB decoded`;
}

const mean = (values: number[]) => Math.round(values.reduce((a, b) => a + b, 0) / values.length);

if (profile) {
	// Alone on a core: one direct-engine step of batch 32, part by part, then nothing else.
	const parts = await profileStep();
	const total = parts.reduce((sum, part) => sum + part.microseconds, 0);
	for (const {part, microseconds, flops} of parts) {
		const rate = flops ? `  ${(flops / microseconds / 1000).toFixed(1)} GFLOP/s` : '';
		process.stdout.write(`${part.padEnd(46)} ${String(microseconds).padStart(6)} µs${rate}\n`);
	}

	process.stdout.write(`${'sum (≈ one batch-32 step)'.padEnd(46)} ${String(total).padStart(6)} µs  → ${Math.round(32e6 / total)} samples/s\n`);
	process.exit(0);
}

if (loadingOnly) {
	// The loaders alone: `npm run bench -- --loading`.
	log('loading: 70,000 PNGs in class folders, a 60,000 × 785 pixel CSV (files written once to the temp folder)…');
	const {pngFolder, pixelCsv} = await measureLoading();
	for (const [name, measured, target] of [['load 70,000 PNGs (28×28)', pngFolder, 20], ['load 60,000 × 785 CSV', pixelCsv, 10]] as const) {
		process.stdout.write(`${name.padEnd(26)} ${loadingText(measured)}   (target ≤ ${target} s, peak ≤ 2× decoded)\n`);
	}

	process.exit(0);
}

log('engine: one worker: direct engine, tfjs-ops engine and direct engine with a helper thread, in turn…');
const [alone] = await measureEngineThroughput(1, 'wasm', ['direct', 'tfjs', 'helped']);
log('engine: two workers at once, each: direct and tfjs-ops engines in turn…');
const together = await measureEngineThroughput(2, 'wasm', ['direct', 'tfjs']);
log('augmentation…');
const augment = await augmentPerSec();
const races: Record<string, RaceMeasurement> = {};
let dashboard: DashboardLatency | undefined;
let loading: Awaited<ReturnType<typeof measureLoading>> | undefined;
if (!quick) {
	for (const preset of ['quick', 'tutorial']) {
		log(`race: ${preset}…`);
		races[preset] = await measureRace(preset);
	}

	log('loading: 70,000 PNGs and a 60,000 × 785 CSV…');
	loading = await measureLoading();
	log('dashboard: frames and key latency while training…');
	dashboard = await measureDashboard({columns: 100, rows: 30, seconds: 10, keyPresses: 5});
}

const result = {
	backend: alone!.backend,
	node: process.version,
	cpu: `${cpus()[0]?.model ?? 'unknown'} (${cpus().length} cores, ${arch()})`,
	train: {
		batch32: alone!.direct!.trainPerSec[32],
		batch128: alone!.direct!.trainPerSec[128],
		batch32Concurrent: mean(together.map(run => run.direct!.trainPerSec[32]!)),
		batch128Concurrent: mean(together.map(run => run.direct!.trainPerSec[128]!)),
		batch32Helped: alone!.helped!.trainPerSec[32],
		batch128Helped: alone!.helped!.trainPerSec[128],
	},
	predictPerSec: alone!.direct!.predictPerSec,
	previousEngine: {
		batch32: alone!.tfjs!.trainPerSec[32],
		batch128: alone!.tfjs!.trainPerSec[128],
		batch32Concurrent: mean(together.map(run => run.tfjs!.trainPerSec[32]!)),
		batch128Concurrent: mean(together.map(run => run.tfjs!.trainPerSec[128]!)),
		predictPerSec: alone!.tfjs!.predictPerSec,
	},
	augmentPerSec: augment,
	races,
	dashboard,
	loading,
};

if (json) {
	process.stdout.write(`${JSON.stringify(result)}\n`);
} else {
	const previous = result.previousEngine;
	const was = (value: number | undefined) => `   (tfjs ops: ${value}/s)`;
	const targets: Array<[string, string, string]> = [
		['train batch 32, alone', `${result.train.batch32}/s${was(previous.batch32)}`, ''],
		['train batch 128, alone', `${result.train.batch128}/s${was(previous.batch128)}`, ''],
		['train batch 32, two workers (each)', `${result.train.batch32Concurrent}/s${was(previous.batch32Concurrent)}`, '≥ 11,000/s'],
		['train batch 128, two workers (each)', `${result.train.batch128Concurrent}/s${was(previous.batch128Concurrent)}`, '≥ 13,000/s'],
		['train batch 32, one worker + helper', `${result.train.batch32Helped}/s`, ''],
		['train batch 128, one worker + helper', `${result.train.batch128Helped}/s`, ''],
		['predict (10,000 test images)', `${result.predictPerSec}/s${was(previous.predictPerSec)}`, '≥ 30,000/s'],
		['augment', `${result.augmentPerSec}/s`, '≥ 20,000/s'],
	];
	for (const [name, race] of Object.entries(races)) {
		const limit = name === 'tutorial' ? '≤ 60 s, ≤ 1,024 MB' : '≤ 12 s, ≤ 1,024 MB';
		targets.push([
			`race ${name}: wall, peak RSS`,
			`${race.wallSeconds} s, ${race.peakRssMB} MB (supervised ${(race.supervisedAccuracy * 100).toFixed(2)}%, semi ${(race.semiAccuracy * 100).toFixed(2)}%)`,
			limit,
		]);
		const busy = race.coreBusy?.map(share => `${Math.round(share * 100)}%`).join(', ') ?? 'n/a';
		const team = race.semiTeamSteps ? `; semi shared ${race.semiTeamSteps.shared} of ${race.semiTeamSteps.shared + race.semiTeamSteps.alone} steps with a helper` : '';
		targets.push([`race ${name}: cores busy`, `${busy}${team}`, '']);
	}

	if (dashboard) {
		targets.push(['dashboard frames while training', `${dashboard.framesPerSec.toFixed(1)}/s, ${Math.round(dashboard.bytesPerSec)} B/s`, '≤ ~10/s']);
		targets.push(['key → screen latency', `median ${dashboard.keyLatencyMs.median} ms, max ${dashboard.keyLatencyMs.max} ms`, '≤ 100 ms']);
	}

	if (loading) {
		targets.push(['load 70,000 PNGs (28×28), peak memory', loadingText(loading.pngFolder), '≤ 20 s, peak ≤ 2× decoded']);
		targets.push(['load 60,000 × 785 CSV, peak memory', loadingText(loading.pixelCsv), '≤ 10 s, peak ≤ 2× decoded']);
	}

	const width = Math.max(...targets.map(([name]) => name.length));
	process.stdout.write(`backend ${result.backend}, Node ${result.node}, ${result.cpu}\n`);
	for (const [name, value, target] of targets) {
		process.stdout.write(`${name.padEnd(width)}  ${value}${target ? `   (target ${target})` : ''}\n`);
	}
}
