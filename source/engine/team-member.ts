/**
 * One member's share of a team step (team.ts says who runs these and when; team-plan.ts who takes which share). In
 * three phases, each member on its own model in its own heap, meeting through the team memory in between:
 *
 * 1. rows: the forward pass and the deltas of its rows (its own columns of each part's dropout masks), read from the
 *    step's entry in the ring and posted with each row's loss term;
 * 2. units: as soon as the rows of a part are posted, the weight gradients of its units over that whole part, from
 *    the posted blocks; then second part + first, as a thread alone sums them, Adam on those units in its own heap
 *    (it holds their optimizer state while the team trains), and their new weights posted for the others;
 * 3. load: once every member has posted, the others' new weights into its heap.
 *
 * Every float is the one a thread alone computes: rows and units are blocks of the same products (README.md rule 12),
 * the parts' sums are never cut, and Adam is elementwise. A step may also ask the members to write their units' p, m
 * and v into a checkpoint: what the lead restarts from, alone, if a member goes away (team.ts).
 */
import {coefficients} from './adam.js';
import type {DirectModel} from './direct-model.js';
import type {DropoutKey, MaskDraw} from './dropout-streams.js';
import {layerOneGradient} from './layer-one-gradient.js';
import type {StepBatch} from './split-step.js';
import type {MlpShape, ParamName} from './mlp-params.js';
import {grownCapacity, type StepBuffers} from './model-buffers.js';
import {overlap, type Span} from './team-plan.js';
import {copySpans, othersSpans, ownSpans} from './team-state.js';
import {entryValues, type RingEntry, type StateLayout, type StepBlocks, type TeamViews} from './team-memory.js';
import type {HeapBuffer} from './wasm-arena.js';

/** What every member of a step knows: the lead writes it into the control words, the helpers read it back. */
export interface StepCommand {
	shape: MlpShape;
	n: number;
	members: number;
	/** This member's place among them (the lead is 0). */
	index: number;
	/** The step's batch in the ring. */
	entry: RingEntry;
	blocks: StepBlocks;
	state: StateLayout;
	/** Adam steps the model has taken before this step. */
	steps: number;
	learningRate: number;
	/** The checkpoint (0 or 1) to write the units' state into after this step, or −1. */
	checkpoint: number;
}

/** The batch's values as the lead wrote them at the head of its ring entry. */
export function entryBatch(views: TeamViews, entry: RingEntry): {n: number; hasWeights: boolean; meanWeight: number; dropout: DropoutKey | null} {
	const head = entry.at / 2;
	const value = (name: keyof typeof entryValues) => views.f64[head + entryValues[name]]!;
	return {
		n: value('rows'),
		hasWeights: value('hasWeights') === 1,
		meanWeight: value('meanWeight'),
		dropout: value('dropout') === 1 ? {rate: value('dropoutRate'), seed: value('dropoutSeed'), step: value('dropoutStep')} : null,
	};
}

/** A step's batch into its ring entry. */
export function writeEntryBatch(views: TeamViews, shape: MlpShape, entry: RingEntry, batch: StepBatch): void {
	const {n} = batch;
	const head = entry.at / 2;
	const set = (name: keyof typeof entryValues, value: number) => {
		views.f64[head + entryValues[name]] = value;
	};

	set('rows', n);
	set('hasWeights', batch.weights ? 1 : 0);
	set('meanWeight', batch.meanWeight);
	set('dropout', batch.dropout ? 1 : 0);
	set('dropoutRate', batch.dropout?.rate ?? 0);
	set('dropoutSeed', batch.dropout?.seed ?? 0);
	set('dropoutStep', batch.dropout?.step ?? 0);
	views.f32.set(batch.pixels.subarray(0, n * (shape.input + 1)), entry.pixels);
	views.f32.set(batch.targets.subarray(0, n * shape.classes), entry.targets);
	if (batch.weights) views.f32.set(batch.weights.subarray(0, n), entry.weights);
}

/** A ring entry as the StepBatch it was made from, to take it again alone. */
export function entryStepBatch(views: TeamViews, shape: MlpShape, entry: RingEntry): StepBatch {
	const {n, hasWeights, meanWeight, dropout} = entryBatch(views, entry);
	return {
		n,
		pixels: views.f32.slice(entry.pixels, entry.pixels + n * (shape.input + 1)),
		targets: views.f32.slice(entry.targets, entry.targets + n * shape.classes),
		weights: hasWeights ? views.f32.slice(entry.weights, entry.weights + n) : null,
		meanWeight,
		dropout,
	};
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
	/** Views of a block of units of a layer's gradient (or of `first`), by "part layer from to". */
	views: Map<string, HeapBuffer>;
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
	const rows = grownCapacity(partRows, known?.rows ?? 0);
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

const largestPart = (blocks: StepBlocks) => Math.max(...blocks.parts.map(([a, b]) => b - a));

/** Phase 1: the forward pass and deltas of this member's rows, posted (with each row's loss term) for the others. */
export function memberRows(model: DirectModel, views: TeamViews, command: StepCommand): void {
	const internals = model.internals();
	const {shape, n, blocks, entry} = command;
	const {input, hidden1, hidden2, classes} = shape;
	const share = blocks.shares[command.index]!;
	const [from, to] = share.rows;
	const m = to - from;
	const buffers = buffersFor(model, largestPart(blocks));
	if (buffers.terms.length < m) buffers.terms = new Float64Array(m);
	const batch = entryBatch(views, entry);
	const s = internals.stepBuffers(n);
	// All rows into x: the weight gradients need both parts' (phase 2); the passes here only this member's.
	internals.uploadPixels(s, views.f32.subarray(entry.pixels, entry.pixels + n * (input + 1)), n);
	if (m === 0) return;
	// Its own columns of each part's masks, drawn in its heap as the pass runs.
	const maskDraw: MaskDraw | null = batch.dropout
		? {
			key: batch.dropout,
			width: m,
			segments: blocks.parts.flatMap((span, part) => {
				const shared = overlap(share.rows, span);
				return shared ? [{part, rows: span[1] - span[0], from: shared[0] - span[0], to: shared[1] - span[0], offset: shared[0] - from}] : [];
			}),
		}
		: null;
	const terms = buffers.terms.subarray(0, m);
	internals.rowPass(
		s,
		from,
		{
			n: m,
			pixels: views.f32.subarray(0, 0),
			targets: views.f32.subarray(entry.targets + from * classes, entry.targets + to * classes),
			weights: batch.hasWeights ? views.f32.subarray(entry.weights + from, entry.weights + to) : null,
			meanWeight: batch.meanWeight,
			mask1: null,
			mask2: null,
			maskDraw,
		},
		terms,
	);
	// Posted for the others to gather. A member whose rows are exactly a part reads that part from its own buffers
	// (memberUnits), so it leaves out what only it would read: its own units' deltas, and a2 and the logit gradients
	// when it owns layer 3.
	const block = blocks.blocks[command.index]!;
	const heap = internals.arena.f32();
	const post = (buffer: HeapBuffer, start: number, end: number, at: number) => {
		if (end > start) views.f32.set(heap.subarray(buffer.at + start, buffer.at + end), at + start);
	};

	const wholePart = blocks.parts.some(part => part[0] === from && part[1] === to);
	const skip1 = wholePart ? share.units1 : [0, 0];
	const skip2 = wholePart ? share.units2 : [0, 0];
	views.f64.set(terms, block.terms / 2);
	post(s.dz1, 0, skip1[0] * m, block.dz1);
	post(s.dz1, skip1[1] * m, hidden1 * m, block.dz1);
	post(s.dz2, 0, skip2[0] * m, block.dz2);
	post(s.dz2, skip2[1] * m, hidden2 * m, block.dz2);
	post(s.a1T, 0, m * (hidden1 + 1), block.a1T);
	if (!(wholePart && share.layer3)) {
		post(s.a2, 0, (hidden2 + 1) * m, block.a2);
		post(s.dLogits, 0, m * classes, block.dLogits);
	}
}

/**
 * Copies units [units) of each member's posted feature-major block (units × its rows) for the rows of `part` into
 * `into` (units × part rows), heap floats from `at`.
 */
function gatherUnits(heap: Float32Array, into: number, f32: Float32Array, blocks: StepBlocks, block: 'dz1' | 'dz2' | 'a2', units: Span, part: Span): void {
	const k = part[1] - part[0];
	for (const [member, share] of blocks.shares.entries()) {
		const rows = overlap(share.rows, part);
		if (!rows) continue;
		const m = share.rows[1] - share.rows[0];
		const source = blocks.blocks[member]![block] + rows[0] - share.rows[0];
		const target = into + rows[0] - part[0];
		const length = rows[1] - rows[0];
		// Float by float: a subarray per unit (hundreds a step, a few rows each) made the team's threads collect
		// garbage ten times as often as a thread alone, and a collection in either thread stalls both.
		for (let u = units[0]; u < units[1]; u++) {
			const from = source + u * m;
			const to = target + (u - units[0]) * k;
			for (let j = 0; j < length; j++) heap[to + j] = f32[from + j]!;
		}
	}
}

/** Copies each member's posted row-major block (rows × width) for the rows of `part` into heap floats from `into`. */
function gatherRows(heap: Float32Array, into: number, f32: Float32Array, blocks: StepBlocks, block: 'a1T' | 'dLogits', width: number, part: Span): void {
	for (const [member, share] of blocks.shares.entries()) {
		const rows = overlap(share.rows, part);
		if (!rows) continue;
		const source = blocks.blocks[member]![block] + (rows[0] - share.rows[0]) * width;
		heap.set(f32.subarray(source, source + (rows[1] - rows[0]) * width), into + (rows[0] - part[0]) * width);
	}
}

/**
 * Phase 2: this member's units' weight gradients over both parts (first part into `first`, second into the model's
 * gradients, then second + first), Adam on them in its heap, and their new weights posted (and with the step's
 * checkpoint, its units' p, m and v). A part's products start as soon as `ready` says the members with rows in it
 * (indices, this one left out) have posted them: its own first. False when `ready` gave up (the step is off).
 */
export function memberUnits(model: DirectModel, views: TeamViews, command: StepCommand, ready: (members: number[]) => boolean): boolean {
	const internals = model.internals();
	const {arena, kernels, layers} = internals;
	const {shape, n, blocks} = command;
	const {input, hidden1, hidden2, classes} = shape;
	const share = blocks.shares[command.index]!;
	const buffers = buffersFor(model, largestPart(blocks));
	const s: StepBuffers = internals.stepBuffers(n);
	const m = share.rows[1] - share.rows[0];
	const targets = (part: number) => ({
		g1: unitsView(model, buffers, part === 0 ? buffers.first.p1 : layers.p1.g, `${part} 1 ${share.units1.join(' ')}`, input + 1, share.units1),
		g2: unitsView(model, buffers, part === 0 ? buffers.first.p2 : layers.p2.g, `${part} 2 ${share.units2.join(' ')}`, hidden1 + 1, share.units2),
		g3: part === 0 ? buffers.first.p3 : layers.p3.g,
	});
	// The part holding this member's first row first: its rows are posted already (where it holds them all).
	const order = blocks.parts
		.map((part, index) => ({part, index}))
		.sort((a, b) => Number(overlap(share.rows, b.part) !== null) - Number(overlap(share.rows, a.part) !== null));
	const fresh: HeapBuffer[] = [];
	for (const {part, index} of order) {
		const others = blocks.shares.flatMap((other, member) => (member !== command.index && overlap(other.rows, part) ? [member] : []));
		if (!ready(others)) {
			arena.free(fresh);
			return false;
		}

		const k = part[1] - part[0];
		// A part whose rows are exactly this member's: its own step buffers are the blocks (nothing to gather).
		const own = share.rows[0] === part[0] && share.rows[1] === part[1];
		const view = (of: HeapBuffer, offset: number, size: number) => {
			const made = arena.view(of, offset, size);
			fresh.push(made);
			return made;
		};

		const into = targets(index);
		const x = part[0] === 0 ? s.x : view(s.x, part[0] * (input + 1), k * (input + 1));
		const units1 = share.units1[1] - share.units1[0];
		const units2 = share.units2[1] - share.units2[0];
		if (units1 > 0) {
			let left = buffers.dz1;
			if (own) left = share.units1[0] === 0 ? s.dz1 : view(s.dz1, share.units1[0] * m, units1 * m);
			else gatherUnits(arena.f32(), buffers.dz1.at, views.f32, blocks, 'dz1', share.units1, part);
			// Its own rows' part: as its forward pass listed them for the sparse way, if it did.
			layerOneGradient(arena, into.g1, left, x, units1, k, input, undefined, own ? internals.sparseRowsOf(s, part[0], k) : undefined);
		}

		if (units2 > 0) {
			let left = buffers.dz2;
			let right = buffers.a1T;
			if (own) {
				left = share.units2[0] === 0 ? s.dz2 : view(s.dz2, share.units2[0] * m, units2 * m);
				right = s.a1T;
			} else {
				gatherUnits(arena.f32(), buffers.dz2.at, views.f32, blocks, 'dz2', share.units2, part);
				gatherRows(arena.f32(), buffers.a1T.at, views.f32, blocks, 'a1T', hidden1 + 1, part);
			}

			arena.matMul(into.g2, left, right, units2, k, hidden1 + 1);
		}

		if (share.layer3) {
			if (!own) {
				gatherUnits(arena.f32(), buffers.a2.at, views.f32, blocks, 'a2', [0, hidden2 + 1], part);
				gatherRows(arena.f32(), buffers.dLogits.at, views.f32, blocks, 'dLogits', classes, part);
			}

			arena.matMul(buffers.g3T, own ? s.a2 : buffers.a2, own ? s.dLogits : buffers.dLogits, hidden2 + 1, k, classes);
			kernels.transpose(buffers.g3T.pointer, into.g3.pointer, hidden2 + 1, classes);
		}
	}

	arena.free(fresh);
	// Second part + first on this member's units as Adam reads them: the very kernel of a thread alone (addAdam).
	const spans = ownSpans(shape, share);
	const c = coefficients({learningRate: command.learningRate}, command.steps + 1);
	for (const {name, from, to} of spans) {
		const {p, g, m, v} = layers[name];
		const at = (buffer: HeapBuffer) => buffer.pointer + from * 4;
		kernels.addAdam(at(p), at(g), at(buffers.first[name]), at(m), at(v), (to - from) * 4, c.alpha, c.oneMinusBeta1, c.oneMinusBeta2, c.epsilon);
	}

	copySpans(model, views, 'p', command.state.weights, spans, 'out');
	if (command.checkpoint >= 0) {
		const checkpoint = command.state.checkpoint(command.checkpoint);
		for (const part of ['p', 'm', 'v'] as const) copySpans(model, views, part, checkpoint[part], spans, 'out');
	}

	return true;
}

/** Phase 3: the weights the others stepped, from the posted weights, into the heap; the model took one more step. */
export function memberLoad(model: DirectModel, views: TeamViews, command: StepCommand): void {
	copySpans(model, views, 'p', command.state.weights, othersSpans(command.shape, command.blocks.shares[command.index]!), 'in');
	const internals = model.internals();
	internals.refreshTransposed();
	internals.stepped();
}

/** The step's loss: each part's row terms summed in row order, then first part + second (as split-step.ts sums). */
export function stepLoss(views: TeamViews, command: StepCommand): number {
	let loss = 0;
	for (const part of command.blocks.parts) {
		let partLoss = 0;
		for (const [member, share] of command.blocks.shares.entries()) {
			const rows = overlap(share.rows, part);
			if (!rows) continue;
			const at = command.blocks.blocks[member]!.terms / 2 - share.rows[0];
			for (let j = rows[0]; j < rows[1]; j++) partLoss += views.f64[at + j]!;
		}

		loss += partLoss;
	}

	return loss;
}
