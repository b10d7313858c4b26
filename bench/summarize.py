"""Benchmark the summarizer: a synthetic 1M x 20 mixed table and the 17 vega_datasets.local_data sets.

Prints one table of timings. When LIDA can be installed into bench/.venvs/lida (`pip install lida`, no LLM
needed for summary_method="default"), times LIDA's Summarizer on the same frames in a subprocess and prints
the ratio, plus LIDA's and our prompt length for cars. Every table is written to CSV first and both
summarizers time `summarize(DataFrame)` on a frame read from that CSV, so they see identical input;
"ours from file" additionally times our whole path (read + clean + summarize).

Run: .venv/bin/python bench/summarize.py [--no-lida] [--rows N] [--repeat K]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
LIDA_VENV = ROOT / "bench" / ".venvs" / "lida"
LIDA_PY = LIDA_VENV / "bin" / "python"

# Runs inside the LIDA venv, with a cwd outside the repo so our own `lida` package cannot shadow LIDA's.
LIDA_SCRIPT = r"""
import json, sys, time, warnings
warnings.filterwarnings("ignore")
import pandas as pd
from lida.components.summarizer import Summarizer

jobs = json.loads(sys.argv[1])
out = {"timings": {}}
for name, path, repeat in jobs["tables"]:
    df = pd.read_csv(path)
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        Summarizer().summarize(df, text_gen=None, file_name=name, summary_method="default")
        best = min(best, time.perf_counter() - t)
    out["timings"][name] = best
summary = Summarizer().summarize(jobs["cars"], text_gen=None, summary_method="default")
out["cars_prompt_chars"] = len(str(summary))
out["cars_json_chars"] = len(json.dumps(summary, default=str))
print(json.dumps(out))
"""


def synthetic(n: int, seed: int = 1) -> pd.DataFrame:
    """20 mixed columns: floats, counts, an int year, an id, categories, a bool, datetimes, text numbers/dates."""
    rng = np.random.default_rng(seed)
    cols: dict[str, object] = {}
    for i in range(5):
        cols[f"measure_{i}"] = rng.normal(100, 15, n)
    for i in range(3):
        cols[f"count_{i}"] = rng.poisson(5, n)
    cols["year"] = rng.integers(1990, 2021, n)
    cols["user_id"] = np.arange(n)
    cats = np.array(["alpha", "beta", "gamma", "delta", "epsilon"], dtype=object)
    for i in range(3):
        cols[f"cat_{i}"] = cats[rng.integers(0, 5, n)]
    cols["country"] = np.array(["US", "FR", "DE", "JP", "BR", "IN", "CN"], dtype=object)[
        rng.integers(0, 7, n)
    ]
    cols["flag"] = rng.random(n) < 0.3
    cols["timestamp"] = pd.Timestamp("2020-01-01") + pd.to_timedelta(
        rng.integers(0, 86400 * 365, n), unit="s"
    )
    days = pd.Timestamp("2015-01-01") + pd.to_timedelta(rng.integers(0, 3000, n), unit="D")
    cols["date_text"] = days.strftime("%Y-%m-%d").to_numpy(dtype=object)
    cols["price_text"] = pd.Series(rng.integers(1000, 100000, n)).map("{:,}".format).to_numpy(dtype=object)
    cols["ratio"] = rng.random(n)
    sparse = rng.normal(0, 1, n)
    sparse[rng.random(n) < 0.1] = np.nan
    cols["sparse"] = sparse
    return pd.DataFrame(cols)


def best_of(fn: Callable[[], object], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def ensure_lida() -> str | None:
    """Path-free status: None when LIDA is usable, else the reason it is not."""
    if not LIDA_PY.exists():
        try:
            subprocess.run([sys.executable, "-m", "venv", str(LIDA_VENV)], check=True, capture_output=True)
            subprocess.run(
                [str(LIDA_PY), "-m", "pip", "install", "-q", "lida"],
                check=True,
                capture_output=True,
                timeout=900,
            )
        except (subprocess.SubprocessError, OSError) as exc:
            return f"could not install LIDA into {LIDA_VENV}: {type(exc).__name__}"
    probe = subprocess.run(
        [str(LIDA_PY), "-c", "import lida.components.summarizer"], capture_output=True, text=True, cwd="/"
    )
    if probe.returncode != 0:
        return "LIDA is installed but does not import: " + probe.stderr.strip().splitlines()[-1]
    return None


def run_lida(tables: list[tuple[str, str, int]], cars: Path) -> dict[str, Any]:
    jobs = json.dumps({"tables": tables, "cars": str(cars)})
    proc = subprocess.run(
        [str(LIDA_PY), "-c", LIDA_SCRIPT, jobs], capture_output=True, text=True, cwd="/", timeout=3600
    )
    if proc.returncode != 0:
        raise RuntimeError("LIDA run failed: " + (proc.stderr.strip().splitlines() or ["?"])[-1])
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> int:
    sys.path.insert(0, str(ROOT))
    from vega_datasets import local_data

    from summarizer import prompt_text, summarize

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1_000_000, help="rows of the synthetic table")
    ap.add_argument("--repeat", type=int, default=3, help="best of K runs")
    ap.add_argument("--no-lida", action="store_true", help="skip the LIDA comparison")
    args = ap.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="bench-summarize-"))
    frames: dict[str, pd.DataFrame] = {f"synthetic {args.rows // 1000}k x 20": synthetic(args.rows)}
    for name in local_data.list_datasets():
        frames[name] = getattr(local_data, name.replace("-", "_"))()
    paths: dict[str, Path] = {}
    for name, df in frames.items():
        paths[name] = tmp / (name.replace(" ", "_") + ".csv")
        df.to_csv(paths[name], index=False)

    rows = []
    typed_name = next(iter(frames))
    typed = frames[typed_name]  # in-memory frame with real dtypes (no CSV round trip): the 2 s target
    rows.append(
        (
            typed_name + " typed",
            len(typed),
            typed.shape[1],
            best_of(partial(summarize, typed), args.repeat),
            float("nan"),
        )
    )
    for name, path in paths.items():
        df = pd.read_csv(path)
        repeat = args.repeat
        ours = best_of(partial(summarize, df), repeat)
        ours_file = best_of(partial(summarize, path), repeat)
        rows.append((name, len(df), df.shape[1], ours, ours_file))

    lida_status = "skipped (--no-lida)" if args.no_lida else ensure_lida()
    lida: dict[str, Any] = {}
    if lida_status is None:
        try:
            lida = run_lida(
                [(n, str(p), args.repeat) for n, p in paths.items()], ROOT / "lida" / "examples" / "cars.json"
            )
        except (RuntimeError, subprocess.SubprocessError) as exc:
            lida_status = str(exc)

    header = f"{'dataset':<30} {'rows':>9} {'cols':>4} {'ours ms':>9} {'ours file ms':>12} {'LIDA ms':>9} {'LIDA/ours':>9}"
    print(header)
    print("-" * len(header))
    ratios = []
    for name, n, c, ours, ours_file in rows:
        t = lida.get("timings", {}).get(name)
        lida_ms = f"{t * 1000:9.1f}" if t is not None else f"{'-':>9}"
        ratio = f"{t / ours:9.1f}" if t is not None else f"{'-':>9}"
        if t is not None:
            ratios.append(t / ours)
        file_ms = f"{ours_file * 1000:12.1f}" if ours_file == ours_file else f"{'-':>12}"
        print(f"{name:<30} {n:>9} {c:>4} {ours * 1000:9.1f} {file_ms} {lida_ms} {ratio}")
    total_ours = sum(r[3] for r in rows[1:])
    print(f"{'total (from CSV frames)':<30} {'':>9} {'':>4} {total_ours * 1000:9.1f}")
    if ratios:
        print(
            f"LIDA/ours time ratio: median {np.median(ratios):.1f}x, min {min(ratios):.1f}x, max {max(ratios):.1f}x"
        )

    cars = summarize(ROOT / "lida" / "examples" / "cars.json")
    ours_chars = len(prompt_text(cars))
    print(f"\nprompt characters for cars: ours {ours_chars}", end="")
    if "cars_prompt_chars" in lida:
        lc = lida["cars_prompt_chars"]
        print(
            f", LIDA default summary {lc} (json {lida['cars_json_chars']}); ours/LIDA = {ours_chars / lc:.0%}"
        )
    else:
        print()
    if lida_status:
        print(f"LIDA: {lida_status}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
