"""Offline batch over the 17 vega_datasets.local_data datasets, 5 charts each with PNG.

Prints the wall time and the time per stage (summed over datasets, so stages add up to more than the
wall time when workers run in parallel). Target: under 30 s wall on 2 cores.

    python bench/batch.py [--workers 2] [-n 5] [--out DIR] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from vega_datasets import local_data

# This folder holds bench/draco.py, which must not shadow the draco package in worker processes.
HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
sys.path.insert(0, str(HERE.parent))

from lida.batch import Settings, run_batch  # noqa: E402

STAGES = ("summarize", "goals", "complete", "execute", "render", "rank")


def dataset_files() -> list[str]:
    import vega_datasets

    folder = Path(vega_datasets.__file__).parent / "_data"
    names = set(local_data.list_datasets())
    return sorted(str(p) for p in folder.iterdir() if p.stem in names)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("-n", type=int, default=5)
    ap.add_argument("--out", default=None)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    files = dataset_files()
    out = Path(args.out) if args.out else Path(tempfile.mkdtemp(prefix="bench-batch-"))
    start = time.perf_counter()
    result = run_batch(files, out, Settings(n=args.n, formats=("png",)), workers=args.workers, force=True)
    wall = time.perf_counter() - start
    stages = dict.fromkeys(STAGES, 0.0)
    for r in result.reports:
        for s in STAGES:
            stages[s] += float((r.get("timings") or {}).get(s, 0.0))
    charts = sum(len(r.get("charts") or []) for r in result.reports)
    failures = sum(len(r.get("failures") or []) for r in result.reports)
    figures = {
        "datasets": len(result.reports),
        "failed_datasets": len(result.failed),
        "charts": charts,
        "failed_candidates": failures,
        "wall_s": round(wall, 2),
        "workers": args.workers,
        "stages_s": {k: round(v, 2) for k, v in stages.items()},
        "index": str(result.index),
    }
    if args.json:
        print(json.dumps(figures, indent=1))
        return 0
    print(f"offline batch: {figures['datasets']} datasets, {charts} charts (PNG), {args.workers} workers")
    print(f"{'stage':<12}{'seconds (summed)':>18}")
    for s in STAGES:
        print(f"{s:<12}{stages[s]:>18.2f}")
    print(f"{'wall':<12}{wall:>18.2f}   target < 30 s: {'met' if wall < 30 else 'NOT met'}")
    print(f"failed datasets: {len(result.failed)}, failed candidates (recorded): {failures}")
    print(f"gallery: {result.index}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
