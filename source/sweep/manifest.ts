/**
 * `sweep.json`: what the sweep planned and how to run it again, written into the sweep folder by the runner and by
 * `--plan`, so that `runs aggregate` forms the cells from the planned trials and names the ones still missing and the
 * ones that failed. Pure.
 */
import {z} from 'zod';

export const manifestName = 'sweep.json';
export const reportBaseName = 'report';

/** The files a sweep or `runs aggregate` writes into its folder: never run summaries. */
export const folderFileNames: ReadonlySet<string> = new Set([manifestName, `${reportBaseName}.json`]);

/** A knob as the sweep varied it; `flag` (the race flag, `--warmup`) is absent in manifests of earlier versions. */
const settingSchema = z.object({name: z.string(), flag: z.string().optional(), value: z.string()});

export const manifestSchema = z.object({
	formatVersion: z.literal(1),
	preset: z.string(),
	seeds: z.array(z.number()),
	vary: z.array(z.object({name: z.string(), flag: z.string().optional(), values: z.array(z.string())})),
	/** The sweep command that (re)runs the missing trials; running it again resumes. */
	command: z.string(),
	/** The same trials for another scheduler: `... sweep ... --plan | parallel -j N`. */
	planCommand: z.string().optional(),
	/**
	 * The race flags every trial takes besides its seed and cell (`--data …`, pinned settings); absent in manifests of
	 * earlier versions. A sweep run again into the folder must take the same: its finished trials count as the new one's.
	 */
	raceFlags: z.array(z.string()).optional(),
	trials: z.array(z.object({id: z.string(), seed: z.number(), settings: z.array(settingSchema)})),
	/** Trials whose last attempt failed, with the reason in one line. */
	failed: z.array(z.object({id: z.string(), error: z.string()})).default([]),
});

export type SweepManifest = z.infer<typeof manifestSchema>;
