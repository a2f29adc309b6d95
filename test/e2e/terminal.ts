/** A real pseudo-terminal running the built CLI, with the screen rebuilt by a headless xterm so tests read what a user sees. */
import xterm from '@xterm/headless';
import pty from 'node-pty';

export interface TerminalSession {
	/** The visible screen, one string per row, trailing spaces trimmed. */
	screen(): string[];
	/** Everything the program wrote, escapes included. */
	output(): string;
	write(keys: string): void;
	resize(columns: number, rows: number): void;
	waitForScreen(predicate: (text: string) => boolean, timeoutMs: number, pollMs?: number): Promise<string>;
	exited: Promise<{exitCode: number; signal?: number}>;
	kill(): void;
	signal(name: string): void;
}

export function startTerminal(
	args: string[],
	options: {columns: number; rows: number; env: NodeJS.ProcessEnv; file?: string},
): TerminalSession {
	const terminal = new xterm.Terminal({cols: options.columns, rows: options.rows, allowProposedApi: true});
	const {CI: _ci, CONTINUOUS_INTEGRATION: _cint, ...env} = options.env;
	const child = pty.spawn(options.file ?? process.execPath, args, {
		name: 'xterm-256color',
		cols: options.columns,
		rows: options.rows,
		// Ink renders nothing live when CI is set; a user's terminal has no CI variable.
		env: {...env, TERM: 'xterm-256color'} as Record<string, string>,
	});
	let output = '';
	child.onData(data => {
		output += data;
		terminal.write(data);
	});
	const exited = new Promise<{exitCode: number; signal?: number}>(resolve => {
		child.onExit(resolve);
	});
	const screen = () => {
		const buffer = terminal.buffer.active;
		const lines: string[] = [];
		for (let row = 0; row < terminal.rows; row++) {
			lines.push(buffer.getLine(buffer.viewportY + row)?.translateToString(true) ?? '');
		}

		return lines;
	};

	return {
		screen,
		output: () => output,
		write: keys => child.write(keys),
		resize(columns, rows) {
			child.resize(columns, rows);
			terminal.resize(columns, rows);
		},
		async waitForScreen(predicate, timeoutMs, pollMs = 50) {
			const deadline = Date.now() + timeoutMs;
			for (;;) {
				// Let xterm finish parsing what arrived before reading its buffer.
				await new Promise<void>(resolve => terminal.write('', resolve));
				const text = screen().join('\n');
				if (predicate(text)) return text;
				if (Date.now() > deadline) {
					throw new Error(`screen never matched within ${timeoutMs} ms; it shows:\n${text}`);
				}

				await new Promise(resolve => setTimeout(resolve, pollMs));
			}
		},
		exited,
		kill: () => child.kill(),
		signal: name => child.kill(name),
	};
}
