"""`lida charts`: the n charts worth looking at for one data file, ranked."""

from __future__ import annotations

import argparse


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", help="data file (csv, tsv, json, jsonl, parquet, xlsx)")
    p.add_argument("-n", type=int, default=5, help="how many charts (default 5)")
    p.add_argument("--query", default=None, help="a question in plain words")
    p.add_argument("--persona", default=None, help="who the charts are for")
    p.add_argument("--llm", default=None, help="e.g. openai:gpt-4o-mini; default: offline")
    p.add_argument("--out", default=None, help="folder for NN.png, NN.svg, NN.vl.json, NN.py and charts.json")
    p.add_argument("--allow-weak-sandbox", action="store_true", default=None,
                   help="run chart code even without Landlock/seccomp (see `lida doctor`)")  # fmt: skip


def run(args: argparse.Namespace) -> int:
    import json
    import sys
    from pathlib import Path

    from lida.api import Lida
    from lida.sandbox import layers

    layers.require_strong(args.allow_weak_sandbox)  # one line now, not one per chart later
    out = Path(args.out) if args.out else None
    if out:
        out.mkdir(parents=True, exist_ok=True)
    with Lida(llm=args.llm, allow_weak_sandbox=args.allow_weak_sandbox) as lida:  # open while saving: PNG/SVG are drawn by its sandbox's renderer
        result = lida.run(args.file, n=args.n, query=args.query, persona=args.persona)
        for chart in result.charts:
            print(f"#{chart.rank}  cost {chart.cost:g}  {chart.goal.question}")
            print(f"    why: {chart.why}")
            if out:
                stem = out / f"{chart.rank:02d}"
                for suffix in (".py", ".json", ".png", ".svg"):
                    chart.save(stem.with_suffix(suffix))
                stem.with_suffix(".json").rename(stem.with_suffix(".vl.json"))
    for f in result.failures:
        print(f"failed: {f.goal.question}: {f.reason}")
    if not result.charts:  # never a silent exit 1: say why there is nothing
        print(result.note or "no chart came out of this table", file=sys.stderr)
    if out:
        print(f"written to {out.resolve()}")
        (out / "summary.json").write_text(result.summary.to_json(), encoding="utf-8")
        (out / "timings.json").write_text(json.dumps(result.timings, indent=1), encoding="utf-8")
        records = [chart.to_dict() for chart in result.charts]  # Chart.from_dict reads each back
        (out / "charts.json").write_text(json.dumps(records, indent=1, default=str), encoding="utf-8")
    return 0 if result.charts else 1
