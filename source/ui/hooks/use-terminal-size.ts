/** The terminal's columns and rows, updated on resize (Ink 6 has no hook for rows). */
import {useStdout} from 'ink';
import {useEffect, useState} from 'react';

/** Columns × rows of the output; 80 × 24 when the stream does not say (pipes, test streams). */
export interface TerminalSize {
	columns: number;
	rows: number;
}

function sizeOf(stdout: NodeJS.WriteStream): TerminalSize {
	return {columns: stdout.columns || 80, rows: stdout.rows || 24};
}

export function useTerminalSize(): TerminalSize {
	const {stdout} = useStdout();
	const [size, setSize] = useState(() => sizeOf(stdout));
	useEffect(() => {
		const update = () => {
			const next = sizeOf(stdout);
			setSize(previous => (previous.columns === next.columns && previous.rows === next.rows ? previous : next));
		};

		// The size may have changed between the first render and this subscription.
		update();
		stdout.on('resize', update);
		return () => {
			stdout.off('resize', update);
		};
	}, [stdout]);
	return size;
}
