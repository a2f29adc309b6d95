/**
 * One member's share of a team step (team.ts says who runs these and when; team-plan.ts who takes which share). In
 * three phases, each member on its own model in its own heap, meeting through the team memory in between:
 *
 * 1. rows: the forward pass and the deltas of its rows (its own columns of each part's dropout masks), posted to
 *    the team memory with each row's loss term;
 * 2. units: once every member's rows are posted, the weight gradients of its units over each whole part, from the
 *    posted blocks, summed second part + first as a thread alone sums them, then Adam on those units, from the state
 *    slot the step reads into the other one (the team memory's own kernel);
 * 3. load: once every member has stepped its units, all weights from the new slot into its heap.
 *
 * Every float is the one a thread alone computes: rows and units are blocks of the same products (README.md rule 12),
 * the parts' sums are never cut, and Adam is elementwise.
 */
import {coefficients} from './adam.js';
import type {DirectModel, StepBuffers} from './direct-model.js';
import {fillMaskColumns, type DropoutKey} from './dropout-streams.js';
import type {MlpShape, ParamName} from './mlp-params.js';
import {overlap, type MemberShare, type Span} from './team-plan.js';
import {paramLayout, type stateLayout, type StepScratch, type TeamViews} from './team-memory.js';
import type {HeapBuffer} from './wasm-arena.js';
import type {WasmKernels} from './wasm-kernels.js';

/** What every member of a step knows: the lead writes it into the control words, the helpers read it back. */
export interface StepCommand {
	shape: MlpShape;
	n: number;
	members: number;
	/** This member's place among them (the lead is 0). */
	index: number;
	scratch: StepScratch;
	state: ReturnType<typeof stateLayout>;
	/** Adam steps the state has taken before this step. */
	steps: number;
	learningRate: number;
	meanWeight: number;
	hasWeights: boolean;
	dropout: DropoutKey | null;
}

/** Heap buffers a member gathers the posted blocks into, grown as needed, per model. */
interface MemberBuffers {
	rows: number;
	all: HeapBuffer[];
	dz1: HeapBuffer;
	dz2: HeapBuffer;
	a1T: HeapBuffer;
	a2: HeapBuffer;
	dLogits: HeapBuffer;
	g3T: HeapBuffer;
	/** The first part's gradients, all three layers (the second part's go straight into the model's). */
	first: Record<ParamName, HeapBuffer>;
	/** Views of a block of units of a layer's gradient (or of `first`), by "layer from to". */
	views: Map<string, HeapBuffer>;
	masks: {mask1: Float32Array; mask2: Float32Array};
	terms: Float64Array;
}

const memberBuffers = new WeakMap<DirectModel, MemberBuffers>();

function buffersFor(model: DirectModel, partRows: number): MemberBuffers {
	const {arena, layers} = model.internals();
	const known = memberBuffers.get(model);
	if (known && known.rows >= partRows) return known;
	if (known) arena.free([...known.views.values(), ...known.all]);
	const {hidden1, hidden2, classes} = model.shape;
	// Grows by half at least, as the model's step buffers do (direct-model.ts).
	const rows = Math.max(partRows, Math.ceil((known?.rows ?? 0) * 1.5));
	const first = {p1: arena.alloc(layers.p1.g.size), p2: arena.alloc(layers.p2.g.size), p3: arena.alloc(layers.p3.g.size)};
	const gathered = {
		dz1: arena.alloc(hidden1 * rows),
		dz2: arena.alloc(hidden2 * rows),
		a1T: arena.alloc(rows * (hidden1 + 1)),
		a2: arena.alloc((hidden2 + 1) * rows),
		dLogits: arena.alloc(rows * classes),
		g3T: arena.alloc((hidden2 + 1) * classes),
	};
	const buffers: MemberBuffers = {
		rows,
		all: [...Object.values(gathered), first.p1, first.p2, first.p3],
		...gathered,
		first,
		views: new Map(),
		masks: known?.masks ?? {mask1: new Float32Array(0), mask2: new Float32Array(0)},
		terms: known?.terms ?? new Float64Array(0),
	};
	memberBuffers.set(model, buffers);
	return buffers;
}

/** A view of units [from, to) of a layer's gradient block (the model's or `first`'s), made once. */
function unitsView(model: DirectModel, buffers: MemberBuffers, of: HeapBuffer, key: string, rowFloats: number, units: Span): HeapBuffer {
	let view = buffers.views.get(key);
	if (!view) {
		view = model.internals().arena.view(of, units[0] * rowFloats, (units[1] - units[0]) * rowFloats);
		buffers.views.set(key, view);
	}

	return view;
}

/** The share's masks: its own columns of each part it has rows in, side by side. */
function memberMasks(buffers: MemberBuffers, command: StepCommand, share: MemberShare): {mask1: Float32Array; mask2: Float32Array} | null {
	const {dropout, shape, scratch} = command;
	if (!dropout) return null;
	const m = share.rows[1] - share.rows[0];
	if (buffers.masks.mask1.length < shape.hidden1 * m) buffers.masks.mask1 = new Float32Array(shape.hidden1 * m);
	if (buffers.masks.mask2.length < shape.hidden2 * m) buffers.masks.mask2 = new Float32Array(shape.hidden2 * m);
	const out = {mask1: buffers.masks.mask1.subarray(0, shape.hidden1 * m), mask2: buffers.masks.mask2.subarray(0, shape.hidden2 * m), width: m, offset: 0};
	for (const [part, span] of scratch.parts.entries()) {
		const shared = overlap(share.rows, span);
		if (!shared) continue;
		out.offset = shared[0] - share.rows[0];
		fillMaskColumns(out, shape, span[1] - span[0], dropout, part, shared[0] - span[0], shared[1] - span[0]);
	}

	return {mask1: out.mask1, mask2: out.mask2};
}

/** Phase 1: the forward pass and deltas of this member's rows, posted (with each row's loss term) for the others. */
export function memberRows(model: DirectModel, views: TeamViews, command: StepCommand): void {
	const internals = model.internals();
	const {shape, n, scratch} = command;
	const {input, hidden1, hidden2, classes} = shape;
	const share = scratch.shares[command.index]!;
	const [from, to] = share.rows;
	const m = to - from;
	const largestPart = Math.max(...scratch.parts.map(([a, b]) => b - a));
	const buffers = buffersFor(model, largestPart);
	if (buffers.terms.length < m) buffers.terms = new Float64Array(m);
	const s = internals.stepBuffers(n);
	// All rows into x: the weight gradients need both parts' (phase 2); the passes here only this member's.
	internals.uploadPixels(s, views.f32.subarray(scratch.pixels, scratch.pixels + n * (input + 1)), n);
	if (m === 0) return;
	const masks = memberMasks(buffers, command, share);
	const terms = buffers.terms.subarray(0, m);
	internals.rowPass(
		s,
		from,
		{
			n: m,
			pixels: views.f32.subarray(0, 0),
			targets: views.f32.subarray(scratch.targets + from * classes, scratch.targets + to * classes),
			weights: command.hasWeights ? views.f32.subarray(scratch.weights + from, scratch.weights + to) : null,
			meanWeight: command.meanWeight,
			mask1: masks?.mask1 ?? null,
			mask2: masks?.mask2 ?? null,
		},
		terms,
	);
	const block = scratch.blocks[command.index]!;
	const heap = internals.arena.f32();
	const post = (buffer: HeapBuffer, floats: number, at: number) => views.f32.set(heap.subarray(buffer.at, buffer.at + floats), at);
	views.f64.set(terms, block.terms / 2);
	post(s.dz1, hidden1 * m, block.dz1);
	post(s.dz2, hidden2 * m, block.dz2);
	post(s.a1T, m * (hidden1 + 1), block.a1T);
	post(s.a2, (hidden2 + 1) * m, block.a2);
	post(s.dLogits, m * classes, block.dLogits);
}

/**
 * Copies units [units) of each member's posted feature-major block (units × its rows) for the rows of `part` into
 * `into` (units × part rows), heap floats from `at`.
 */
function gatherUnits(
	heap: Float32Array,
	into: number,
	f32: Float32Array,
	command: StepCommand,
	block: 'dz1' | 'dz2' | 'a2',
	units: Span,
	part: Span,
): void {
	const k = part[1] - part[0];
	for (const [member, share] of command.scratch.shares.entries()) {
		const rows = overlap(share.rows, part);
		if (!rows) continue;
		const m = share.rows[1] - share.rows[0];
		const source = command.scratch.blocks[member]![block] + rows[0] - share.rows[0];
		const target = into + rows[0] - part[0];
		const length = rows[1] - rows[0];
		for (let u = units[0]; u < units[1]; u++) {
			const from = source + u * m;
			const to = target + (u - units[0]) * k;
			for (let j = 0; j < length; j++) heap[to + j] = f32[from + j]!;
		}
	}
}

/** Copies each member's posted row-major block (rows × width) for the rows of `part` into heap floats from `into`. */
function gatherRows(heap: Float32Array, into: number, f32: Float32Array, command: StepCommand, block: 'a1T' | 'dLogits', width: number, part: Span): void {
	for (const [member, share] of command.scratch.shares.entries()) {
		const rows = overlap(share.rows, part);
		if (!rows) continue;
		const source = command.scratch.blocks[member]![block] + (rows[0] - share.rows[0]) * width;
		heap.set(f32.subarray(source, source + (rows[1] - rows[0]) * width), into + (rows[0] - part[0]) * width);
	}
}

/** A block of a layer's parameters: floats [from, to) of layer `name` (at offsets[layer] in a parameter block). */
interface LayerSpan {
	name: ParamName;
	layer: 0 | 1 | 2;
	from: number;
	to: number;
}

/**
 * The parameters whose gradients and Adam step a share takes: its units' rows of p1 and p2 (p3 whole for its owner);
 * the last unit's block runs to the layer's padded end. Empty blocks left out.
 */
function ownSpans(shape: MlpShape, share: MemberShare): LayerSpan[] {
	const layout = paramLayout(shape);
	const padded = [layout.offsets[1] - layout.offsets[0], layout.offsets[2] - layout.offsets[1], layout.floats - layout.offsets[2]];
	const block = (name: ParamName, layer: 0 | 1 | 2, units: Span, unitsInLayer: number): LayerSpan => ({
		name,
		layer,
		from: units[0] * layout.rowFloats[layer],
		to: units[1] === unitsInLayer ? padded[layer]! : units[1] * layout.rowFloats[layer],
	});
	const spans: LayerSpan[] = [];
	if (share.units1[1] > share.units1[0]) spans.push(block('p1', 0, share.units1, shape.hidden1));
	if (share.units2[1] > share.units2[0]) spans.push(block('p2', 1, share.units2, shape.hidden2));
	if (share.layer3) spans.push({name: 'p3', layer: 2, from: 0, to: padded[2]!});
	return spans;
}

/** Each layer's padded block minus this share's spans: the weights the others stepped. */
function othersSpans(shape: MlpShape, share: MemberShare): LayerSpan[] {
	const layout = paramLayout(shape);
	const padded = [layout.offsets[1] - layout.offsets[0], layout.offsets[2] - layout.offsets[1], layout.floats - layout.offsets[2]];
	const own = ownSpans(shape, share);
	const spans: LayerSpan[] = [];
	for (const [layer, name] of (['p1', 'p2', 'p3'] as const).entries()) {
		const mine = own.find(span => span.name === name);
		const cuts: Span[] = mine ? [[0, mine.from], [mine.to, padded[layer]!]] : [[0, padded[layer]!]];
		for (const [from, to] of cuts) if (to > from) spans.push({name, layer: layer as 0 | 1 | 2, from, to});
	}

	return spans;
}

/** Copies layer spans of a parameter block at `at` in the team memory into the model's p. */
function copyWeightSpans(model: DirectModel, views: TeamViews, at: number, spans: LayerSpan[]): void {
	const internals = model.internals();
	const {offsets} = paramLayout(model.shape);
	const heap = internals.arena.f32();
	for (const {name, layer, from, to} of spans) {
		const source = at + offsets[layer] + from;
		heap.set(views.f32.subarray(source, source + to - from), internals.layers[name].p.at + from);
	}
}

/**
 * Phase 2: this member's units' weight gradients over both parts (first part into `first`, second into the model's
 * gradients, then second + first), posted to the state's gradient block, and Adam on them from the step's slot into
 * the next, whose new weights it then takes into its heap at once. A part's products start as soon as `ready` says
 * the members with rows in it (indices, this one left out) have posted them: its own first. `teamKernels` are the
 * kernels over the team memory. False when `ready` gave up (the step is off).
 */
export function memberUnits(model: DirectModel, views: TeamViews, command: StepCommand, teamKernels: WasmKernels, ready: (members: number[]) => boolean): boolean {
	const internals = model.internals();
	const {arena, kernels, layers} = internals;
	const {shape, n, scratch} = command;
	const {input, hidden1, hidden2, classes} = shape;
	const share = scratch.shares[command.index]!;
	const buffers = buffersFor(model, Math.max(...scratch.parts.map(([a, b]) => b - a)));
	const s: StepBuffers = internals.stepBuffers(n);
	const layout = paramLayout(shape);
	const targets = (part: number) => ({
		g1: unitsView(model, buffers, part === 0 ? buffers.first.p1 : layers.p1.g, `${part} 1 ${share.units1.join(' ')}`, input + 1, share.units1),
		g2: unitsView(model, buffers, part === 0 ? buffers.first.p2 : layers.p2.g, `${part} 2 ${share.units2.join(' ')}`, hidden1 + 1, share.units2),
		g3: part === 0 ? buffers.first.p3 : layers.p3.g,
	});
	// The part holding this member's first row first: its rows are posted already (where it holds them all).
	const order = scratch.parts.map((part, index) => ({part, index})).sort((a, b) => Number(overlap(share.rows, b.part) !== null) - Number(overlap(share.rows, a.part) !== null));
	for (const {part, index} of order) {
		const others = scratch.shares.flatMap((other, member) => (member !== command.index && overlap(other.rows, part) ? [member] : []));
		if (!ready(others)) return false;
		const k = part[1] - part[0];
		const into = targets(index);
		const x = part[0] === 0 ? s.x : arena.view(s.x, part[0] * (input + 1), k * (input + 1));
		let heap = arena.f32();
		const units1 = share.units1[1] - share.units1[0];
		const units2 = share.units2[1] - share.units2[0];
		if (units1 > 0) {
			gatherUnits(heap, buffers.dz1.at, views.f32, command, 'dz1', share.units1, part);
			arena.matMul(into.g1, buffers.dz1, x, units1, k, input + 1);
		}

		if (units2 > 0) {
			heap = arena.f32();
			gatherUnits(heap, buffers.dz2.at, views.f32, command, 'dz2', share.units2, part);
			gatherRows(heap, buffers.a1T.at, views.f32, command, 'a1T', hidden1 + 1, part);
			arena.matMul(into.g2, buffers.dz2, buffers.a1T, units2, k, hidden1 + 1);
		}

		if (share.layer3) {
			heap = arena.f32();
			gatherUnits(heap, buffers.a2.at, views.f32, command, 'a2', [0, hidden2 + 1], part);
			gatherRows(heap, buffers.dLogits.at, views.f32, command, 'dLogits', classes, part);
			arena.matMul(buffers.g3T, buffers.a2, buffers.dLogits, hidden2 + 1, k, classes);
			kernels.transpose(buffers.g3T.pointer, into.g3.pointer, hidden2 + 1, classes);
		}

		if (x !== s.x) arena.free([x]);
	}

	// Second part + first, on this member's units only; then posted and stepped.
	const spans = ownSpans(shape, share);
	const heap = arena.f32();
	const slot = command.state.slot(command.steps);
	const next = command.state.slot(command.steps + 1);
	const c = coefficients({learningRate: command.learningRate}, command.steps + 1);
	for (const {name, layer, from, to} of spans) {
		const g = layers[name].g;
		kernels.add(g.pointer + from * 4, buffers.first[name].pointer + from * 4, (to - from) * 4);
		const at = layout.offsets[layer] + from;
		views.f32.set(heap.subarray(g.at + from, g.at + to), command.state.gradients + at);
		teamKernels.adamTo(
			(slot.p + at) * 4,
			(command.state.gradients + at) * 4,
			(slot.m + at) * 4,
			(slot.v + at) * 4,
			(next.p + at) * 4,
			(next.m + at) * 4,
			(next.v + at) * 4,
			(to - from) * 4,
			c.alpha,
			c.oneMinusBeta1,
			c.oneMinusBeta2,
			c.epsilon,
		);
	}

	// Its own new weights are final: into the heap while the others finish theirs.
	copyWeightSpans(model, views, next.p, spans);
	return true;
}

/**
 * Phase 3: the weights the others stepped, from the slot the step wrote, into the heap (its own are there from phase
 * 2); the model took one more step.
 */
export function memberLoad(model: DirectModel, views: TeamViews, command: StepCommand): void {
	copyWeightSpans(model, views, command.state.slot(command.steps + 1).p, othersSpans(command.shape, command.scratch.shares[command.index]!));
	const internals = model.internals();
	internals.refreshTransposed();
	internals.stepped();
}

/** Each layer's name, its float offset within a parameter block and its unpadded size. */
function layerBlocks(shape: MlpShape): Array<{name: ParamName; offset: number; size: number}> {
	const {offsets, sizes} = paramLayout(shape);
	return [
		{name: 'p1', offset: offsets[0], size: sizes[0]},
		{name: 'p2', offset: offsets[1], size: sizes[1]},
		{name: 'p3', offset: offsets[2], size: sizes[2]},
	];
}

/** Weights from a parameter block at `at` (paramLayout) into the model's heap, and p2ᵀ, p3ᵀ refreshed. */
export function loadWeights(model: DirectModel, views: TeamViews, at: number): void {
	const internals = model.internals();
	const heap = internals.arena.f32();
	for (const {name, offset, size} of layerBlocks(model.shape)) {
		heap.set(views.f32.subarray(at + offset, at + offset + size), internals.layers[name].p.at);
	}

	internals.refreshTransposed();
}

/** The model's p (and with `optimizer`, m and v) into a parameter block's slot in the team memory. */
export function saveToSlot(model: DirectModel, views: TeamViews, slot: {p: number; m: number; v: number}, optimizer: boolean): void {
	const internals = model.internals();
	const heap = internals.arena.f32();
	for (const part of optimizer ? (['p', 'm', 'v'] as const) : (['p'] as const)) {
		for (const {name, offset, size} of layerBlocks(model.shape)) {
			const buffer = internals.layers[name][part];
			views.f32.set(heap.subarray(buffer.at, buffer.at + size), slot[part] + offset);
		}
	}
}

/** m and v from a slot back into the model's heap (its p is there already): the model steps alone from here on. */
export function loadOptimizer(model: DirectModel, views: TeamViews, slot: {m: number; v: number}, steps: number): void {
	const internals = model.internals();
	const heap = internals.arena.f32();
	for (const part of ['m', 'v'] as const) {
		for (const {name, offset, size} of layerBlocks(model.shape)) {
			heap.set(views.f32.subarray(slot[part] + offset, slot[part] + offset + size), internals.layers[name][part].at);
		}
	}

	internals.setAdamSteps(steps);
}

/** The step's loss: each part's row terms summed in row order, then first part + second (as split-step.ts sums). */
export function stepLoss(views: TeamViews, command: StepCommand): number {
	let loss = 0;
	for (const part of command.scratch.parts) {
		let partLoss = 0;
		for (const [member, share] of command.scratch.shares.entries()) {
			const rows = overlap(share.rows, part);
			if (!rows) continue;
			const at = command.scratch.blocks[member]!.terms / 2 - share.rows[0];
			for (let j = rows[0]; j < rows[1]; j++) partLoss += views.f64[at + j]!;
		}

		loss += partLoss;
	}

	return loss;
}
