/** One run configuration: every knob of the race, the unit that presets override. */

/** Ranges of the random affine augmentation applied to accepted pseudo-labeled images (Keras ImageDataGenerator semantics). */
export interface AugmentationRanges {
	/** Maximum rotation in degrees, drawn uniformly from [-r, r]. */
	rotationDeg: number;
	/** Zoom range: scale drawn uniformly from [1 - z, 1 + z]. */
	zoom: number;
	/** Horizontal shift as a fraction of the width, drawn from [-s, s]. */
	widthShift: number;
	/** Vertical shift as a fraction of the height, drawn from [-s, s]. */
	heightShift: number;
}

export interface RunConfig {
	/** Number of labeled training images, drawn stratified by class; the rest is the unlabeled pool. */
	labeled: number;
	/** A pseudo-label is accepted when the model's top class probability is strictly above this. */
	threshold: number;
	/** Epochs of supervised warm-up on the labeled set before the first labeling round. */
	warmupEpochs: number;
	/** Epochs of retraining on labeled + pseudo-labeled images in each round. */
	epochsPerRound: number;
	/** Labeling rounds; each re-labels the whole pool with the improved model. */
	rounds: number;
	batchSize: number;
	learningRate: number;
	augmentation: AugmentationRanges;
	/** Draw fresh augmentations every epoch (Noisy Student) instead of once per round (the tutorial). */
	augmentEveryEpoch: boolean;
	/** Also augment the labeled images during retraining. */
	augmentLabeled: boolean;
	seed: number;
}

/** The tutorial's settings: the default configuration. */
export const defaultRunConfig: RunConfig = {
	labeled: 1000,
	threshold: 0.8,
	warmupEpochs: 15,
	epochsPerRound: 15,
	rounds: 1,
	batchSize: 32,
	learningRate: 0.001,
	augmentation: {rotationDeg: 10, zoom: 0.1, widthShift: 0.1, heightShift: 0.1},
	augmentEveryEpoch: false,
	augmentLabeled: false,
	seed: 42,
};

/** The supervised run gets as many epochs as the semi-supervised run trains in total, so the race is fair. */
export function totalEpochs(config: RunConfig): number {
	return config.warmupEpochs + config.rounds * config.epochsPerRound;
}
