/**
 * The data flags' names: `--data` and `--data-dir` say which data, the option flags how to read it. They say what
 * the data is, not how to train: cli/data-flags.ts parses them, a saved race's flags are told apart by them
 * (sweep/summary-schema.ts).
 */

/** Flags that only mean something together with `--data`. */
export const dataOptionFlags = ['format', 'image-size', 'fit', 'channels', 'invert', 'label', 'unlabeled-value', 'drop', 'test-fraction'] as const;

/** Every flag that says which data and how to read it, without dashes. */
export const dataFlagNames: ReadonlySet<string> = new Set<string>(['data', 'data-dir', ...dataOptionFlags]);
