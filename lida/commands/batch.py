"""`lida batch`: charts for many datasets, one folder each, and an offline index.html gallery."""

from __future__ import annotations

import argparse
import sys

from lida.commands.llm_options import add_llm_arguments


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("inputs", nargs="+", metavar="FILES_OR_GLOBS", help="data files, folders or globs")
    p.add_argument("--out", required=True, help="output folder")
    p.add_argument("-n", type=int, default=5, help="charts per dataset (default 5)")
    p.add_argument("--workers", type=int, default=2, help="datasets in parallel (default 2)")
    add_llm_arguments(p)
    p.add_argument("--query", default=None, help="a question to answer for every dataset")
    p.add_argument("--force", action="store_true", help="redo datasets that are already finished")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.add_argument("--allow-weak-sandbox", action="store_true", default=None,
                   help="run chart code even without Landlock/seccomp (see `lida doctor`)")  # fmt: skip


def run(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from lida.batch import Settings, expand_inputs, run_batch
    from lida.errors import LidaError

    if args.n < 1:
        raise LidaError(f"-n must be at least 1, got {args.n}")
    from lida.sandbox import layers

    layers.require_strong(getattr(args, "allow_weak_sandbox", None))  # one line now, not one per dataset
    console = Console(stderr=True)
    total = len(expand_inputs(args.inputs))
    settings = Settings(n=args.n, llm=args.llm, query=args.query, strict_llm=args.strict_llm)
    with Progress(
        TextColumn("[bold]charts"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}"),
        console=console,
        disable=args.no_progress or not console.is_terminal,
    ) as progress:
        task = progress.add_task("", total=total)

        def tick(name: str, report: dict | None) -> None:
            status = "skipped (done)" if report is None else report.get("status", "?")
            progress.update(task, advance=1, description=f"{name}: {status}")
            if not console.is_terminal or args.no_progress:
                console.print(f"{name}: {status}" + (f" - {report.get('error')}" if report and report.get("error") else ""))

        result = run_batch(args.inputs, args.out, settings, workers=args.workers, force=args.force, progress=tick,
                           allow_weak_sandbox=getattr(args, "allow_weak_sandbox", None),
                           llm_timeout=args.llm_timeout)  # fmt: skip
    n_charts = sum(len(r.get("charts") or []) for r in result.reports)
    print(f"{len(result.reports)} dataset(s) done, {len(result.skipped)} skipped, {len(result.failed)} failed, {n_charts} chart(s)")
    origins: dict[str, int] = {}
    for r in result.reports:
        for kind, count in (r.get("origins") or {}).items():
            origins[kind] = origins.get(kind, 0) + count
    if args.llm and origins:  # which charts the model wrote and which the offline fallback drew
        print("chart origins: " + ", ".join(f"{kind} {count}" for kind, count in sorted(origins.items())))
    for r in result.failed:
        print(f"failed: {r.get('source')}: {r.get('error')}", file=sys.stderr)
    print(f"gallery: {result.index.resolve()}")
    return 1 if result.failed else 0
