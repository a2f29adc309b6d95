/** Test helper: the inverse of the engine's denseWeights, [kernelᵀ | bias], to build engine parameters from Keras-style weights. */
import * as tf from '@tensorflow/tfjs-core';
import type {DenseWeights} from '../../source/engine/mlp-params.js';

export function augmentedMatrix(weights: DenseWeights): tf.Tensor2D {
	return tf.tidy(() => tf.concat([tf.transpose(weights.kernel), tf.reshape(weights.bias, [-1, 1])], 1));
}
