/** Labeled rows followed by the unlabeled ones, in one buffer (the training set of a real-mode table or array file). */
export function concatBytes(a: Uint8Array, b: Uint8Array | undefined): Uint8Array {
	if (!b || b.length === 0) return a;
	const out = new Uint8Array(a.length + b.length);
	out.set(a);
	out.set(b, a.length);
	return out;
}
