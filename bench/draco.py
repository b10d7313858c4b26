"""Benchmark: our draco vs Draco 2 (PyPI draco==2.0.1) on scoring and completion. Prints a table.

    .venv/bin/python bench/draco.py [--specs 1000] [--tables 20] [--no-draco2]

Draco 2 is installed (with clingo<5.8) into bench/.venvs/draco2 on first use and run in a
subprocess from outside the repo, so its `draco` package never meets ours. If that fails the
script says so and prints our figures alone. A benchmark, not a test: figures vary by machine.

Cases
- score: N random specs over random tables. Ours: one `Draco.cost` call (one grounding).
  Draco 2: `count_preferences` called per spec, as its API offers.
- complete: 20 random 25-field tables (seed 0); a partial spec with 3 encodings whose fields
  are fixed (mark, channels and the rest free). Ours: `Draco.complete(k=1)`; Draco 2:
  `complete_spec(models=1)` on the same fields.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from draco import DataSchema, Draco, EncodingHint, FieldSchema, PartialSpec  # noqa: E402

VENV = ROOT / "bench" / ".venvs" / "draco2"
SEED = 0

# ---- workload ---------------------------------------------------------------------------------


def make_table(rng: np.random.Generator, n_fields: int, rows: int = 200) -> list[dict[str, Any]]:
    """Column descriptions (name, kind, values) of a random table: numbers, categories, dates."""
    cols = []
    for i in range(n_fields):
        kind = rng.choice(["number", "number", "string", "datetime"])
        if kind == "number":
            vals = np.round(rng.gamma(2.0, 10.0, rows) * rng.choice([1, 100]), 2).tolist()
        elif kind == "string":
            k = int(rng.integers(2, 15))
            vals = [f"c{int(v)}" for v in rng.integers(0, k, rows)]
        else:
            vals = [f"2020-{1 + int(m):02d}-{1 + int(d):02d}" for m, d in zip(rng.integers(0, 12, rows), rng.integers(0, 28, rows), strict=True)]
        cols.append({"name": f"f{i}_{kind}", "kind": str(kind), "values": vals})
    return cols


def our_schema(cols: list[dict[str, Any]]) -> DataSchema:
    fields = []
    rows = len(cols[0]["values"])
    for c in cols:
        vals = c["values"]
        _, counts = np.unique(np.array(vals, dtype=object).astype(str), return_counts=True)
        p = counts / counts.sum()
        ent = float(-(p * np.log2(p)).sum())
        if c["kind"] == "number":
            fields.append(FieldSchema(c["name"], "number", len(counts), ent, min(vals), max(vals)))
        else:
            fields.append(FieldSchema(c["name"], c["kind"], len(counts), ent))
    return DataSchema(num_rows=rows, fields=tuple(fields))


MARKS = ["point", "bar", "line", "tick", "area", "rect"]


def random_spec(rng: np.random.Generator, cols: list[dict[str, Any]]) -> dict[str, Any]:
    """A plausible unit spec: two positional encodings and sometimes color; some aggregates."""
    mark = str(rng.choice(MARKS))
    picks = rng.choice(len(cols), size=3, replace=False)
    enc: dict[str, Any] = {}
    for ch, idx in zip(["x", "y", "color"], picks, strict=True):
        if ch == "color" and rng.random() < 0.5:
            continue
        c = cols[int(idx)]
        t = {"number": "quantitative", "string": "nominal", "datetime": "temporal"}[c["kind"]]
        e: dict[str, Any] = {"field": c["name"], "type": t}
        if t == "quantitative" and ch == "y" and rng.random() < 0.4:
            e["aggregate"] = str(rng.choice(["mean", "sum"]))
        enc[ch] = e
    return {"mark": mark, "encoding": enc}


# ---- Draco 2 (subprocess) ---------------------------------------------------------------------

WORKER = r'''
import json, sys, time
import pandas as pd
from draco import Draco, dict_to_facts, schema_from_dataframe

req = json.load(sys.stdin)
d = Draco()
out = {}

def frame(cols):
    df = pd.DataFrame({c["name"]: c["values"] for c in cols})
    for c in cols:
        if c["kind"] == "datetime":
            df[c["name"]] = pd.to_datetime(df[c["name"]])
    return df

def scale_for(t, ch):
    if t in ("quantitative", "temporal"):
        return {"channel": ch, "type": "linear"}
    return {"channel": ch, "type": "ordinal" if ch in ("x", "y") else "categorical"}

def d2_spec(schema, spec):
    encs, scales = [], []
    for ch, e in spec["encoding"].items():
        x = {"channel": ch, "field": e["field"]}
        if "aggregate" in e:
            x["aggregate"] = e["aggregate"]
        encs.append(x)
        scales.append(scale_for(e["type"], ch))
    return {**schema, "task": "summary", "view": [{"coordinates": "cartesian",
            "mark": [{"type": spec["mark"], "encoding": encs}], "scale": scales}]}

if "score" in req:
    tables = [schema_from_dataframe(frame(cols)) for cols in req["score"]["tables"]]
    facts = [dict_to_facts(d2_spec(tables[i], s)) for i, s in req["score"]["specs"]]
    t = time.perf_counter()
    for f in facts:
        d.count_preferences(f)
    out["score_s"] = time.perf_counter() - t

if "complete" in req:
    times = []
    for item in req["complete"]:
        schema = schema_from_dataframe(frame(item["table"]))
        facts = dict_to_facts(schema) + ["attribute(task,root,summary).", "entity(view,root,v0).", "entity(mark,v0,m0)."]
        for i, name in enumerate(item["fields"]):
            facts += [f"entity(encoding,m0,e{i}).", f'attribute((encoding,field),e{i},{name}).']
        t = time.perf_counter()
        models = list(d.complete_spec(facts, models=1))
        times.append(time.perf_counter() - t)
        if not models:
            times[-1] = None
    out["complete_s"] = times
json.dump(out, sys.stdout)
'''


def ensure_draco2() -> Path | None:
    py = VENV / "bin" / "python"
    if py.exists():
        return py
    try:
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True, capture_output=True)
        subprocess.run([str(py), "-m", "pip", "install", "-q", "draco==2.0.1", "clingo<5.8", "pandas"], check=True, capture_output=True, timeout=900)
    except (subprocess.SubprocessError, OSError) as exc:
        print(f"could not install Draco 2 into {VENV}: {exc}; printing our figures alone")
        return None
    return py


def run_draco2(py: Path, request: dict[str, Any]) -> dict[str, Any] | None:
    try:
        proc = subprocess.run(
            [str(py), "-I", "-c", WORKER], input=json.dumps(request), capture_output=True, text=True, cwd=str(VENV), timeout=3600
        )
    except (subprocess.SubprocessError, OSError) as exc:
        print(f"Draco 2 run failed: {exc}")
        return None
    if proc.returncode != 0:
        print("Draco 2 run failed: " + proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else "no output")
        return None
    result: dict[str, Any] = json.loads(proc.stdout)
    return result


# ---- main -------------------------------------------------------------------------------------


def fmt(sec: float | None) -> str:
    if sec is None:
        return "n/a"
    return f"{sec * 1000:.0f} ms" if sec < 10 else f"{sec:.1f} s"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--specs", type=int, default=1000)
    ap.add_argument("--tables", type=int, default=20)
    ap.add_argument("--no-draco2", action="store_true", help="only our figures")
    args = ap.parse_args()
    rng = np.random.default_rng(SEED)

    # scoring workload: 10 tables of 8 fields, specs spread over them
    score_tables = [make_table(rng, 8) for _ in range(10)]
    schemas = [our_schema(c) for c in score_tables]
    specs = []
    for _ in range(args.specs):
        i = int(rng.integers(0, len(score_tables)))
        specs.append((i, random_spec(rng, score_tables[i])))
    # completion workload: 25-field tables, 3 fixed fields each
    comp = []
    for _ in range(args.tables):
        cols = make_table(rng, 25)
        fields = [cols[int(i)]["name"] for i in rng.choice(25, size=3, replace=False)]
        comp.append({"table": cols, "fields": fields})

    d = Draco()
    d.cost([specs[0][1]], schemas[specs[0][0]])  # warm-up (imports, parse)
    # median of 3 batch runs: a single run swings by 1.5x with the first full-size ground and the GC, while
    # Draco 2's figure is already a sum over 1,000 separate solves
    runs = []
    for _ in range(3):
        t = time.perf_counter()
        scores = d.cost([s for _, s in specs], [schemas[i] for i, _ in specs], "summary")
        runs.append(time.perf_counter() - t)
    ours_score = statistics.median(runs)
    ours_comp = []
    for item in comp:
        schema = our_schema(item["table"])
        partial = PartialSpec(encodings=tuple(EncodingHint(field=f) for f in item["fields"]))
        t = time.perf_counter()
        res = d.complete(partial, schema, k=1)
        ours_comp.append(time.perf_counter() - t)
        assert res, f"no completion for {item['fields']}"
    ours_comp5 = []
    for item in comp:
        schema = our_schema(item["table"])
        partial = PartialSpec(encodings=tuple(EncodingHint(field=f) for f in item["fields"]))
        t = time.perf_counter()
        d.complete(partial, schema, k=5)
        ours_comp5.append(time.perf_counter() - t)

    theirs: dict[str, Any] | None = None
    if not args.no_draco2:
        py = ensure_draco2()
        if py is not None:
            theirs = run_draco2(py, {"score": {"tables": score_tables, "specs": specs}, "complete": comp})

    valid = sum(1 for s in scores if s.valid)
    print(f"\nscoring {len(specs)} specs ({valid} valid by our hard constraints); completion over {len(comp)} random 25-field tables\n")
    rows: list[tuple[str, float | None, float | None]] = [(f"score {len(specs)} specs (total)", ours_score, theirs["score_s"] if theirs else None)]
    t2 = [x for x in (theirs or {}).get("complete_s", []) if x is not None]
    failed2 = sum(1 for x in (theirs or {}).get("complete_s", []) if x is None)
    rows.append(("complete 3 fixed fields, k=1: median", statistics.median(ours_comp), statistics.median(t2) if t2 else None))
    rows.append(("complete 3 fixed fields, k=1: worst", max(ours_comp), max(t2) if t2 else None))
    rows.append(("complete 3 fixed fields, k=5: median (ours only)", statistics.median(ours_comp5), None))
    rows.append(("complete 3 fixed fields, k=5: worst (ours only)", max(ours_comp5), None))
    print(f"| {'case':52} | {'ours':>9} | {'Draco 2':>9} | {'ratio':>7} |")
    print(f"|{'-' * 54}|{'-' * 11}|{'-' * 11}|{'-' * 9}|")
    for name, a, b in rows:
        ratio = f"{b / a:.0f}x" if (a and b) else "-"
        print(f"| {name:52} | {fmt(a):>9} | {fmt(b):>9} | {ratio:>7} |")
    if failed2:
        print(f"\nDraco 2 found no completion for {failed2} of {len(comp)} tables")
    if theirs is None and not args.no_draco2:
        print("\n(Draco 2 figures unavailable; see the message above)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
