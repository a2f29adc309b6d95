/** In place of the race when the chosen preset cannot run on this dataset: why, and how to go on. */
import {Box, Text} from 'ink';
import {wrapText} from '../../text/wrap.js';

export interface BlockedProps {
	/** One line naming the preset, its file and the value that does not fit. */
	problem: string;
	width: number;
	height: number;
}

export function Blocked({problem, width, height}: BlockedProps) {
	const reason = wrapText(`This preset cannot race here: ${problem}.`, width);
	const lines = [
		...reason,
		'',
		...wrapText('Press ←/→ or 1-9 for another preset, or q to quit. Flags such as --labeled apply to every preset.', width),
	];
	return (
		<Box flexDirection="column" width={width} height={height} overflow="hidden" paddingTop={1}>
			{lines.slice(0, Math.max(0, height - 1)).map((line, index) => (
				<Text key={index} color={index < reason.length ? 'yellow' : undefined}>
					{line === '' ? ' ' : line}
				</Text>
			))}
		</Box>
	);
}
