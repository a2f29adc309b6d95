/**
 * A training step's forward and backward pass (no optimizer) as an ONNX graph, for the experimental native engine
 * (ort-engine.ts). The mathematics is train-step.ts's and the layout direct-model.ts's: activations are units × n
 * (feature-major), every weight matrix is the left operand (MLAS packs only the batch-sized operand, as XNNPACK does
 * in the direct engine), the dropout masks come in the engine's hidden × n layout, and the bias rides on a row of ones.
 *
 * Inputs: X [n, in+1] raw pixels ending in 255; T [n, K] targets; W [1, n] gradient weights; ONE [1, n] ones;
 * M1 [h1, n], M2 [h2, n] inverted-dropout masks; P1 [h1, in+1], P2 [h2, h1+1], P3 [K, h2+1] augmented weights.
 * Outputs: G1..G3 (Σ rows wᵢ·∂CEᵢ/∂P, the shapes of P1..P3) and CE [1, n], each row's cross-entropy (unweighted).
 * Every dimension is free, so one session serves every model shape (a Noisy Student's wider students too).
 */
import {modelBytes, tensorProto, type GraphNode} from './onnx-writer.js';

const node = (op: string, inputs: string[], outputs: string[], attributes?: GraphNode['attributes']): GraphNode => ({op, inputs, outputs, attributes});

export function stepGraphBytes(): Uint8Array {
	const nodes = [
		// Forward: x/255 like the other engines, relu, inverted dropout, a row of ones under each hidden block.
		node('Div', ['X', 'c255'], ['Xs']),
		node('Gemm', ['P1', 'Xs'], ['H1'], {transB: 1}),
		node('Relu', ['H1'], ['R1']),
		node('Mul', ['R1', 'M1'], ['A1']),
		node('Concat', ['A1', 'ONE'], ['A1a'], {axis: 0}),
		node('MatMul', ['P2', 'A1a'], ['H2']),
		node('Relu', ['H2'], ['R2']),
		node('Mul', ['R2', 'M2'], ['A2']),
		node('Concat', ['A2', 'ONE'], ['A2a'], {axis: 0}),
		node('MatMul', ['P3', 'A2a'], ['Z']),
		// Softmax cross-entropy over the classes (axis 0) with soft targets; the logits' gradient (p − t)·w.
		node('LogSoftmax', ['Z'], ['LS'], {axis: 0}),
		node('Transpose', ['T'], ['Tt'], {perm: [1, 0]}),
		node('Mul', ['Tt', 'LS'], ['TLS']),
		node('ReduceSum', ['TLS', 'axis0'], ['NegCE'], {keepdims: 1}),
		node('Neg', ['NegCE'], ['CE']),
		node('Exp', ['LS'], ['Pr']),
		node('Sub', ['Pr', 'Tt'], ['D']),
		node('Mul', ['D', 'W'], ['dZ']),
		// Backward: G3 = dZ·A2aᵀ; dA2 = (P3ᵀ·dZ) without the ones row, gated where the unit was on and kept; and so on.
		node('Gemm', ['dZ', 'A2a'], ['G3'], {transB: 1}),
		node('Gemm', ['P3', 'dZ'], ['dA2a'], {transA: 1}),
		// The ones row is the last: keep the first h2 rows (h2 read from the mask's shape).
		node('Shape', ['M2'], ['end2'], {start: 0, end: 1}),
		node('Slice', ['dA2a', 'start0', 'end2', 'axis0'], ['dA2']),
		node('Greater', ['A2', 'zero'], ['on2']),
		node('Where', ['on2', 'M2', 'zero'], ['gate2']),
		node('Mul', ['dA2', 'gate2'], ['dH2']),
		node('Gemm', ['dH2', 'A1a'], ['G2'], {transB: 1}),
		node('Gemm', ['P2', 'dH2'], ['dA1a'], {transA: 1}),
		node('Shape', ['M1'], ['end1'], {start: 0, end: 1}),
		node('Slice', ['dA1a', 'start0', 'end1', 'axis0'], ['dA1']),
		node('Greater', ['A1', 'zero'], ['on1']),
		node('Where', ['on1', 'M1', 'zero'], ['gate1']),
		node('Mul', ['dA1', 'gate1'], ['dH1']),
		node('MatMul', ['dH1', 'Xs'], ['G1']),
	];
	return modelBytes({
		name: 'mlp_training_step',
		nodes,
		constants: [
			tensorProto('c255', 'float', [], [255]),
			tensorProto('zero', 'float', [], [0]),
			tensorProto('axis0', 'int64', [1], [0]),
			tensorProto('start0', 'int64', [1], [0]),
		],
		inputs: [
			['X', ['n', 'in1']],
			['T', ['n', 'k']],
			['W', [1, 'n']],
			['ONE', [1, 'n']],
			['M1', ['h1', 'n']],
			['M2', ['h2', 'n']],
			['P1', ['h1', 'in1']],
			['P2', ['h2', 'h1a']],
			['P3', ['k', 'h2a']],
		],
		outputs: [
			['G1', ['h1', 'in1']],
			['G2', ['h2', 'h1a']],
			['G3', ['k', 'h2a']],
			['CE', [1, 'n']],
		],
		opset: 17,
	});
}
