/**
 * How many cores a planned trial may keep busy, decided where it runs, not where it was planned: inside a Slurm job
 * its allocation (SLURM_CPUS_PER_TASK, else the CPUs this process may run on); elsewhere the CPUs this process may run
 * on (affinity and cgroup limits included: `os.availableParallelism()`), shared among the `jobsPerHost` trials that a
 * scheduler like `parallel -j J` runs side by side. Pure.
 */

export interface JobCoresInput {
	env: NodeJS.ProcessEnv;
	/** `os.availableParallelism()` of the running process. */
	available: number;
	/** Trials the scheduler runs at once on this machine (`--jobs` of the plan line); 1 when absent. */
	jobsPerHost?: number;
}

export function jobCores({env, available, jobsPerHost = 1}: JobCoresInput): number {
	const perTask = Number(env.SLURM_CPUS_PER_TASK);
	if (env.SLURM_JOB_ID !== undefined) {
		return Number.isInteger(perTask) && perTask >= 1 ? Math.min(perTask, Math.max(1, available)) : Math.max(1, available);
	}

	return Math.max(1, Math.floor(available / Math.max(1, jobsPerHost)));
}
