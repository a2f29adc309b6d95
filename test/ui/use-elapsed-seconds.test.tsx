import {Text} from 'ink';
import {render} from 'ink-testing-library';
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import {createRaceState, type RaceState} from '../../source/race/race-state.js';
import {useElapsedSeconds} from '../../source/ui/hooks/use-elapsed-seconds.js';

function Probe({state, paused}: {state: RaceState; paused: boolean}) {
	return <Text>{Math.round(useElapsedSeconds(state, paused))}</Text>;
}

const settle = async () => {
	await vi.advanceTimersByTimeAsync(0);
};

describe('useElapsedSeconds', () => {
	beforeEach(() => {
		vi.useFakeTimers();
		vi.setSystemTime(0);
	});

	afterEach(() => {
		vi.useRealTimers();
	});

	it('does not count a pause pressed while the data loaded: the race starts paused at 0:00', async () => {
		const loading = createRaceState('quick');
		const {lastFrame, rerender} = render(<Probe state={loading} paused={false} />);
		rerender(<Probe state={loading} paused />);
		await settle();
		await vi.advanceTimersByTimeAsync(10_000);
		const started = {...loading, startedAt: Date.now()};
		rerender(<Probe state={started} paused />);
		await settle();
		// Paused for 13 s after the start, then 3 s of racing.
		await vi.advanceTimersByTimeAsync(13_000);
		rerender(<Probe state={started} paused={false} />);
		await settle();
		expect(lastFrame()).toBe('0');
		await vi.advanceTimersByTimeAsync(3_000);
		expect(lastFrame()).toBe('3');
	});

	it('stops while paused mid-race and goes on from there', async () => {
		const started = {...createRaceState('quick'), startedAt: Date.now()};
		const {lastFrame, rerender} = render(<Probe state={started} paused={false} />);
		await vi.advanceTimersByTimeAsync(5_000);
		expect(lastFrame()).toBe('5');
		rerender(<Probe state={started} paused />);
		await settle();
		await vi.advanceTimersByTimeAsync(20_000);
		rerender(<Probe state={started} paused={false} />);
		await settle();
		await vi.advanceTimersByTimeAsync(2_000);
		expect(lastFrame()).toBe('7');
	});
});
