/** A helper thread for one contender (engine/team.ts): started on a free core, ended with its contender. */
import {Worker} from 'node:worker_threads';
import {protocolVersion, type HelperStart} from '../protocol/messages.js';
import {markHelperGone, type TeamMemory} from '../protocol/team-buffer.js';
import {workerScriptPath} from './worker-script.js';

export interface Helper {
	/** Ends the thread; resolves once it is gone. */
	terminate(): Promise<void>;
}

export interface HelperOptions {
	team: TeamMemory;
	/** Its member slot in the team (1 …). */
	slot: number;
	/** The race's shared train and test images, so the helper can take its share of a labeling or an evaluation. */
	images: ArrayBufferLike[];
	/** The thread's script: the helper worker unless a test substitutes one. */
	script?: string;
	onOutput?: (text: string) => void;
}

/** A helper thread in `slot` of `team`; `onEnd`: the thread ended on its own (not through terminate). */
export function startHelper(options: HelperOptions, onEnd?: () => void): Helper {
	const {team, slot, images, onOutput} = options;
	// stdout/stderr: true keeps the thread's writes away from Ink's frames, as for training workers.
	const worker = new Worker(options.script ?? workerScriptPath('helper-worker'), {stdout: true, stderr: true});
	let terminating = false;
	const exit = new Promise<void>(resolve => {
		worker.once('exit', () => {
			// Whatever ended it, the contender must not wait for it any more: it finishes the step without it.
			markHelperGone(team, slot);
			resolve();
			if (!terminating) onEnd?.();
		});
	});
	// A failing helper only costs speed: the contender goes on alone (its exit marks it gone).
	worker.on('error', () => {});
	worker.stdout.on('data', (chunk: Buffer) => onOutput?.(chunk.toString()));
	worker.stderr.on('data', (chunk: Buffer) => onOutput?.(chunk.toString()));
	const start: HelperStart = {type: 'helper-start', protocol: protocolVersion, team, slot, images};
	worker.postMessage(start);
	return {
		async terminate() {
			terminating = true;
			await worker.terminate();
			await exit;
		},
	};
}
