/** Makes a model: the direct engine where it runs (wasm), else the tfjs-ops reference path; and the layer widths. */
import {createDirectMlp} from './direct-mlp.js';
import {mnistShape, type MlpShape} from './mlp-params.js';
import type {Mlp, MlpOptions} from './model.js';
import {createTfjsMlp} from './tfjs-mlp.js';
import {directEngineAvailable} from './wasm-internals.js';
import {wasmHeap} from './wasm-heap.js';

// Keeps the dropout streams apart from the initialisation stream drawn from the same seed.
const dropoutSeedSalt = 0x9e37_79b9;

export function createMlp(options: MlpOptions): Mlp {
	const shape = mlpShape(options);
	const rate = options.dropout ?? 0.3;
	if (!(rate >= 0 && rate < 1)) {
		throw new RangeError(`dropout must be in [0, 1), got ${rate}`);
	}

	const dropoutSeed = (options.seed ^ dropoutSeedSalt) >>> 0;
	const heap = wasmHeap();
	if (heap && options.engine !== 'tfjs' && directEngineAvailable()) {
		return createDirectMlp({
			shape,
			seed: options.seed,
			learningRate: options.learningRate,
			dropout: rate,
			dropoutSeed,
			kernels: heap.kernels,
			team: options.team,
		});
	}

	return createTfjsMlp({shape, seed: options.seed, learningRate: options.learningRate, dropout: rate, dropoutSeed});
}

/** The layer widths for these options; throws on anything but two positive integer hidden widths. */
export function mlpShape(options: Pick<MlpOptions, 'inputSize' | 'classes' | 'hidden'>): MlpShape {
	const hidden = options.hidden ?? [mnistShape.hidden1, mnistShape.hidden2];
	if (hidden.length !== 2 || !hidden.every(width => Number.isInteger(width) && width > 0)) {
		throw new RangeError(`hidden must be two positive integer widths, got [${hidden.join(', ')}]`);
	}

	return {...mnistShape, input: options.inputSize ?? mnistShape.input, hidden1: hidden[0]!, hidden2: hidden[1]!, classes: options.classes ?? mnistShape.classes};
}
