/** Shown instead of the dashboard when the terminal cannot hold it. */
import {Text} from 'ink';

export const minimumWidth = 80;
export const minimumHeight = 24;

export function TooSmall({width, height}: {width: number; height: number}) {
	return (
		<Text wrap="wrap">
			terminal too small: need {minimumWidth}×{minimumHeight} (now {width}×{height})
		</Text>
	);
}
