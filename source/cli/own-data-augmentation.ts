/**
 * The presets' labeled-image augmentation (shifts, turns, elastic warps; noise for tables) was tuned on MNIST digits.
 * Raced on other data it mostly hurts — measured over 3 seeds on Fashion-MNIST, supervised lost 3.95 points with it,
 * on sklearn's 8×8 digits 2.98 — and a method that augments then loses to plain supervised for a reason that is not
 * its own. So on data the user brings (`--data`, `--data-dir`) it is off unless the command line asks for it
 * (`--keep-augmentation` keeps the presets' choices; `--augment-labeled` / `--no-augment-labeled` set it for every
 * contender); a preset's `sup+aug` contender, then the same run as `supervised`, leaves the race
 * (resolveRace drops identical supervised contenders). The methods' own views of unlabeled images (FixMatch's weak and
 * strong copies, VAT's change) are their mechanism and stay — except where the views are only noise: the digits'
 * affine made Mean Teacher's teacher guess wrong (53 % right on Fashion-MNIST's pool while 80 % on its test images) and
 * Noisy Student's students learn distorted pictures, so both get Gaussian input noise of the Mean Teacher paper's σ
 * instead (`--teacher-noise 0.15`, `--student-noise 0.15`) unless the command line sets it.
 */
import type {KnobPatch} from '../config/contenders.js';
import type {CliRequest} from './parse-args.js';

/** Mean Teacher's and Noisy Student's input-noise σ on the user's own data. */
export const ownDataNoise = 0.15;

/** The flags a race on this data runs with, and the sentence the dashboard and headless output say once. */
export function ownDataFlags(request: Pick<CliRequest, 'data' | 'dataDir' | 'keepAugmentation'>, flags: KnobPatch): {flags: KnobPatch; note?: string} {
	const ownData = request.data !== undefined || request.dataDir !== undefined;
	// --augment-labeled / --no-augment-labeled already decide it for every contender; --keep-augmentation keeps the
	// presets' own choices (sup+aug beside plain supervised).
	if (!ownData || request.keepAugmentation) return {flags};
	// The paper's σ (Tarvainen & Valpola 2017, SVHN and CIFAR-10), for Mean Teacher's views and Noisy Student's noise.
	const noised: KnobPatch = {
		...flags,
		...(flags.teacherNoise === undefined ? {teacherNoise: ownDataNoise} : {}),
		...(flags.studentNoise === undefined ? {studentNoise: ownDataNoise} : {}),
	};
	if (flags.augmentLabeled !== undefined) return {flags: noised};
	return {
		flags: {...noised, augmentLabeled: false},
		// After the loader's notes (what the data is comes first), short, so it still fits beside a short one.
		// "labeled": the methods' own views of the pool stay, and ? says so; "no augmentation" read as none at all.
		note: 'labeled data not augmented: the presets\' is tuned for MNIST digits (--keep-augmentation races it)',
	};
}
