/**
 * The data flags: `--data PATH` and how to read it (`--format`, `--image-size`, `--fit`, `--channels`, `--invert`,
 * `--label`, `--unlabeled-value`, `--drop`, `--test-fraction`). They say what the data is, not how to train, so they
 * live here rather than in the knob table. Each bad value is one InputError naming the flag and what was expected.
 */
import {dataOptionFlags} from '../config/data-flag-names.js';
import {InputError} from '../core/input-error.js';
import type {LoadOptions} from '../data/dataset-source.js';
import {dataFormats} from '../data/load-data.js';
import {maxImageSize} from '../data/formats/image-folder.js';

export interface DataRequest {
	/** The file or folder, as given. */
	path: string;
	/** `--format`: forces a loader instead of detecting one. */
	format?: string;
	options: LoadOptions;
}

type Values = Record<string, string | boolean | undefined>;

export function parseDataFlags(values: Values): DataRequest | undefined {
	const dataPath = values.data as string | undefined;
	if (dataPath === undefined) {
		const stray = dataOptionFlags.find(name => values[name] !== undefined);
		if (stray !== undefined) throw new InputError(`--${stray} says how to read --data PATH, which is not given`);
		return undefined;
	}

	if (dataPath.trim() === '') throw new InputError('--data: expected a file or a folder, got an empty path');
	if (values['data-dir'] !== undefined) throw new InputError('--data and --data-dir both name the data: give one (--data reads IDX folders too)');
	const options: LoadOptions = {};
	const format = values.format as string | undefined;
	if (format !== undefined && !dataFormats.includes(format)) {
		throw new InputError(`--format: expected one of ${dataFormats.join(', ')}, got "${format}"`);
	}

	const imageSize = values['image-size'] as string | undefined;
	if (imageSize !== undefined) {
		const size = Number(imageSize);
		if (!/^\d+$/.test(imageSize.trim()) || size < 1 || size > maxImageSize) {
			throw new InputError(`--image-size: expected a whole number of pixels from 1 to ${maxImageSize}, got "${imageSize}"`);
		}

		options.imageSize = size;
	}

	const fit = values.fit as string | undefined;
	if (fit !== undefined) {
		if (fit !== 'pad' && fit !== 'crop' && fit !== 'stretch') throw new InputError(`--fit: expected pad, crop or stretch, got "${fit}"`);
		options.fit = fit;
	}

	const channels = values.channels as string | undefined;
	if (channels !== undefined) {
		if (channels !== 'auto' && channels !== '1' && channels !== '3') throw new InputError(`--channels: expected auto, 1 or 3, got "${channels}"`);
		options.channels = channels === 'auto' ? 'auto' : channels === '1' ? 1 : 3;
	}

	if (values.invert === true) options.invert = true;
	const label = values.label as string | undefined;
	if (label !== undefined) {
		if (label.trim() === '') throw new InputError('--label: expected a column name or a 0-based column index, got an empty value');
		options.label = label;
	}

	const unlabeledValue = values['unlabeled-value'] as string | undefined;
	if (unlabeledValue !== undefined) options.unlabeledValue = unlabeledValue;
	const drop = values.drop as string | undefined;
	if (drop !== undefined) {
		const columns = drop.split(',').map(column => column.trim());
		if (columns.some(column => column === '')) throw new InputError(`--drop: expected column names separated by commas, got "${drop}"`);
		options.drop = columns;
	}

	const testFraction = values['test-fraction'] as string | undefined;
	if (testFraction !== undefined) {
		const fraction = Number(testFraction);
		if (testFraction.trim() === '' || !(fraction > 0 && fraction < 1)) {
			throw new InputError(`--test-fraction: expected a share between 0 and 1 (e.g. 0.2), got "${testFraction}"`);
		}

		options.testFraction = fraction;
	}

	return {path: dataPath, ...(format === undefined ? {} : {format}), options};
}
