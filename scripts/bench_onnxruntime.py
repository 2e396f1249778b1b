#!/usr/bin/env python3
"""Times onnxruntime on conv-core's benchmark shape suite, for docs/PERFORMANCE.md.

    python scripts/bench_onnxruntime.py                 # table
    python scripts/bench_onnxruntime.py --json          # JSON on stdout, table on stderr
    python scripts/bench_onnxruntime.py --json --out docs/bench/onnxruntime.json

onnxruntime runs on the CPU execution provider with one intra-op and one inter-op
thread, sequential execution and all graph optimisations on, so it is compared
with conv-core's single-threaded kernels like for like. Weights (and bias) are
graph initializers, as in a deployed model, so onnxruntime may pre-pack them; the
input and output are bound once with IOBinding so the timed loop holds only the
Conv itself (plus a few microseconds of Python call overhead).

FLOPs = 2 * MACs, MACs = N * C_out * (C_in / groups) * kH * kW * H_out * W_out.
The time per shape is the median of --runs timed runs after --warmup runs; with
--repeat R (default 3) that is done R times and the lowest median is reported,
since on a shared machine other processes can only slow a block down.
"""

import argparse
import json
import os
import platform
import re
import statistics
import sys
import time

import numpy as np
import onnx
import onnxruntime as ort
from onnx import TensorProto, helper, numpy_helper

OPSET = 17
IR_VERSION = 8

# The shape suite: a copy of `conv_core::bench_suite::shapes()`
# (crates/conv-core/src/bench_suite.rs), which `conv bench` and the criterion bench
# time. Keep the two in step: same names, same layers, same input shapes.
# (name, PyTorch Conv2d spec, input shape [n, c, h, w])
SUITE = [
    ("dw3x3_32ch_112", dict(in_channels=32, out_channels=32, kernel_size=3, padding=1, groups=32, bias=False), [1, 32, 112, 112]),
    ("dw3x3_128ch_56", dict(in_channels=128, out_channels=128, kernel_size=3, padding=1, groups=128, bias=False), [1, 128, 56, 56]),
    ("dw3x3_512ch_14", dict(in_channels=512, out_channels=512, kernel_size=3, padding=1, groups=512, bias=False), [1, 512, 14, 14]),
    ("dw3x3_s2_64ch_112", dict(in_channels=64, out_channels=64, kernel_size=3, stride=2, padding=1, groups=64, bias=False), [1, 64, 112, 112]),
    ("pw1x1_32to64_112", dict(in_channels=32, out_channels=64, kernel_size=1, bias=False), [1, 32, 112, 112]),
    ("pw1x1_128to256_56", dict(in_channels=128, out_channels=256, kernel_size=1, bias=False), [1, 128, 56, 56]),
    ("pw1x1_512to1024_14", dict(in_channels=512, out_channels=1024, kernel_size=1, bias=False), [1, 512, 14, 14]),
    ("grouped3x3_128ch_g32_56", dict(in_channels=128, out_channels=128, kernel_size=3, padding=1, groups=32, bias=False), [1, 128, 56, 56]),
    ("standard3x3_64ch_56", dict(in_channels=64, out_channels=64, kernel_size=3, padding=1, bias=False), [1, 64, 56, 56]),
]


def pair(v):
    return [v, v] if isinstance(v, int) else list(v)


def geometry(spec, input_shape):
    n, c, h, w = input_shape
    assert c == spec["in_channels"]
    kh, kw = pair(spec["kernel_size"])
    sh, sw = pair(spec.get("stride", 1))
    dh, dw = pair(spec.get("dilation", 1))
    ph, pw = pair(spec.get("padding", 0))
    oh = (h + 2 * ph - dh * (kh - 1) - 1) // sh + 1
    ow = (w + 2 * pw - dw * (kw - 1) - 1) // sw + 1
    out = [n, spec["out_channels"], oh, ow]
    groups = spec.get("groups", 1)
    macs = n * spec["out_channels"] * (c // groups) * kh * kw * oh * ow
    return out, macs


def build_model(spec, input_shape, rng):
    """The layer as a one-node ONNX model, weights (and bias) as initializers."""
    groups = spec.get("groups", 1)
    kh, kw = pair(spec["kernel_size"])
    ph, pw = pair(spec.get("padding", 0))
    w = rng.standard_normal((spec["out_channels"], spec["in_channels"] // groups, kh, kw)).astype(np.float32)
    inits = [numpy_helper.from_array(w, "W")]
    inputs = ["X", "W"]
    if spec.get("bias", True):
        inits.append(numpy_helper.from_array(rng.standard_normal(spec["out_channels"]).astype(np.float32), "B"))
        inputs.append("B")
    node = helper.make_node(
        "Conv",
        inputs,
        ["Y"],
        group=groups,
        kernel_shape=[kh, kw],
        strides=pair(spec.get("stride", 1)),
        dilations=pair(spec.get("dilation", 1)),
        pads=[ph, pw, ph, pw],
    )
    out_shape, _ = geometry(spec, input_shape)
    graph = helper.make_graph(
        [node],
        "bench",
        [helper.make_tensor_value_info("X", TensorProto.FLOAT, input_shape)],
        [helper.make_tensor_value_info("Y", TensorProto.FLOAT, out_shape)],
        inits,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)])
    model.ir_version = IR_VERSION
    onnx.checker.check_model(model)
    return model, out_shape


def build_session(spec, input_shape, rng):
    model, out_shape = build_model(spec, input_shape, rng)
    so = ort.SessionOptions()
    so.intra_op_num_threads = 1
    so.inter_op_num_threads = 1
    so.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    sess = ort.InferenceSession(model.SerializeToString(), so, providers=["CPUExecutionProvider"])
    return sess, out_shape


def bench_one(name, spec, input_shape, warmup, runs, repeat, rng):
    sess, out_shape = build_session(spec, input_shape, rng)
    x = rng.standard_normal(input_shape).astype(np.float32)
    y = np.empty(out_shape, dtype=np.float32)
    binding = sess.io_binding()
    binding.bind_ortvalue_input("X", ort.OrtValue.ortvalue_from_numpy(x))
    binding.bind_ortvalue_output("Y", ort.OrtValue.ortvalue_from_numpy(y))
    for _ in range(warmup):
        sess.run_with_iobinding(binding)
    medians, fastest = [], float("inf")
    for _ in range(repeat):
        times = []
        for _ in range(runs):
            t0 = time.perf_counter()
            sess.run_with_iobinding(binding)
            times.append(time.perf_counter() - t0)
        medians.append(statistics.median(times))
        fastest = min(fastest, min(times))
    _, macs = geometry(spec, input_shape)
    # On a shared machine other processes only ever slow a block down, so the
    # lowest block median is the best estimate of the undisturbed median.
    median = min(medians)
    full_spec = {"in_channels": spec["in_channels"], "out_channels": spec["out_channels"]}
    full_spec.update(spec)
    return {
        "name": name,
        "spec": full_spec,
        "input_shape": input_shape,
        "output_shape": out_shape,
        "macs": macs,
        "flops": 2 * macs,
        "runs": runs,
        "warmup": warmup,
        "median_ms": median * 1e3,
        "block_medians_ms": [round(m * 1e3, 4) for m in medians],
        "min_ms": fastest * 1e3,
        "gflops": 2 * macs / median / 1e9,
    }


def call_overhead_ms(runs):
    """Median time of one run_with_iobinding on a 1-element Identity graph: the fixed
    per-call cost (Python, binding, session) included in every figure above."""
    graph = helper.make_graph(
        [helper.make_node("Identity", ["X"], ["Y"])],
        "overhead",
        [helper.make_tensor_value_info("X", TensorProto.FLOAT, [1])],
        [helper.make_tensor_value_info("Y", TensorProto.FLOAT, [1])],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)])
    model.ir_version = IR_VERSION
    so = ort.SessionOptions()
    so.intra_op_num_threads = 1
    so.inter_op_num_threads = 1
    sess = ort.InferenceSession(model.SerializeToString(), so, providers=["CPUExecutionProvider"])
    binding = sess.io_binding()
    binding.bind_ortvalue_input("X", ort.OrtValue.ortvalue_from_numpy(np.zeros(1, np.float32)))
    binding.bind_ortvalue_output("Y", ort.OrtValue.ortvalue_from_numpy(np.zeros(1, np.float32)))
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        sess.run_with_iobinding(binding)
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1e3


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            lines = f.read().splitlines()
    except OSError:
        return platform.processor() or "unknown", []
    model = next((l.split(":", 1)[1].strip() for l in lines if l.startswith("model name")), "unknown")
    flags = next((l.split(":", 1)[1].split() for l in lines if l.startswith("flags")), [])
    wanted = ["sse4_2", "avx", "avx2", "fma", "avx512f", "avx512bw", "avx512vl", "avx512_vnni", "amx_tile"]
    return model, [f for f in wanted if f in flags]


def machine():
    model, flags = cpu_model()
    env_keys = ["OPENBLAS_CORETYPE", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"]
    return {
        "nproc": os.cpu_count(),
        "cpu_model": model,
        "cpu_flags": flags,
        "platform": platform.platform(),
        "env": {k: os.environ.get(k) for k in env_keys},
        "loadavg_at_start": open("/proc/loadavg").read().split()[:3] if os.path.exists("/proc/loadavg") else None,
    }


def table(results):
    head = f"{'shape':<26} {'input':<18} {'MFLOP':>9} {'median ms':>10} {'min ms':>9} {'GFLOP/s':>8}"
    rows = [head, "-" * len(head)]
    for r in results:
        shape = "x".join(map(str, r["input_shape"]))
        rows.append(
            f"{r['name']:<26} {shape:<18} {r['flops'] / 1e6:>9.1f} {r['median_ms']:>10.3f} "
            f"{r['min_ms']:>9.3f} {r['gflops']:>8.2f}"
        )
    return "\n".join(rows)


def markdown(results):
    """Rows for the results table in docs/PERFORMANCE.md (conv-core column left TODO)."""
    return "\n".join(
        f"| `{r['name']}` | TODO | {r['gflops']:.1f} | {r['median_ms']:.3f} | TODO |" for r in results
    )


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--json", action="store_true", help="print JSON on stdout (the table goes to stderr)")
    ap.add_argument("--out", help="also write the JSON to this file")
    ap.add_argument("--runs", type=int, default=100, help="timed runs per shape (default 100)")
    ap.add_argument("--repeat", type=int, default=3, help="blocks of --runs; the lowest block median is reported (default 3)")
    ap.add_argument("--warmup", type=int, default=10, help="untimed runs first (default 10)")
    ap.add_argument("--markdown", action="store_true", help="print Markdown table rows instead of the table")
    ap.add_argument("--only", help="run only shapes whose name contains this")
    args = ap.parse_args()
    host = machine()  # before the runs, so the load average is other processes'
    rng = np.random.default_rng(0)
    suite = [s for s in SUITE if not args.only or args.only in s[0]]
    results = [
        bench_one(name, spec, shape, args.warmup, args.runs, args.repeat, rng) for name, spec, shape in suite
    ]
    doc = {
        "tool": "onnxruntime",
        "command": "python scripts/bench_onnxruntime.py " + " ".join(sys.argv[1:]),
        "versions": {
            "onnxruntime": ort.__version__,
            "onnx": onnx.__version__,
            "numpy": np.__version__,
            "python": platform.python_version(),
        },
        "settings": {
            "execution_provider": "CPUExecutionProvider",
            "intra_op_num_threads": 1,
            "inter_op_num_threads": 1,
            "execution_mode": "sequential",
            "graph_optimization_level": "ORT_ENABLE_ALL",
            "io_binding": True,
            "warmup": args.warmup,
            "runs": args.runs,
            "repeat": args.repeat,
            "statistic": "lowest of the per-block medians (block_medians_ms holds them all)",
            "flops": "2 * N * C_out * (C_in / groups) * kH * kW * H_out * W_out",
        },
        "machine": host,
        "call_overhead_ms": call_overhead_ms(max(args.runs, 100)),
        "results": results,
    }
    text = json.dumps(doc, indent=2) + "\n"
    # Lists of plain numbers (shapes, block medians) on one line each.
    text = re.sub(r"\[\s+([-0-9.e,\s]+?)\s+\]", lambda m: "[" + re.sub(r",\s+", ", ", m.group(1)) + "]", text)
    if args.out:
        os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
        with open(args.out, "w") as f:
            f.write(text)
    shown = markdown(results) if args.markdown else table(results)
    if args.json:
        sys.stdout.write(text)
        print(shown, file=sys.stderr)
    else:
        print(shown)


if __name__ == "__main__":
    main()
