/** A training run's home: a worker thread (wasm, cpu) or a child process (tfjs-node). The only user of the channel. */
import {parentPort} from 'node:worker_threads';
import {initBackend} from '../engine/backend.js';
import {createMlp, type Mlp} from '../engine/mlp.js';
import {datasetModelSize} from '../engine/mlp-params.js';
import type {MethodContext} from '../methods/method.js';
import {methodNamed} from '../methods/registry.js';
import {startOrtEngine} from '../engine/ort-engine.js';
import {createTeam, type Team} from '../engine/team.js';
import {checkStartMessage} from '../protocol/check-messages.js';
import type {FinalModelEvent, StartMessage, WorkerEvent} from '../protocol/messages.js';
import {datasetViews} from '../training/dataset-views.js';
import {createPauseWaiter} from '../training/event-sink.js';
import {yieldToInterface} from './thread-priority.js';

type Send = (event: WorkerEvent) => void;

function channel(): {send: Send; onStart: (handler: (message: unknown) => void) => void; disconnect: () => void} {
	if (parentPort) {
		const port = parentPort;
		return {
			send: event => port.postMessage(event),
			onStart: handler => port.once('message', handler),
			disconnect() {},
		};
	}

	if (process.send) {
		// A child's sends are written asynchronously; disconnecting before the last one (the final model's megabytes,
		// then run-done) is written would drop it, so the channel closes only once every send has gone out.
		let pending = 0;
		let closing = false;
		const closeWhenSent = () => {
			if (closing && pending === 0) process.disconnect?.();
		};

		return {
			send(event) {
				pending++;
				process.send!(event, undefined, {}, () => {
					pending--;
					closeWhenSent();
				});
			},
			onStart: handler => process.once('message', handler),
			disconnect() {
				closing = true;
				closeWhenSent();
			},
		};
	}

	throw new Error('training-worker must run as a worker thread or a forked child process');
}

async function train(message: StartMessage, send: Send): Promise<void> {
	const backend = await initBackend(message.backend);
	// The experimental native engine computes every model's steps through its own team (engine/ort-engine.ts); on wasm
	// the helper gets the same shared images (race.ts), so predictions over them can be shared too.
	const native = backend === 'ort-experimental' ? await startOrtEngine() : undefined;
	// On wasm the helpers also take blocks of the run's augmentations of the shared training images (`parallel`).
	const wasmTeam =
		!native && message.team ? createTeam(message.team, [new Uint8Array(message.dataset.trainImages), new Uint8Array(message.dataset.testImages)]) : undefined;
	const team = native?.team ?? wasmTeam;
	const data = datasetViews(message.dataset);
	const {run, config} = message;
	// Every model of the run (Noisy Student's students too) shares its steps with the helper when one joins.
	const createModel: MethodContext['createModel'] = request =>
		createMlp({
			seed: request.seed,
			learningRate: config.learningRate,
			dropout: config.dropout,
			team,
			...datasetModelSize(data.info),
			...(request.hidden === undefined ? {} : {hidden: request.hidden}),
		});
	// The contender's model is this function's: the method's loop trains it and never disposes it.
	const model = createModel({seed: config.seed});
	// The run's result: its own model unless the method names another (Noisy Student's last student).
	let result: Mlp = model;
	send({type: 'ready', run, backend, engine: model.engine});
	const method = methodNamed(message.method);
	// Semi-supervised contenders hand over their final model and its pool predictions just before their last word,
	// while that model is still alive (Noisy Student frees its last student after run-done).
	const sendFinal = message.finalModel !== false && method.kind !== 'baseline' && message.split.pool.length > 0;
	try {
		method.run({
			model,
			createModel,
			resultModel(other) {
				result = other;
			},
			data,
			split: message.split,
			config,
			run,
			epochs: message.epochs,
			parallel: wasmTeam,
			// The run's last word carries how many of its steps a helper thread shared (engine/team.ts).
			emit(event) {
				if (event.type === 'run-done' && sendFinal) send(finalModelEvent(run, result, data.trainImages, message.split.pool, data.pixelsPerImage));
				send(event.type === 'run-done' && team ? {...event, teamSteps: teamSteps(team)} : event);
			},
			waitWhilePaused: message.pauseFlag
				? createPauseWaiter(new Int32Array(message.pauseFlag), () => send({type: 'paused', run: message.run}))
				: () => 0,
		});
	} finally {
		model.dispose();
		native?.dispose();
	}
}

/** The run's last word on its team: steps shared and alone, and the most threads a step had. */
function teamSteps(team: Team): {shared: number; alone: number; widest: number; augmentations: number} {
	const {shared, alone, widest, augmentations} = team.stats();
	return {shared, alone, widest, augmentations};
}

/** The final model's softmax over the pool rows and a copy of its weights (engine/model.ts `weights()`). */
function finalModelEvent(run: string, model: Mlp, images: Uint8Array, pool: Int32Array, input: number): FinalModelEvent {
	const weights = model.weights();
	const hidden1 = weights.p1.length / (input + 1);
	const hidden2 = weights.p2.length / (hidden1 + 1);
	const classes = weights.p3.length / (hidden2 + 1);
	return {type: 'final-model', run, poolRows: pool.slice(), probabilities: model.predict(images, pool), shape: {input, hidden1, hidden2, classes}, weights};
}

const {send, onStart, disconnect} = channel();
// The dashboard's thread comes first when it wants a core (thread-priority.ts).
yieldToInterface();
onStart(received => {
	let message: StartMessage;
	try {
		// A start message of the wrong shape (or from another build) is refused here, naming the field.
		message = checkStartMessage(received);
	} catch (error) {
		const run = (received as {run?: unknown} | null)?.run;
		send({type: 'error', run: typeof run === 'string' ? run : '?', message: (error as Error).message});
		disconnect();
		return;
	}

	train(message, send).then(
		() => disconnect(),
		(error: unknown) => {
			send({type: 'error', run: message.run, message: error instanceof Error ? error.message : String(error)});
			disconnect();
		},
	);
});
