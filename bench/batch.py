"""Offline batch over the 17 vega_datasets.local_data datasets, 5 charts each with PNG.

Prints the wall time and the time per stage (summed over datasets, so stages add up to more than the
wall time when workers run in parallel). Target: under 30 s wall on 2 cores.

    python bench/batch.py [--workers 2] [-n 5] [--out DIR] [--json]

With `--scheduler local:2` (or a scheduler address) it compares, in the same run, the process pool with
the Dask runner on two sets: the 17 vega datasets and `--tables` (default 1000) small generated tables.
It reports tables per second, the client's peak memory (RSS sampled every 50 ms, above what it held
before the run), the engine's overhead per table (wall x workers / tables, minus the mean time a table
took inside its worker) and Dask's own round trip per task (no-op tasks through the same runner).

    python bench/batch.py --scheduler local:2 [--tables 1000] [--generated-n N] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import threading
import time
from pathlib import Path

from vega_datasets import local_data

# This folder holds bench/draco.py, which must not shadow the draco package in worker processes.
HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
sys.path.insert(0, str(HERE.parent))

from lida.api import Lida  # noqa: E402
from lida.batch import BatchResult, Settings, run_batch  # noqa: E402

STAGES = ("summarize", "goals", "complete", "execute", "render", "rank")


def dataset_files() -> list[str]:
    import vega_datasets

    folder = Path(vega_datasets.__file__).parent / "_data"
    names = set(local_data.list_datasets())
    return sorted(str(p) for p in folder.iterdir() if p.stem in names)


def generated_tables(folder: Path, count: int) -> list[str]:
    """`count` small CSV tables (20-200 rows; a category, a date, two or three numbers), seeded."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(0)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        rows = int(rng.integers(20, 201))
        frame = pd.DataFrame({
            "region": rng.choice(["north", "south", "east", "west", "centre"][: int(rng.integers(2, 6))], rows),
            "day": pd.date_range("2024-01-01", periods=rows, freq="D").strftime("%Y-%m-%d"),
            "sales": rng.gamma(2.0, 50.0, rows).round(2),
            "units": rng.integers(0, 40, rows),
        })  # fmt: skip
        if i % 3 == 0:
            frame["price"] = (frame["sales"] / (frame["units"] + 1)).round(2)
        path = folder / f"t{i:05d}.csv"
        frame.to_csv(path, index=False)
        paths.append(str(path))
    return paths


class RssPeak:
    """Peak resident memory of this process during a block, above what it held when the block began."""

    def __init__(self) -> None:
        import psutil

        self._proc = psutil.Process()
        self.base = self.peak = self._proc.memory_info().rss
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.wait(0.05):
            self.peak = max(self.peak, self._proc.memory_info().rss)

    def __enter__(self) -> RssPeak:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def mib(self) -> float:
        return (self.peak - self.base) / (1 << 20)


def measure(files: list[str], out: Path, settings: Settings, workers: int, scheduler: str | None) -> dict:
    with RssPeak() as rss:
        start = time.perf_counter()
        result: BatchResult = run_batch(files, out, settings, workers=workers, force=True, scheduler=scheduler,
                                           lida_class=Lida)
        wall = time.perf_counter() - start
    inside = [float((r.get("timings") or {}).get("total", 0.0)) for r in result.reports]
    tables = len(result.reports)
    mean_inside = sum(inside) / max(1, tables)
    return {
        "engine": "process pool" if scheduler is None else f"dask {scheduler}",
        "tables": tables,
        "failed": len(result.failed),
        "wall_s": round(wall, 2),
        "tables_per_s": round(tables / wall, 3),
        "mean_table_s": round(mean_inside, 3),
        # whole-run cost a table pays beyond its own work: start-up, warm-up, dispatch, idle tails
        "overhead_per_table_s": round(wall * workers / max(1, tables) - mean_inside, 3),
        "client_rss_peak_mib": round(rss.mib, 1),
    }


def dask_round_trip(scheduler: str, count: int = 2000) -> dict:
    """Dask's own cost per task: no-op tasks through DaskRunner, same bound on tasks in flight."""
    from lida.distributed import DaskRunner

    with DaskRunner(scheduler) as runner:
        list(runner.map(_noop, range(50)))  # warm the connection
        start = time.perf_counter()
        done = sum(1 for _ in runner.map(_noop, range(count)))
        wall = time.perf_counter() - start
    return {"tasks": done, "per_task_ms": round(1000 * wall / done, 2), "in_flight": "one per worker thread"}


def _noop(x: int) -> int:
    return x


def compare(args: argparse.Namespace) -> int:
    base = Path(args.out) if args.out else Path(tempfile.mkdtemp(prefix="bench-batch-"))
    workers = int(args.scheduler.split(":")[1]) if args.scheduler.startswith("local:") else args.workers
    sets = {
        "vega (17)": (dataset_files(), Settings(n=args.n, formats=("png",))),
        f"generated ({args.tables})": (generated_tables(base / "generated", args.tables),
                                       Settings(n=args.generated_n or args.n, formats=("png",))),
    }  # fmt: skip
    rows = []
    for label, (files, settings) in sets.items():
        for scheduler in (None, args.scheduler):
            tag = "pool" if scheduler is None else "dask"
            figures = measure(files, base / f"{tag}-{label.split()[0]}", settings, workers, scheduler)
            rows.append({"set": label, **figures})
            if not args.json:
                print(json.dumps(rows[-1]), flush=True)
    trip = dask_round_trip(args.scheduler)
    report = {"workers": workers, "n": args.n, "generated_n": args.generated_n or args.n, "runs": rows, "dask_round_trip": trip, "out": str(base)}
    if args.json:
        print(json.dumps(report, indent=1))
        return 0
    print(f"\n{'set':<18}{'engine':<22}{'tables':>7}{'wall s':>9}{'tables/s':>10}{'in-worker s':>12}"
          f"{'overhead s':>11}{'client MiB':>11}")  # fmt: skip
    for r in rows:
        print(f"{r['set']:<18}{r['engine']:<22}{r['tables']:>7}{r['wall_s']:>9}{r['tables_per_s']:>10}"
              f"{r['mean_table_s']:>12}{r['overhead_per_table_s']:>11}{r['client_rss_peak_mib']:>11}")  # fmt: skip
    print(f"dask round trip per no-op task: {trip['per_task_ms']} ms over {trip['tasks']} tasks")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("-n", type=int, default=5)
    ap.add_argument("--out", default=None)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--scheduler", default=None, help="compare the pool with Dask: local:N or an address")
    ap.add_argument("--tables", type=int, default=1000, help="generated tables for the comparison")
    ap.add_argument("--generated-n", type=int, default=None, help="charts per generated table (default: -n)")
    args = ap.parse_args()
    if args.scheduler:
        return compare(args)
    files = dataset_files()
    out = Path(args.out) if args.out else Path(tempfile.mkdtemp(prefix="bench-batch-"))
    start = time.perf_counter()
    result = run_batch(files, out, Settings(n=args.n, formats=("png",)), workers=args.workers, force=True,
                       lida_class=Lida)
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
