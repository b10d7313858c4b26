"""Sandbox overhead: per-chart cost of running chart code in a warm worker vs plain in-process exec.

Same code, same data, same work (build the chart, serialize the spec to JSON). Also cold start and PNG
render time. Target: median overhead under 150 ms with warm workers. Run: .venv/bin/python bench/sandbox.py"""

from __future__ import annotations

import argparse
import json
import statistics
import time

import numpy as np
import pandas as pd

from lida.sandbox import Sandbox

CODE = """
import altair as alt
import pandas as pd

def plot(data: pd.DataFrame) -> alt.Chart:
    return alt.Chart(data).mark_bar().encode(x="c:N", y="mean(y):Q")
"""


def in_process(code: str, data: pd.DataFrame) -> float:
    began = time.perf_counter()
    env: dict = {}
    exec(compile(code, "<chart>", "exec"), env)
    json.dumps(env["plot"](data).to_dict())
    return time.perf_counter() - began


def p90(values: list[float]) -> float:
    return sorted(values)[max(0, round(0.9 * len(values)) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--rows", type=int, default=500)
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    frame = pd.DataFrame({"x": np.arange(args.rows), "y": rng.random(args.rows), "c": rng.choice(list("abcdef"), args.rows)})
    big = pd.DataFrame({"x": np.arange(20_000), "y": rng.random(20_000), "c": rng.choice(list("abcdef"), 20_000)})

    for _ in range(3):
        in_process(CODE, frame)  # warm the in-process imports too
    local = [in_process(CODE, frame) for _ in range(args.runs)]

    began = time.perf_counter()
    with Sandbox(workers=2) as box:
        cold = box.start()
        first = box.run(CODE, frame)
        first_s = time.perf_counter() - began
        assert first.ok, first.error
        sandboxed = []
        for _ in range(args.runs):
            result = box.run(CODE, frame)
            assert result.ok, result.error
            sandboxed.append(result.duration_s)
        pngs = []
        for _ in range(10):
            result = box.run(CODE, frame, render="png")
            assert result.ok and result.png, result.error
            pngs.append(result.duration_s)
        spec = first.spec
        assert spec is not None
        renders = [box.render(spec, "png").duration_s for _ in range(10)]
        svgs = [box.render(spec, "svg").duration_s for _ in range(10)]
        big_runs = [box.run(CODE, big).duration_s for _ in range(5)]

    overhead = [s - statistics.median(local) for s in sandboxed]
    rows = [
        ("in-process exec (median)", statistics.median(local), p90(local)),
        ("sandboxed run, warm (median)", statistics.median(sandboxed), p90(sandboxed)),
        ("overhead per chart", statistics.median(overhead), p90(overhead)),
        ("run + PNG render", statistics.median(pngs), p90(pngs)),
        ("render(spec, 'png') only", statistics.median(renders), p90(renders)),
        ("render(spec, 'svg') only", statistics.median(svgs), p90(svgs)),
        (f"run, 20,000 rows ({len(big_runs)} runs)", statistics.median(big_runs), p90(big_runs)),
    ]
    print(f"sandbox benchmark: {args.runs} runs, {args.rows}-row frame, 2 warm workers\n")
    print(f"{'measure':<34}{'median ms':>12}{'p90 ms':>12}")
    for name, med, high in rows:
        print(f"{name:<34}{med * 1000:>12.1f}{high * 1000:>12.1f}")
    print(f"\ncold start, 2 workers in parallel: {cold:.2f} s (first result after {first_s:.2f} s)")
    verdict = "meets" if statistics.median(overhead) < 0.150 else "MISSES"
    print(f"median overhead {statistics.median(overhead) * 1000:.1f} ms {verdict} the 150 ms target")


if __name__ == "__main__":
    main()
