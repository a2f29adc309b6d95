/** The bottom line: the keys, always visible, plus the paused state and the latest notice. */
import {homedir} from 'node:os';
import {Box, Text} from 'ink';
import {fitNotice} from '../../text/fit-notice.js';
import type {Notice} from '../../text/save-notice.js';

export interface StatusLineProps {
	width: number;
	paused: boolean;
	/** False when nothing runs (the race is over, or the preset cannot run): the keys do not offer space then. */
	canPause?: boolean;
	/** One-line message such as where a summary was saved; shown until replaced. */
	notice?: Notice;
	/** The home folder, written `~` in the notice's paths when it is too long (the user's own when absent). */
	home?: string;
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

export function StatusLine({width, paused, canPause = true, notice, home = homedir()}: StatusLineProps) {
	const badge = paused ? ' PAUSED ' : '';
	const room = width - badge.length - (badge ? 1 : 0);
	const variants = keyHints(paused, canPause);
	// A notice (often a file path the user needs whole) comes first: the keys shorten, to their shortest if need be,
	// before the notice is said shorter (fitNotice: ~, "+ exports", the folder's middle); the keys that let it lose
	// least and show most of it, the longest of those.
	const fitted = variants.map(hints => ({hints, notice: notice === undefined ? undefined : fitNotice(notice, Math.max(0, room - hints.length - 2), home)}));
	const choice =
		notice === undefined
			? (fitted.find(({hints}) => hints.length <= room) ?? fitted.at(-1)!)
			: fitted.reduce((best, next) => (next.notice!.loss < best.notice!.loss || (next.notice!.loss === best.notice!.loss && next.notice!.text.length > best.notice!.text.length) ? next : best));
	const {hints} = choice;
	const noticeText = choice.notice?.text ?? '';
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
