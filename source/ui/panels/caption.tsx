/** The dim one-line caption on top of a panel that says what the panel measures. */
import {Box, Text} from 'ink';
import type {ReactNode} from 'react';
import {firstThatFits} from '../../text/wrap.js';

export interface CaptionProps {
	/** Longest wording first; the first that fits the width is shown. */
	variants: string[];
	width: number;
	/** Optional right-aligned emphasis (e.g. the gap between the runs). */
	right?: ReactNode;
	rightWidth?: number;
}

export function Caption({variants, width, right, rightWidth = 0}: CaptionProps) {
	const leftWidth = right === undefined ? width : Math.max(0, width - rightWidth - 1);
	return (
		<Box width={width} justifyContent="space-between">
			<Text dimColor wrap="truncate-end">
				{firstThatFits(variants, leftWidth)}
			</Text>
			{right}
		</Box>
	);
}
