"""`lida summarize FILE [--json]`: what the summarizer sees in a table."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from summarizer.model import FieldSummary, Summary


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help="csv, tsv, json, jsonl, parquet or xlsx file")
    parser.add_argument("--json", action="store_true", help="print the Summary as JSON")
    parser.add_argument("--prompt", action="store_true", help="print the compact text given to an LLM")
    parser.add_argument("--max-memory-mb", type=int, default=None, metavar="MB",
                        help="memory the table read may take; larger files are sampled (default 1024)")  # fmt: skip
    parser.add_argument("--max-rows", type=int, default=None, metavar="N",
                        help="rows read at most; more are sampled (default 5,000,000)")  # fmt: skip


def run(args: argparse.Namespace) -> int:
    from summarizer import LoadLimits, prompt_text, summarize

    given = {"max_memory_mb": args.max_memory_mb, "max_rows": args.max_rows}
    limits = LoadLimits(**{k: v for k, v in given.items() if v is not None})
    summary = summarize(args.file, limits=limits)
    if args.json:
        sys.stdout.write(summary.to_json() + "\n")
    elif args.prompt:
        sys.stdout.write(prompt_text(summary) + "\n")
    else:
        print_summary(summary)
    return 0


def print_summary(summary: Summary) -> None:
    """A rich table, one row per field; shared with `lida demo`."""
    from rich.console import Console
    from rich.table import Table

    console = Console(highlight=False)
    if not console.is_terminal:  # pipes and captured output: do not squeeze into 80 columns
        console.width = max(console.width, 120)
    title = f"{summary.name}: {summary.rows:,} rows x {summary.columns} columns"
    table = Table(title=title, title_justify="left", show_lines=False)
    for col, kw in (
        ("field", {"overflow": "fold"}),
        ("dtype", {"no_wrap": True}),
        ("vega-lite", {"no_wrap": True}),
        ("semantic", {"no_wrap": True}),
        ("missing", {"justify": "right", "no_wrap": True}),
        ("distinct", {"justify": "right", "no_wrap": True}),
        ("details", {"overflow": "fold", "ratio": 1}),
    ):
        table.add_column(col, **kw)
    for f in summary.fields:
        table.add_row(f.name, f.dtype, f.vl_type, f.semantic_type, str(f.missing), str(f.unique), _details(f))
    console.print(table)
    console.print(f"source: {summary.source}", markup=False)
    if summary.sampled:
        console.print(f"statistics on {summary.sample_rows:,} rows ({summary.sample_method})", markup=False)
    for note in summary.notes:
        console.print(f"note: {note}", markup=False)


def _details(f: FieldSummary) -> str:
    bits = []
    if f.numeric is not None:
        n = f.numeric
        bits.append(f"{n.min:g}..{n.max:g}, mean {n.mean:.4g}, median {n.median:g}")
    if f.temporal is not None:
        bits.append(f"{f.temporal.min}..{f.temporal.max} ({f.temporal.granularity})")
    if f.top_values and f.numeric is None:
        bits.append("top: " + ", ".join(f"{t.value} ({t.count})" for t in f.top_values[:3]))
    elif f.samples and f.numeric is None and f.temporal is None:
        bits.append("e.g. " + ", ".join(str(s) for s in f.samples))
    if f.parsed_from:
        bits.append(f"from {f.parsed_from}")
    return "; ".join(bits)
