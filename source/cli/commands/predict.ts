/**
 * `pseudolabel-tui predict --model DIR --data PATH [--out FILE]`: labels new samples with a race's exported model
 * (engine/model-file.ts). Images (a folder of PNG/JPEG files at any depth, or one image) are prepared as the
 * loaders prepare them: fitted to the model's square size (letterboxed) and converted to its channel count. Writes
 * `source,label,confidence` rows to stdout or, atomically, to FILE. Bad input is one InputError line (exit 2).
 */
import {readFile, stat} from 'node:fs/promises';
import path from 'node:path';
import {parseArgs} from 'node:util';
import {InputError} from '../../core/input-error.js';
import {describeShape, readModel, type ModelManifest} from '../../summary/model-file.js';
import {decodeImage} from '../../data/formats/decode-image.js';
import {convertChannels, fitImage} from '../../data/formats/fit-image.js';
import {filesUnder} from '../../data/formats/walk-folder.js';
import {writeFileExclusive} from '../../summary/atomic-write.js';
import {csvField} from '../../summary/export-race.js';

const imageExtensions = /\.(png|jpe?g)$/i;

/** The samples at `target`, prepared for this model: count × input bytes, and each one's source. */
async function imageSamples(target: string, manifest: ModelManifest): Promise<{samples: Uint8Array; sources: string[]}> {
	const {height, width, channels} = manifest.dataset;
	if (height !== width) throw new InputError(`--model: a ${height}×${width} image model, expected square inputs (as the loaders make them)`);
	const info = await stat(target).catch(() => undefined);
	if (!info) throw new InputError(`--data ${target} does not exist, expected a folder of images or an image`);
	const files = info.isDirectory() ? (await filesUnder(target)).filter(file => imageExtensions.test(file)) : [path.basename(target)];
	const root = info.isDirectory() ? target : path.dirname(target);
	if (files.length === 0) throw new InputError(`--data ${target}: no PNG or JPEG images in it, expected the images to label`);
	const size = height * width * channels;
	const samples = new Uint8Array(files.length * size);
	for (const [index, file] of files.entries()) {
		const full = path.join(root, file);
		const image = decodeImage(new Uint8Array(await readFile(full)), full);
		const fitted = fitImage(image, height, 'pad');
		samples.set(convertChannels(fitted, image.channels, channels as 1 | 3), index * size);
	}

	return {samples, sources: files};
}

export async function predictCommand(args: string[]): Promise<number> {
	let values;
	try {
		({values} = parseArgs({args, options: {model: {type: 'string'}, data: {type: 'string'}, out: {type: 'string'}}, strict: true, allowPositionals: false}));
	} catch (error) {
		throw new InputError(`predict: ${(error as Error).message.split('\n')[0]} (usage: predict --model DIR --data PATH [--out FILE])`);
	}

	if (values.model === undefined) throw new InputError('predict: --model DIR is required (a model folder a race exported beside its summary)');
	if (values.data === undefined) throw new InputError('predict: --data PATH is required (the images to label)');
	const {manifest, weights} = await readModel(values.model);
	if (manifest.dataset.kind !== 'image') {
		throw new InputError(`--model ${values.model}: a ${manifest.dataset.kind} model; predict labels images only so far (its standardisation is not exported yet)`);
	}

	const {samples, sources} = await imageSamples(values.data, manifest);
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
	else await writeFileExclusive(values.out, text);
	return 0;
}
