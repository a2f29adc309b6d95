/** The CLI: parse flags, dispatch to a command, and turn every failure into an exit code (2 for bad input). */
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {packageRoot} from '../config/package-root.js';
import {isInputError} from '../core/input-error.js';
import {helpText} from './help-text.js';
import {outputWidth} from './output-width.js';
import {parseCli} from './parse-args.js';
import {runRaceCommand} from './race-command.js';
import {runSweep} from './sweep-entry.js';
import {runSubcommand} from './subcommands.js';

export async function main(argv: string[]): Promise<number> {
	try {
		const request = parseCli(argv);
		switch (request.command) {
			case 'help': {
				process.stdout.write(helpText(outputWidth(process.stdout)));
				return 0;
			}

			case 'version': {
				process.stdout.write(`${packageVersion()}\n`);
				return 0;
			}

			case 'race': {
				return await runRaceCommand(request);
			}

			case 'sweep': {
				return await runSweep(request);
			}

			case 'predict': {
				// Loaded only here: predicting needs tfjs, which the dashboard's process never loads.
				const {predictCommand} = await import('./commands/predict.js');
				return await predictCommand(request.commandArgs);
			}

			default: {
				return await runSubcommand(request);
			}
		}
	} catch (error) {
		if (isInputError(error)) {
			process.stderr.write(`pseudolabel-tui: ${error.message}\n`);
			return 2;
		}

		process.stderr.write(`pseudolabel-tui: ${error instanceof Error ? error.message : String(error)}\n`);
		if (process.env.PSEUDOLABEL_TUI_DEBUG) {
			console.error(error);
		}

		return 1;
	}
}

function packageVersion(): string {
	return (JSON.parse(readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as {version: string}).version;
}
