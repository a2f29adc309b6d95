/** What the pseudo-label panel says before the focused contender's first pseudo-labels: when and how they will come. */
import {Box, Text} from 'ink';
import {methodInfo} from '../../config/methods.js';
import {ruleWords} from '../rule-words.js';
import type {ContenderState, RaceState} from '../../race/race-state.js';
import {sampleWord} from '../../text/class-words.js';
import {formatCount, formatPercent} from '../../text/format.js';
import {wrapText} from '../../text/wrap.js';

export interface WaitingProps {
	state: RaceState;
	contender?: ContenderState;
	width: number;
	height: number;
}

function thresholdOf(contender: ContenderState | undefined): number | undefined {
	return contender?.rounds.at(-1)?.threshold ?? contender?.config?.threshold;
}

export function Waiting({state, contender, width, height}: WaitingProps) {
	const warmup = contender?.config?.warmupEpochs;
	const pool = state.dataset?.unlabeled;
	const threshold = thresholdOf(contender);
	const kind = contender === undefined ? 'offline' : methodInfo[contender.method].kind;
	// The data's words: a table's samples are rows.
	const one = sampleWord(state.dataset?.info);
	const many = sampleWord(state.dataset?.info, 'many');
	let first: string;
	let second = '';
	if (contender === undefined) {
		first = 'Waiting for the race to start.';
	} else if (contender.phase === 'error') {
		first = `${contender.name} crashed before it labeled any ${one}.`;
	} else if (kind === 'baseline') {
		first = `${contender.name} learns from the labeled ${many} only: no pseudo-labels to show. Tab moves the focus to another contender.`;
	} else {
		const images = `${pool === undefined ? '' : `${formatCount(pool)} `}unlabeled ${many}`;
		if (kind === 'online') {
			first = `Online labeling starts ${warmup === undefined ? 'after the warm-up' : `at epoch ${warmup + 1}, after ${warmup} warm-up epochs`}.`;
			// Each method's own rule: Lee 2013 learns from every guess, FixMatch only from sure ones.
			const rule = contender.config === undefined ? '' : ` (${ruleWords(contender, state.dataset?.info)})`;
			second = `Then every training step labels a batch of the ${images} and learns from the guesses its rule takes${rule}.`;
		} else {
			first = `${warmup === undefined ? 'After the warm-up' : `After ${warmup} warm-up epochs`} the model labels the ${images} itself and keeps the labels it is${threshold === undefined ? ' sure of' : ` more than ${formatPercent(threshold, 0)} sure of`}.`;
			second = warmup === undefined ? '' : `Retraining on them starts at epoch ${warmup + 1}.`;
		}
	}

	const lines = [...wrapText(first, width), ...(second === '' ? [] : wrapText(second, width))];
	return (
		<Box flexDirection="column">
			{lines.slice(0, height).map((line, index) => (
				<Text key={index}>{line}</Text>
			))}
		</Box>
	);
}
