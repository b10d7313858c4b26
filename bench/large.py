"""Charts over large tables: per-chart time (run + PNG), size of the returned spec, and the whole
`Lida().run(frame, n=3)` pipeline per stage, at 100k and 1M rows.

Large frames travel from the run process as Arrow IPC and are pre-aggregated with VegaFusion (or
sampled) in the worker's locked-down renderer; see lida/sandbox/bigdata.py and renderer.py. Run: .venv/bin/python bench/large.py [--rows 100000 1000000]"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]  # bench/draco.py would shadow draco

from lida.api import Lida  # noqa: E402
from lida.sandbox import Sandbox  # noqa: E402

CHARTS = {
    "bar mean(price) by region": 'alt.Chart(data).mark_bar().encode(x="region:N", y="mean(price):Q")',
    "histogram bin(price), count()": 'alt.Chart(data).mark_bar().encode(x=alt.X("price:Q", bin=True), y="count()")',
    "raw scatter price x weight": 'alt.Chart(data).mark_point().encode(x="price:Q", y="weight:Q", color="segment:N")',
    "line yearmonth(date), sum(qty)": 'alt.Chart(data).mark_line().encode(x="yearmonth(date):T", y="sum(qty):Q", color="region:N")',
}


def frame(n: int) -> pd.DataFrame:
    rng = np.random.default_rng(0)
    return pd.DataFrame(
        {
            "price": rng.gamma(2.0, 20.0, n),
            "qty": rng.integers(1, 50, n),
            "weight": rng.normal(10, 2, n),
            "region": rng.choice(["north", "south", "east", "west"], n),
            "segment": rng.choice(["retail", "corporate", "online"], n),
            "date": pd.Timestamp("2021-01-01")
            + pd.to_timedelta(rng.integers(0, 2 * 365 * 86400, n), unit="s"),
        }
    )


def code(expr: str) -> str:
    return f"import altair as alt\n\ndef plot(data):\n    return {expr}\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"{'rows':>10}  {'chart':<32}{'run+png ms':>12}{'spec KB':>9}{'inline rows':>12}  note")
    with Sandbox(workers=1, timeout=60) as box:
        box.start()
        for n in args.rows:
            data = frame(n)
            for name, expr in CHARTS.items():
                times, result = [], None
                for _ in range(args.repeat):
                    result = box.run(code(expr), data, render="png")
                    assert result.ok and result.png, result.error
                    times.append(result.duration_s)
                assert result is not None and result.spec is not None
                rows = sum(len(v) for v in (result.spec.get("datasets") or {}).values())
                note = (result.notes[0] if result.notes else "")[:60]
                size = len(json.dumps(result.spec)) / 1024
                print(
                    f"{n:>10,}  {name:<32}{statistics.median(times) * 1000:>12.0f}{size:>9.0f}{rows:>12,}  {note}"
                )
    print()
    for n in args.rows:
        data = frame(n)
        began = time.perf_counter()
        with Lida() as lida:
            run = lida.run(data, n=3)
        wall = time.perf_counter() - began
        stages = "  ".join(f"{k} {v:.2f}s" for k, v in run.timings.items())
        print(
            f"Lida().run({n:,} rows, n=3): {len(run.charts)} charts, {len(run.failures)} failures, wall {wall:.1f} s"
        )
        print(f"  stages: {stages}")
        for chart in run.charts:
            mark = chart.spec.get("mark")
            mark = mark.get("type") if isinstance(mark, dict) else mark
            rows = sum(len(v) for v in (chart.spec.get("datasets") or {}).values())
            print(f"  - {str(chart.goal.question)[:60]:<60} {mark!s:<8} {rows:>6,} inline rows")


if __name__ == "__main__":
    main()
