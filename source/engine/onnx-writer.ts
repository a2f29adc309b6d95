/**
 * The few pieces of onnx.proto a small graph needs, written as protobuf bytes by hand (no onnx package): tensors,
 * attributes, nodes, value infos, graph and model. Field numbers are onnx.proto's, named where they are written.
 */
const utf8 = new TextEncoder();

/** Protobuf base-128 varint; negative int64 values as their 64-bit two's complement. */
function varint(value: number | bigint): number[] {
	let v = BigInt(value);
	if (v < 0n) v += 1n << 64n;
	const out: number[] = [];
	while (v >= 0x80n) {
		out.push(Number((v & 0x7fn) | 0x80n));
		v >>= 7n;
	}

	out.push(Number(v));
	return out;
}

/** One protobuf message under construction. */
export class ProtoMessage {
	readonly bytes: number[] = [];

	int(field: number, value: number | bigint): this {
		this.key(field, 0);
		this.bytes.push(...varint(value));
		return this;
	}

	float(field: number, value: number): this {
		this.key(field, 5);
		this.bytes.push(...new Uint8Array(Float32Array.of(value).buffer));
		return this;
	}

	data(field: number, data: ArrayLike<number>): this {
		this.key(field, 2);
		this.bytes.push(...varint(data.length));
		for (let i = 0; i < data.length; i++) this.bytes.push(data[i]!);
		return this;
	}

	string(field: number, text: string): this {
		return this.data(field, utf8.encode(text));
	}

	message(field: number, message: ProtoMessage): this {
		return this.data(field, message.bytes);
	}

	private key(field: number, wire: number): void {
		this.bytes.push(...varint((field << 3) | wire));
	}
}

export const elementType = {float: 1, int64: 7} as const;

/** A constant: TensorProto {dims 1, data_type 2, name 8, raw_data 9 (little-endian)}. */
export function tensorProto(name: string, type: 'float' | 'int64', dims: number[], values: number[]): ProtoMessage {
	const t = new ProtoMessage();
	for (const d of dims) t.int(1, d);
	t.int(2, elementType[type]);
	t.string(8, name);
	const raw = type === 'float' ? Float32Array.from(values) : BigInt64Array.from(values, BigInt);
	return t.data(9, new Uint8Array(raw.buffer));
}

export type AttributeValue = number | number[];

/** AttributeProto {name 1, f 2, i 3, ints 8, type 20 (FLOAT 1, INT 2, INTS 7)}: integers are INT, others FLOAT. */
function attributeProto(name: string, value: AttributeValue): ProtoMessage {
	const a = new ProtoMessage().string(1, name);
	if (Array.isArray(value)) {
		for (const v of value) a.int(8, v);
		return a.int(20, 7);
	}

	return Number.isInteger(value) ? a.int(3, value).int(20, 2) : a.float(2, value).int(20, 1);
}

export interface GraphNode {
	op: string;
	inputs: string[];
	outputs: string[];
	attributes?: Record<string, AttributeValue>;
}

/** NodeProto {input 1, output 2, name 3, op_type 4, attribute 5}. */
function nodeProto({op, inputs, outputs, attributes = {}}: GraphNode): ProtoMessage {
	const n = new ProtoMessage();
	for (const input of inputs) n.string(1, input);
	for (const output of outputs) n.string(2, output);
	n.string(3, `${op}_${outputs[0]}`).string(4, op);
	for (const [name, value] of Object.entries(attributes)) n.message(5, attributeProto(name, value));
	return n;
}

/** A float tensor's name and shape (numbers, or names of free dimensions): ValueInfoProto {name 1, type 2}. */
export type TensorInfo = [name: string, dims: Array<number | string>];

function valueInfoProto([name, dims]: TensorInfo): ProtoMessage {
	// TensorShapeProto {dim 1: {dim_value 1 | dim_param 2}} inside TypeProto {tensor_type 1: {elem_type 1, shape 2}}.
	const shape = new ProtoMessage();
	for (const d of dims) shape.message(1, typeof d === 'string' ? new ProtoMessage().string(2, d) : new ProtoMessage().int(1, d));
	const tensorType = new ProtoMessage().int(1, elementType.float).message(2, shape);
	return new ProtoMessage().string(1, name).message(2, new ProtoMessage().message(1, tensorType));
}

export interface GraphSpec {
	name: string;
	nodes: GraphNode[];
	constants: ProtoMessage[];
	inputs: TensorInfo[];
	outputs: TensorInfo[];
	/** The default domain's opset. */
	opset: number;
}

/** ModelProto {ir_version 1, producer_name 2, graph 7: GraphProto {node 1, name 2, initializer 5, input 11, output 12}, opset_import 8}. */
export function modelBytes({name, nodes, constants, inputs, outputs, opset}: GraphSpec): Uint8Array {
	const graph = new ProtoMessage();
	for (const node of nodes) graph.message(1, nodeProto(node));
	graph.string(2, name);
	for (const constant of constants) graph.message(5, constant);
	for (const input of inputs) graph.message(11, valueInfoProto(input));
	for (const output of outputs) graph.message(12, valueInfoProto(output));
	const model = new ProtoMessage().int(1, 8).string(2, 'pseudolabel-tui').message(7, graph);
	model.message(8, new ProtoMessage().string(1, '').int(2, opset));
	return Uint8Array.from(model.bytes);
}
