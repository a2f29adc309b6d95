/** A training run's home: a worker thread (wasm, cpu) or a child process (tfjs-node). The only user of the channel. */
import {parentPort} from 'node:worker_threads';
import {initBackend} from '../engine/backend.js';
import {joinTeam, teamSteps} from '../engine/direct-mlp.js';
import {createMlp} from '../engine/mlp.js';
import {checkStartMessage} from '../protocol/check-messages.js';
import type {StartMessage, WorkerEvent} from '../protocol/messages.js';
import {datasetViews} from '../training/dataset-views.js';
import {createPauseWaiter, type RunContext} from '../training/event-sink.js';
import {runNoisyStudent} from '../training/run-noisy-student.js';
import {runOnline} from '../training/run-online.js';
import {runSemi} from '../training/run-semi.js';
import {runSupervised} from '../training/run-supervised.js';

type Send = (event: WorkerEvent) => void;

function channel(): {send: Send; onStart: (handler: (message: unknown) => void) => void} {
	if (parentPort) {
		const port = parentPort;
		return {
			send: event => port.postMessage(event),
			onStart: handler => port.once('message', handler),
		};
	}

	if (process.send) {
		return {
			send: event => process.send!(event),
			onStart: handler => process.once('message', handler),
		};
	}

	throw new Error('training-worker must run as a worker thread or a forked child process');
}

async function train(message: StartMessage, send: Send): Promise<void> {
	const backend = await initBackend(message.backend);
	// The helper gets the same shared images (race.ts), so predictions over them can be shared too.
	joinTeam(message.team, [new Uint8Array(message.dataset.trainImages), new Uint8Array(message.dataset.testImages)]);
	send({type: 'ready', run: message.run, backend});
	const context: RunContext = {
		// The run's last word carries how many of its steps a helper thread shared (engine/team.ts).
		emit: event => send(event.type === 'run-done' && message.team ? {...event, teamSteps: teamSteps()} : event),
		waitWhilePaused: message.pauseFlag
			? createPauseWaiter(new Int32Array(message.pauseFlag), () => send({type: 'paused', run: message.run}))
			: () => 0,
	};
	const data = datasetViews(message.dataset);
	const {run, config, method} = message;
	const mlp = createMlp({seed: config.seed, learningRate: config.learningRate, dropout: config.dropout});
	let ownsModel = true;
	try {
		switch (method) {
			case 'supervised': {
				runSupervised(mlp, {run, config, epochs: message.epochs}, data, message.split, context);
				break;
			}

			case 'pseudo-label': {
				runSemi(mlp, run, config, data, message.split, context);
				break;
			}

			case 'lee2013':
			case 'fixmatch':
			case 'flexmatch': {
				runOnline(mlp, {...config, method}, data, message.split, context, run);
				break;
			}

			case 'noisy-student': {
				// The loop owns the teacher from here: it disposes each teacher when its student takes over.
				ownsModel = false;
				runNoisyStudent(mlp, config, data, message.split, context, run);
				break;
			}
		}
	} finally {
		if (ownsModel) mlp.dispose();
	}
}

const {send, onStart} = channel();
onStart(received => {
	let message: StartMessage;
	try {
		// A start message of the wrong shape (or from another build) is refused here, naming the field.
		message = checkStartMessage(received);
	} catch (error) {
		const run = (received as {run?: unknown} | null)?.run;
		send({type: 'error', run: typeof run === 'string' ? run : '?', message: (error as Error).message});
		if (!parentPort) process.disconnect?.();
		return;
	}

	train(message, send).then(
		() => {
			if (!parentPort) {
				process.disconnect?.();
			}
		},
		(error: unknown) => {
			send({type: 'error', run: message.run, message: error instanceof Error ? error.message : String(error)});
			if (!parentPort) {
				process.disconnect?.();
			}
		},
	);
});
