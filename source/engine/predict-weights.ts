/**
 * Softmax probabilities of an exported model (model-file.ts) on samples prepared as its manifest says: the `predict`
 * command's one use of tfjs, imported lazily so nothing else of the main process loads it.
 */
import * as tf from '@tensorflow/tfjs-core';
import {initBackend} from './backend.js';
import {forEachLogitsChunk} from './inference.js';
import type {ModelShape, ModelWeights} from '../summary/model-file.js';

/** count × classes probabilities, row-major, for `count` samples of shape.input bytes each. */
export async function predictWithWeights(shape: ModelShape, weights: ModelWeights, samples: Uint8Array, count: number): Promise<Float32Array> {
	await initBackend('auto');
	const params = {
		p1: tf.tensor2d(weights.p1, [shape.hidden1, shape.input + 1]),
		p2: tf.tensor2d(weights.p2, [shape.hidden2, shape.hidden1 + 1]),
		p3: tf.tensor2d(weights.p3, [shape.classes, shape.hidden2 + 1]),
	};
	const out = new Float32Array(count * shape.classes);
	try {
		forEachLogitsChunk(params, shape, samples, null, count, (logits, start) => {
			out.set(tf.softmax(logits).dataSync(), start * shape.classes);
		});
	} finally {
		for (const tensor of Object.values(params)) tensor.dispose();
	}

	return out;
}
