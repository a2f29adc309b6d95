/**
 * `pseudolabel-tui predict --model DIR --data PATH [--out FILE]`: labels new samples with a race's exported model
 * (summary/model-file.ts), on samples prepared as its manifest says (predict-samples.ts). Writes
 * `source,label,confidence` rows to stdout or, atomically, to FILE. Bad input is one InputError line (exit 2).
 */
import {existsSync, statSync} from 'node:fs';
import path from 'node:path';
import {parseArgs} from 'node:util';
import {InputError} from '../../core/input-error.js';
import {describeParseError} from '../parse-args.js';
import {describeShape, readModel} from '../../summary/model-file.js';
import {FileExistsError, writeFileExclusive} from '../../summary/atomic-write.js';
import {csvField} from '../../summary/export-race.js';
import {predictSamples} from './predict-samples.js';

export async function predictCommand(args: string[]): Promise<number> {
	let values;
	try {
		({values} = parseArgs({args, options: {model: {type: 'string'}, data: {type: 'string'}, out: {type: 'string'}}, strict: true, allowPositionals: false}));
	} catch (error) {
		throw new InputError(`predict: ${describeParseError(error, {name: 'predict', flags: ['model', 'data', 'out']})} (usage: predict --model DIR --data PATH [--out FILE])`);
	}

	if (values.model === undefined) throw new InputError('predict: --model DIR is required (a model folder a race exported beside its summary)');
	if (values.data === undefined) throw new InputError('predict: --data PATH is required (the images or table rows to label)');
	if (values.out !== undefined) requireNewFile(values.out);
	const {manifest, weights} = await readModel(values.model);
	const {samples, sources} = await predictSamples(values.data, manifest);
	const count = sources.length;
	if (samples.length !== count * manifest.shape.input) throw new InputError(`--data ${values.data}: samples of ${samples.length / count} numbers, expected ${manifest.shape.input} (a ${describeShape(manifest.shape)} model)`);
	const {predictWithWeights} = await import('../../engine/predict-weights.js');
	const probabilities = await predictWithWeights(manifest.shape, weights, samples, count);
	const classes = manifest.shape.classes;
	const lines = ['source,label,confidence'];
	for (let i = 0; i < count; i++) {
		let best = 0;
		for (let c = 1; c < classes; c++) if (probabilities[i * classes + c]! > probabilities[i * classes + best]!) best = c;
		lines.push(`${csvField(sources[i]!)},${csvField(manifest.classNames[best]!)},${probabilities[i * classes + best]!.toFixed(6)}`);
	}

	const text = `${lines.join('\n')}\n`;
	if (values.out === undefined) process.stdout.write(text);
	else {
		await writeFileExclusive(values.out, text).catch((error: unknown) => {
			throw error instanceof FileExistsError ? new InputError(`--out ${values.out} already exists, expected a new file (labels are never written over)`) : error;
		});
	}

	return 0;
}

/** --out is checked before any work: a new file in a folder that exists (labels are never written over). */
function requireNewFile(out: string): void {
	const folder = path.dirname(path.resolve(out));
	let isFolder = false;
	try {
		isFolder = statSync(folder, {throwIfNoEntry: false})?.isDirectory() === true;
	} catch {
		// ENOTDIR: a file on the way; not a folder either way.
	}

	if (!isFolder) throw new InputError(`--out ${out}: there is no folder ${folder} to write it in`);
	if (existsSync(out)) throw new InputError(`--out ${out} already exists, expected a new file (labels are never written over)`);
}
