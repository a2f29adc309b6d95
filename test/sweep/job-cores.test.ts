import {describe, expect, it} from 'vitest';
import {jobCores} from '../../source/sweep/job-cores.js';

describe('jobCores', () => {
	it('takes a Slurm task its own allocation, whatever the plan line says about trials per host', () => {
		expect(jobCores({env: {SLURM_JOB_ID: '12', SLURM_CPUS_PER_TASK: '4'}, available: 4, jobsPerHost: 2})).toBe(4);
		// Fewer CPUs allowed by affinity than the variable says: the CPUs it may really run on.
		expect(jobCores({env: {SLURM_JOB_ID: '12', SLURM_CPUS_PER_TASK: '8'}, available: 2})).toBe(2);
		// No --cpus-per-task: the CPUs this process may run on (Slurm's affinity or cgroup limits).
		expect(jobCores({env: {SLURM_JOB_ID: '12'}, available: 3, jobsPerHost: 2})).toBe(3);
	});

	it('shares this machine\'s CPUs among the trials a scheduler runs side by side', () => {
		expect(jobCores({env: {}, available: 8, jobsPerHost: 2})).toBe(4);
		expect(jobCores({env: {}, available: 8, jobsPerHost: 3})).toBe(2);
		expect(jobCores({env: {}, available: 2, jobsPerHost: 4})).toBe(1);
		expect(jobCores({env: {}, available: 6})).toBe(6);
		// SLURM_CPUS_PER_TASK without a job (left over in a shell) decides nothing.
		expect(jobCores({env: {SLURM_CPUS_PER_TASK: '1'}, available: 6})).toBe(6);
	});
});
