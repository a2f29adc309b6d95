/**
 * `npm run bench`: every speed target, measured on this machine in one run (issue 18). Sections, each also alone:
 *   --speed    training samples/s of one worker alone, with 1 … cores − 1 helper threads, and two workers at once
 *              (medians of interleaved rounds; the direct engine beside the tfjs-ops one); prediction and augmentation;
 *              and a team step's work per member against a step alone in CPU time (teams of 2 to 4, batch 32 and 128),
 *              the speedup on idle cores that holds even on a shared machine (`--team-work`: that alone); and the
 *              host's own ceiling: two threads taking steps of their own at once, meeting every step or free, against
 *              one (host-ceiling.ts; `--ceiling`: that alone)
 *   --races    whole races, each alternated with the one it is compared with: `quick` and the four-contender
 *              `methods` race beside the previous release (--previous REF, built once in the temp folder), the
 *              `tutorial` race beside its PyTorch peer (--peer PATH); wall time, peak memory, accuracies
 *   --dashboard  frames and key → screen latency while every core trains
 *   --loading  the data loaders
 *   --native   the opt-in native engine (onnxruntime-node beside the tool or named by PSEUDOLABEL_ORT) with 1 and 2 ORT
 *              threads, in turn with the wasm engine alone and with a helper (part of --speed when ORT is found)
 *   --profile  where one batch-32 step's time goes, and Adam's pass on a trained state (not part of the default run)
 * `--rounds N` repeats each race pair N times (medians); `--json` prints one JSON object instead of the table.
 */
import {arch, availableParallelism, cpus} from 'node:os';
import path from 'node:path';
import {defaultRunConfig} from '../source/config/run-config.js';
import {augmentImages} from '../source/core/augment.js';
import {createRandom} from '../source/core/random.js';
import {loadDataset} from '../source/data/load-dataset.js';
import {measureDashboard, type DashboardLatency} from './dashboard-latency.js';
import {measureLoading, type LoadingMeasurement} from './data-loading.js';
import {findOrt} from '../source/engine/ort-engine.js';
import {measureEngineThroughput, type EngineThroughput, type WorkerThroughput} from './engine-throughput.js';
import {buildRelease, previousRelease} from './previous-release.js';
import {measureRace, type RaceMeasurement} from './race-wall.js';
import {measurePredictionChunks} from './prediction-chunks.js';
import {measureAdamState} from './adam-state.js';
import {measureBlankPixels} from './blank-pixels.js';
import {measureHostCeiling, type HostCeiling} from './host-ceiling.js';
import {profileStep} from './step-profile.js';
import {measureTeamWork, type TeamWork} from './team-work.js';
import {defaultPeer, measurePeer, type PeerMeasurement} from './torch-peer.js';
import {median} from './stats.js';

const argv = process.argv.slice(2);
const args = new Set(argv);
const option = (name: string) => {
	const at = argv.indexOf(name);
	return at === -1 ? undefined : argv[at + 1];
};

const json = args.has('--json');
/** "9.2 s, peak +92 MB over 52 MB, less 32 MB young generation = 1.15× the 52 MB decoded (1.77× with it)". */
function loadingText(measured: LoadingMeasurement): string {
	return `${measured.seconds} s, peak +${measured.peakMB - measured.baselineMB} MB over ${measured.baselineMB} MB, less ${measured.youngGenerationMB} MB V8 young generation = ${measured.peakOverDecoded}× the ${measured.decodedMB} MB decoded (${measured.peakWithYoungOverDecoded}× with it)`;
}

const sections = ['--speed', '--races', '--dashboard', '--loading', '--native'].filter(name => args.has(name) || (name === '--speed' && args.has('--quick')));
const runs = (section: string) => sections.length === 0 || sections.includes(section);
const rounds = Number(option('--rounds') ?? 1);
const log = (text: string) => process.stderr.write(`${text}\n`);
const mean = (values: number[]) => Math.round(values.reduce((a, b) => a + b, 0) / values.length);

async function augmentPerSec(): Promise<number> {
	const dataset = await loadDataset();
	const images = new Uint8Array(dataset.trainImages);
	const rows = Int32Array.from({length: 50_000}, (_, i) => i);
	augmentImages(images, rows.subarray(0, 2000), defaultRunConfig.augmentation, createRandom(1), dataset.info);
	const started = performance.now();
	augmentImages(images, rows, defaultRunConfig.augmentation, createRandom(2), dataset.info);
	return Math.round(rows.length / ((performance.now() - started) / 1000));
}

if (args.has('--profile')) {
	// Alone on a core: one direct-engine step of batch 32, part by part, then nothing else.
	const parts = await profileStep();
	const total = parts.reduce((sum, part) => sum + (part.comparison ? 0 : part.microseconds), 0);
	for (const {part, microseconds, flops} of parts) {
		const rate = flops ? `  ${(flops / microseconds / 1000).toFixed(1)} GFLOP/s` : '';
		process.stdout.write(`${part.padEnd(56)} ${String(microseconds).padStart(6)} µs${rate}\n`);
	}

	process.stdout.write(`${'sum (≈ one batch-32 step)'.padEnd(56)} ${String(total).padStart(6)} µs  → ${Math.round(32e6 / total)} samples/s\n`);
	for (const {product, rows, wholeMicroseconds, skippingMicroseconds, sparseMicroseconds, computedShare, litShare} of await measureBlankPixels()) {
		process.stdout.write(
			`${product} on a ${rows}-row MNIST part: ${wholeMicroseconds} µs whole, ${skippingMicroseconds} µs without its blank pixels (${Math.round(computedShare * 100)} % of the pixels computed), ${sparseMicroseconds} µs over each row's lit pixels (${Math.round(litShare * 100)} %)\n`,
		);
	}

	const chunks = await measurePredictionChunks();
	process.stdout.write(
		`a prediction chunk of ${chunks.rows} MNIST rows: ${chunks.xnnpackMs} ms on XNNPACK, ${chunks.sparseMs} ms with the first layer over each row's lit pixels\n`,
	);
	const state = await measureAdamState();
	process.stdout.write(
		`Adam after ${state.steps} batch-32 steps of MNIST: ${state.adamMicroseconds} µs a pass; ${state.subnormal} of ${state.values} m and v values subnormal\n`,
	);
	process.exit(0);
}

if (args.has('--ceiling')) {
	for (const batch of [32, 128]) {
		const host = await measureHostCeiling(batch);
		process.stdout.write(
			`batch ${batch}: two threads at once, steps of ${host.rows} rows, against one: meeting every step ${host.lockstep}× (rounds ${host.lockstepRange.join('–')}×), free ${host.free}× (rounds ${host.freeRange.join('–')}×); in the same turns a helper ${host.helped}× alone (rounds ${host.helpedRange.join('–')}×) = ${Math.round(host.ofCeiling * 100)} % of the ceiling; ${host.check.shared} steps shared, ${host.check.alone} alone, the weights ${host.check.same ? 'the same bits as alone' : 'NOT the same as alone'}\n`,
		);
	}

	process.exit(0);
}

if (args.has('--team-work')) {
	for (const members of [2, 3, 4]) {
		for (const batch of [32, 128]) {
			const work = await measureTeamWork(members, batch);
			process.stdout.write(`team of ${members}, batch ${batch}: alone ${work.aloneMs} ms, slowest member ${work.memberMs} ms of CPU per step → ${work.speedup}× on idle cores\n`);
			const phases = work.phases.map(({rows, units, load}, member) => `${member === 0 ? 'lead' : `helper ${member}`} ${rows} + ${units} + ${load}`);
			process.stdout.write(`    each member's rows + units + load, ms (medians): ${phases.join(', ')}\n`);
		}
	}

	process.exit(0);
}

interface Speed {
	alone: WorkerThroughput;
	/** One worker with k helper threads (k = 1 … cores − 1; at least 1), its medians. */
	helped: Record<number, WorkerThroughput>;
	together: WorkerThroughput[];
	augmentPerSec: number;
	/** CPU time per member of a team step against a step alone (teams of 2–4, batch 32 and 128). */
	teamWork: TeamWork[];
	/** Two threads at once against one on this host, with no team work (beside batch 32 and 128). */
	ceiling: HostCeiling[];
}

interface RacePair {
	preset: string;
	current: RaceMeasurement[];
	previous: RaceMeasurement[];
}

interface TutorialPair {
	current: RaceMeasurement[];
	peer: PeerMeasurement[];
	/** The same race on the opt-in native engine, where onnxruntime-node is found. */
	native: RaceMeasurement[];
}

const cores = availableParallelism();
/** The native engine's figures, or why there are none (it is opt-in: not installed is the usual case). */
type Native = {version: string; measured: WorkerThroughput} | {missing: string};
let native: Native | undefined;
if (runs('--speed') || args.has('--native')) {
	let found: ReturnType<typeof findOrt> | undefined;
	try {
		found = findOrt();
	} catch (error) {
		native = {missing: (error as Error).message};
	}

	if (found) {
		log(`native engine (onnxruntime-node ${found.version}): wasm alone, wasm with a helper, ORT with 1 and 2 threads, in turn…`);
		const [measured] = await measureEngineThroughput(1, 'wasm', ['direct', 'helped', 'native', 'native2']);
		native = {version: found.version, measured: measured!};
	}
}

let speed: Speed | undefined;
if (runs('--speed')) {
	log('engine: one worker: direct engine, tfjs-ops engine and direct engine with a helper thread, in turn…');
	const [alone] = await measureEngineThroughput(1, 'wasm', ['direct', 'tfjs', 'helped']);
	const helped: Record<number, WorkerThroughput> = {1: alone!};
	for (let helpers = 2; helpers < cores; helpers++) {
		log(`engine: one worker: direct engine alone and with ${helpers} helper threads, in turn…`);
		const [measured] = await measureEngineThroughput(1, 'wasm', ['direct', 'helped'], 5, helpers);
		helped[helpers] = measured!;
	}

	log('engine: two workers at once, each: direct and tfjs-ops engines in turn…');
	const together = await measureEngineThroughput(2, 'wasm', ['direct', 'tfjs']);
	log('augmentation…');
	const augment = await augmentPerSec();
	log('team steps member by member, CPU time, in this thread (teams of 2, 3 and 4)…');
	const teamWork: TeamWork[] = [];
	for (const members of [2, 3, 4]) for (const batch of [32, 128]) teamWork.push(await measureTeamWork(members, batch));
	log('the host: two threads at once against one, with no team work…');
	const ceiling: HostCeiling[] = [];
	for (const batch of [32, 128]) ceiling.push(await measureHostCeiling(batch));
	speed = {alone: alone!, helped, together, augmentPerSec: augment, teamWork, ceiling};
}

const races: RacePair[] = [];
let tutorial: TutorialPair | undefined;
if (runs('--races')) {
	const previous = args.has('--no-previous') ? undefined : buildRelease(option('--previous') ?? previousRelease, log);
	for (const preset of ['quick', 'methods']) {
		const pair: RacePair = {preset, current: [], previous: []};
		// Both builds race the previous release's preset file: a preset that changed since (methods gained sup+aug)
		// would otherwise compare races of different contenders.
		const raced = previous ? path.join(path.dirname(previous), '../../presets', `${preset}.json`) : preset;
		for (let round = 1; round <= rounds; round++) {
			log(`race ${preset}, round ${round} of ${rounds}: this build…`);
			pair.current.push(await measureRace(raced));
			if (previous) {
				log(`race ${preset}, round ${round} of ${rounds}: previous release…`);
				pair.previous.push(await measureRace(raced, [], previous));
			}
		}

		races.push(pair);
	}

	tutorial = {current: [], peer: [], native: []};
	let ort = false;
	try {
		findOrt();
		ort = true;
	} catch {
		// Opt-in: without onnxruntime-node there is no native race to measure.
	}

	const peer = option('--peer') ?? defaultPeer();
	for (let round = 1; round <= rounds; round++) {
		log(`race tutorial, round ${round} of ${rounds}: this build…`);
		tutorial.current.push(await measureRace('tutorial'));
		if (!args.has('--no-peer')) {
			log(`tutorial pipeline in PyTorch (one thread), round ${round} of ${rounds}…`);
			const measured = await measurePeer(peer, log);
			if (measured) tutorial.peer.push(measured);
		}

		if (ort) {
			log(`race tutorial on the native engine (--backend ort-experimental), round ${round} of ${rounds}…`);
			tutorial.native.push(await measureRace('tutorial', [], undefined, 'ort-experimental'));
		}
	}
}

let dashboard: DashboardLatency | undefined;
if (runs('--dashboard')) {
	log('dashboard: frames and key latency while every core trains…');
	dashboard = await measureDashboard({columns: 100, rows: 30, seconds: 10, keyPresses: 5});
}

let loading: Awaited<ReturnType<typeof measureLoading>> | undefined;
if (runs('--loading')) {
	log('loading: 70,000 PNGs in class folders, a 60,000 × 785 pixel CSV (files written once to the temp folder)…');
	loading = await measureLoading();
}

const machine = {node: process.version, cpu: `${cpus()[0]?.model ?? 'unknown'} (${cores} cores, ${arch()})`};
if (json) {
	process.stdout.write(`${JSON.stringify({...machine, speed, native, races, tutorial, dashboard, loading})}\n`);
	process.exit(0);
}

const lines: Array<[string, string, string]> = [];
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
if (speed) {
	const direct = speed.alone.direct!;
	const tfjs = speed.alone.tfjs!;
	for (const batch of [32, 128]) {
		lines.push([`train batch ${batch}, one worker alone`, `${direct.trainPerSec[batch]}/s   (tfjs ops: ${tfjs.trainPerSec[batch]}/s)`, '']);
		for (const [helpers, measured] of Object.entries(speed.helped)) {
			// Each against the alone figure of its own interleaved rounds.
			const helped = measured.helped!.trainPerSec[batch]!;
			const alone = measured.direct!.trainPerSec[batch]!;
			const perRound = measured.helped!.overDirect![batch]!;
			const [low, high] = measured.helped!.overDirectRange![batch]!;
			const target = helpers === '1' ? '≥ 1.80× alone' : `≥ ${(0.9 * (Number(helpers) + 1)).toFixed(1)}× alone on idle cores`;
			lines.push([
				`train batch ${batch}, one worker + ${helpers} helper${helpers === '1' ? '' : 's'}`,
				`${helped}/s vs ${alone}/s alone: ${perRound.toFixed(2)}× (median of each round's ratio; rounds ${low.toFixed(2)}–${high.toFixed(2)}×)`,
				target,
			]);
		}

		const host = speed.ceiling.find(measured => measured.rows * 2 === batch)!;
		const rounds = (range: [number, number]) => `rounds ${range[0].toFixed(2)}–${range[1].toFixed(2)}×`;
		lines.push([
			`train batch ${batch}, the host's ceiling`,
			`two threads at once, steps of ${host.rows} rows, no team: meeting every step ${host.lockstep.toFixed(2)}× one (${rounds(host.lockstepRange)}); free ${host.free.toFixed(2)}× (${rounds(host.freeRange)})`,
			'',
		]);
		lines.push([
			`train batch ${batch}, a helper in the ceiling's turns`,
			`${host.helped.toFixed(2)}× alone (${rounds(host.helpedRange)}) = ${Math.round(host.ofCeiling * 100)} % of the same rounds' ceiling (meeting every step); weights ${host.check.same ? 'the same bits as alone' : 'NOT the same as alone'}`,
			'≥ 1.80× alone',
		]);
		const each = mean(speed.together.map(run => run.direct!.trainPerSec[batch]!));
		// The workers' rounds and the alone ones are minutes apart, so a host swing can put "each" above alone; the
		// ceiling's free turns, in rotation with one thread, say the same thing within seconds.
		lines.push([
			`train batch ${batch}, two workers at once (each)`,
			`${each}/s = ${ratio(each, direct.trainPerSec[batch]!)} alone; in turns with one thread (the ceiling's free turns): ${(host.free / 2).toFixed(2)}× each`,
			'≥ 0.90× alone',
		]);
	}

	for (const work of speed.teamWork) {
		lines.push([
			`team of ${work.members}, batch ${work.batch}: CPU per member`,
			`${work.memberMs} ms vs ${work.aloneMs} ms alone = ${work.speedup}× on idle cores`,
			work.members === 2 ? '≥ 1.80× alone' : '',
		]);
	}

	lines.push(['predict (10,000 test images), one worker', `${direct.predictPerSec}/s   (tfjs ops: ${tfjs.predictPerSec}/s)`, '']);
	lines.push(['augment', `${speed.augmentPerSec}/s`, '≥ 20,000/s']);
}

if (native && 'missing' in native) {
	lines.push(['native engine (opt-in)', `not measured: ${native.missing}`, '']);
} else if (native) {
	const {direct, helped, native: one, native2: two} = native.measured;
	for (const batch of [32, 128]) {
		const alone = direct!.trainPerSec[batch]!;
		const team = helped!.trainPerSec[batch]!;
		const threads = (measured: EngineThroughput) =>
			`${measured.trainPerSec[batch]}/s: ${measured.overDirect![batch]!.toFixed(2)}× wasm alone (${alone}/s), ${ratio(measured.trainPerSec[batch]!, team)} wasm + helper (${team}/s)`;
		lines.push([`native engine (ORT ${native.version}) batch ${batch}, 1 thread`, threads(one!), '']);
		lines.push([`native engine (ORT ${native.version}) batch ${batch}, 2 threads`, threads(two!), '']);
	}
}

const wall = (list: Array<{wallSeconds: number}>) => median(list.map(item => item.wallSeconds));
const accuracies = (race: RaceMeasurement) => `supervised ${(race.supervisedAccuracy * 100).toFixed(2)}%, semi ${(race.semiAccuracy * 100).toFixed(2)}%`;
for (const pair of races) {
	const now = wall(pair.current);
	const last = pair.previous.length > 0 ? wall(pair.previous) : undefined;
	const versus = last === undefined ? '' : `   (previous release ${last} s: ${ratio(now, last)})`;
	lines.push([`race ${pair.preset}: wall (median of ${pair.current.length})`, `${now} s${versus}`, '']);
	const peak = Math.max(...pair.current.map(race => race.peakRssMB));
	lines.push([`race ${pair.preset}: peak RSS, accuracy`, `${peak} MB, ${accuracies(pair.current[0]!)}`, '≤ 1,024 MB']);
	const busy = pair.current[0]!.coreBusy?.map(share => `${Math.round(share * 100)}%`).join(', ') ?? 'n/a';
	const team = pair.current[0]!.semiTeamSteps;
	const shared = team ? `; semi shared ${team.shared} of ${team.shared + team.alone} steps (widest team ${team.widest ?? 2})` : '';
	lines.push([`race ${pair.preset}: cores busy`, `${busy}${shared}`, '']);
}

if (tutorial) {
	const now = wall(tutorial.current);
	const peer = tutorial.peer.length > 0 ? wall(tutorial.peer) : undefined;
	const versus = peer === undefined ? '   (PyTorch peer not run)' : `   (PyTorch, one thread, same run: ${peer} s: ${ratio(now, peer)})`;
	lines.push([`race tutorial: wall (median of ${tutorial.current.length})`, `${now} s${versus}`, '≤ PyTorch one thread']);
	const peak = Math.max(...tutorial.current.map(race => race.peakRssMB));
	lines.push(['race tutorial: peak RSS, accuracy', `${peak} MB, ${accuracies(tutorial.current[0]!)}`, '≤ 1,024 MB']);
	if (tutorial.native.length > 0) {
		const native = wall(tutorial.native);
		const versus = peer === undefined ? '' : `   (PyTorch: ${ratio(native, peer)})`;
		lines.push(['race tutorial on the opt-in native engine: wall', `${native} s = ${ratio(native, now)} the wasm engine's${versus}`, '']);
		lines.push(['race tutorial on the native engine: accuracy', accuracies(tutorial.native[0]!), '']);
	}

	if (tutorial.peer[0]) {
		const peerRun = tutorial.peer[0];
		lines.push(['PyTorch peer: accuracy', `supervised ${(peerRun.supervisedAccuracy * 100).toFixed(2)}%, semi ${(peerRun.semiAccuracy * 100).toFixed(2)}%`, '']);
	}
}

if (dashboard) {
	lines.push(['dashboard frames while every core trains', `${dashboard.framesPerSec.toFixed(1)}/s, ${Math.round(dashboard.bytesPerSec)} B/s`, '≤ ~10/s']);
	lines.push(['key → screen latency', `median ${dashboard.keyLatencyMs.median} ms, max ${dashboard.keyLatencyMs.max} ms`, '≤ 100 ms']);
}

if (loading) {
	lines.push(['load 70,000 PNGs (28×28), peak memory', loadingText(loading.pngFolder), '≤ 20 s, peak ≤ 2× decoded']);
	lines.push(['load 60,000 × 785 CSV, peak memory', loadingText(loading.pixelCsv), '≤ 10 s, peak ≤ 2× decoded']);
}

const width = Math.max(...lines.map(([name]) => name.length));
process.stdout.write(`Node ${machine.node}, ${machine.cpu}\n`);
for (const [name, value, target] of lines) {
	process.stdout.write(`${name.padEnd(width)}  ${value}${target ? `   (target ${target})` : ''}\n`);
}
