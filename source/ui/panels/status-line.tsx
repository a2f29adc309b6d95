/** The bottom line: the keys, always visible, plus the paused state and the latest notice. */
import {Box, Text} from 'ink';
import {truncate} from '../../text/wrap.js';

export interface StatusLineProps {
	width: number;
	paused: boolean;
	/** False when nothing runs (the race is over, or the preset cannot run): the keys do not offer space then. */
	canPause?: boolean;
	/** One-line message such as where a summary was saved; shown until replaced. */
	notice?: string;
}

/** Key hints, most explicit first; the first that fits beside the notice is shown. */
export function keyHints(paused: boolean, canPause = true): string[] {
	// The space key's hint and the gap after it, or nothing when there is nothing to pause.
	const space = (hint: string, gap: string) => (canPause ? `${hint}${gap}` : '');
	const pause = paused ? 'space resume' : 'space pause';
	return [
		`←/→ preset  1-9 jump  Tab focus  ${space(pause, '  ')}r restart  s save  ? help  q quit`,
		`←/→ preset 1-9 jump Tab focus ${space(pause, ' ')}r restart s save ? help q quit`,
		`←→ 1-9 preset  Tab focus  ${space(pause, '  ')}r s ? q`,
		`←→ 1-9 Tab ${space('space', ' ')}r s ? q`,
	];
}

export function StatusLine({width, paused, canPause = true, notice}: StatusLineProps) {
	const badge = paused ? ' PAUSED ' : '';
	const room = width - badge.length - (badge ? 1 : 0);
	// A notice (often a file path the user needs whole) comes first; the keys shorten to make room for it.
	const wantedNotice = notice === undefined ? 0 : [...notice].length;
	const variants = keyHints(paused, canPause);
	const hints = variants.find(variant => variant.length <= room - (wantedNotice > 0 ? wantedNotice + 2 : 0)) ?? variants.at(-1)!;
	const noticeText = notice === undefined ? '' : truncate(notice, Math.max(0, room - hints.length - 2));
	return (
		<Box width={width} justifyContent="space-between">
			<Text wrap="truncate-end">
				{badge ? (
					<Text inverse color="yellow" bold>
						{badge}
					</Text>
				) : undefined}
				{badge ? ' ' : ''}
				{noticeText ? <Text color="yellow">{noticeText}</Text> : undefined}
			</Text>
			<Box flexShrink={0}>
				<Text dimColor>{hints}</Text>
			</Box>
		</Box>
	);
}
