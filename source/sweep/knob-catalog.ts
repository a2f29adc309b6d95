/**
 * The knobs a sweep may vary, as the settings table describes them. The sweep code takes a catalog as a parameter so
 * that it never hard-codes the table: the CLI passes one built from source/config, tests pass a small one.
 */
export interface KnobCatalog {
	/** Every knob name, e.g. `labeled`, `warmupEpochs`, `seed`. */
	names(): string[];
	/**
	 * The knob a word names, or undefined: its race flag with or without dashes (`warmup`, `--warmup`), its name
	 * (`warmupEpochs`) or its config path (`augmentation.rotationDeg`).
	 */
	resolve(word: string): string | undefined;
	/** The race's command-line flag for the knob, with its dashes: `warmupEpochs` → `--warmup`. */
	flag(name: string): string;
	/** Undefined when `raw` is a valid value for the knob, else what was expected (one line, no flag name). */
	check(name: string, raw: string): string | undefined;
}
