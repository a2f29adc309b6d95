import {describe, expect, it} from 'vitest';
import {initialLifecycle, isTerminal, transition, type Lifecycle, type LifecycleEvent} from '../../source/race/contender-lifecycle.js';

const run = (...events: LifecycleEvent[]): Lifecycle => events.reduce(transition, initialLifecycle);

describe('contender lifecycle', () => {
	it('starting → training on ready, then done, failed or cancelled', () => {
		expect(run('ready').status).toBe('training');
		expect(run('ready', 'finish').status).toBe('done');
		expect(run('ready', 'crash').status).toBe('failed');
		expect(run('ready', 'cancel').status).toBe('cancelled');
	});

	it('pause and resume go back to where the contender was', () => {
		expect(run('ready', 'pause').status).toBe('paused');
		expect(run('ready', 'pause', 'resume').status).toBe('training');
		// Paused before its worker was ready: resuming goes back to starting, and a late ready keeps it paused.
		expect(run('pause', 'resume').status).toBe('starting');
		expect(run('pause', 'ready').status).toBe('paused');
		expect(run('pause', 'ready', 'resume').status).toBe('training');
		expect(run('ready', 'resume').status).toBe('training');
	});

	it('a crash during pause fails the contender; cancel during start cancels it', () => {
		expect(run('ready', 'pause', 'crash').status).toBe('failed');
		expect(run('cancel').status).toBe('cancelled');
	});

	it('terminal states absorb every later event', () => {
		for (const end of ['finish', 'crash', 'cancel'] as const) {
			const ended = run('ready', end);
			expect(isTerminal(ended.status)).toBe(true);
			for (const event of ['ready', 'pause', 'resume', 'finish', 'crash', 'cancel'] as const) {
				expect(transition(ended, event)).toBe(ended);
			}
		}

		expect(isTerminal('paused')).toBe(false);
		expect(isTerminal('starting')).toBe(false);
	});
});
