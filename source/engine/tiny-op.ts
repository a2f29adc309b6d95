/** The check that makes a backend count as working: it loaded AND computed one tiny op correctly. */
import util from 'node:util';
import * as tf from '@tensorflow/tfjs-core';

/** Runs 1 + [1, 2] on the active backend; false on a wrong answer or any throw (tfjs-node fails at op time on Node ≥ 23). */
export function tinyOpRuns(): boolean {
	try {
		const sum = tf.tidy(() => tf.add(tf.tensor1d([1, 2]), 1));
		// Read outside tidy: tidy walks whatever its callback returns, a typed array element by element.
		const values = sum.dataSync();
		sum.dispose();
		return values[0] === 2 && values[1] === 3;
	} catch {
		return false;
	}
}

/** tfjs-node 4.22 calls util.isNullOrUndefined and util.isArray, which Node 23 removed; restore them if missing. */
export function patchUtilForTfjsNode(): void {
	const legacy = util as unknown as Record<string, unknown>;
	legacy['isNullOrUndefined'] ??= (value: unknown) => value === null || value === undefined;
	legacy['isArray'] ??= Array.isArray;
}
