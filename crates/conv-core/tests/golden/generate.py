#!/usr/bin/env python3
"""Generates the golden cases in cases.json with onnxruntime as the reference peer.

Run from the repository root (see README.md beside this file):

    python crates/conv-core/tests/golden/generate.py

Each case is a PyTorch `nn.Conv2d` spec (the JSON conv-core's `Conv2dSpec` reads),
a seeded input and weight, and the output onnxruntime computes for the equivalent
ONNX graph on the CPU execution provider with one thread. PyTorch semantics are
mapped onto ONNX as follows:

* `padding="same"`: total = d*(k-1) per axis, top/left = total//2, bottom/right
  the rest (PyTorch's split); passed to Conv as explicit `pads`.
* `padding="valid"`: pads 0.
* `padding_mode` reflect / replicate / circular: the input is padded with
  `numpy.pad` (modes reflect / edge / wrap) and the Conv runs with pads 0.
* separable: one graph with two Conv nodes (depthwise, then 1x1); the
  intermediate is a second graph output.
* channel_shuffle: Reshape [n, g, c/g, h, w] -> Transpose [0, 2, 1, 3, 4] -> Reshape.

Every conv output is also checked against a float64 numpy loop here, so a wrong
pad order or group mapping in this script fails loudly instead of being baked
into the expected values.
"""

import json
import os
import platform
import sys

import numpy as np
import onnx
import onnxruntime as ort
from onnx import TensorProto, helper

SEED = 20261128
OPSET = 17
IR_VERSION = 8  # the IR version that goes with opset 17; any onnxruntime >= 1.11 loads it
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "cases.json")
COMMAND = "python crates/conv-core/tests/golden/generate.py"

rng = np.random.default_rng(SEED)


# ---------------------------------------------------------------- spec helpers


def pair(v):
    return [v, v] if isinstance(v, int) else list(v)


def full_spec(**kw):
    """A PyTorch Conv2d spec with every field present (PyTorch defaults filled in)."""
    spec = {
        "in_channels": kw.pop("in_channels"),
        "out_channels": kw.pop("out_channels"),
        "kernel_size": kw.pop("kernel_size"),
        "stride": kw.pop("stride", 1),
        "padding": kw.pop("padding", 0),
        "dilation": kw.pop("dilation", 1),
        "groups": kw.pop("groups", 1),
        "bias": kw.pop("bias", True),
        "padding_mode": kw.pop("padding_mode", "zeros"),
    }
    assert not kw, f"unknown spec fields {kw}"
    return spec


def resolved_pads(spec):
    """(top, bottom, left, right) exactly as PyTorch resolves `padding`."""
    p = spec["padding"]
    if p == "valid":
        return (0, 0, 0, 0)
    if p == "same":
        kh, kw = pair(spec["kernel_size"])
        dh, dw = pair(spec["dilation"])
        assert pair(spec["stride"]) == [1, 1], "PyTorch rejects 'same' with stride"
        th, tw = dh * (kh - 1), dw * (kw - 1)
        return (th // 2, th - th // 2, tw // 2, tw - tw // 2)
    ph, pw = pair(p)
    return (ph, ph, pw, pw)


NUMPY_PAD_MODE = {"reflect": "reflect", "replicate": "edge", "circular": "wrap"}


def pad_input(x, spec):
    """Applies a non-zero padding mode with numpy; returns (input, onnx pads)."""
    top, bottom, left, right = resolved_pads(spec)
    mode = spec["padding_mode"]
    if mode == "zeros":
        return x, [top, left, bottom, right]
    h, w = x.shape[2:]
    if mode == "reflect":
        assert max(top, bottom) < h and max(left, right) < w, "PyTorch rejects this reflect pad"
    if mode == "circular":
        assert max(top, bottom) <= h and max(left, right) <= w, "PyTorch rejects this circular pad"
    padded = np.pad(x, ((0, 0), (0, 0), (top, bottom), (left, right)), mode=NUMPY_PAD_MODE[mode])
    return padded, [0, 0, 0, 0]


def weight_shape(spec):
    kh, kw = pair(spec["kernel_size"])
    return [spec["out_channels"], spec["in_channels"] // spec["groups"], kh, kw]


def randn(*shape):
    return rng.standard_normal(shape).astype(np.float32)


# ---------------------------------------------------------------- onnx graphs


def conv_node(spec, x, w, b, y, pads):
    inputs = [x, w] + ([b] if b else [])
    return helper.make_node(
        "Conv",
        inputs,
        [y],
        group=spec["groups"],
        kernel_shape=pair(spec["kernel_size"]),
        strides=pair(spec["stride"]),
        dilations=pair(spec["dilation"]),
        pads=pads,
    )


def f32_info(name, shape):
    """A float tensor value; shape None gives four symbolic dims (onnxruntime infers them)."""
    if shape is None:
        shape = [f"{name}_{d}" for d in "nchw"]
    return helper.make_tensor_value_info(name, TensorProto.FLOAT, list(shape))


def session(graph):
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)])
    model.ir_version = IR_VERSION
    onnx.checker.check_model(model)
    so = ort.SessionOptions()
    so.intra_op_num_threads = 1
    so.inter_op_num_threads = 1
    so.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    return ort.InferenceSession(
        model.SerializeToString(), so, providers=["CPUExecutionProvider"]
    )


def run_conv(spec, x, w, b):
    xp, pads = pad_input(x, spec)
    feeds = {"X": xp, "W": w}
    inputs = [f32_info("X", xp.shape), f32_info("W", w.shape)]
    if b is not None:
        feeds["B"] = b
        inputs.append(f32_info("B", b.shape))
    node = conv_node(spec, "X", "W", "B" if b is not None else None, "Y", pads)
    graph = helper.make_graph([node], "conv", inputs, [f32_info("Y", None)])
    (y,) = session(graph).run(["Y"], feeds)
    return y


def run_separable(dw_spec, x, dw_w, dw_b, pw_spec, pw_w, pw_b):
    xp, pads = pad_input(x, dw_spec)
    assert resolved_pads(pw_spec) == (0, 0, 0, 0)
    feeds = {"X": xp, "DW": dw_w, "PW": pw_w}
    inputs = [f32_info("X", xp.shape), f32_info("DW", dw_w.shape), f32_info("PW", pw_w.shape)]
    for name, arr in (("DB", dw_b), ("PB", pw_b)):
        if arr is not None:
            feeds[name] = arr
            inputs.append(f32_info(name, arr.shape))
    nodes = [
        conv_node(dw_spec, "X", "DW", "DB" if dw_b is not None else None, "MID", pads),
        conv_node(pw_spec, "MID", "PW", "PB" if pw_b is not None else None, "Y", [0, 0, 0, 0]),
    ]
    outputs = [f32_info("MID", None), f32_info("Y", None)]
    graph = helper.make_graph(nodes, "separable", inputs, outputs)
    mid, y = session(graph).run(["MID", "Y"], feeds)
    return mid, y


def run_channel_shuffle(x, groups):
    n, c, h, w = x.shape
    shape5 = np.array([n, groups, c // groups, h, w], dtype=np.int64)
    shape4 = np.array([n, c, h, w], dtype=np.int64)
    nodes = [
        helper.make_node("Reshape", ["X", "S5"], ["G"]),
        helper.make_node("Transpose", ["G"], ["T"], perm=[0, 2, 1, 3, 4]),
        helper.make_node("Reshape", ["T", "S4"], ["Y"]),
    ]
    inits = [
        helper.make_tensor("S5", TensorProto.INT64, [5], shape5.tolist()),
        helper.make_tensor("S4", TensorProto.INT64, [4], shape4.tolist()),
    ]
    graph = helper.make_graph(
        nodes, "channel_shuffle", [f32_info("X", x.shape)], [f32_info("Y", x.shape)], inits
    )
    (y,) = session(graph).run(["Y"], {"X": x})
    return y


# ---------------------------------------------------------------- independent check


def numpy_conv(spec, x, w, b):
    """Direct float64 loop: out[n, oc] = sum over the group's input channels."""
    xp, _ = pad_input(x.astype(np.float64), spec)
    if spec["padding_mode"] == "zeros":
        top, bottom, left, right = resolved_pads(spec)
        xp = np.pad(xp, ((0, 0), (0, 0), (top, bottom), (left, right)))
    n, _, hp, wp = xp.shape
    co, cig, kh, kw = w.shape
    sh, sw = pair(spec["stride"])
    dh, dw = pair(spec["dilation"])
    oh = (hp - dh * (kh - 1) - 1) // sh + 1
    ow = (wp - dw * (kw - 1) - 1) // sw + 1
    cog = co // spec["groups"]
    out = np.zeros((n, co, oh, ow))
    for oc in range(co):
        g = oc // cog
        for ci in range(cig):
            for i in range(kh):
                for j in range(kw):
                    patch = xp[:, g * cig + ci, i * dh : i * dh + sh * (oh - 1) + 1 : sh,
                               j * dw : j * dw + sw * (ow - 1) + 1 : sw]
                    out[:, oc] += w[oc, ci, i, j] * patch
        if b is not None:
            out[:, oc] += b[oc]
    return out


def check_close(name, got, want):
    assert got.shape == want.shape, f"{name}: onnxruntime shape {got.shape} vs numpy {want.shape}"
    err = np.abs(got - want) / np.maximum(1.0, np.abs(want))
    assert err.max() <= 1e-5, f"{name}: onnxruntime and numpy disagree by {err.max()}"


# ---------------------------------------------------------------- json


def f32_text(v):
    """Shortest decimal that reads back (via f64, as serde_json does) as the same f32."""
    s = str(np.float32(v))
    assert np.float32(float(s)) == np.float32(v), s
    return s


class Floats:
    """A float32 array to be written as one line of shortest round-tripping decimals."""

    def __init__(self, arr):
        self.arr = np.asarray(arr, dtype=np.float32).ravel()


def dump(obj, indent=0):
    pad = "  " * indent
    if isinstance(obj, Floats):
        return "[" + ", ".join(f32_text(v) for v in self_check(obj.arr)) + "]"
    if isinstance(obj, dict) and not any(isinstance(v, (dict, Floats)) for v in obj.values()):
        return json.dumps(obj)  # a spec or the like: one line
    if isinstance(obj, dict):
        items = [f'{pad}  {json.dumps(k)}: {dump(v, indent + 1)}' for k, v in obj.items()]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(obj, list) and any(isinstance(v, dict) for v in obj):
        items = [pad + "  " + dump(v, indent + 1) for v in obj]
        return "[\n" + ",\n".join(items) + "\n" + pad + "]"
    return json.dumps(obj)


def self_check(arr):
    assert np.all(np.isfinite(arr))
    return arr


# ---------------------------------------------------------------- cases


def conv_case(name, input_shape, **kw):
    spec = full_spec(**kw)
    x = randn(*input_shape)
    w = randn(*weight_shape(spec))
    b = randn(spec["out_channels"]) if spec["bias"] else None
    y = run_conv(spec, x, w, b)
    check_close(name, y, numpy_conv(spec, x, w, b))
    return {
        "name": name,
        "op": "conv2d",
        "spec": spec,
        "input_shape": list(x.shape),
        "input": Floats(x),
        "weight_shape": list(w.shape),
        "weight": Floats(w),
        "bias": Floats(b) if b is not None else None,
        "output_shape": list(y.shape),
        "output": Floats(y),
    }


def separable_case(name, input_shape, dw, pw):
    dw_spec, pw_spec = full_spec(**dw), full_spec(**pw)
    x = randn(*input_shape)
    dw_w = randn(*weight_shape(dw_spec))
    dw_b = randn(dw_spec["out_channels"]) if dw_spec["bias"] else None
    pw_w = randn(*weight_shape(pw_spec))
    pw_b = randn(pw_spec["out_channels"]) if pw_spec["bias"] else None
    mid, y = run_separable(dw_spec, x, dw_w, dw_b, pw_spec, pw_w, pw_b)
    check_close(name + " (intermediate)", mid, numpy_conv(dw_spec, x, dw_w, dw_b))
    check_close(name, y, numpy_conv(pw_spec, mid, pw_w, pw_b))
    return {
        "name": name,
        "op": "separable",
        "spec": dw_spec,
        "input_shape": list(x.shape),
        "input": Floats(x),
        "weight_shape": list(dw_w.shape),
        "weight": Floats(dw_w),
        "bias": Floats(dw_b) if dw_b is not None else None,
        "pw_spec": pw_spec,
        "pw_weight_shape": list(pw_w.shape),
        "pw_weight": Floats(pw_w),
        "pw_bias": Floats(pw_b) if pw_b is not None else None,
        "intermediate_shape": list(mid.shape),
        "intermediate": Floats(mid),
        "output_shape": list(y.shape),
        "output": Floats(y),
    }


def shuffle_case(name, input_shape, groups):
    x = randn(*input_shape)
    y = run_channel_shuffle(x, groups)
    n, c, h, w = x.shape
    want = x.reshape(n, groups, c // groups, h, w).transpose(0, 2, 1, 3, 4).reshape(n, c, h, w)
    assert np.array_equal(y, want), name
    return {
        "name": name,
        "op": "channel_shuffle",
        "groups": groups,
        "input_shape": list(x.shape),
        "input": Floats(x),
        "output_shape": list(y.shape),
        "output": Floats(y),
    }


def cases():
    c = conv_case
    return [
        # Grouped: groups neither 1 nor C_in, C_out != C_in (burn's group-indexing bugs).
        c("grouped_g2_4to6_k3_p1", [1, 4, 5, 5], in_channels=4, out_channels=6, kernel_size=3, padding=1, groups=2),
        c("grouped_g4_8to12_k3_s2_nobias", [1, 8, 7, 7], in_channels=8, out_channels=12, kernel_size=3, stride=2, padding=1, groups=4, bias=False),
        c("grouped_g3_6to3_k2", [1, 6, 4, 5], in_channels=6, out_channels=3, kernel_size=2, groups=3),
        c("grouped_g4_16to8_k3_s2_p0", [1, 16, 8, 8], in_channels=16, out_channels=8, kernel_size=3, stride=2, groups=4),
        c("standard_g1_3to5_k3_p1", [1, 3, 6, 6], in_channels=3, out_channels=5, kernel_size=3, padding=1),
        # Depthwise, with depth multipliers 1, 2 and 3.
        c("depthwise_c4_k3_p1", [1, 4, 6, 6], in_channels=4, out_channels=4, kernel_size=3, padding=1, groups=4),
        c("depthwise_c4_k3_p1_nobias", [1, 4, 5, 7], in_channels=4, out_channels=4, kernel_size=3, padding=1, groups=4, bias=False),
        c("depthwise_mult2_c3to6_k3_p1", [1, 3, 5, 5], in_channels=3, out_channels=6, kernel_size=3, padding=1, groups=3),
        c("depthwise_mult3_c4to12_k3_s2_p1", [1, 4, 7, 6], in_channels=4, out_channels=12, kernel_size=3, stride=2, padding=1, groups=4),
        c("depthwise_c6_k5_p2_nobias", [1, 6, 6, 6], in_channels=6, out_channels=6, kernel_size=5, padding=2, groups=6, bias=False),
        # Pointwise 1x1.
        c("pointwise_g1_4to8", [1, 4, 4, 5], in_channels=4, out_channels=8, kernel_size=1),
        c("pointwise_g2_8to4_nobias", [1, 8, 3, 4], in_channels=8, out_channels=4, kernel_size=1, groups=2, bias=False),
        c("pointwise_g4_8to12", [1, 8, 3, 3], in_channels=8, out_channels=12, kernel_size=[1, 1], groups=4),
        c("conv1x1_stride2", [1, 4, 5, 5], in_channels=4, out_channels=6, kernel_size=1, stride=2),
        # Stride, dilation, rectangular kernels, asymmetric padding.
        c("strided_s2_k3_p1", [1, 2, 7, 7], in_channels=2, out_channels=4, kernel_size=3, stride=2, padding=1),
        c("strided_s3_k3_p0_ragged", [1, 2, 8, 8], in_channels=2, out_channels=2, kernel_size=3, stride=3),
        c("dilated_d2_k3_p2_g2", [1, 4, 7, 7], in_channels=4, out_channels=4, kernel_size=3, padding=2, dilation=2, groups=2),
        c("dilated_d2x3_k3_s2", [1, 2, 9, 10], in_channels=2, out_channels=3, kernel_size=3, stride=2, dilation=[2, 3], padding=[1, 2]),
        c("rect_k3x5_s2x1_p1x2", [1, 3, 7, 8], in_channels=3, out_channels=4, kernel_size=[3, 5], stride=[2, 1], padding=[1, 2]),
        c("rect_k1x3_dw_p0x1", [1, 4, 3, 6], in_channels=4, out_channels=4, kernel_size=[1, 3], padding=[0, 1], groups=4),
        c("asym_pad_2x0", [1, 2, 5, 5], in_channels=2, out_channels=3, kernel_size=3, padding=[2, 0]),
        c("asym_pad_0x1_g2_nobias", [1, 4, 4, 6], in_channels=4, out_channels=2, kernel_size=[2, 3], padding=[0, 1], groups=2, bias=False),
        # "same" (odd and even kernels, dilated) and "valid".
        c("same_k3", [1, 3, 5, 6], in_channels=3, out_channels=3, kernel_size=3, padding="same"),
        c("same_k4_even_extra_bottom_right", [1, 2, 5, 5], in_channels=2, out_channels=4, kernel_size=4, padding="same", groups=2),
        c("same_k4x2_d1x3", [1, 2, 6, 7], in_channels=2, out_channels=2, kernel_size=[4, 2], dilation=[1, 3], padding="same"),
        c("same_dw_k2_nobias", [1, 3, 4, 4], in_channels=3, out_channels=3, kernel_size=2, padding="same", groups=3, bias=False),
        c("valid_k3", [1, 2, 5, 6], in_channels=2, out_channels=4, kernel_size=3, padding="valid"),
        c("valid_dw_k3_s2", [1, 4, 6, 6], in_channels=4, out_channels=4, kernel_size=3, stride=2, padding="valid", groups=4),
        # Every padding mode, padding > 0.
        c("mode_zeros_p1x2_g2", [1, 4, 5, 6], in_channels=4, out_channels=6, kernel_size=3, padding=[1, 2], groups=2, padding_mode="zeros"),
        c("mode_reflect_p1x2_g2", [1, 4, 5, 6], in_channels=4, out_channels=6, kernel_size=3, padding=[1, 2], groups=2, padding_mode="reflect"),
        c("mode_replicate_p1x2_g2", [1, 4, 5, 6], in_channels=4, out_channels=6, kernel_size=3, padding=[1, 2], groups=2, padding_mode="replicate"),
        c("mode_circular_p1x2_g2", [1, 4, 5, 6], in_channels=4, out_channels=6, kernel_size=3, padding=[1, 2], groups=2, padding_mode="circular"),
        c("mode_reflect_dw_p2_s2", [1, 3, 5, 5], in_channels=3, out_channels=3, kernel_size=3, stride=2, padding=2, groups=3, padding_mode="reflect"),
        c("mode_replicate_p3_k3", [1, 2, 4, 4], in_channels=2, out_channels=2, kernel_size=3, padding=3, padding_mode="replicate"),
        c("mode_circular_full_wrap_p3", [1, 2, 3, 4], in_channels=2, out_channels=2, kernel_size=3, padding=3, padding_mode="circular", bias=False),
        c("mode_reflect_same_k4", [1, 2, 5, 5], in_channels=2, out_channels=2, kernel_size=4, padding="same", padding_mode="reflect"),
        c("mode_circular_same_k2x3_dw", [1, 3, 4, 5], in_channels=3, out_channels=6, kernel_size=[2, 3], padding="same", groups=3, padding_mode="circular"),
        c("mode_replicate_d2_p2x1", [1, 2, 5, 5], in_channels=2, out_channels=2, kernel_size=3, dilation=2, padding=[2, 1], padding_mode="replicate"),
        # Batch > 1.
        c("batch2_grouped_g2_k3_p1", [2, 4, 4, 4], in_channels=4, out_channels=6, kernel_size=3, padding=1, groups=2),
        c("batch3_dw_mult2_reflect", [3, 2, 4, 5], in_channels=2, out_channels=4, kernel_size=3, padding=1, groups=2, padding_mode="reflect"),
        c("batch2_pointwise_g1", [2, 3, 3, 3], in_channels=3, out_channels=5, kernel_size=1, bias=False),
        # One-pixel inputs.
        c("one_pixel_k1", [1, 3, 1, 1], in_channels=3, out_channels=2, kernel_size=1),
        c("one_pixel_k3_p1", [1, 2, 1, 1], in_channels=2, out_channels=3, kernel_size=3, padding=1),
        c("one_pixel_dw_k3_p1_replicate", [1, 2, 1, 1], in_channels=2, out_channels=2, kernel_size=3, padding=1, groups=2, padding_mode="replicate"),
        c("one_pixel_k3_p1_circular", [2, 2, 1, 1], in_channels=2, out_channels=2, kernel_size=3, padding=1, padding_mode="circular", bias=False),
        # A slightly larger layer, so accumulation order differences show up.
        c("larger_g4_32to32_k3_p1", [1, 32, 8, 8], in_channels=32, out_channels=32, kernel_size=3, padding=1, groups=4),
        # Depthwise-separable: depthwise then pointwise, intermediate recorded.
        separable_case(
            "separable_c4_k3_p1_to8",
            [1, 4, 5, 5],
            dict(in_channels=4, out_channels=4, kernel_size=3, padding=1, groups=4),
            dict(in_channels=4, out_channels=8, kernel_size=1),
        ),
        separable_case(
            "separable_mult2_s2_nobias_dw",
            [2, 3, 6, 6],
            dict(in_channels=3, out_channels=6, kernel_size=3, stride=2, padding=1, groups=3, bias=False),
            dict(in_channels=6, out_channels=4, kernel_size=1),
        ),
        separable_case(
            "separable_same_replicate_pw_g2",
            [1, 4, 4, 5],
            dict(in_channels=4, out_channels=4, kernel_size=[3, 2], padding="same", groups=4, padding_mode="replicate"),
            dict(in_channels=4, out_channels=6, kernel_size=1, groups=2, bias=False),
        ),
        # Channel shuffle (ShuffleNet).
        shuffle_case("channel_shuffle_c6_g2_batch2", [2, 6, 3, 3], 2),
        shuffle_case("channel_shuffle_c12_g3", [1, 12, 2, 2], 3),
        shuffle_case("channel_shuffle_c4_g4_identity", [1, 4, 2, 3], 4),
        # Larger layers for the fast paths' edges: GEMM row/column tails (C_out and
        # H*W not multiples of the micro-tile), more than one packed column block
        # (depth C_in/g*kH*kW = 576), and depthwise rows with an interior and a border.
        c("gemm_blocks_64to6_k3_p1", [1, 64, 9, 11], in_channels=64, out_channels=6, kernel_size=3, padding=1),
        c("gemm_tails_g1_7to13_k1", [1, 7, 5, 7], in_channels=7, out_channels=13, kernel_size=1),
        c("gemm_tails_g3_9to15_k3_s2_replicate", [2, 9, 9, 7], in_channels=9, out_channels=15, kernel_size=3, stride=2, padding=1, groups=3, padding_mode="replicate"),
        c("depthwise_wide_mult2_s2_d2_reflect", [1, 3, 13, 15], in_channels=3, out_channels=6, kernel_size=3, stride=2, dilation=2, padding=2, groups=3, padding_mode="reflect"),
        c("depthwise_wide_k5_s2_p2x1_circular", [1, 2, 11, 9], in_channels=2, out_channels=2, kernel_size=5, stride=2, padding=[2, 1], groups=2, padding_mode="circular", bias=False),
        c("depthwise_wide_k3x1_s1x3_zeros", [1, 4, 6, 17], in_channels=4, out_channels=4, kernel_size=[3, 1], stride=[1, 3], padding=[1, 0], groups=4),
    ]


def main():
    all_cases = cases()
    names = [c["name"] for c in all_cases]
    assert len(names) == len(set(names)), "case names must be unique"
    doc = {
        "generator": {
            "command": COMMAND,
            "seed": SEED,
            "onnxruntime": ort.__version__,
            "onnx": onnx.__version__,
            "numpy": np.__version__,
            "python": platform.python_version(),
            "opset": OPSET,
            "execution_provider": "CPUExecutionProvider, intra_op_num_threads=1, inter_op_num_threads=1",
            "tolerance": "|got - expected| <= 1e-4 * max(1, |expected|)",
        },
        "cases": all_cases,
    }
    text = dump(doc) + "\n"
    json.loads(text)  # must be valid JSON
    with open(OUT, "w") as f:
        f.write(text)
    print(f"wrote {len(all_cases)} cases, {len(text)} bytes to {os.path.relpath(OUT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
