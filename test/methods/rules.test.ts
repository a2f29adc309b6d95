// Each online method's unlabeled-data rule on hand-made probabilities: which rows it uses, with which labels, weight
// and view, and the signals it reports. No training: the rule is the whole method once the shared loop is given.
import {beforeAll, describe, expect, it} from 'vitest';
import {defaultRunConfig, type RunConfig} from '../../source/config/run-config.js';
import {initBackend} from '../../source/engine/backend.js';
import {createMlp, type Mlp} from '../../source/engine/mlp.js';
import {fixMatchRule} from '../../source/methods/fixmatch.js';
import {flexMatchRule} from '../../source/methods/flexmatch.js';
import {freeMatchRule} from '../../source/methods/freematch.js';
import {lee2013Rule} from '../../source/methods/lee2013.js';
import {noisedView} from '../../source/core/input-noise.js';
import {sigmoidRampUp, teacherDecayAt} from '../../source/core/mean-teacher.js';
import {createRandom, fillGaussian} from '../../source/core/random.js';
import {meanKlDivergence, moveAlong} from '../../source/core/vat.js';
import {meanTeacherRule} from '../../source/methods/mean-teacher.js';
import {vatRule} from '../../source/methods/vat.js';
import {gatherRows, type DatasetViews} from '../../source/training/dataset-views.js';
import type {RuleFactory, UnlabeledBatch} from '../../source/training/online-rule.js';
import {mnistViews} from '../training/mnist-views.js';

const classes = 10;
let model: Mlp;
let data: DatasetViews;

beforeAll(async () => {
	await initBackend('cpu');
	// A real model for the batch's `model` field; the rules tested here predict only through the batch's views.
	model = createMlp({seed: 1, learningRate: 0.001, hidden: [8, 8]});
	data = mnistViews();
	return () => model.dispose();
});

/** Probability rows: `confidence` on `label`, the rest spread evenly. */
function probabilities(rows: Array<[label: number, confidence: number]>): Float32Array {
	const out = new Float32Array(rows.length * classes);
	for (const [i, [label, confidence]] of rows.entries()) {
		out.fill((1 - confidence) / (classes - 1), i * classes, (i + 1) * classes);
		out[i * classes + label] = confidence;
	}

	return out;
}

/** A batch whose plain and weak views predict the given rows, recording which view was asked for. */
function batch(rows: Array<[number, number]>, options: {truth: number[]; positions?: number[]; progress?: number}) {
	const asked: string[] = [];
	const predicted = probabilities(rows);
	const value: UnlabeledBatch = {
		model,
		rows: Int32Array.from(rows, (_, i) => 100 + i),
		positions: Int32Array.from(options.positions ?? rows.map((_, i) => i)),
		truth: Uint8Array.from(options.truth),
		progress: options.progress ?? 0,
		predictPlain() {
			asked.push('plain');
			return predicted;
		},
		predictWeak() {
			asked.push('weak');
			return predicted;
		},
		images(view) {
			asked.push(`${view} images`);
			return new Uint8Array(rows.length * data.pixelsPerImage);
		},
	};
	return {batch: value, asked};
}

function rule(factory: RuleFactory, config: Partial<RunConfig>, poolSize = 4, unlabeledBatch = 4) {
	return factory({
		config: {...defaultRunConfig, ...config},
		poolSize,
		classes,
		unlabeledBatch,
		data,
		createModel: request => createMlp({seed: request.seed, learningRate: 0.001, hidden: [8, 8]}),
	});
}

describe('Lee 2013', () => {
	it('uses every guess on the plain images, weighted α(t)/U along the ramp', () => {
		const lee = rule(lee2013Rule, {alphaFinal: 3, rampStart: 0.1, rampEnd: 0.6});
		const early = batch([[3, 0.2], [5, 0.99], [1, 0.5], [7, 0.11]], {truth: [3, 5, 2, 7], progress: 0.05});
		const first = lee.label(early.batch);
		expect(early.asked).toEqual(['plain']);
		expect([...first.decision.mask]).toEqual([1, 1, 1, 1]);
		expect([...first.decision.pseudoLabels]).toEqual([3, 5, 1, 7]);
		expect(first.decision.correct).toBe(3);
		expect(first.view).toBe('plain');
		expect(first.weight).toBe(0);
		expect(lee.signals()).toEqual({threshold: 0, alpha: 0});

		const middle = lee.label(batch([[3, 0.2], [5, 0.99], [1, 0.5], [7, 0.11]], {truth: [3, 5, 2, 7], progress: 0.35}).batch);
		// (0.35 − 0.1) / (0.6 − 0.1) of the way to α = 3: 1.5, shared by U = 4 rows.
		expect(middle.weight).toBeCloseTo(1.5 / 4, 12);
		expect(lee.signals().alpha).toBeCloseTo(1.5, 12);
		expect(lee.label(batch([[0, 0.3]], {truth: [0], progress: 0.9}).batch).weight).toBe(3 / 4);
	});

	it('drops guesses below its floor when one is set, and still weighs the batch by α(t)/U', () => {
		const lee = rule(lee2013Rule, {alphaFinal: 3, rampStart: 0, rampEnd: 0.5, leeFloor: 0.5});
		const choice = lee.label(batch([[3, 0.2], [5, 0.99], [1, 0.5], [7, 0.11]], {truth: [3, 5, 2, 7], progress: 0.25}).batch);
		// At the floor counts, as FixMatch's τ does; the weight's divisor stays the batch (U = 4), not the used count.
		expect([...choice.decision.mask]).toEqual([0, 1, 1, 0]);
		expect(choice.decision.correct).toBe(1);
		expect(choice.weight).toBeCloseTo(1.5 / 4, 12);
		expect(lee.signals()).toEqual({threshold: 0.5, alpha: 1.5});
	});

	it('with --lee-augment, guesses on the plain images and learns them on the weak view', () => {
		const lee = rule(lee2013Rule, {leeAugment: true});
		const {batch: input, asked} = batch([[3, 0.2], [5, 0.99]], {truth: [3, 5], progress: 0.9});
		const choice = lee.label(input);
		expect(asked).toEqual(['plain']);
		expect([...choice.decision.pseudoLabels]).toEqual([3, 5]);
		expect(choice.view).toBe('weak');
	});
});

describe('FixMatch', () => {
	it('labels the weak view, keeps guesses at or above τ, and trains them on a strong view weighted λu/U', () => {
		const fix = rule(fixMatchRule, {threshold: 0.95, unlabeledWeight: 2});
		const {batch: input, asked} = batch([[3, 0.95], [5, 0.9499], [1, 0.99], [7, 0.5]], {truth: [3, 5, 2, 7]});
		const choice = fix.label(input);
		expect(asked).toEqual(['weak']);
		// Exactly τ counts (the paper's max(p) ≥ τ, at float32 precision).
		expect([...choice.decision.mask]).toEqual([1, 0, 1, 0]);
		expect(choice.decision.used).toBe(2);
		expect(choice.decision.correct).toBe(1);
		expect(choice.view).toBe('strong');
		expect(choice.weight).toBe(2 / 4);
		expect(fix.signals()).toEqual({threshold: 0.95});
	});

	it('refuses a threshold no guess can reach', () => {
		expect(() => rule(fixMatchRule, {threshold: 1.5})).toThrow(/threshold must be in \(0, 1\]/);
	});
});

describe('FlexMatch', () => {
	it('lowers the bar for classes the pool has rarely predicted confidently, with and without its warm-up', () => {
		const rows: Array<[number, number]> = [[3, 0.95], [5, 0.5]];
		const warm = rule(flexMatchRule, {threshold: 0.9, unlabeledWeight: 1, flexWarmup: true});
		const choice = warm.label(batch(rows, {truth: [3, 4], positions: [0, 1]}).batch);
		// Pool of 4: image 0 is confident class 3, three never were. β₃ = 1 / max(1, 3) = 1/3, τ₃ = 0.9·β/(2 − β) = 0.18;
		// every other class has β = 0, so τ = 0 and the unsure 5 is used too.
		const thresholds = warm.signals().classThresholds!;
		expect(thresholds[3]).toBeCloseTo(0.18, 12);
		expect(thresholds.filter((_, c) => c !== 3)).toEqual(new Array(9).fill(0));
		expect([...choice.decision.mask]).toEqual([1, 1]);
		expect(choice.decision.correct).toBe(1);
		expect(choice.view).toBe('strong');
		expect(choice.weight).toBe(1 / 4);
		expect(warm.signals().threshold).toBe(0.9);

		// Without the warm-up the never-confident images leave the denominator: β₃ = 1, so class 3 needs the full τ.
		const cold = rule(flexMatchRule, {threshold: 0.9, flexWarmup: false});
		cold.label(batch(rows, {truth: [3, 4], positions: [0, 1]}).batch);
		expect(cold.signals().classThresholds![3]).toBeCloseTo(0.9, 12);
	});

	it('with a floor never lets a class threshold fall below it (the unsure 5 at 0.5 is then refused)', () => {
		const rows: Array<[number, number]> = [[3, 0.95], [5, 0.5]];
		const floored = rule(flexMatchRule, {threshold: 0.9, flexWarmup: true, flexFloor: 0.7});
		const choice = floored.label(batch(rows, {truth: [3, 4], positions: [0, 1]}).batch);
		// Without the floor τ₃ = 0.18 and every other τ = 0 (the test above); the floor lifts them all to 0.7.
		expect(floored.signals().classThresholds).toEqual(new Array(10).fill(0.7));
		expect([...choice.decision.mask]).toEqual([1, 0]);
	});

	it('remembers each pool image\'s latest confident class across steps', () => {
		const flex = rule(flexMatchRule, {threshold: 0.9, flexWarmup: false}, 3);
		flex.label(batch([[3, 0.95]], {truth: [3], positions: [0]}).batch);
		flex.label(batch([[3, 0.97]], {truth: [3], positions: [1]}).batch);
		flex.label(batch([[8, 0.99]], {truth: [8], positions: [2]}).batch);
		// σ₃ = 2, σ₈ = 1: β₈ = 1/2, τ₈ = 0.9 · 0.5 / 1.5 = 0.3, while class 3 keeps the full τ.
		expect(flex.signals().classThresholds![3]).toBeCloseTo(0.9, 12);
		expect(flex.signals().classThresholds![8]).toBeCloseTo(0.3, 12);
		// Image 0 turns into a confident 8, and an unsure guess changes nothing: σ₃ = 1, σ₈ = 2, the bars swap.
		flex.label(batch([[8, 0.99], [3, 0.5]], {truth: [8, 3], positions: [0, 1]}).batch);
		expect(flex.signals().classThresholds![3]).toBeCloseTo(0.3, 12);
		expect(flex.signals().classThresholds![8]).toBeCloseTo(0.9, 12);
	});
});

describe('FreeMatch', () => {
	it('starts at 1/K and moves its global and per-class thresholds by the EMA before masking', () => {
		const free = rule(freeMatchRule, {freeMatchMomentum: 0.5, unlabeledWeight: 2}, 4, 3);
		// Before any batch: τ_0 = 1/K for every class.
		expect(free.signals().threshold).toBeCloseTo(0.1, 12);
		expect(free.signals().classThresholds).toEqual(new Array(10).fill(0.1));
		const rows: Array<[number, number]> = [[3, 0.9], [5, 0.5], [3, 0.25]];
		const {batch: input, asked} = batch(rows, {truth: [3, 4, 3]});
		const choice = free.label(input);
		expect(asked).toEqual(['weak']);
		// Mean top confidence (0.9 + 0.5 + 0.25) / 3 = 0.55: τ_1 = 0.5 · 0.1 + 0.5 · 0.55 = 0.325.
		const global = 0.5 * 0.1 + 0.5 * 0.55;
		// p̃(3) = 0.05 + 0.5 · mean(0.9, 0.5/9, 0.25); p̃(5) = 0.05 + 0.5 · mean(0.1/9, 0.5, 0.75/9); others 0.05 + 0.5 · 0.05.
		const mean3 = 0.05 + 0.5 * (0.9 + 0.5 / 9 + 0.25) / 3;
		const mean5 = 0.05 + 0.5 * (0.1 / 9 + 0.5 + 0.75 / 9) / 3;
		const meanOther = 0.05 + 0.5 * (0.1 / 9 + 0.5 / 9 + 0.75 / 9) / 3;
		const signals = free.signals();
		expect(signals.threshold).toBeCloseTo(global, 6);
		// MaxNorm: class 3 has the largest p̃, so it gets the global τ; class 5 a share of it.
		expect(signals.classThresholds![3]).toBeCloseTo(global, 6);
		expect(signals.classThresholds![5]).toBeCloseTo((mean5 / mean3) * global, 6);
		expect(signals.classThresholds![0]).toBeCloseTo((meanOther / mean3) * global, 6);
		// 0.9 ≥ 0.325 used; 0.5 ≥ τ(5) ≈ 0.193 used; the unsure 3 (0.25 < 0.325) is not.
		expect([...choice.decision.mask]).toEqual([1, 1, 0]);
		expect(choice.decision.correct).toBe(1);
		expect(choice.view).toBe('strong');
		expect(choice.weight).toBe(2 / 3);

		// A second step of confident 3s: τ_2 = 0.5 · τ_1 + 0.5 · 0.99.
		free.label(batch([[3, 0.99], [3, 0.99], [3, 0.99]], {truth: [3, 3, 3]}).batch);
		expect(free.signals().threshold).toBeCloseTo(0.5 * global + 0.5 * 0.99, 6);
	});

	it('with the paper\'s λ = 0.999 the bar rises slowly, so an early 0.5 guess is used', () => {
		const free = rule(freeMatchRule, {}, 4, 1);
		const choice = free.label(batch([[6, 0.5]], {truth: [6]}).batch);
		expect(free.signals().threshold).toBeCloseTo(0.999 * 0.1 + 0.001 * 0.5, 9);
		expect([...choice.decision.mask]).toEqual([1]);
	});

	it('with a warm start takes the first batch\'s confidence as its thresholds, then moves by the EMA', () => {
		const free = rule(freeMatchRule, {freeMatchWarmStart: true}, 4, 2);
		const first = free.label(batch([[3, 0.9], [5, 0.7]], {truth: [3, 4]}).batch);
		// τ_1 = the batch's mean top confidence (0.9 + 0.7) / 2 = 0.8, not 0.999 · 0.1 + 0.001 · 0.8.
		expect(free.signals().threshold).toBeCloseTo(0.8, 6);
		// p̃(3) = mean(0.9, 0.3/9) is the largest, so class 3 keeps 0.8 and 0.9 passes; p̃(5) = mean(0.1/9, 0.7) scales τ(5)
		// to ≈ 0.8 · 0.356 / 0.467 ≈ 0.61, so the 0.7 guess is used as well.
		const p3 = (0.9 + 0.3 / 9) / 2;
		const p5 = (0.1 / 9 + 0.7) / 2;
		expect(free.signals().classThresholds![5]).toBeCloseTo((p5 / p3) * 0.8, 6);
		expect([...first.decision.mask]).toEqual([1, 1]);
		// From the second batch on, the paper's λ = 0.999.
		const second = free.label(batch([[3, 0.5], [3, 0.5]], {truth: [3, 3]}).batch);
		expect(free.signals().threshold).toBeCloseTo(0.999 * 0.8 + 0.001 * 0.5, 6);
		// An unsure 3 (0.5) no longer passes: without the warm start it would, at τ ≈ 0.1.
		expect([...second.decision.mask]).toEqual([0, 0]);
	});

	it('refuses a momentum of 1, which would freeze the thresholds at 1/K', () => {
		expect(() => rule(freeMatchRule, {freeMatchMomentum: 1})).toThrow(/freeMatchMomentum must be in \[0, 1\)/);
	});
});

describe('Mean Teacher', () => {
	it('ramps the consistency weight as exp(−5(1 − t/T)²) and decays the teacher by min(1 − 1/(t+1), α)', () => {
		expect(sigmoidRampUp(0, 0.3)).toBeCloseTo(Math.exp(-5), 12);
		expect(sigmoidRampUp(0.15, 0.3)).toBeCloseTo(Math.exp(-1.25), 12);
		expect(sigmoidRampUp(0.3, 0.3)).toBe(1);
		expect(sigmoidRampUp(0.9, 0.3)).toBe(1);
		expect(sigmoidRampUp(0, 0)).toBe(1);
		// The first update copies the student, the second averages the two evenly; then α caps it: 0.99 ramping, 0.999 after.
		expect(teacherDecayAt(0, true, 0.999)).toBe(0);
		expect(teacherDecayAt(1, true, 0.999)).toBe(0.5);
		expect(teacherDecayAt(5000, true, 0.999)).toBe(0.99);
		expect(teacherDecayAt(5000, false, 0.999)).toBe(0.999);
		expect(teacherDecayAt(9, false, 0.999)).toBeCloseTo(0.9, 12);
	});

	it('labels a weak view with the teacher\'s probabilities as soft targets, trained on a fresh view, and moves the teacher by EMA', () => {
		const teachers: Mlp[] = [];
		const disposed: Mlp[] = [];
		const mean = meanTeacherRule({
			config: {...defaultRunConfig, unlabeledWeight: 2, consistencyRampEnd: 0.3, teacherDecay: 0.999, seed: 5},
			poolSize: 4,
			classes,
			unlabeledBatch: 3,
			data,
			createModel(request) {
				const made = createMlp({seed: request.seed, learningRate: 0.001, hidden: [8, 8]});
				const tracked: Mlp = {...made, dispose: () => {
					disposed.push(tracked);
					made.dispose();
				}};
				teachers.push(tracked);
				return tracked;
			},
		});
		expect(teachers).toHaveLength(1);
		const teacher = teachers[0]!;
		const student = createMlp({seed: 9, learningRate: 0.01, hidden: [8, 8]});
		const predicted = probabilities([[3, 0.9], [5, 0.4], [1, 0.2]]);
		const askedBy: Array<Mlp | undefined> = [];
		const input: UnlabeledBatch = {
			model: student,
			rows: Int32Array.from([100, 101, 102]),
			positions: Int32Array.from([0, 1, 2]),
			truth: Uint8Array.from([3, 4, 1]),
			progress: 0.15,
			predictPlain: () => {
				throw new Error('Mean Teacher predicts the weak view only');
			},
			predictWeak(by) {
				askedBy.push(by);
				return predicted;
			},
			images: () => {
				throw new Error('Mean Teacher needs no pixels of its own');
			},
		};
		const choice = mean.label(input);
		// The teacher predicted, and it starts as a copy of the student.
		expect(askedBy).toEqual([teacher]);
		expect(teacher.weights()).toEqual(student.weights());
		expect([...choice.decision.mask]).toEqual([1, 1, 1]);
		expect(choice.decision.correct).toBe(2);
		expect(choice.targets).toBe(predicted);
		expect(choice.view).toBe('fresh-weak');
		// λu · exp(−5 (1 − 0.15/0.3)²) shared by U = 3 rows.
		expect(choice.weight).toBeCloseTo((2 * Math.exp(-1.25)) / 3, 12);

		// Update 0 copies the trained student (decay 0); update 1 averages: fround(0.5·teacher) + fround(0.5·student).
		const step = () => student.trainBatch(data.trainImages.subarray(0, 4 * 784), probabilities([[5, 1], [0, 1], [4, 1], [1, 1]]), new Float32Array(4).fill(0.25));
		step();
		mean.afterStep!(student);
		expect(teacher.weights()).toEqual(student.weights());
		const before = teacher.weights();
		step();
		const after = student.weights();
		mean.afterStep!(student);
		const blended = teacher.weights();
		for (const name of ['p1', 'p2', 'p3'] as const) {
			expect(blended[name]).toEqual(Float32Array.from(before[name], (t, i) => Math.fround(0.5 * t) + Math.fround(0.5 * after[name][i]!)));
		}

		// Teacher and student accuracy on the test images, and the current consistency weight.
		const signals = mean.signals({testAccuracy: 0.42});
		expect(signals.threshold).toBe(0);
		expect(signals.extra).toEqual([
			{name: 'teacher', value: teacher.evaluate(data.testImages, data.testLabels), percent: true},
			{name: 'student', value: 0.42, percent: true},
			{name: 'consistency weight', value: 2 * Math.exp(-1.25)},
		]);
		mean.dispose!();
		expect(disposed).toEqual([teacher]);
		student.dispose();
	});

	it('adds σ·255 of a standard normal to each value, leaving 0..255 where it falls', () => {
		const out = noisedView(Uint8Array.from([0, 100, 255]), 3, 0.15, Float32Array.from([-1, 0, 2]), new Float32Array(3));
		expect([...out]).toEqual([Math.fround(-38.25), 100, Math.fround(255 + 76.5)]);
		expect(() => noisedView(new Uint8Array(4), 4, 0.15, new Float32Array(3), new Float32Array(4))).toThrow(/4 values need 4 normals/);
	});

	it('with teacher noise, the teacher labels one noised copy of the plain images and the student trains on another', () => {
		const sigma = 0.15;
		const rows = Int32Array.from([100, 101, 102]);
		const plain = gatherRows(data.trainImages, rows, 784);
		const make = (info: DatasetViews['info']) => meanTeacherRule({
			config: {...defaultRunConfig, teacherNoise: sigma, seed: 5},
			poolSize: 4,
			classes,
			unlabeledBatch: 3,
			data: {...data, info},
			createModel: request => createMlp({seed: request.seed, learningRate: 0.001, hidden: [8, 8]}),
		});
		const asked: string[] = [];
		const input: UnlabeledBatch = {
			model,
			rows,
			positions: Int32Array.from([0, 1, 2]),
			truth: Uint8Array.from([5, 0, 4]),
			progress: 0.5,
			predictPlain: () => {
				throw new Error('the noised teacher predicts its own copy');
			},
			predictWeak() {
				asked.push('weak');
				return probabilities([[1, 0.9], [1, 0.9], [1, 0.9]]);
			},
			images(view) {
				asked.push(view);
				return plain;
			},
		};
		const mean = make(data.info);
		const choice = mean.label(input);
		expect(asked).toEqual(['plain']);
		expect(choice.view).toBe('plain');
		const student = choice.inputs!.subarray(0, 3 * 784);
		// The student's copy is the plain images plus noise of sd σ·255 (38.25) and mean 0.
		let sum = 0;
		let squares = 0;
		for (const [i, value] of student.entries()) {
			const d = value - plain[i]!;
			sum += d;
			squares += d * d;
		}

		expect(Math.abs(sum / student.length)).toBeLessThan(2);
		expect(Math.sqrt(squares / student.length)).toBeGreaterThan(36);
		expect(Math.sqrt(squares / student.length)).toBeLessThan(40.5);
		// The teacher's targets are its prediction on a second, independent copy: not on the student's, not on the plain one.
		const teacherModel = createMlp({seed: 5, learningRate: 0.001, hidden: [8, 8]});
		teacherModel.blendFrom(model, 0);
		const positions = Int32Array.from([0, 1, 2]);
		expect(choice.targets).not.toEqual(teacherModel.predict(student, positions));
		expect(choice.targets).not.toEqual(teacherModel.predict(plain, positions));
		expect(mean.signals().extra).toContainEqual({name: 'noise σ', value: sigma});
		teacherModel.dispose();
		mean.dispose!();

		// A table's weak view is noise scaled to its features already: the rule keeps it.
		asked.length = 0;
		const table = make({...data.info, kind: 'table'});
		expect(table.label(input).view).toBe('fresh-weak');
		expect(asked).toEqual(['weak']);
		expect(table.signals().extra?.some(signal => signal.name === 'noise σ')).toBe(false);
		table.dispose!();
	});
});

describe('VAT', () => {
	it('trains every image moved by ε along its most sensitive direction, towards the model\'s own plain prediction', () => {
		const mlp = createMlp({seed: 4, learningRate: 0.01, hidden: [8, 8]});
		mlp.trainEpoch(data.trainImages, data.trainLabels, Int32Array.from({length: 640}, (_, i) => i), 32);
		const rows = Int32Array.from([2000, 2001, 2002]);
		const plain = gatherRows(data.trainImages, rows, 784);
		const p = mlp.predict(data.trainImages, rows);
		const asked: string[] = [];
		const input: UnlabeledBatch = {
			model: mlp,
			rows,
			positions: Int32Array.from([0, 1, 2]),
			truth: Uint8Array.from(rows, row => data.trainLabels[row]!),
			progress: 0.5,
			predictPlain(by) {
				expect(by).toBeUndefined();
				asked.push('plain');
				return p;
			},
			predictWeak: () => {
				throw new Error('VAT perturbs the plain images');
			},
			images(view) {
				asked.push(`${view} images`);
				return plain;
			},
		};
		const rule = vatRule({
			config: {...defaultRunConfig, vatEpsilon: 1.5, unlabeledWeight: 2, seed: 5},
			poolSize: 3,
			classes,
			unlabeledBatch: 3,
			data,
			createModel: () => {
				throw new Error('VAT makes no model of its own');
			},
		});
		const choice = rule.label(input);
		expect(asked).toEqual(['plain', 'plain images']);
		// p(x) is the soft target of every image (threshold 0); its argmax only measures how right it is.
		expect(choice.targets).toBe(p);
		expect([...choice.decision.mask]).toEqual([1, 1, 1]);
		const argmax = (j: number) => [...p.subarray(j * 10, j * 10 + 10)].indexOf(Math.max(...p.subarray(j * 10, j * 10 + 10)));
		expect(choice.decision.correct).toBe([0, 1, 2].filter(j => argmax(j) === input.truth[j]).length);
		expect(choice.view).toBe('plain');
		expect(choice.weight).toBeCloseTo(2 / 3, 12);
		// Each image moved by exactly ε = 1.5 in pixel/255 units (784 inputs: the paper's ε as it is).
		const inputs = choice.inputs!;
		expect(inputs).toHaveLength(3 * 784);
		for (let j = 0; j < 3; j++) {
			let squares = 0;
			for (let i = 0; i < 784; i++) squares += ((inputs[j * 784 + i]! - plain[j * 784 + i]!) / 255) ** 2;
			expect(Math.sqrt(squares)).toBeCloseTo(1.5, 4);
		}

		// Adversarial: the prediction moves far more there than after a random change of the same length.
		const positions = [0, 1, 2];
		const adversarial = meanKlDivergence(p, mlp.predict(inputs, positions), 3, classes);
		const direction = new Float32Array(3 * 784);
		fillGaussian(direction, direction.length, createRandom(8));
		const randomMove = new Float32Array(3 * 784);
		moveAlong(plain, direction, 3, 784, 1.5, randomMove);
		const random = meanKlDivergence(p, mlp.predict(randomMove, positions), 3, classes);
		expect(adversarial).toBeGreaterThan(5 * random);

		// The panel's numbers: ε, and both divergences as measured on that (first) step.
		const signals = rule.signals();
		expect(signals.threshold).toBe(0);
		const signal = (name: string) => signals.extra?.find(candidate => candidate.name === name)?.value;
		expect(signal('ε')).toBe(1.5);
		expect(signal('KL')).toBeCloseTo(adversarial, 6);
		expect(signal('random KL')).toBeGreaterThan(0);
		expect(signal('random KL')).toBeLessThan(adversarial / 5);
		// Each epoch's signals average the steps measured since the last: none since.
		expect(rule.signals().extra?.find(candidate => candidate.name === 'KL')?.value).toBeNaN();
		// The first step after them is measured although it is not an 8th (a small pool's epoch has fewer steps).
		rule.label(input);
		expect(rule.signals().extra?.find(candidate => candidate.name === 'KL')?.value).toBeGreaterThan(0);
		mlp.dispose();
	});

	it('with --vat-augment perturbs the weak view, and with --vat-pseudo-labels adds p\'s argmax to the target', () => {
		const mlp = createMlp({seed: 4, learningRate: 0.01, hidden: [8, 8]});
		const p = probabilities([[3, 0.6], [5, 0.9]]);
		const weakView = gatherRows(data.trainImages, Int32Array.from([7, 8]), 784);
		const asked: string[] = [];
		const input: UnlabeledBatch = {
			model: mlp,
			rows: Int32Array.from([7, 8]),
			positions: Int32Array.from([0, 1]),
			truth: Uint8Array.from([3, 4]),
			progress: 0,
			predictPlain: () => {
				asked.push('plain');
				return p;
			},
			predictWeak: () => {
				throw new Error('the target is the plain image\'s prediction');
			},
			images(view) {
				asked.push(`${view} images`);
				return weakView;
			},
		};
		const rule = vatRule({
			config: {...defaultRunConfig, vatEpsilon: 2, vatAugment: true, vatPseudoLabels: 3, unlabeledWeight: 1, seed: 5},
			poolSize: 2,
			classes,
			unlabeledBatch: 2,
			data,
			createModel: () => {
				throw new Error('VAT makes no model of its own');
			},
		});
		const choice = rule.label(input);
		expect(asked).toEqual(['plain', 'weak images']);
		expect(choice.view).toBe('weak');
		// CE(p, q) + 3·CE(onehot, q) = 4·CE((p + 3·onehot)/4, q), shared by U = 2 rows.
		expect(choice.weight).toBe(4 / 2);
		const expected = Float32Array.from(p, (value, i) => (value + (i === 3 || i === 15 ? 3 : 0)) / 4);
		expect(choice.targets).toEqual(expected);
		expect(choice.decision.correct).toBe(1);
		mlp.dispose();
	});
});
