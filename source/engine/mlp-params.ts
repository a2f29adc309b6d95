/** The MLP's layer sizes and weights: each layer one "augmented" matrix [Wᵀ | b], initialised like Keras. */
import * as tf from '@tensorflow/tfjs-core';
import {classCount, inputSize, mnistInfo, type DatasetInfo} from '../core/dataset-info.js';
import {createRandom} from '../core/random.js';

/** Layer widths of the model: input (the dataset's numbers per sample) → hidden1 → hidden2 → classes (K). */
export interface MlpShape {
	input: number;
	hidden1: number;
	hidden2: number;
	classes: number;
}

/** The tutorial's widths on MNIST: 784 → 512 → 256 → 10, the input and output sizes taken from MNIST's descriptor. */
export const mnistShape: MlpShape = datasetShape(mnistInfo());

/** The model for a dataset: input = inputSize(info), classes = K, hidden widths as given (the tutorial's by default). */
export function datasetShape(info: Pick<DatasetInfo, 'height' | 'width' | 'channels' | 'classNames'>, hidden: readonly number[] = [512, 256]): MlpShape {
	return {input: inputSize(info), hidden1: hidden[0]!, hidden2: hidden[1]!, classes: classCount(info)};
}

/** What createMlp needs to know of a dataset: its input size and class count (spread into MlpOptions). */
export function datasetModelSize(info: Pick<DatasetInfo, 'height' | 'width' | 'channels' | 'classNames'>): {inputSize: number; classes: number} {
	return {inputSize: inputSize(info), classes: classCount(info)};
}

/** Floats in all three augmented matrices: the size of a gradient or optimizer-state block. */
export function paramCount({input, hidden1, hidden2, classes}: MlpShape): number {
	return hidden1 * (input + 1) + hidden2 * (hidden1 + 1) + classes * (hidden2 + 1);
}

/**
 * One matrix per Dense layer, feature-major: row o holds output unit o's incoming weights followed by its bias,
 * so p1 is hidden1 × (input + 1). Keeping the bias as a last column lets one matMul against inputs with a trailing
 * row of ones compute x·W + b, and one matMul compute both the kernel's and the bias's gradient.
 * The weights always sit on the left of a matMul, the side tfjs-wasm neither transposes nor repacks.
 */
// A type alias, not an interface, so it satisfies tf.tidy's TensorContainer index signature.
export type MlpParams = {
	p1: tf.Tensor2D;
	p2: tf.Tensor2D;
	p3: tf.Tensor2D;
};

export type ParamName = keyof MlpParams;
export const paramNames: readonly ParamName[] = ['p1', 'p2', 'p3'];

/** Glorot-uniform kernels and zero biases (Keras Dense defaults), drawn from `seed`. */
export function initialParams(shape: MlpShape, seed: number): MlpParams {
	const values = initialParamValues(shape, seed);
	return {
		p1: tf.tensor2d(values.p1, [shape.hidden1, shape.input + 1]),
		p2: tf.tensor2d(values.p2, [shape.hidden2, shape.hidden1 + 1]),
		p3: tf.tensor2d(values.p3, [shape.classes, shape.hidden2 + 1]),
	};
}

/** The same initial values as plain arrays (row-major, the shapes above), for the direct engine. */
export function initialParamValues(shape: MlpShape, seed: number): Record<ParamName, Float32Array> {
	const random = createRandom(seed);
	return {
		p1: glorotAugmented(shape.input, shape.hidden1, random),
		p2: glorotAugmented(shape.hidden1, shape.hidden2, random),
		p3: glorotAugmented(shape.hidden2, shape.classes, random),
	};
}

function glorotAugmented(fanIn: number, fanOut: number, random: () => number): Float32Array {
	const limit = Math.sqrt(6 / (fanIn + fanOut));
	const values = new Float32Array(fanOut * (fanIn + 1));
	// Drawn in Keras's kernel order (input-major), stored transposed; the bias column stays zero.
	for (let i = 0; i < fanIn; i++) {
		for (let o = 0; o < fanOut; o++) {
			values[o * (fanIn + 1) + i] = (2 * random() - 1) * limit;
		}
	}

	return values;
}

/** A Dense layer in the usual layout: kernel is fanIn × fanOut, bias has fanOut entries. */
export type DenseWeights = {
	kernel: tf.Tensor2D;
	bias: tf.Tensor1D;
};

/** Splits an augmented matrix back into Keras's kernel and bias (new tensors; used by predict and the tests). */
export function denseWeights(
	augmented: tf.Tensor2D,
	transpose: (matrix: tf.Tensor2D) => tf.Tensor2D = matrix => tf.transpose(matrix),
): DenseWeights {
	return tf.tidy(() => {
		const [fanOut, columns] = augmented.shape;
		const transposed = transpose(augmented);
		return {
			kernel: tf.slice(transposed, [0, 0], [columns - 1, fanOut]),
			// Sliced from a flat view so the bias is rank 1 in the backend's own records too: tfjs-wasm's fused
			// matMul reads the rank from there, and a reshape keeps the original rank-2 record.
			bias: tf.slice(tf.reshape(transposed, [-1]), [(columns - 1) * fanOut], [fanOut]) as tf.Tensor1D,
		};
	});
}

/** A weight blend's decay (Mlp.blendFrom) must weigh the old weights by a share: [0, 1]. Both engines check it. */
export function checkBlendDecay(decay: number): void {
	if (!(decay >= 0 && decay <= 1)) throw new RangeError(`blend decay must be in [0, 1], got ${decay}`);
}
