/** The shape of a preset file and its one-line error messages: ranges are declared once and feed both. */
import {z} from 'zod';
import {InputError} from '../core/input-error.js';
import {defaultRunConfig, type AugmentationRanges, type RunConfig} from './run-config.js';

/** A numeric field's allowed values, written once so the schema and the error message can't disagree. */
interface NumberRule {
	isInteger: boolean;
	min: number;
	max: number;
	isMinExclusive?: boolean;
	isMaxExclusive?: boolean;
}

// The seed feeds a 32-bit generator, so larger values would silently alias smaller ones.
const maxSeed = 2 ** 32 - 1;

const runRules = {
	labeled: {isInteger: true, min: 10, max: 60_000},
	threshold: {isInteger: false, min: 0, max: 1, isMinExclusive: true, isMaxExclusive: true},
	warmupEpochs: {isInteger: true, min: 0, max: 500},
	epochsPerRound: {isInteger: true, min: 0, max: 500},
	rounds: {isInteger: true, min: 0, max: 50},
	batchSize: {isInteger: true, min: 1, max: 4096},
	learningRate: {isInteger: false, min: 0, max: 1, isMinExclusive: true},
	seed: {isInteger: true, min: 0, max: maxSeed},
} satisfies Partial<Record<keyof RunConfig, NumberRule>>;

const augmentationRules = {
	rotationDeg: {isInteger: false, min: 0, max: 180},
	zoom: {isInteger: false, min: 0, max: 0.9},
	widthShift: {isInteger: false, min: 0, max: 0.9},
	heightShift: {isInteger: false, min: 0, max: 0.9},
} satisfies Record<keyof AugmentationRanges, NumberRule>;

const presetNamePattern = /^[a-z\d][a-z\d_-]{0,39}$/i;

function numberSchema(rule: NumberRule) {
	let schema = z.number();
	if (rule.isInteger) {
		schema = schema.int();
	}

	schema = rule.isMinExclusive ? schema.gt(rule.min) : schema.gte(rule.min);
	return rule.isMaxExclusive ? schema.lt(rule.max) : schema.lte(rule.max);
}

function numberSchemas<Rules extends Record<string, NumberRule>>(rules: Rules) {
	return Object.fromEntries(Object.entries(rules).map(([key, rule]) => [key, numberSchema(rule).optional()])) as {
		[Key in keyof Rules]: z.ZodOptional<z.ZodNumber>;
	};
}

/** A preset file: a name, a one-line description, optional notes, and only the RunConfig fields that differ. */
export const presetFileSchema = z.strictObject({
	name: z.string().regex(presetNamePattern),
	description: z.string().min(1).regex(/^[^\r\n]*$/),
	notes: z.string().optional(),
	...numberSchemas(runRules),
	augmentation: z.strictObject(numberSchemas(augmentationRules)).optional(),
	augmentEveryEpoch: z.boolean().optional(),
	augmentLabeled: z.boolean().optional(),
});

/** A preset file's contents after validation. */
export type PresetFile = z.infer<typeof presetFileSchema>;

/** The RunConfig fields a preset overrides. */
export type RunConfigOverrides = Omit<PresetFile, 'name' | 'description' | 'notes'>;

function describeRule(rule: NumberRule): string {
	if (rule.isInteger) {
		return `an integer from ${rule.min} to ${rule.max}`;
	}

	if (rule.isMinExclusive && rule.isMaxExclusive) {
		return `between ${rule.min} and ${rule.max} (exclusive)`;
	}

	if (rule.isMinExclusive) {
		return `greater than ${rule.min} and at most ${rule.max}`;
	}

	return `between ${rule.min} and ${rule.max}`;
}

const fieldExpectations: Record<string, string> = {
	name: 'a preset name (letters, digits, "-" and "_", up to 40 characters)',
	description: 'one non-empty line of text',
	notes: 'a string',
	augmentation: 'an object with rotationDeg, zoom, widthShift and heightShift',
	augmentEveryEpoch: 'true or false',
	augmentLabeled: 'true or false',
	...Object.fromEntries(Object.entries(runRules).map(([key, rule]) => [key, describeRule(rule)])),
	...Object.fromEntries(
		Object.entries(augmentationRules).map(([key, rule]) => [`augmentation.${key}`, describeRule(rule)]),
	),
};

function valueAt(data: unknown, path: PropertyKey[]): unknown {
	let value = data;
	for (const key of path) {
		value = value !== null && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key] : undefined;
	}

	return value;
}

function fieldsOf(path: PropertyKey[]): string[] {
	return Object.keys(path.length === 0 ? presetFileSchema.shape : presetFileSchema.shape.augmentation.unwrap().shape);
}

/** Levenshtein distance, to catch typos like "treshold". */
function editDistance(a: string, b: string): number {
	let previous = Array.from({length: b.length + 1}, (_, index) => index);
	for (const [i, charA] of [...a].entries()) {
		const current = [i + 1];
		for (const [j, charB] of [...b].entries()) {
			current.push(Math.min(previous[j + 1] + 1, current[j] + 1, previous[j] + (charA === charB ? 0 : 1)));
		}

		previous = current;
	}

	return previous[b.length];
}

function unknownFieldMessage(keys: string[], path: PropertyKey[]): string {
	const where = path.length === 0 ? '' : ` in "${path.join('.')}"`;
	const allowed = fieldsOf(path);
	const [key] = keys;
	const guess = keys.length === 1 ? allowed.find(field => editDistance(key.toLowerCase(), field.toLowerCase()) <= 2) : undefined;
	const hint = guess === undefined ? `allowed: ${allowed.join(', ')}` : `did you mean "${guess}"?`;
	return `unknown field ${keys.map(name => `"${name}"`).join(', ')}${where} (${hint})`;
}

/** The first problem of a failed parse, as one line naming the field, what it must be and what it was. */
function describeIssue(issue: z.core.$ZodIssue, data: unknown): string {
	if (issue.code === 'unrecognized_keys') {
		return unknownFieldMessage(issue.keys, issue.path);
	}

	if (issue.path.length === 0) {
		return 'must be a JSON object';
	}

	const field = issue.path.join('.');
	const value = valueAt(data, issue.path);
	const expected = fieldExpectations[field] ?? 'valid';
	if (value === undefined) {
		return `field "${field}" is missing; it must be ${expected}`;
	}

	return `field "${field}" must be ${expected}, got ${JSON.stringify(value)}`;
}

/** Validates a preset file's text; any problem becomes an InputError whose one line starts with `fileLabel`. */
export function parsePresetFile(text: string, fileLabel: string): PresetFile {
	let data: unknown;
	try {
		data = JSON.parse(text);
	} catch (error) {
		const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
		throw new InputError(`${fileLabel}: not valid JSON (${reason})`);
	}

	const result = presetFileSchema.safeParse(data);
	if (!result.success) {
		throw new InputError(`${fileLabel}: ${describeIssue(result.error.issues[0], data)}`);
	}

	return result.data;
}

/** The RunConfig fields of a validated preset file. */
export function overridesOf(file: PresetFile): RunConfigOverrides {
	const {name: _name, description: _description, notes: _notes, ...overrides} = file;
	return overrides;
}

/** The defaults with a preset's overrides on top; augmentation merges field by field. */
export function applyOverrides(overrides: RunConfigOverrides, base: RunConfig = defaultRunConfig): RunConfig {
	const {augmentation, ...flat} = overrides;
	return {...base, ...flat, augmentation: {...base.augmentation, ...augmentation}};
}
