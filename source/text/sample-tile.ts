/**
 * One sample as the lines of its tile, whatever the data: images through text/digit-art.ts (in colour where the
 * terminal has it), table rows through text/feature-strip.ts (the row's bars over the mean row of the class it got).
 */
import type {DatasetInfo} from '../core/dataset-info.js';
import {maxProfileFeatures, type TableProfile} from '../core/table-profile.js';
import {renderDigit, type DigitArtSize, type TileColors} from './digit-art.js';
import {renderFeatureStrip, type TileLine} from './feature-strip.js';

export type {TileLine};

/** How the dashboard draws samples: the colours the terminal shows, and for tables which features and class means. */
export interface SampleLook {
	colors?: TileColors;
	/** Tables: core/table-profile.ts, computed once at load. */
	profile?: TableProfile;
}

/** The table's profile; without one a tile shows the first features in column order, with no class mean under them. */
export function profileOf(info: Pick<DatasetInfo, 'width'>, look: SampleLook): TableProfile {
	if (look.profile) return look.profile;
	const shown = Array.from({length: Math.min(info.width, maxProfileFeatures)}, (_, f) => f);
	return {features: shown, scores: shown.map(() => 0), prototypes: []};
}

/** The tile of a sample the model gave `label`; an image of MNIST's shape when `info` is absent. */
export function sampleTile(pixels: ArrayLike<number>, label: number, info: DatasetInfo | undefined, look: SampleLook, size: DigitArtSize): TileLine[] {
	if (info?.kind === 'table') {
		const profile = profileOf(info, look);
		return renderFeatureStrip(pixels, profile.prototypes[label], profile, size);
	}

	const lines = renderDigit(pixels, {size, colors: look.colors ?? 'none', ...(info === undefined ? {} : {shape: info})});
	return lines.map(text => ({text, faint: false}));
}
