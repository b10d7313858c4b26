"""`lida demo`: the offline pipeline on the bundled example datasets, ending in an HTML gallery."""

from __future__ import annotations

import argparse
from pathlib import Path

SUPPORTED = (".csv", ".tsv", ".json", ".jsonl", ".parquet", ".xlsx")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--examples", type=Path, default=None, help="folder of data files (default: bundled)")
    parser.add_argument("--out", type=Path, default=Path("out/demo"), help="output folder (default out/demo)")
    parser.add_argument("-n", type=int, default=5, help="charts per dataset (default 5)")
    parser.add_argument("--force", action="store_true", help="redo datasets that are already finished")
    parser.add_argument("--allow-weak-sandbox", action="store_true", default=None,
                        help="run chart code even without Landlock/seccomp (see `lida doctor`)")  # fmt: skip


def examples_dir() -> Path:
    """The example tables shipped inside the lida package (lida/examples)."""
    from lida.bundled import EXAMPLES_DIR

    return EXAMPLES_DIR


def example_files(folder: Path | None = None) -> list[Path]:
    folder = folder or examples_dir()
    return sorted(p for p in folder.glob("*") if p.suffix.lower() in SUPPORTED) if folder.is_dir() else []


def run(args: argparse.Namespace) -> int:
    from lida.commands import batch
    from lida.errors import LidaError

    folder = args.examples or examples_dir()
    files = example_files(folder)
    if not files:
        raise LidaError(f"{folder}: no example data files found")
    print(f"Offline chart generation for {len(files)} example datasets in {folder} (no LLM needed)")
    batch_args = argparse.Namespace(
        inputs=[str(p) for p in files],
        out=str(args.out),
        n=args.n,
        workers=2,
        llm=None,
        llm_timeout=None,
        strict_llm=False,
        query=None,
        force=args.force,
        no_progress=False,
        allow_weak_sandbox=args.allow_weak_sandbox,
    )
    return batch.run(batch_args)
