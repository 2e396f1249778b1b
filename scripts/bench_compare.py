#!/usr/bin/env python3
"""conv-core against onnxruntime on the shape suite, interleaved, for docs/PERFORMANCE.md.

    cargo build --release -p conv-cli
    .venv/bin/python scripts/bench_compare.py                   # 5 rounds, every shape
    .venv/bin/python scripts/bench_compare.py --only dw --rounds 8
    .venv/bin/python scripts/bench_compare.py --markdown --save docs/bench

Each round times every shape with `conv bench --json --only NAME` and then
`scripts/bench_onnxruntime.py --json --only NAME` (both one thread, both timed
the same way: 10 warm-up runs, then 3 blocks of 100 timed runs, the lowest block
median). Alternating the two shape by shape puts each pair of timings seconds
apart, so a slow spell on a shared machine (they last tens of seconds here) hits
both; `--interleave suite` alternates whole suites instead. Per shape it reports the
median over rounds of each tool's time, their ratio (onnxruntime time /
conv-core time, so above 1 means conv-core is faster), how many rounds
conv-core was faster in, and both tools' ranges.

With --save DIR the middle round's JSON of each tool is written to
DIR/conv-core.json and DIR/onnxruntime.json, and the summary to
DIR/compare.json. Run as root under `nice -n -20` on a shared machine.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def run_json(cmd):
    out = subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


def conv_core(conv, only):
    cmd = [conv, "bench", "--json"] + (["--only", only] if only else [])
    return run_json(cmd)


def onnxruntime(only):
    cmd = [sys.executable, os.path.join(HERE, "bench_onnxruntime.py"), "--json"]
    return run_json(cmd + (["--only", only] if only else []))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=5, help="interleaved rounds (default 5)")
    ap.add_argument("--only", help="shapes whose name starts with this (both tools)")
    ap.add_argument("--conv", default=os.path.join(ROOT, "target", "release", "conv"), help="the conv binary")
    ap.add_argument("--markdown", action="store_true", help="print Markdown table rows")
    ap.add_argument("--save", help="directory for the middle round's JSON and the summary")
    ap.add_argument("--interleave", choices=["shape", "suite"], default="shape",
                    help="alternate the tools per shape (default: each shape's two timings are seconds apart) "
                         "or per whole suite")
    args = ap.parse_args()
    if args.rounds < 1:
        ap.error("--rounds must be at least 1")

    names = [c["name"] for c in run_json([args.conv, "bench", "--json", "--runs", "1", "--repeat", "1"]
                                          + (["--only", args.only] if args.only else []))]
    rounds = []
    for k in range(args.rounds):
        if args.interleave == "suite":
            ours = conv_core(args.conv, args.only)
            theirs = onnxruntime(args.only)
        else:
            ours, results = [], []
            for name in names:
                ours += conv_core(args.conv, name)
                theirs = onnxruntime(name)
                results += theirs["results"]
            theirs["results"] = results
            theirs["command"] = "python scripts/bench_onnxruntime.py --json --only NAME, per shape"
        rounds.append((ours, theirs))
        print(f"round {k + 1}/{args.rounds} done", file=sys.stderr)

    summary = []
    for case in rounds[0][0]:
        name = case["name"]
        ours_ms = [1e3 * next(r for r in o if r["name"] == name)["median_seconds"] for o, _ in rounds]
        ort_ms = [next(r for r in t["results"] if r["name"] == name)["median_ms"] for _, t in rounds]
        ours, theirs = statistics.median(ours_ms), statistics.median(ort_ms)
        summary.append(
            {
                "name": name,
                "path": case["kind"],
                "flops": case["flops"],
                "conv_core_ms": ours,
                "onnxruntime_ms": theirs,
                "conv_core_gflops": case["flops"] / ours / 1e6,
                "onnxruntime_gflops": case["flops"] / theirs / 1e6,
                "ratio": theirs / ours,
                "rounds_faster": sum(a < b for a, b in zip(ours_ms, ort_ms)),
                "rounds": len(rounds),
                "conv_core_range_ms": [min(ours_ms), max(ours_ms)],
                "onnxruntime_range_ms": [min(ort_ms), max(ort_ms)],
                "conv_core_rounds_ms": ours_ms,
                "onnxruntime_rounds_ms": ort_ms,
            }
        )

    if args.markdown:
        print("| shape | conv-core path | conv-core GFLOP/s | conv-core ms | onnxruntime GFLOP/s | onnxruntime ms "
              "| onnxruntime ms / conv-core ms | rounds conv-core faster |")
        print("|---|---|---:|---:|---:|---:|---:|---:|")
        for s in summary:
            print(f"| `{s['name']}` | {s['path']} | {s['conv_core_gflops']:.1f} | {s['conv_core_ms']:.3f} "
                  f"| {s['onnxruntime_gflops']:.1f} | {s['onnxruntime_ms']:.3f} | {s['ratio']:.2f} "
                  f"| {s['rounds_faster']}/{s['rounds']} |")
    else:
        print(f"{'shape':26} {'path':10} {'conv-core ms':>13} {'onnxruntime ms':>15} {'ratio':>6} {'faster':>7}")
        for s in summary:
            print(f"{s['name']:26} {s['path']:10} {s['conv_core_ms']:13.3f} {s['onnxruntime_ms']:15.3f} "
                  f"{s['ratio']:6.2f} {s['rounds_faster']:>3}/{s['rounds']:<3}")

    if args.save:
        os.makedirs(args.save, exist_ok=True)
        ours, theirs = rounds[len(rounds) // 2]
        for name, doc in (("conv-core.json", ours), ("onnxruntime.json", theirs)):
            with open(os.path.join(args.save, name), "w") as f:
                json.dump(doc, f, indent=2)
                f.write("\n")
        with open(os.path.join(args.save, "compare.json"), "w") as f:
            json.dump({"rounds": len(rounds), "only": args.only, "interleave": args.interleave,
                       "shapes": summary}, f, indent=2)
            f.write("\n")


if __name__ == "__main__":
    main()
