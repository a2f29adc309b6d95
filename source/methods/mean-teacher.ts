/**
 * Mean Teacher (Tarvainen & Valpola 2017): the teacher is an exponential moving average of the student's weights
 * (Mlp.blendFrom after every step). Every unlabeled image is used: the teacher predicts one weakly augmented view, and
 * the student learns to match it on a second, independently augmented view, weighted by λu·w(t) with the sigmoid
 * ramp-up w (core/mean-teacher.ts). The paper's consistency cost is the squared error between the two probability
 * vectors; here the teacher's probabilities are the student's soft targets in the engine's one loss (weighted
 * soft-target cross-entropy), which pulls the same way. The teacher predicts without dropout; the noise between the
 * two predictions is the two augmentations and the student's dropout.
 *
 * With `teacherNoise` σ > 0 the two views are Gaussian input noise instead of the affine augmentation (the paper's
 * noise, σ = 0.15 on SVHN and CIFAR-10). The affine ranges were tuned for digits: on Fashion-MNIST the teacher's
 * guesses on affine views were right for 53 % of the pool while it scored 80 % on the test images, and the student
 * learned those guesses (−2.1 points against supervised over 3 seeds). Races on the user's own data use the noise
 * (own-data-augmentation.ts). Tables keep their weak view, which is noise already.
 */
import type {KnobSpec} from '../config/knobs.js';
import {confidenceMask} from '../core/confidence-mask.js';
import {inputSize} from '../core/dataset-info.js';
import {noisedView} from '../core/input-noise.js';
import {sigmoidRampUp, teacherDecayAt} from '../core/mean-teacher.js';
import {createRandom, fillGaussian} from '../core/random.js';
import type {Mlp} from '../engine/mlp.js';
import type {RuleFactory} from '../training/online-rule.js';
import {runOnline} from '../training/run-online.js';
import {knobNames, type MethodDefinition} from './method.js';

/** Mean Teacher's own settings (only this method reads them; they join the settings table through the registry). */
export const meanTeacherKnobs = {
	teacherDecay: {
		flag: 'teacher-decay', scope: 'contender', section: 'online', meta: 'X',
		rule: {kind: 'number', min: 0, max: 1}, default: 0.999,
		help: 'Mean Teacher: EMA decay α of the teacher\'s weights per step after the ramp-up (0.99 during it)',
	},
	consistencyRampEnd: {
		flag: 'consistency-ramp-end', scope: 'contender', section: 'online', meta: 'X',
		rule: {kind: 'number', min: 0, max: 1}, default: 0.3,
		help: 'Mean Teacher: share of the online epochs over which the consistency weight ramps up (sigmoid)',
	},
	teacherNoise: {
		flag: 'teacher-noise', scope: 'contender', section: 'online', meta: 'SIGMA',
		rule: {kind: 'number', min: 0, max: 1}, default: 0,
		help: 'Mean Teacher: σ of Gaussian pixel noise (of 1) for both views of images instead of affine ones; 0 keeps affine (own data: 0.15)',
	},
} as const satisfies Record<string, KnobSpec>;

export const meanTeacherRule: RuleFactory = ({config, classes, unlabeledBatch, data, createModel}) => {
	const rampEnd = config.consistencyRampEnd;
	// A table's weak view is already noise scaled to its features (table-augment.ts); pixel-scaled noise would swamp it.
	const sigma = data.info.kind === 'table' ? 0 : config.teacherNoise;
	const width = inputSize(data.info);
	// Noised views only: their own stream, so the loop's draws (batches, augmentation) stay as they are.
	const noise = sigma > 0 ? {
		random: createRandom((config.seed ^ 0x3e_a7c4) >>> 0),
		normals: new Float32Array(unlabeledBatch * width),
		teacherView: new Float32Array(unlabeledBatch * width),
		studentView: new Float32Array(unlabeledBatch * width),
		positions: Int32Array.from({length: unlabeledBatch}, (_, i) => i),
	} : undefined;
	// The teacher's initial weights do not matter: it becomes a copy of the student at the first step.
	const teacher: Mlp = createModel({seed: config.seed});
	let updates = 0;
	let started = false;
	let rampingUp = true;
	let ramp = 0;
	return {
		label(batch) {
			if (!started) {
				// Start from the student as it is after the warm-up (decay 0 copies).
				teacher.blendFrom(batch.model, 0);
				started = true;
			}

			rampingUp = batch.progress < rampEnd;
			ramp = sigmoidRampUp(batch.progress, rampEnd);
			const weight = (config.unlabeledWeight * ramp) / unlabeledBatch;
			if (noise) {
				// Two independently noised copies of the plain images: one for the teacher, one the student trains on.
				const n = batch.rows.length;
				const count = n * width;
				const plain = batch.images('plain');
				fillGaussian(noise.normals, count, noise.random);
				noisedView(plain, count, sigma, noise.normals, noise.teacherView);
				fillGaussian(noise.normals, count, noise.random);
				noisedView(plain, count, sigma, noise.normals, noise.studentView);
				const probabilities = teacher.predict(noise.teacherView.subarray(0, count), noise.positions.subarray(0, n));
				return {
					decision: confidenceMask(probabilities, 0, batch.truth, classes),
					weight,
					view: 'plain',
					targets: probabilities,
					inputs: noise.studentView,
				};
			}

			const probabilities = batch.predictWeak(teacher);
			return {
				// Threshold 0: every image is used; the mask's labels (the teacher's argmax) only measure how right it is.
				decision: confidenceMask(probabilities, 0, batch.truth, classes),
				weight,
				view: 'fresh-weak',
				targets: probabilities,
			};
		},
		afterStep(model) {
			teacher.blendFrom(model, teacherDecayAt(updates++, rampingUp, config.teacherDecay));
		},
		signals(measured) {
			const teacherAccuracy = teacher.evaluate(data.testImages, data.testLabels);
			return {
				threshold: 0,
				extra: [
					{name: 'teacher', value: teacherAccuracy, percent: true},
					...(measured === undefined ? [] : [{name: 'student', value: measured.testAccuracy, percent: true}]),
					{name: 'consistency weight', value: config.unlabeledWeight * ramp},
					...(sigma > 0 ? [{name: 'noise σ', value: sigma}] : []),
				],
			};
		},
		dispose() {
			teacher.dispose();
		},
	};
};

export const meanTeacher: MethodDefinition<'mean-teacher'> = {
	name: 'mean-teacher',
	label: 'Mean Teacher',
	kind: 'online',
	explain: 'a slowly averaged copy of the model (the teacher) gives soft targets for one augmented view that the model must match on another; the panel shows teacher against model.',
	defaults: {warmupEpochs: 10, augmentLabeled: true},
	knobs: knobNames(meanTeacherKnobs),
	ruleText: config => `every image, teacher EMA ${config.teacherDecay}`,
	keySettings: config => [`EMA ${config.teacherDecay}`, `λu ${config.unlabeledWeight}`],
	run: context => runOnline(context, meanTeacherRule),
};
