/**
 * What `?` says augmentation is in this race: which changes (images: shifts, turns, zoom, elastic warps as the
 * contenders' settings have them; table rows: Gaussian noise per feature), on whose samples (labeled ones, and the
 * pseudo-labeled ones offline methods retrain on) — or that it is off for labeled samples, as it is on the user's own
 * data unless asked for — and that the online methods' own changed views of pool samples stay (they are the method). A fixed "random shifts, turns and warps" was wrong for a table and for a race with none.
 */
import type {DatasetInfo} from '../core/dataset-info.js';
import type {RunConfig} from '../config/run-config.js';
import {classWord, sampleWord} from './class-words.js';

/** What each contender needs here: its name, its method's kind, its settings once known. */
export interface AugmentingContender {
	name: string;
	kind: 'baseline' | 'offline' | 'online';
	config?: RunConfig;
}

/** "a, b and c". */
function listed(items: readonly string[]): string {
	return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** The changes `configs` make to a sample of this kind: "random shifts, turns and zoom", "Gaussian noise on each feature (σ 0.1)". */
function changes(configs: readonly RunConfig[], info: DatasetInfo | undefined): string {
	if (info?.kind === 'table') {
		const sigmas = [...new Set(configs.map(config => config.augmentation.tableNoise))];
		return `Gaussian noise on each feature (σ ${sigmas.join(' or ')} standard deviations)`;
	}

	const has = (test: (config: RunConfig) => boolean) => configs.some(test);
	const parts = [
		...(has(config => config.augmentation.widthShift > 0 || config.augmentation.heightShift > 0) ? ['shifts'] : []),
		...(has(config => config.augmentation.rotationDeg > 0) ? ['turns'] : []),
		...(has(config => config.augmentation.zoom > 0) ? ['zoom'] : []),
		...(has(config => config.augmentation.elasticAlpha > 0) ? ['elastic warps'] : []),
	];
	return parts.length === 0 ? 'none of shifts, turns or zoom (all set to 0)' : `random ${listed(parts)}`;
}

/**
 * The help's augmentation entry for these contenders on this data: the labeled samples of those with augmentLabeled,
 * and the pseudo-labeled ones of the offline methods (they always retrain on augmented copies), or off.
 */
export function augmentationText(contenders: readonly AugmentingContender[], info: DatasetInfo | undefined): string {
	const many = sampleWord(info, 'many');
	const known = contenders.filter(contender => contender.config !== undefined);
	// No race yet (the help opened before the start event): what the presets do on MNIST.
	if (known.length === 0) return 'random shifts, turns and warps: the model learns the shape, not the pixels.';
	const labeled = known.filter(contender => contender.config!.augmentLabeled);
	const offline = known.filter(contender => contender.kind === 'offline');
	const mnist = classWord(info) === 'digit';
	const labeledOff = labeled.length > 0 ? '' : mnist ? '' : ` No labeled ${many} are changed: the presets' augmentation is tuned for MNIST digits (--augment-labeled turns it on).`;
	// With labeled augmentation off, "off" must not read as "no method changes anything": the online methods' own
	// views of pool samples (weak and strong, noise, VAT's change) are their mechanism and stay.
	const views = labeled.length === 0 && known.some(contender => contender.kind === 'online') ? ` The online methods' own changed views of pool ${many} stay: they are the method.` : '';
	if (labeled.length === 0 && offline.length === 0) {
		const why = mnist ? '' : ` (the presets' is tuned for MNIST digits; --augment-labeled turns it on)`;
		return `off for the labeled ${many} in this race${why}.${views}`;
	}

	const whose = [
		...(labeled.length === 0 ? [] : [labeled.length === known.length ? `every contender's labeled ${many}` : `the labeled ${many} of ${listed(labeled.map(contender => contender.name))}`]),
		...(offline.length === 0 ? [] : [`the pool ${many} ${listed(offline.map(contender => contender.name))} pseudo-labels`]),
	];
	const what = changes([...labeled, ...offline].map(contender => contender.config!), info);
	if (whose.length === 1) {
		const purpose = info?.kind === 'table' ? '' : mnist ? ': the model learns the shape, not the pixels' : ': the model learns what a class looks like, not its pixels';
		return `${what}, on ${whose[0]}${purpose}.${labeledOff}${views}`;
	}

	// Labeled and pool samples both: said in one line by who (the help pages on a 100×30 terminal are full).
	const augmenting = new Set([...labeled, ...offline]);
	const others = known.filter(contender => !augmenting.has(contender));
	// "every contender (but …)" where that is shorter than naming those who do.
	const every = others.length < augmenting.size;
	const who = !every ? listed([...augmenting].map(contender => contender.name)) : others.length === 0 ? 'every contender' : `every contender but ${listed(others.map(contender => contender.name))}`;
	return `${what} of what ${who} ${every || augmenting.size === 1 ? 'trains' : 'train'} on.${views}`;
}
