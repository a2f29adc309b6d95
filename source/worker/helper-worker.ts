/**
 * A helper thread: started by the orchestrator when a core is free, it takes half of every batch of one contender
 * (engine/team.ts). It never reports events; the orchestrator terminates it when its contender ends.
 */
import {parentPort} from 'node:worker_threads';
import {initBackend} from '../engine/backend.js';
import {createDirectModel} from '../engine/direct-model.js';
import {serveTeam} from '../engine/team.js';
import {wasmHeap} from '../engine/wasm-heap.js';
import {checkHelperStart} from '../protocol/check-messages.js';

parentPort?.once('message', (received: unknown) => {
	// A malformed start (or one from another build) throws here, naming the field; the host then lets the contender
	// train alone, as for any helper that fails.
	const message = checkHelperStart(received);
	void (async () => {
		await initBackend('wasm');
		const heap = wasmHeap();
		if (!heap) {
			// No direct engine here: never say ready, so the contender simply trains alone.
			return;
		}

		const images = message.images.map(buffer => new Uint8Array(buffer));
		serveTeam(message.team, (shape, learningRate) => createDirectModel(shape, 0, learningRate, heap.kernels), images);
	})();
});
