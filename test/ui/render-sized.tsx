// Renders an Ink tree into a fake terminal of a chosen size (ink-testing-library fixes 100 columns and no rows).
import {EventEmitter} from 'node:events';
import {render} from 'ink';
import type {ReactElement} from 'react';

class FakeStdout extends EventEmitter {
	frames: string[] = [];
	isTTY = false;
	constructor(
		public columns: number,
		public rows: number,
	) {
		super();
	}

	write = (frame: string) => {
		this.frames.push(frame);
		return true;
	};

	lastFrame(): string {
		return this.frames.at(-1) ?? '';
	}
}

class FakeStdin extends EventEmitter {
	isTTY = false;
	setEncoding() {}
	setRawMode() {}
	resume() {}
	pause() {}
	ref() {}
	unref() {}
	read() {
		return null;
	}
}

export interface SizedRender {
	stdout: FakeStdout;
	lastFrame(): string;
	rerender(tree: ReactElement): void;
	unmount(): void;
}

const mounted: SizedRender[] = [];

export function renderSized(tree: ReactElement, size: {columns: number; rows: number}): SizedRender {
	const stdout = new FakeStdout(size.columns, size.rows);
	const stderr = new FakeStdout(size.columns, size.rows);
	const instance = render(tree, {
		stdout: stdout as unknown as NodeJS.WriteStream,
		stderr: stderr as unknown as NodeJS.WriteStream,
		stdin: new FakeStdin() as unknown as NodeJS.ReadStream,
		debug: true,
		exitOnCtrlC: false,
		patchConsole: false,
	});
	const result = {
		stdout,
		lastFrame: () => stdout.lastFrame(),
		rerender: instance.rerender,
		unmount: instance.unmount,
	};
	mounted.push(result);
	return result;
}

/** Unmounts everything rendered so far (call from afterEach). */
export function cleanupSized(): void {
	for (const item of mounted.splice(0)) {
		item.unmount();
	}
}

const ansi = /\u001B\[[0-9;?]*[A-Za-z]/g;

/** The frame's lines without ANSI escapes. */
export function plainLines(frame: string): string[] {
	return frame.replaceAll(ansi, '').split('\n');
}

/** Columns of a plain line: every character this UI draws is one column wide. */
export function columnsOf(line: string): number {
	return [...line].length;
}

/** Polls until `check` stops throwing (or returns true), for effects that land after an event-loop turn. */
export async function waitFor(check: () => boolean | void, timeoutMs = 2000): Promise<void> {
	const started = Date.now();
	for (;;) {
		try {
			if (check() !== false) {
				return;
			}
		} catch (error) {
			if (Date.now() - started > timeoutMs) {
				throw error;
			}
		}

		if (Date.now() - started > timeoutMs) {
			throw new Error('waitFor: condition not met in time');
		}

		await new Promise(resolve => setTimeout(resolve, 5));
	}
}
