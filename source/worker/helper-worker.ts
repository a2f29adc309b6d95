/**
 * A helper thread: started by the orchestrator when a core is free, it takes its share of every step and prediction
 * of one contender (engine/team-helper.ts) in the member slot it is given. It never reports events; the orchestrator
 * terminates it when its contender ends.
 */
import {parentPort} from 'node:worker_threads';
import {initBackend} from '../engine/backend.js';
import {createDirectModel} from '../engine/direct-model.js';
import {serveTeam} from '../engine/team-helper.js';
import {wasmHeap} from '../engine/wasm-heap.js';
import {checkHelperStart} from '../protocol/check-messages.js';
import {yieldToInterface} from './thread-priority.js';

yieldToInterface();

parentPort?.once('message', (received: unknown) => {
	// A malformed start (or one from another build) throws here, naming the field; the host then lets the contender
	// train without this helper, as for any helper that fails.
	const message = checkHelperStart(received);
	void (async () => {
		await initBackend('wasm');
		const heap = wasmHeap();
		if (!heap) {
			// No direct engine here: never say ready, so the contender simply trains without this helper.
			return;
		}

		const images = message.images.map(buffer => new Uint8Array(buffer));
		serveTeam(message.team, message.slot, (shape, learningRate) => createDirectModel(shape, 0, learningRate, heap.kernels), images);
	})();
});
