/**
 * The most numbers a sample may hold: the model's first layer has 512 units, each with a weight per number, and the
 * engine keeps several float copies of every weight (the weights, their transpose, gradients, Adam's m and v, the
 * packed copy predictions use) in a WebAssembly heap of at most 4 GB. At 65,536 numbers (a 256×256 grey image, a
 * 147×147 colour one) a contender holds ~34 M weights and a two-contender race peaked at 3.3 GB; 224×224 colour
 * images took 7.1 GB, and at 256×256 colour XNNPACK could no longer allocate its operators and the race trained to
 * chance without failing. So larger samples are refused at load, with the flags that shrink them.
 */
import {inputSize, type DatasetInfo} from '../core/dataset-info.js';
import {InputError} from '../core/input-error.js';

export const maxInputSize = 65_536;

const count = (value: number) => value.toLocaleString('en-US');

/** Throws one line naming `--data target`, the sample's size and what would fit, when a sample is too large. */
export function requireModelInput(target: string, info: Pick<DatasetInfo, 'kind' | 'height' | 'width' | 'channels'>): void {
	const size = inputSize(info);
	if (size <= maxInputSize) return;
	if (info.kind === 'image') {
		const shape = `${info.height}×${info.width}${info.channels === 1 ? '' : `×${info.channels}`}`;
		const side = Math.floor(Math.sqrt(maxInputSize / info.channels));
		const grey = info.channels > 1 && info.height * info.width <= maxInputSize ? ', or --channels 1' : '';
		throw new InputError(
			`--data ${target}: images of ${shape} are ${count(size)} numbers each, more than the ${count(maxInputSize)} the model takes; pass --image-size ${side} or less${grey}`,
		);
	}

	throw new InputError(`--data ${target}: rows of ${count(size)} numbers, more than the ${count(maxInputSize)} the model takes; leave columns out with --drop`);
}
