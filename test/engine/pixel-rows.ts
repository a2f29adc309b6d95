// k rows of x as a training step holds them in the heap, for the tests of the first layer's products that skip blank
// pixels (layer-one-forward.test.ts, layer-one-gradient.test.ts).
import type {Arena, HeapBuffer} from '../../source/engine/wasm-arena.js';

/** k rows of `input` pixels / 255 and the bias column's 1; `pixel` gives each raw pixel. */
export function pixelRows(arena: Arena, k: number, input: number, pixel: (row: number, column: number) => number): HeapBuffer {
	const width = input + 1;
	const x = arena.alloc(k * width);
	const heap = arena.f32();
	for (let j = 0; j < k; j++) {
		for (let c = 0; c < input; c++) heap[x.at + j * width + c] = pixel(j, c) / 255;
		heap[x.at + j * width + input] = 1;
	}

	return x;
}
