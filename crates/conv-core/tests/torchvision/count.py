#!/usr/bin/env python3
"""Counts every conv and linear layer of ten torchvision models, as PyTorch runs them.

Run from the repository root (see README.md beside this file):

    python crates/conv-core/tests/torchvision/count.py

For each model (``weights=None``, eval mode) and each resolution, a forward hook on
every ``nn.Conv2d`` and ``nn.Linear`` records, in the order the hooks fire (execution
order), the module's qualified name, its arguments, the shapes it saw and its cost:

* conv MACs   = output.numel() * (in_channels / groups) * kh * kw
* linear MACs = output.numel() * in_features  (so a Linear on ConvNeXt's NHWC map
  counts every one of its H*W positions)
* params      = weight.numel() + bias.numel()

Kinds follow conv-core's ``LayerKind::of``: Linear -> fully_connected; groups == 1
and a 1x1 kernel -> pointwise; groups == 1 otherwise -> standard; groups ==
in_channels -> depthwise; anything else -> grouped.

Totals are over the conv and linear layers only (batch norm, layer norm, layer
scale, activations and pools are left out, as in docs/CONVENTIONS.md). At 224 each
model's total is printed next to torchvision's documented GFLOPS (``meta["_ops"]``,
which counts multiply-adds) and the script fails if they disagree at the precision
torchvision prints. ``crates/conv-core/tests/torchvision.rs`` checks conv-core's
presets against every number written here.

``count_layers`` is also used by ``tests/fixtures/onnx/export.py``.
"""

import json
import os
import platform
import sys

import torch
import torchvision
from torch import nn
from torchvision.models import get_model, get_model_weights

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "counts.json")
COMMAND = "python crates/conv-core/tests/torchvision/count.py"

# torchvision builder name -> conv-core preset id.
MODELS = [
    ("mobilenet_v2", "mobilenet-v2"),
    ("mobilenet_v3_large", "mobilenet-v3-large"),
    ("mobilenet_v3_small", "mobilenet-v3-small"),
    ("shufflenet_v2_x1_0", "shufflenet-v2-x1.0"),
    ("resnet50", "resnet-50"),
    ("resnext50_32x4d", "resnext50-32x4d"),
    ("efficientnet_b0", "efficientnet-b0"),
    ("convnext_tiny", "convnext-tiny"),
    ("regnet_x_400mf", "regnet-x-400mf"),
    ("regnet_y_400mf", "regnet-y-400mf"),
]

# 224 is what torchvision documents; 160 and 320 are multiples of the output stride
# (32); 193 is odd and not a multiple of 32, so every stride-2 layer's floor rounding
# and ConvNeXt's unpadded 4x4/4 and 2x2/2 convs are exercised. Every model accepts
# all four (ConvNeXt, the strictest, needs at least 32).
RESOLUTIONS = [160, 193, 224, 320]

KINDS = ["standard", "grouped", "depthwise", "pointwise", "fully_connected"]


def kind_of(m):
    if isinstance(m, nn.Linear):
        return "fully_connected"
    if m.groups == 1:
        return "pointwise" if tuple(m.kernel_size) == (1, 1) else "standard"
    if m.groups == m.in_channels:
        return "depthwise"
    return "grouped"


def describe(name, m, inp, out):
    """One layer as recorded: arguments, shapes and cost."""
    params = sum(p.numel() for p in m.parameters(recurse=False))
    if isinstance(m, nn.Conv2d):
        assert isinstance(m.padding, tuple), f"{name}: string padding {m.padding!r}"
        kh, kw = m.kernel_size
        macs = out.numel() * (m.in_channels // m.groups) * kh * kw
        args = {
            "type": "Conv2d",
            "in": m.in_channels,
            "out": m.out_channels,
            "kernel": list(m.kernel_size),
            "stride": list(m.stride),
            "padding": list(m.padding),
            "dilation": list(m.dilation),
            "groups": m.groups,
        }
        assert m.padding_mode == "zeros", f"{name}: padding_mode {m.padding_mode}"
    else:
        macs = out.numel() * m.in_features
        args = {
            "type": "Linear",
            "in": m.in_features,
            "out": m.out_features,
            "kernel": None,
            "stride": None,
            "padding": None,
            "dilation": None,
            "groups": None,
        }
    return {
        "name": name,
        "kind": kind_of(m),
        **args,
        "bias": m.bias is not None,
        "input": list(inp.shape),
        "output": list(out.shape),
        "macs": macs,
        "params": params,
    }


def count_layers(model, x):
    """Runs `model` once on `x` (no grad) and returns its conv and linear layers in
    hook order."""
    layers = []
    handles = []
    for name, m in model.named_modules():
        if isinstance(m, (nn.Conv2d, nn.Linear)):
            hook = lambda mod, args, out, name=name: layers.append(describe(name, mod, args[0], out))
            handles.append(m.register_forward_hook(hook))
    with torch.no_grad():
        model(x)
    for h in handles:
        h.remove()
    return layers


def totals(layers):
    by_kind = {}
    for k in KINDS:
        of_kind = [l for l in layers if l["kind"] == k]
        if of_kind:
            by_kind[k] = {
                "layers": len(of_kind),
                "macs": sum(l["macs"] for l in of_kind),
                "params": sum(l["params"] for l in of_kind),
            }
    return {
        "layers": len(layers),
        "macs": sum(l["macs"] for l in layers),
        "params": sum(l["params"] for l in layers),
        "by_kind": by_kind,
    }


def build(tv_name):
    torch.manual_seed(0)  # weights play no part in the counts; this keeps exports stable
    return get_model(tv_name, weights=None).eval()


def documented(tv_name):
    """torchvision's documented GFLOPS and parameter count (first weights entry)."""
    meta = list(get_model_weights(tv_name))[0].meta
    return {"gflops": meta["_ops"], "num_params": meta["num_params"], "min_size": list(meta["min_size"])}


def count_model(tv_name, preset, resolution):
    model = build(tv_name)
    layers = count_layers(model, torch.zeros(1, 3, resolution, resolution))
    return {
        "torchvision": tv_name,
        "preset": preset,
        "resolution": resolution,
        "all_params": sum(p.numel() for p in model.parameters()),
        "totals": totals(layers),
        "layers": layers,
    }


def check_documented(entry, doc):
    """At 224: our MACs against torchvision's GFLOPS (3 decimals) and its parameter
    count against all of the model's parameters. Returns an error message or None."""
    t = entry["totals"]
    gmacs = t["macs"] / 1e9
    print(
        f"{entry['torchvision']:>20} @224: {t['macs']:>13,} MACs = {gmacs:.3f} G"
        f" (torchvision: {doc['gflops']}), conv+linear params {t['params']:>10,}"
        f" of {entry['all_params']:>10,} (torchvision: {doc['num_params']:,})",
        file=sys.stderr,
    )
    if round(gmacs, 3) != doc["gflops"]:
        return f"{entry['torchvision']}: {gmacs:.3f} GMACs, torchvision documents {doc['gflops']}"
    if entry["all_params"] != doc["num_params"]:
        return f"{entry['torchvision']}: {entry['all_params']} params, torchvision documents {doc['num_params']}"
    return None


def depth(obj):
    """Nesting depth, counting a list of plain values as one value."""
    if isinstance(obj, dict):
        return 1 + max((depth(v) for v in obj.values()), default=0)
    if isinstance(obj, list) and any(isinstance(v, (dict, list)) for v in obj):
        return 1 + max(depth(v) for v in obj)
    return 0


def dump(obj, indent=0):
    """JSON with one line per layer (and per other small object), so diffs stay readable."""
    pad = "  " * indent
    line = json.dumps(obj)
    list_of_dicts = isinstance(obj, list) and any(isinstance(v, dict) for v in obj)
    if depth(obj) <= 2 and len(line) <= 500 and not list_of_dicts:
        return line
    if isinstance(obj, dict):
        items = [f"{pad}  {json.dumps(k)}: {dump(v, indent + 1)}" for k, v in obj.items()]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    items = [pad + "  " + dump(v, indent + 1) for v in obj]
    return "[\n" + ",\n".join(items) + "\n" + pad + "]"


def versions():
    return {
        "torch": torch.__version__,
        "torchvision": torchvision.__version__,
        "python": platform.python_version(),
    }


def main():
    torch.set_num_threads(1)
    entries = []
    problems = []
    for tv_name, preset in MODELS:
        doc = documented(tv_name)
        for r in RESOLUTIONS:
            entry = count_model(tv_name, preset, r)
            if r == 224:
                entry["documented"] = doc
                problem = check_documented(entry, doc)
                if problem:
                    problems.append(problem)
            entries.append(entry)
    doc = {
        "generator": {
            "command": COMMAND,
            **versions(),
            "resolutions": RESOLUTIONS,
            "input": "torch.zeros(1, 3, R, R), model = torchvision.models.get_model(name, weights=None).eval(), torch.no_grad()",
            "macs": "Conv2d: output.numel() * in_channels/groups * kh*kw; Linear: output.numel() * in_features",
            "params": "weight.numel() + bias.numel() of each Conv2d and Linear; all_params: every parameter of the model",
            "kind": "Linear: fully_connected; groups 1 and 1x1: pointwise; groups 1: standard; groups in_channels: depthwise; else grouped",
            "order": "forward-hook order (execution order); shapes as PyTorch sees them (a Linear on an NHWC map has input [1, H, W, C])",
        },
        "models": entries,
    }
    text = dump(doc) + "\n"
    json.loads(text)  # must be valid JSON
    if problems:
        sys.exit("documented figures differ:\n  " + "\n  ".join(problems))
    with open(OUT, "w") as f:
        f.write(text)
    print(f"wrote {len(entries)} model runs, {len(text)} bytes to {os.path.relpath(OUT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
