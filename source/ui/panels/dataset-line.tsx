/**
 * The data line under the header: what the race's data is — name, kind and shape, classes (by name while they fit),
 * labeled / unlabeled / test counts and the mode ("simulation" or "real: no truth") — shortened to the width by
 * shortening the counts, then dropping the class names, then the shape; never the mode.
 */
import {Text} from 'ink';
import type {DatasetSizes} from '../../race/race-events.js';
import {classesWords, modeWords, shapeWords} from '../../summary/dataset-description.js';
import {formatCount, formatShortCount} from '../../text/format.js';
import {firstThatFits} from '../../text/wrap.js';

export function datasetLineText(dataset: DatasetSizes | undefined, width: number): string {
	if (dataset === undefined) return 'loading dataset…';
	const long = `${formatCount(dataset.labeled)} labeled / ${formatCount(dataset.unlabeled)} unlabeled / ${formatCount(dataset.test)} test`;
	const short = `${formatShortCount(dataset.labeled)}/${formatShortCount(dataset.unlabeled)}/${formatShortCount(dataset.test)} lab/unl/test`;
	const {info} = dataset;
	if (info === undefined) return firstThatFits([`data ${dataset.name} · ${long}`, `${dataset.name} · ${short}`], width);
	const mode = modeWords(info);
	const classes = `${info.classNames.length} classes`;
	const variants = [
		[dataset.name, shapeWords(info), classesWords(info, width), long, mode],
		[dataset.name, shapeWords(info), classesWords(info, width), short, mode],
		[dataset.name, shapeWords(info), classes, long, mode],
		[dataset.name, shapeWords(info), classes, short, mode],
		[dataset.name, classes, short, mode],
		[dataset.name, mode],
	].map(parts => parts.join(' · '));
	// "data " says what the line is where there is room for it; without it the shape still fits at 80 columns.
	return firstThatFits([...variants.slice(0, 4).map(text => `data ${text}`), ...variants.slice(2)], width);
}

export function DatasetLine({dataset, width}: {dataset: DatasetSizes | undefined; width: number}) {
	return <Text wrap="truncate-end">{datasetLineText(dataset, width)}</Text>;
}
