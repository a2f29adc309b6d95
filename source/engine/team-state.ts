/**
 * A model's weights and optimizer state between its heap and the team memory (team-member.ts, team.ts,
 * team-helper.ts): which floats of each layer a share steps and which the others do, and copying those spans — the
 * posted weights after a step, the snapshot helpers predict with, the checkpoints a lead restarts from, a member's
 * units as it joins or leaves the team.
 */
import type {DirectModel} from './direct-model.js';
import type {MlpShape, ParamName} from './mlp-params.js';
import type {MemberShare, Span} from './team-plan.js';
import {paramLayout, type StateBlocks, type TeamViews} from './team-memory.js';

/** A block of a layer's parameters: floats [from, to) of layer `name` (at offsets[layer] in a parameter block). */
export interface LayerSpan {
	name: ParamName;
	layer: 0 | 1 | 2;
	from: number;
	to: number;
}

/**
 * The parameters whose gradients and Adam step a share takes: its units' rows of p1 and p2 (p3 whole for its owner);
 * the last unit's block runs to the layer's padded end. Empty blocks left out.
 */
export function ownSpans(shape: MlpShape, share: MemberShare): LayerSpan[] {
	const {padded, rowFloats} = paramLayout(shape);
	const block = (name: ParamName, layer: 0 | 1, units: Span, unitsInLayer: number): LayerSpan => ({
		name,
		layer,
		from: units[0] * rowFloats[layer],
		to: units[1] === unitsInLayer ? padded[layer] : units[1] * rowFloats[layer],
	});
	const spans: LayerSpan[] = [];
	if (share.units1[1] > share.units1[0]) spans.push(block('p1', 0, share.units1, shape.hidden1));
	if (share.units2[1] > share.units2[0]) spans.push(block('p2', 1, share.units2, shape.hidden2));
	if (share.layer3) spans.push({name: 'p3', layer: 2, from: 0, to: padded[2]});
	return spans;
}

/** Each layer's padded block minus this share's spans: the weights the others stepped. */
export function othersSpans(shape: MlpShape, share: MemberShare): LayerSpan[] {
	const {padded} = paramLayout(shape);
	const own = ownSpans(shape, share);
	const spans: LayerSpan[] = [];
	for (const [layer, name] of (['p1', 'p2', 'p3'] as const).entries()) {
		const mine = own.find(span => span.name === name);
		const cuts: Span[] = mine ? [[0, mine.from], [mine.to, padded[layer]!]] : [[0, padded[layer]!]];
		for (const [from, to] of cuts) if (to > from) spans.push({name, layer: layer as 0 | 1 | 2, from, to});
	}

	return spans;
}

/** Every layer whole: a model's full state. */
function allSpans(shape: MlpShape): LayerSpan[] {
	const {padded} = paramLayout(shape);
	return (['p1', 'p2', 'p3'] as const).map((name, layer) => ({name, layer: layer as 0 | 1 | 2, from: 0, to: padded[layer]!}));
}

/** Spans of the model's `part` (p, m or v) between its heap and a parameter block at `at` of the team memory. */
export function copySpans(model: DirectModel, views: TeamViews, part: 'p' | 'm' | 'v', at: number, spans: LayerSpan[], direction: 'in' | 'out'): void {
	const internals = model.internals();
	const {offsets} = paramLayout(model.shape);
	const heap = internals.arena.f32();
	for (const {name, layer, from, to} of spans) {
		const shared = at + offsets[layer] + from;
		const local = internals.layers[name][part].at + from;
		if (direction === 'in') heap.set(views.f32.subarray(shared, shared + to - from), local);
		else views.f32.set(heap.subarray(local, local + to - from), shared);
	}
}

/** Weights from a parameter block at `at` into the model's heap, and p2ᵀ, p3ᵀ refreshed. */
export function loadWeights(model: DirectModel, views: TeamViews, at: number): void {
	copySpans(model, views, 'p', at, allSpans(model.shape), 'in');
	model.internals().refreshTransposed();
}

/** The model's weights into a parameter block at `at` (the snapshot other members predict with, or the posted weights). */
export function saveWeights(model: DirectModel, views: TeamViews, at: number): void {
	copySpans(model, views, 'p', at, allSpans(model.shape), 'out');
}

/** The model's whole p, m and v into a checkpoint. */
export function saveState(model: DirectModel, views: TeamViews, blocks: StateBlocks): void {
	for (const part of ['p', 'm', 'v'] as const) copySpans(model, views, part, blocks[part], allSpans(model.shape), 'out');
}

/** The whole p, m and v of a checkpoint into the model (`steps`: the Adam steps it had taken then). */
export function loadState(model: DirectModel, views: TeamViews, blocks: StateBlocks, steps: number): void {
	for (const part of ['p', 'm', 'v'] as const) copySpans(model, views, part, blocks[part], allSpans(model.shape), 'in');
	const internals = model.internals();
	internals.refreshTransposed();
	internals.setAdamSteps(steps);
	internals.changed();
}

/** A member's units' m and v from a checkpoint (joining a team: it steps those units from here on). */
export function loadUnits(model: DirectModel, views: TeamViews, blocks: StateBlocks, share: MemberShare): void {
	const spans = ownSpans(model.shape, share);
	for (const part of ['m', 'v'] as const) copySpans(model, views, part, blocks[part], spans, 'in');
}

/** A member's units' p, m and v into a checkpoint (the team hands the model back to the lead). */
export function saveUnits(model: DirectModel, views: TeamViews, blocks: StateBlocks, share: MemberShare): void {
	const spans = ownSpans(model.shape, share);
	for (const part of ['p', 'm', 'v'] as const) copySpans(model, views, part, blocks[part], spans, 'out');
}
