#!/usr/bin/env python3
"""Runs the code panel's scripts in real PyTorch (and Keras, when installed) and
checks them against the page's numbers. Not part of `make test`: it needs torch.

    cargo run --example code_snippets -- /tmp/snippets
    python scripts/check_snippets.py /tmp/snippets            # PyTorch and the .npz
    KERAS_BACKEND=jax python scripts/check_snippets.py /tmp/snippets --keras  # Keras 3 too

For each case directory (see examples/code_snippets.rs):
- `run_pytorch.py` (and `run_keras.py`) must print the page's line, with the sum
  within 1e-4 relative of the page's;
- the `.npz` must hold x, w, (b), (t, w_pw, b_pw), y with the right shapes, and
  `torch.nn.functional.conv2d` on its x, w, b must reproduce its y (and t).
"""

import json
import re
import subprocess
import sys
from pathlib import Path

import numpy as np

LINE = re.compile(r"^Output (\[[0-9, ]+\]): sum (-?[0-9.]+)$")


def run_script(case: Path, script: str, expected: dict) -> str:
    out = subprocess.run(
        [sys.executable, script], cwd=case, capture_output=True, text=True, timeout=600
    )
    if out.returncode != 0:
        raise AssertionError(f"{script} failed:\n{out.stderr[-2000:]}")
    last = out.stdout.strip().splitlines()[-1]
    m = LINE.match(last)
    assert m, f"{script} printed {last!r}"
    want = LINE.match(expected["line"])
    assert m.group(1) == want.group(1), f"shape {m.group(1)} != page {want.group(1)}"
    got, page = float(m.group(2)), expected["sum"]
    rel = abs(got - page) / max(abs(page), 1e-12)
    assert rel <= 1e-4, f"sum {got} vs page {page} (relative {rel:.2e})"
    return last


def conv(torch, x, w, b, layer):
    """F.conv2d with the layer's resolved pads (F.pad first: 'same' can be uneven)."""
    top, bottom, left, right = layer["pads"]
    mode = {"zeros": "constant"}.get(layer["padding_mode"], layer["padding_mode"])
    x = torch.nn.functional.pad(x, (left, right, top, bottom), mode=mode)
    return torch.nn.functional.conv2d(
        x, w, b, stride=layer["stride"], dilation=layer["dilation"], groups=layer["groups"]
    )


def check_npz(case: Path, expected: dict) -> str:
    import torch

    data = np.load(case / expected["npz"])
    names = list(data.keys())
    separable = expected["pw_layer"] is not None
    want = ["x", "w"] + (["b"] if "b" in names else [])
    if separable:
        want += ["t", "w_pw"] + (["b_pw"] if "b_pw" in names else [])
    want.append("y")
    assert names == want, f"npz arrays {names}, expected {want}"
    for k in names:
        assert data[k].dtype == np.float32, f"{k} is {data[k].dtype}"
    t = lambda k: torch.from_numpy(data[k]) if k in data else None  # noqa: E731
    x, w = t("x"), t("w")
    assert x.ndim == 4 and w.ndim == 4 and w.shape[1] * expected["layer"]["groups"] == x.shape[1]
    if "b" in data:
        assert data["b"].shape == (w.shape[0],)
    first = conv(torch, x, w, t("b"), expected["layer"])
    if separable:
        assert torch.allclose(first, t("t"), rtol=1e-4, atol=1e-5), "t differs"
        out = conv(torch, t("t"), t("w_pw"), t("b_pw"), expected["pw_layer"])
    else:
        out = first
    y = t("y")
    assert out.shape == y.shape, f"y shape {tuple(y.shape)} vs F.conv2d {tuple(out.shape)}"
    err = (out - y).abs().max().item()
    assert torch.allclose(out, y, rtol=1e-4, atol=1e-5), f"y differs by up to {err}"
    return f"npz {' '.join(names)} ok (max |F.conv2d - y| = {err:.1e})"


def main() -> int:
    root = Path(sys.argv[1])
    keras = "--keras" in sys.argv[2:]
    failed = 0
    cases = sorted(p for p in root.iterdir() if (p / "expected.json").exists())
    for case in cases:
        expected = json.loads((case / "expected.json").read_text())
        checks = [("pytorch", lambda: run_script(case, "run_pytorch.py", expected))]
        checks.append(("npz", lambda: check_npz(case, expected)))
        if keras:
            checks.append(("keras", lambda: run_script(case, "run_keras.py", expected)))
        for name, check in checks:
            try:
                print(f"ok   {case.name} {name}: {check()}  (page: {expected['line']})")
            except AssertionError as e:
                failed += 1
                print(f"FAIL {case.name} {name}: {e}")
    total = len(cases) * (3 if keras else 2)
    print(f"{total - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
