/**
 * Whether a model has collapsed to one class: it gives one class to nearly every test sample, far more of them than
 * the test set holds. A model that fell there (a confirmation-bias spiral of self-training, a learning rate too
 * large) shows only its accuracy otherwise — 33.3 % on three balanced classes — which reads as "learning slowly".
 */

/** The share of test predictions one class must reach to be a collapse. */
export const oneClassShare = 0.9;
/** How far that share must exceed the class's share of the test set (on data where one class is 90 %, predicting it is no collapse). */
export const oneClassExcess = 0.1;

export interface OneClass {
	/** The class given to nearly every sample (its index). */
	label: number;
	/** The share of test samples given it. */
	share: number;
}

/**
 * `predicted[c]`: how many test samples the model gave class c; `labels`: the test samples' true classes. The class
 * given to at least `oneClassShare` of them and `oneClassExcess` more than its share of the test set, or undefined.
 */
export function oneClassOf(predicted: ArrayLike<number>, labels: ArrayLike<number>): OneClass | undefined {
	const total = labels.length;
	if (total === 0 || predicted.length < 2) return undefined;
	let label = 0;
	for (let c = 1; c < predicted.length; c++) if (predicted[c]! > predicted[label]!) label = c;
	const share = predicted[label]! / total;
	if (share < oneClassShare) return undefined;
	let truly = 0;
	for (let i = 0; i < total; i++) if (labels[i] === label) truly++;
	return share >= truly / total + oneClassExcess ? {label, share} : undefined;
}
