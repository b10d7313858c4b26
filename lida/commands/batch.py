"""`lida batch`: charts for many datasets, one folder each, and an offline index.html gallery."""

from __future__ import annotations

import argparse
import sys

from lida.commands.llm_options import add_llm_arguments


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("inputs", nargs="*", metavar="FILES_OR_GLOBS",
                   help="data files, folders, globs or fsspec URLs (s3://, gs://, abfs://, memory://...)")  # fmt: skip
    p.add_argument("--manifest", default=None, metavar="FILE",
                   help="a file listing one input URL a line, read lazily (for millions of inputs)")  # fmt: skip
    p.add_argument("--out", required=True, help="output folder")
    p.add_argument("-n", type=int, default=5, help="charts per dataset (default 5)")
    p.add_argument("--workers", type=int, default=2, help="datasets in parallel (default 2)")
    add_llm_arguments(p)
    p.add_argument("--query", default=None, help="a question to answer for every dataset")
    p.add_argument("--force", action="store_true", help="redo datasets that are already finished")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.add_argument("--scheduler", default=None, metavar="ADDRESS|local[:N]",
                   help="run each dataset as a task on a Dask cluster: tcp://host:8786, or local:N worker "
                        "processes (default: this machine's process pool)")  # fmt: skip
    p.add_argument("--llm-cache", default=None, metavar="PATH",
                   help="with --scheduler: one LLM cache file every worker sees (default: one per worker)")  # fmt: skip
    p.add_argument("--llm-in-flight", type=int, default=8,
                   help="with --scheduler: LLM requests in flight per worker (default 8)")  # fmt: skip
    p.add_argument("--allow-weak-sandbox", action="store_true", default=None,
                   help="run chart code even without Landlock/seccomp (see `lida doctor`)")  # fmt: skip


def run(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from lida.api import Lida
    from lida.batch import Settings, count_manifest, expand_sources, run_batch
    from lida.errors import LidaError

    for name, default in (("manifest", None), ("scheduler", None), ("llm_cache", None), ("llm_in_flight", 8)):
        if not hasattr(args, name):  # called from `lida demo` with the older set of options
            setattr(args, name, default)
    if args.n < 1:
        raise LidaError(f"-n must be at least 1, got {args.n}")
    if not args.inputs and not args.manifest:
        raise LidaError("give data files, folders, globs or URLs, or --manifest FILE")
    if args.llm_in_flight < 1:
        raise LidaError(f"--llm-in-flight must be at least 1, got {args.llm_in_flight}")
    if args.scheduler is not None:
        from lida.distributed import parse_scheduler

        parse_scheduler(args.scheduler)  # a bad address is one line now, before any listing
    from lida.sandbox import layers

    layers.require_strong(getattr(args, "allow_weak_sandbox", None))  # one line now, not one per dataset
    console = Console(stderr=True)
    total = len(expand_sources(args.inputs)) + (count_manifest(args.manifest) if args.manifest else 0)
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
                           scheduler=args.scheduler, manifest=args.manifest, llm_cache=args.llm_cache,
                           llm_in_flight=args.llm_in_flight, keep_reports=False, llm_timeout=args.llm_timeout,
                           lida_class=Lida)  # fmt: skip
    n_charts = sum(int(r.get("n_charts") or 0) for r in result.reports)
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
