/**
 * A real terminal running the built CLI: a detached tmux session of a given size (tmux is a Debian package, so no
 * native npm module is needed). Tests read the screen as tmux renders it and everything the program wrote.
 */
import {execFile, execFileSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';

const execFileAsync = promisify(execFile);

export interface TerminalSession {
	/** The visible screen, one string per row, trailing spaces trimmed. */
	screen(): string[];
	/** Everything the program wrote, escapes included. */
	output(): string;
	write(keys: string): void;
	resize(columns: number, rows: number): void;
	/**
	 * Polls the screen until the predicate holds. With `settled`, it must also be the same screen two polls running:
	 * tmux can be read between the chunks of one frame (a frame is larger than the pty's buffer), and a test that reads
	 * more from a finished screen than its predicate checked needs the whole frame.
	 */
	waitForScreen(predicate: (text: string) => boolean, timeoutMs: number, options?: {pollMs?: number; settled?: boolean}): Promise<string>;
	exited: Promise<{exitCode: number; signal?: number}>;
	kill(): void;
	signal(name: NodeJS.Signals): void;
	/** The program's process id. */
	pid(): number;
}

export function startTerminal(
	args: string[],
	options: {columns: number; rows: number; env: NodeJS.ProcessEnv; file?: string},
): TerminalSession {
	const directory = mkdtempSync(path.join(tmpdir(), 'pltui-tmux-'));
	const socket = path.join(directory, 'socket');
	const outputFile = path.join(directory, 'output');
	const goFile = path.join(directory, 'go');
	const configFile = path.join(directory, 'tmux.conf');
	// No status line (it would take a row), keep the pane after exit to read its status, a TERM like a user's.
	writeFileSync(configFile, 'set -g status off\nset -g remain-on-exit on\nset -g default-terminal xterm-256color\n');
	writeFileSync(outputFile, '');
	// Ink renders nothing live when CI is set; a user's terminal has no CI variable. The tmux server started here passes
	// its own environment on to the program.
	const {CI: _ci, CONTINUOUS_INTEGRATION: _cint, TMUX: _tmux, TMUX_PANE: _pane, ...env} = options.env;
	const tmux = (...tmuxArgs: string[]) => execFileSync('tmux', ['-S', socket, ...tmuxArgs], {encoding: 'utf8', env: env as NodeJS.ProcessEnv});
	const tmuxAsync = async (...tmuxArgs: string[]) => (await execFileAsync('tmux', ['-S', socket, ...tmuxArgs], {encoding: 'utf8'})).stdout;

	// The program waits for the go file, so pipe-pane is recording before its first byte; then exec keeps its pid.
	const wait = `while [ ! -e '${goFile}' ]; do sleep 0.01; done; exec "$@"`;
	const command = [options.file ?? process.execPath, ...args];
	tmux('-f', configFile, 'new-session', '-d', '-s', 'main', '-x', String(options.columns), '-y', String(options.rows), '/bin/sh', '-c', wait, 'sh', ...command);
	tmux('pipe-pane', '-o', '-t', 'main', `cat >> '${outputFile}'`);
	writeFileSync(goFile, '');

	let killed = false;
	const exited = (async () => {
		for (;;) {
			await new Promise(resolve => setTimeout(resolve, 50));
			if (killed) return {exitCode: -1};
			let state: string;
			try {
				state = await tmuxAsync('display-message', '-p', '-t', 'main', '#{pane_dead} #{pane_pid} #{pane_dead_status}');
			} catch {
				return {exitCode: -1};
			}

			const [dead, pid, status] = state.trim().split(' ');
			if (dead !== '1') continue;
			// tmux can mark the pane dead well before it reaps the process (seen for many seconds under load); the
			// zombie's wait status is in /proc meanwhile.
			const ended = status ? {exitCode: Number(status)} : zombieStatus(Number(pid));
			if (ended) {
				// Close the recording and let its cat drain, so output() holds the program's last bytes.
				await tmuxAsync('pipe-pane', '-t', 'main').catch(() => undefined);
				await settled(outputFile);
				return ended;
			}
		}
	})();

	const screen = () => {
		const lines = tmux('capture-pane', '-p', '-t', 'main').split('\n');
		lines.pop();
		return lines.map(line => line.trimEnd());
	};

	return {
		screen,
		output: () => readFileSync(outputFile, 'utf8'),
		write(keys) {
			// -H sends raw bytes, so escape sequences (→ is ESC [ C) and Ctrl+C (0x03) arrive exactly as typed.
			tmux('send-keys', '-t', 'main', '-H', ...[...Buffer.from(keys)].map(byte => byte.toString(16).padStart(2, '0')));
		},
		resize(columns, rows) {
			tmux('resize-window', '-t', 'main', '-x', String(columns), '-y', String(rows));
		},
		async waitForScreen(predicate, timeoutMs, {pollMs = 50, settled: wholeFrame = false} = {}) {
			const deadline = Date.now() + timeoutMs;
			let previous: string | undefined;
			for (;;) {
				const text = screen().join('\n');
				if (predicate(text) && (!wholeFrame || text === previous)) return text;
				previous = text;
				if (Date.now() > deadline) {
					throw new Error(`screen never matched within ${timeoutMs} ms; it shows:\n${text}`);
				}

				await new Promise(resolve => setTimeout(resolve, pollMs));
			}
		},
		exited,
		kill() {
			if (killed) return;
			killed = true;
			try {
				tmux('kill-server');
			} catch {
				// Already gone.
			}

			rmSync(directory, {recursive: true, force: true});
		},
		signal(name) {
			process.kill(Number(tmux('display-message', '-p', '-t', 'main', '#{pane_pid}').trim()), name);
		},
		pid: () => Number(tmux('display-message', '-p', '-t', 'main', '#{pane_pid}').trim()),
	};
}

/** The wait status of an exited, not yet reaped process (field 52 of /proc/PID/stat), or undefined if it is not one. */
function zombieStatus(pid: number): {exitCode: number; signal?: number} | undefined {
	let stat: string;
	try {
		stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
	} catch {
		return undefined; // Reaped meanwhile: tmux has the status now.
	}

	// Fields after "pid (comm)" start with field 3, the state; Z = zombie.
	const fields = stat.slice(stat.lastIndexOf(')') + 2).trim().split(' ');
	if (fields[0] !== 'Z') return undefined;
	const wait = Number(fields[52 - 3]);
	return (wait & 0x7f) === 0 ? {exitCode: (wait >> 8) & 0xff} : {exitCode: 0, signal: wait & 0x7f};
}

/** Resolves once the file has stopped growing for 100 ms (or after 2 s). */
async function settled(file: string): Promise<void> {
	let size = -1;
	for (let waited = 0; waited < 2000; waited += 100) {
		let now: number;
		try {
			now = statSync(file).size;
		} catch {
			return; // Killed meanwhile: its folder is gone.
		}

		if (now === size) return;
		size = now;
		await new Promise(resolve => setTimeout(resolve, 100));
	}
}
