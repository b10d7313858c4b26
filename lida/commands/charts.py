"""`lida charts`: the n charts worth looking at for one data file, ranked."""

from __future__ import annotations

import argparse
from typing import Any

from lida.commands.llm_options import add_llm_arguments


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", help="data file (csv, tsv, json, jsonl, parquet, xlsx)")
    p.add_argument("-n", type=int, default=5, help="how many charts (default 5)")
    p.add_argument("--query", default=None, help="a question in plain words")
    p.add_argument("--persona", default=None, help="who the charts are for")
    add_llm_arguments(p)
    p.add_argument("--out", default=None,
                   help="folder for NN.png, NN.svg, NN.vl.json, NN.py, charts.json and report.json")  # fmt: skip
    p.add_argument("--allow-weak-sandbox", action="store_true", default=None,
                   help="run chart code even without Landlock/seccomp (see `lida doctor`)")  # fmt: skip


def run(args: argparse.Namespace) -> int:
    import json
    import sys
    from pathlib import Path

    from rich.console import Console

    from lida.api import Lida
    from lida.batch import Settings, error_line, fill_report, new_report, write_report
    from lida.sandbox import layers

    layers.require_strong(args.allow_weak_sandbox)  # one line now, not one per chart later
    out = Path(args.out) if args.out else None
    if out:
        out.mkdir(parents=True, exist_ok=True)
    settings = Settings(n=args.n, llm=args.llm, query=args.query, strict_llm=args.strict_llm)
    report = new_report(str(args.file), settings)
    console = Console(stderr=True)
    # open while saving: PNG/SVG are drawn by its sandbox's renderer
    with Lida(llm=args.llm, allow_weak_sandbox=args.allow_weak_sandbox, strict_llm=args.strict_llm,
              llm_timeout=args.llm_timeout) as lida:  # fmt: skip
        before = lida.generator.usage()
        try:
            # progress while waiting (a local model can take minutes); silent when stderr is not a terminal
            with console.status("[bold]charts[/]: working (LLM requests can take a while)" if args.llm
                                else "[bold]charts[/]: working", spinner="dots"):  # fmt: skip
                result = lida.run(args.file, n=args.n, query=args.query, persona=args.persona)
        except Exception as exc:
            if out:  # a failed run still says what it spent
                report["error"] = error_line(exc)
                report["llm"] = lida.usage_since(before)
                write_report(out, report)
            raise
        for chart in result.charts:
            print(f"#{chart.rank}  cost {chart.cost:g}  {chart.goal.question}{_origin_tag(chart, result.notes, args.llm)}")
            print(f"    why: {chart.why}")
        if out:
            fill_report(report, result, out, ("png", "svg"))
    for note in result.notes:
        print(f"note: {note}", file=sys.stderr)
    for f in result.failures:
        print(f"failed: {f.goal.question}: {f.reason}")
    if args.llm and result.charts:
        print("chart origins: " + ", ".join(f"{kind} {count}" for kind, count in sorted(result.origins.items())))
    if not result.charts:  # never a silent exit 1: say why there is nothing
        print(result.note or "no chart came out of this table", file=sys.stderr)
    if out:
        print(f"written to {out.resolve()}")
        (out / "timings.json").write_text(json.dumps(result.timings, indent=1), encoding="utf-8")
        records = [chart.to_dict() for chart in result.charts]  # Chart.from_dict reads each back
        (out / "charts.json").write_text(json.dumps(records, indent=1, default=str), encoding="utf-8")
        report["timings"]["total"] = result.timings.get("total", 0.0)
        write_report(out, report)
    return 0 if result.charts else 1


def _origin_tag(chart: Any, notes: list[str], llm: str | None) -> str:
    """Who drew the chart, for a run with an LLM: the kind, and a fallback's reason unless a note says it."""
    if not llm or not chart.origin:
        return ""
    kind, _, reason = chart.origin.partition(":")
    reason = reason.strip()
    if reason and not any(reason in note for note in notes):
        return f"  [{kind}: {reason}]"
    return f"  [{kind}]"
