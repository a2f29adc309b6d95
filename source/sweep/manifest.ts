/**
 * `sweep.json`: what the runner planned and how to run it again, written into the sweep folder so that
 * `runs aggregate` can name the sweep command, the trials still missing and the ones that failed. Pure.
 */
import {z} from 'zod';

export const manifestName = 'sweep.json';
export const reportBaseName = 'report';

export const manifestSchema = z.object({
	formatVersion: z.literal(1),
	preset: z.string(),
	seeds: z.array(z.number()),
	vary: z.array(z.object({name: z.string(), values: z.array(z.string())})),
	/** The sweep command that (re)runs the missing trials; running it again resumes. */
	command: z.string(),
	/** The same trials for another scheduler: `... sweep ... --plan | parallel -j N`. */
	planCommand: z.string().optional(),
	trials: z.array(z.object({id: z.string(), seed: z.number(), settings: z.array(z.object({name: z.string(), value: z.string()}))})),
	/** Trials whose last attempt failed, with the reason in one line. */
	failed: z.array(z.object({id: z.string(), error: z.string()})).default([]),
});

export type SweepManifest = z.infer<typeof manifestSchema>;
