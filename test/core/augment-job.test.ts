// An augmentation as a job cut into blocks of images (core/augment-job.ts): every block gives the bytes the whole
// view gives there, drawn from the middle of the stream, and the stream skips exactly the view's draws.
import {describe, expect, it} from 'vitest';
import {augmentImages, type ImageShape} from '../../source/core/augment.js';
import {affineJob, augmentBlock, jobDraws, jobFromNumbers, jobNumbers, jobToNumbers, strongJob, type AugmentJob} from '../../source/core/augment-job.js';
import {elasticDistortImages} from '../../source/core/elastic.js';
import {createRandom, createStream, randomAt} from '../../source/core/random.js';
import {defaultStrongAugmentation, strongAugmentImages} from '../../source/core/strong-augment.js';

/** `count` images of `shape` with strokes of every value (random bytes would hide a wrong source row less well). */
function images(shape: ImageShape, count: number): Uint8Array {
	const size = shape.height * shape.width * shape.channels;
	const bytes = new Uint8Array(count * size);
	for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 37 + Math.floor(i / size) * 11) % 256;
	return bytes;
}

const weak = {rotationDeg: 10, zoom: 0.1, widthShift: 0.1, heightShift: 0.1};
const grey: ImageShape = {height: 28, width: 28, channels: 1};
const rgb: ImageShape = {height: 12, width: 9, channels: 3};

/** The job in blocks [0, a), [a, b), [b, n) (one block empty when a = b). */
function inBlocks(job: AugmentJob, source: Uint8Array, rows: Int32Array, cuts: [number, number], size: number): Uint8Array {
	const output = new Uint8Array(rows.length * size);
	const edges = [0, ...cuts, rows.length];
	// Blocks in reverse: no block may lean on one computed before it.
	for (let k = edges.length - 2; k >= 0; k--) augmentBlock(job, source, rows, edges[k]!, edges[k + 1]!, output);
	return output;
}

describe('augmentation jobs', () => {
	const noElastic = {alpha: 0, sigma: 0};
	const cases = [
		{name: 'the weak affine, grey', shape: grey, strong: false, ranges: weak, elastic: noElastic},
		{name: 'the weak affine with a shear, RGB', shape: rgb, strong: false, ranges: {...weak, shearDeg: 12}, elastic: noElastic},
		{name: 'the weak affine then the elastic distortion, grey', shape: grey, strong: false, ranges: weak, elastic: {alpha: 34, sigma: 4}},
		{name: 'the weak affine then the elastic distortion, RGB', shape: rgb, strong: false, ranges: weak, elastic: {alpha: 8, sigma: 2}},
		{name: 'the strong view, grey', shape: grey, strong: true, ranges: weak, elastic: noElastic},
		{name: 'the strong view without cutout, RGB', shape: rgb, strong: true, ranges: weak, elastic: noElastic},
	];

	for (const {name, shape, strong, ranges, elastic} of cases) {
		it(`${name}: any blocks give the whole view's bytes, and the stream skips exactly its draws`, () => {
			const size = shape.height * shape.width * shape.channels;
			const source = images(shape, 50);
			const rows = Int32Array.from({length: 37}, (_, i) => (i * 7) % 50);
			const options = {...defaultStrongAugmentation, cutout: shape === rgb ? 0 : 10};
			// As the views were drawn before jobs: straight from a Random, then the stream's next draw.
			const random = createRandom(99);
			random();
			const whole = strong ? strongAugmentImages(source, rows, options, random, shape) : augmentImages(source, rows, ranges, random, shape);
			// The weak view's elastic distortion as the augmenter applied it before jobs: every image, after every affine.
			if (elastic.alpha > 0) elasticDistortImages(whole, null, elastic, random, shape, whole);
			const next = random();
			const stream = createStream(99);
			stream();
			const job = strong ? strongJob(options, shape, stream.position()) : affineJob(ranges, shape, stream.position(), elastic);
			for (const cuts of [[0, 0], [13, 13], [1, 36], [20, 30]] as Array<[number, number]>) {
				expect(Buffer.from(inBlocks(job, source, rows, cuts, size)).equals(Buffer.from(whole))).toBe(true);
			}

			stream.skip(jobDraws(job, rows.length));
			expect(stream()).toBe(next);
			// Not vacuous: the view changed the images, and another stream state changes them otherwise.
			const plain = new Uint8Array(rows.length * size);
			rows.forEach((row, i) => plain.set(source.subarray(row * size, (row + 1) * size), i * size));
			expect(Buffer.from(whole).equals(Buffer.from(plain))).toBe(false);
			expect(Buffer.from(inBlocks({...job, state: job.state + 1}, source, rows, [5, 9], size)).equals(Buffer.from(whole))).toBe(false);
			// The distortion was applied, not skipped: the same job without it gives other bytes.
			if (elastic.alpha > 0) expect(Buffer.from(inBlocks({...job, elastic: noElastic}, source, rows, [5, 9], size)).equals(Buffer.from(whole))).toBe(false);
		});
	}

	it('goes through a team memory as numbers and comes back the same job', () => {
		for (const job of [strongJob(defaultStrongAugmentation, rgb, 4_000_000_001), affineJob({...weak, shearDeg: 5}, grey, 17, {alpha: 34, sigma: 4})]) {
			const numbers = new Float64Array(jobNumbers + 3);
			jobToNumbers(job, numbers, 3);
			expect(jobFromNumbers(numbers, 3)).toEqual(job);
		}
	});

	it('draws from a stream position as the stream itself does (randomAt)', () => {
		const stream = createStream(7);
		for (let i = 0; i < 5; i++) stream();
		const from = randomAt(stream.position());
		expect([from(), from(), from()]).toEqual([stream(), stream(), stream()]);
	});
});
