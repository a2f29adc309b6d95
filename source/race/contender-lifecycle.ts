/**
 * A contender's life as a pure transition function: starting → training ⇄ paused → done | failed | cancelled.
 * The orchestrator and the race-state reducer both apply it to the same events (the workers' ready, run-done and
 * error, and the orchestrator's own `control` events for pause, resume and cancel), so "is this contender still
 * running?" has one answer.
 * Terminal states absorb every later event: a crash report that arrives after a cancel changes nothing.
 */

export type ContenderStatus = 'starting' | 'training' | 'paused' | 'done' | 'failed' | 'cancelled';

export interface Lifecycle {
	status: ContenderStatus;
	/** The worker said it is ready; a resume goes back to training rather than to starting. */
	ready: boolean;
}

export type LifecycleEvent = 'ready' | 'pause' | 'resume' | 'finish' | 'crash' | 'cancel';

export const initialLifecycle: Lifecycle = {status: 'starting', ready: false};

export function isTerminal(status: ContenderStatus): boolean {
	return status === 'done' || status === 'failed' || status === 'cancelled';
}

export function transition(state: Lifecycle, event: LifecycleEvent): Lifecycle {
	if (isTerminal(state.status)) {
		return state;
	}

	switch (event) {
		case 'ready': {
			return {status: state.status === 'paused' ? 'paused' : 'training', ready: true};
		}

		case 'pause': {
			return {...state, status: 'paused'};
		}

		case 'resume': {
			return state.status === 'paused' ? {...state, status: state.ready ? 'training' : 'starting'} : state;
		}

		case 'finish': {
			return {...state, status: 'done'};
		}

		case 'crash': {
			return {...state, status: 'failed'};
		}

		case 'cancel': {
			return {...state, status: 'cancelled'};
		}
	}
}
