"""`lida demo`: summarize the bundled example datasets (a later stage turns this into chart generation)."""

from __future__ import annotations

import argparse
from pathlib import Path

SUPPORTED = (".csv", ".tsv", ".json", ".jsonl", ".parquet", ".xlsx")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--examples", type=Path, default=None, help="folder of data files (default: bundled)")


def examples_dir() -> Path:
    """The repository's examples/ folder, or the copy installed inside the lida package."""
    here = Path(__file__).resolve().parent.parent
    for cand in (here.parent / "examples", here / "examples"):
        if cand.is_dir():
            return cand
    return here.parent / "examples"


def run(args: argparse.Namespace) -> int:
    from lida.commands.summarize import print_summary
    from summarizer import SummarizerError, summarize

    folder = args.examples or examples_dir()
    files = sorted(p for p in folder.glob("*") if p.suffix.lower() in SUPPORTED) if folder.is_dir() else []
    if not files:
        raise SummarizerError(f"{folder}: no example data files found")
    print(f"Example datasets in {folder}:")
    for path in files:
        print()
        print_summary(summarize(path))
    print(f"\nSummarized {len(files)} datasets from {folder}.")
    return 0
