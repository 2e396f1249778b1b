// A one- or two-Conv ONNX model, written by hand (protobuf wire format, the few
// fields onnxruntime reads), so the benchmark needs no Python: the weights are
// the page's own tensors, stored as initializers (onnxruntime may pre-pack them).
// Field numbers are those of onnx/onnx.proto.

const utf8 = new TextEncoder();

function cat(parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function varint(v) {
  const b = [];
  for (; v > 127; v = Math.floor(v / 128)) b.push((v % 128) | 128);
  b.push(v);
  return Uint8Array.from(b);
}

const int = (field, v) => cat([varint(field * 8), varint(v)]);
const bytes = (field, body) => cat([varint(field * 8 + 2), varint(body.length), body]);
const str = (field, s) => bytes(field, utf8.encode(s));
const message = (field, ...parts) => bytes(field, cat(parts));

const FLOAT = 1;
// ValueInfoProto { name = 1, type = 2 { tensor_type = 1 { elem_type = 1, shape = 2 { dim = 1 { dim_value = 1 } } } } }
const valueInfo = (field, name, dims) =>
  message(field, str(1, name),
    message(2, message(1, int(1, FLOAT), message(2, ...dims.map((d) => message(1, int(1, d)))))));
// TensorProto { dims = 1, data_type = 2, name = 8, raw_data = 9 } (little-endian f32).
const initializer = (name, dims, data) =>
  message(5, ...dims.map((d) => int(1, d)), int(2, FLOAT), str(8, name),
    bytes(9, new Uint8Array(data.buffer, data.byteOffset, data.byteLength)));
// AttributeProto { name = 1, i = 3, ints = 8, type = 20 (INT = 2, INTS = 7) }
const attrInt = (name, v) => message(5, str(1, name), int(20, 2), int(3, v));
const attrInts = (name, vs) => message(5, str(1, name), int(20, 7), ...vs.map((v) => int(8, v)));

// NodeProto { input = 1, output = 2, op_type = 4, attribute = 5 }, for a
// conv-core Conv2dLayer (zero padding, no bias).
const convNode = (x, w, y, l) =>
  message(1, str(1, x), str(1, w), str(2, y), str(4, 'Conv'),
    attrInts('kernel_shape', l.kernel), attrInts('strides', l.stride),
    attrInts('dilations', l.dilation),
    attrInts('pads', [l.pads.top, l.pads.left, l.pads.bottom, l.pads.right]),
    attrInt('group', l.groups));

/** `stages`: [{ layer, weightDims, weight: Float32Array }], applied in order to
 *  input `x` of `inputDims`; the model's output `y` has `outputDims`. */
export function convModel(inputDims, stages, outputDims) {
  const names = stages.map((_, i) => (i === stages.length - 1 ? 'y' : `t${i}`));
  const graph = cat([
    ...stages.map((s, i) => convNode(i ? names[i - 1] : 'x', `w${i}`, names[i], s.layer)),
    str(2, 'bench'),
    ...stages.map((s, i) => initializer(`w${i}`, s.weightDims, s.weight)),
    valueInfo(11, 'x', inputDims),
    valueInfo(12, 'y', outputDims),
  ]);
  // ModelProto { ir_version = 1, graph = 7, opset_import = 8 { domain = 1, version = 2 } }
  return cat([int(1, 8), bytes(7, graph), message(8, str(1, ''), int(2, 17))]);
}
