// Tests for the terminal size hook: defaults, resize updates and unsubscribing on unmount.
import {Text} from 'ink';
import {render} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {useTerminalSize} from '../../source/ui/hooks/use-terminal-size.js';
import {cleanupSized, renderSized, waitFor} from './render-sized.js';

afterEach(cleanupSized);

function Size() {
	const {columns, rows} = useTerminalSize();
	return <Text>{`${columns}x${rows}`}</Text>;
}

describe('useTerminalSize', () => {
	it('reads columns and rows, defaulting rows to 24 when the stream has none', () => {
		// ink-testing-library's stdout has 100 columns and no rows.
		expect(render(<Size />).lastFrame()).toBe('100x24');
		expect(renderSized(<Size />, {columns: 132, rows: 43}).lastFrame()).toBe('132x43');
	});

	it('follows resizes and unsubscribes on unmount', async () => {
		const view = renderSized(<Size />, {columns: 80, rows: 24});
		expect(view.lastFrame()).toBe('80x24');
		view.stdout.columns = 120;
		view.stdout.rows = 40;
		view.stdout.emit('resize');
		await waitFor(() => view.lastFrame() === '120x40');
		view.unmount();
		expect(view.stdout.listenerCount('resize')).toBe(0);
	});
});
