/**
 * Gaussian input noise, the noise of Mean Teacher's two views and of a Noisy Student's student where the digits' affine
 * augmentation does not fit the data (races on the user's own data). A plain function, tested by hand.
 */
/**
 * One noised view of a batch: out = pixels + σ·255·N(0, 1) per value, on the 0..255 scale (the model divides by 255,
 * so σ is in the model's input units, as the paper's σ = 0.15). Values may leave 0..255, as the paper's noised inputs
 * do. `normals` holds the caller's standard normals (fillGaussian fills them from a seeded stream): fresh normals give
 * an independent view.
 */
export function noisedView(pixels: ArrayLike<number>, count: number, sigma: number, normals: Float32Array, out: Float32Array): Float32Array {
	if (normals.length < count || out.length < count) {
		throw new RangeError(`noisedView: ${count} values need ${count} normals and outputs, got ${normals.length} and ${out.length}`);
	}

	const scale = sigma * 255;
	for (let i = 0; i < count; i++) out[i] = pixels[i]! + scale * normals[i]!;
	return out;
}
