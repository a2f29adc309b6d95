/**
 * The few tfjs-backend-wasm internals the direct engine (direct-mlp.ts) calls: its allocator, its tensor registry and
 * its XNNPACK-backed matMul, all exported by the backend's own WebAssembly module. Calling them straight from
 * preallocated buffers skips tfjs's per-op dispatch, which was half of a batch-32 training step.
 * These are not public API: the version is pinned in package.json and `wasmInternals` names what is missing when a
 * different version lacks something, so an upgrade fails loudly in the tests instead of computing garbage.
 */
import * as tf from '@tensorflow/tfjs-core';
import {webAssembly, type WasmMemory} from './wasm-kernels.js';

/** tfjs-backend-wasm's activation codes for _FusedMatMul (its FusableActivation enum). */
export const activation = {linear: 0, relu: 1} as const;

export interface WasmInternals {
	memory: WasmMemory;
	malloc(bytes: number): number;
	free(pointer: number): void;
	/** Makes `id` name `size` floats at `pointer` for the C kernels. */
	registerTensor(id: number, size: number, pointer: number): void;
	/** Forgets `id` and drops every XNNPACK operator cached for it (the packed copy of a right operand). */
	disposeData(id: number): void;
	/**
	 * out = act(a · b + bias) for ids registered above; shapes are int32 triples [1, rows, cols] at the given
	 * pointers. XNNPACK packs b on first use and caches the packing under b's id (and the bias id) until disposeData.
	 */
	fusedMatMul(
		aId: number,
		aShape: number,
		aRank: number,
		bId: number,
		bShape: number,
		bRank: number,
		transposeA: number,
		transposeB: number,
		activation: number,
		biasId: number,
		preluId: number,
		leakyAlpha: number,
		outId: number,
	): void;
	/** A tensor id tfjs will never hand out itself (taken from its own counter). */
	newId(): number;
}

/** The tfjs-backend-wasm version the direct engine was written against. */
export const pinnedWasmBackend = '4.22.0';

interface BackendShape {
	wasm?: {asm?: Record<string, unknown>};
	dataIdNextNumber?: unknown;
}

const required = ['memory', 'malloc', 'free', 'register_tensor', 'dispose_data', '_FusedMatMul'] as const;

/**
 * The internals of the active wasm backend; throws one sentence naming what is missing when the backend is not wasm
 * or its module does not look like tfjs-backend-wasm 4.22's.
 */
export function wasmInternals(): WasmInternals {
	if (tf.getBackend() !== 'wasm') {
		throw new Error(`the direct engine needs the wasm backend, not ${tf.getBackend()}`);
	}

	return wasmInternalsOf(tf.backend());
}

/** The same for a given backend object (the tests hand it a doctored one). */
export function wasmInternalsOf(backendObject: unknown): WasmInternals {
	const backend = backendObject as BackendShape;
	const asm = backend.wasm?.asm;
	const missing = required.filter(name => {
		const value = asm?.[name];
		return name === 'memory' ? !(value instanceof webAssembly.Memory) : typeof value !== 'function';
	});
	if (typeof backend.dataIdNextNumber !== 'number') {
		missing.push('dataIdNextNumber' as never);
	}

	if (missing.length > 0 || !asm) {
		throw new Error(
			`tfjs-backend-wasm internals changed (the direct engine was written for ${pinnedWasmBackend}): ` +
				`missing ${missing.join(', ')}`,
		);
	}

	const fn = (name: string) => asm[name] as (...args: number[]) => number;
	const fusedMatMul = fn('_FusedMatMul');
	if (fusedMatMul.length !== 13) {
		throw new Error(
			`tfjs-backend-wasm internals changed (the direct engine was written for ${pinnedWasmBackend}): ` +
				`_FusedMatMul takes ${fusedMatMul.length} arguments, not 13`,
		);
	}

	const malloc = fn('malloc');
	return {
		memory: asm['memory'] as WasmMemory,
		// `>>> 0`: malloc returns a signed i32, and pointers above 2 GB are valid.
		malloc: bytes => {
			const pointer = malloc(bytes) >>> 0;
			if (pointer === 0) {
				throw new RangeError(`the wasm heap could not allocate ${bytes} bytes`);
			}

			return pointer;
		},
		free: fn('free') as (pointer: number) => void,
		registerTensor: fn('register_tensor') as WasmInternals['registerTensor'],
		disposeData: fn('dispose_data') as (id: number) => void,
		fusedMatMul: fusedMatMul as WasmInternals['fusedMatMul'],
		newId: () => {
			const id = backend.dataIdNextNumber as number;
			backend.dataIdNextNumber = id + 1;
			return id;
		},
	};
}

/** Whether the direct engine can run here: the wasm backend is active and its internals are the expected ones. */
export function directEngineAvailable(): boolean {
	try {
		wasmInternals();
		return true;
	} catch {
		return false;
	}
}
