/**
 * Data flags given that this data never reads, said once among its notes: each loader ignores the options that do
 * not apply to its format (dataset-source.ts), and `--image-size 64` on a table or `--label kind` on an image folder
 * raced as if never typed, without a word.
 */
import type {DatasetInfo} from '../core/dataset-info.js';
import type {LoadOptions} from './dataset-source.js';

/** Each option, its flag, and the formats or kinds that read it. */
const readers: Array<{flag: string; given(options: LoadOptions): boolean; reads(format: string, kind: DatasetInfo['kind']): boolean}> = [
	{flag: '--image-size', given: options => options.imageSize !== undefined, reads: (_format, kind) => kind === 'image'},
	{flag: '--fit', given: options => options.fit !== undefined, reads: (_format, kind) => kind === 'image'},
	// --channels auto is the default spelled out, true of any data.
	{flag: '--channels', given: options => options.channels !== undefined && options.channels !== 'auto', reads: (_format, kind) => kind === 'image'},
	{flag: '--invert', given: options => options.invert !== undefined, reads: (_format, kind) => kind === 'image'},
	{flag: '--label', given: options => options.label !== undefined, reads: format => format === 'csv'},
	{flag: '--drop', given: options => options.drop !== undefined, reads: format => format === 'csv'},
	{flag: '--unlabeled-value', given: options => options.unlabeledValue !== undefined, reads: format => format === 'csv' || format === 'numpy'},
];

/** The note for the flags `options` holds that `format` and `kind` do not read; undefined when all apply. */
export function unusedOptionsNote(name: string, format: string, kind: DatasetInfo['kind'], options: LoadOptions): string | undefined {
	const unused = readers.filter(reader => reader.given(options) && !reader.reads(format, kind)).map(reader => reader.flag);
	if (unused.length === 0) return undefined;
	const what = kind === 'table' ? 'a table' : 'images';
	return `${unused.join(', ')} ${unused.length === 1 ? 'does' : 'do'} not apply to ${name}, ${what}: left unused`;
}
