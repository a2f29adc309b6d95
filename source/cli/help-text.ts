/** The --help text: what the tool does, its commands and flags; the settings part is generated from the table. */
import {describeRule, knobs, type KnobEntry, type KnobSection} from '../config/knobs.js';
import {settableKeys, settingsTable} from '../config/settings-table.js';
import {registry} from '../methods/registry.js';
import {backendRequests} from '../protocol/backends.js';
import {rememberedNote} from './commands/config.js';
import {hangingRows, wrapParagraphs} from '../text/wrap.js';

const sections: KnobSection[] = ['race', 'training', 'pseudo-labels', 'augmentation', 'online', 'noisy-student', 'strong augmentation'];

function flagColumn(knob: KnobEntry): string {
	return knob.rule.kind === 'boolean' ? `--[no-]${knob.flag}` : `--${knob.flag} ${knob.meta ?? 'X'}`;
}

function defaultText(knob: KnobEntry): string {
	return Array.isArray(knob.default) ? knob.default.join(',') : String(knob.default);
}

/**
 * A knob's default and what it takes. A switch (`--[no-]augment-labeled`) takes no value on the command line — "true
 * or false" read as one and `--augment-labeled true` failed — so its row says which form it is by default.
 */
function ruleText(knob: KnobEntry): string {
	if (knob.rule.kind === 'boolean') return `default ${knob.default === true ? `on; --no-${knob.flag} turns it off` : `off; --${knob.flag} turns it on`}`;
	return `default ${defaultText(knob)}; ${describeRule(knob.rule)}`;
}

/** One row per knob: flag, then help, default and range, grouped by section. */
export function settingsHelp(width = 80): string {
	const termWidth = Math.max(...knobs.map(knob => flagColumn(knob).length));
	return sections
		.map(section => {
			const rows = knobs
				.filter(knob => knob.section === section)
				.map((knob): Row => [flagColumn(knob), `${knob.help} (${ruleText(knob)})`]);
			return [`Settings: ${section}`, ...hangingRows(rows, width, {termWidth})].join('\n');
		})
		.join('\n\n');
}

type Row = [string, string];

/** One row per method, from the registry: its name, then its label and what it does. */
export function methodsHelp(width = 80): string {
	const rows = registry.map((method): Row => [method.name, `${method.label === method.name ? '' : `${method.label}: `}${method.explain}`]);
	return hangingRows(rows, width).join('\n');
}

/** The remembered settings, one row each, from the settings table. */
export function settingsFileHelp(width = 80): string {
	const rows = settableKeys.map((key): Row => [key, `${settingsTable[key].help} (${settingsTable[key].expectation})`]);
	return ['Remembered settings (config set KEY VALUE)', ...hangingRows(rows, width), ...wrapParagraphs(rememberedNote(), width)].join('\n');
}

// Terms longer than their column (the sweep's usage) take a line of their own; the text hangs under the column.
const usage: Row[] = [
	['pseudolabel-tui [flags]', 'open the live dashboard (headless when stdout is not a terminal)'],
	['pseudolabel-tui presets', 'list presets, their contenders, and where each comes from'],
	['pseudolabel-tui config', 'show the settings file and its values'],
	['pseudolabel-tui config set KEY VAL', 'set a remembered setting (below; unset KEY: back to the default)'],
	['pseudolabel-tui runs', 'list saved run summaries, newest first (--json: one JSON line each)'],
	['pseudolabel-tui runs show ID', "print one run's report with its chart (--json: its summary)"],
	['pseudolabel-tui runs compare A B…', 'overlay the curves of two or more runs, contender by contender'],
	['pseudolabel-tui runs aggregate DIR', 'one report (mean ± sd, paired gaps) of every summary under DIR, written into DIR as report.md, .json and .svg'],
	[
		'pseudolabel-tui predict --model DIR --data PATH [--out FILE]',
		"label new samples with a race's exported model, prepared as its training data was: images (a folder or file of PNG/JPEG, an IDX image file, a .npy/.npz, a pixel CSV) or table rows (a CSV/TSV, a .npy/.npz), as the model's kind; one CSV row each (source, label, confidence) on stdout or in FILE",
	],
	[
		'pseudolabel-tui sweep --preset P [--seeds 5|1,2,3] [--vary FLAG=a,b …] [--jobs N] [--out DIR] [--plan [--plan-command CMD]]',
		'race P once per seed and grid cell (--vary warmup=5,10: any race flag with a value), each as its own process, ' +
			"then report; --plan writes the sweep's sweep.json and prints one shell command per trial for GNU parallel, " +
			'Slurm, … (each skips a trial that finished); --plan-command CMD starts each line with CMD instead of ' +
			"`node <this cli.js>` (e.g. where node is not on a job's PATH)",
	],
];

const flags: Row[] = [
	['-p, --preset NAME|FILE', 'preset name or path to a preset .json (default: tutorial; the dashboard reopens the last one)'],
	['    --presets-dir DIR', "folder of your own presets (default: the settings' presetsDir)"],
	['    --headless', 'print one line per event instead of the dashboard'],
	['    --json', 'print one JSON object per event on stdout (implies --headless)'],
	['    --dry-run', "print the resolved race (every contender's settings; one JSON object with --json) and exit without training"],
	['    --data-dir DIR', "read IDX files (MNIST's names, raw or .gz; any image size, grey or RGB idx4, any labels) from DIR"],
	[
		'    --data PATH',
		'race on your own data: a folder of class folders of PNG/JPEG images (optional test/ and unlabeled/), a .csv/.tsv table, an .npz or .npy pair, or an IDX folder; the format is detected (default: the embedded MNIST); "synthetic" is a built-in table demo. Samples without a label (an unlabeled/ folder, empty or ? labels, y = -1) make it real mode: every label is used and truth-based numbers say "no truth"',
	],
	['    --format NAME', 'read --data as this format instead of detecting it: images, csv, numpy, idx, synthetic'],
	['    --image-size N', 'images: fit every image to N×N pixels (1 to 256; default 28 for image folders, IDX, NumPy and pixel CSVs keep their own size)'],
	['    --fit pad|crop|stretch', 'images: letterbox (default), centre-crop or stretch to the square'],
	['    --channels auto|1|3', 'images: grey, RGB, or auto (RGB when any image has colour; default)'],
	['    --invert', 'images: invert the pixel values (light digits on dark, as MNIST)'],
	['    --label NAME|INDEX', 'tables: the label column, by name or index counted from 0 (default: a column named label/target/class/y, else the last)'],
	['    --unlabeled-value V', 'tables and NumPy labels: the label text(s) marking an unlabeled row, comma-separated (default: empty, ?, NA, NaN, null; -1 when not a class)'],
	['    --drop COL[,COL]', 'tables: leave these columns out (ids, text), by name or 0-based index'],
	['    --test-fraction F', 'data without a test split: the share of labeled samples held out for testing, stratified by the seed (default 0.2)'],
	['    --keep-augmentation', "with --data or --data-dir: race the presets' labeled augmentation (shifts, turns, warps tuned for MNIST digits; off on other data by default, and sup+aug with it) and Mean Teacher's and Noisy Student's shifted views (else pixel noise)"],
	[
		'    --backend NAME',
		`${backendRequests.join(' | ')} (default: the settings' backend, auto = wasm, else cpu; experimental, only when you ask for them: node = tfjs-node, ort-experimental = onnxruntime-node installed beside the tool computes each step)`,
	],
	[
		'    --cores N',
		"cores a race may keep busy (default: all of this machine's); when fewer contenders train, helper threads share their steps, and a finished contender's cores go to those still training; 1 turns helpers off",
	],
	['    --runs-dir DIR', "where run summaries are saved (default: the settings' runsDir)"],
	['    --no-save', 'do not write a run summary at the end'],
	['    --no-export', "do not write the semi-supervised contenders' pseudo-labels (CSV) and models beside the summary"],
	['-h, --help', 'show this help'],
	['-v, --version', 'show the version'],
];

const keys: Row[] = [
	['←/→ or [/]', 'previous/next preset (reaches every preset)'],
	['1-9', 'jump to one of the first nine presets'],
	['Tab/Shift+Tab', 'focus a contender'],
	['space', 'pause/resume'],
	['r', 'restart'],
	['s', 'save a summary now (with the finished contenders\' pseudo-labels and models)'],
	['z', 'chart: zoomed band / full range'],
	['x', 'chart: x in epochs / images trained on'],
	['? or h', 'explain the methods and the terms (again: its next page; Esc closes it)'],
	['q / Ctrl+C', 'quit'],
];

/** The help, laid out for `width` columns (the caller's outputWidth): every row's text wraps under its column. */
export function helpText(width = 80): string {
	const prose = (text: string) => wrapParagraphs(text, width).join('\n');
	return `${prose('pseudolabel-tui — race supervised training against semi-supervised methods on MNIST, live in your terminal')}

Usage
${hangingRows(usage, width, {termWidth: 34, gap: 1, termIndent: 'pseudolabel-tui sweep '.length}).join('\n')}

Flags
${hangingRows(flags, width).join('\n')}

${prose('Setting flags apply to every contender of every preset raced in the session.')}
Methods a contender can use (a preset's "method"):
${methodsHelp(width)}

${settingsHelp(width)}

${settingsFileHelp(width)}

Keys (dashboard)
${hangingRows(keys, width).join('\n')}

${prose('Exit codes: 0 done, 1 a run failed, 2 bad usage or input, 130 interrupted.')}
`;
}
