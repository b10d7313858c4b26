"""How often the pipeline's top charts are the charts experts drew (gallery-dev and bench/galleries/*).

For each table: Lida().run(csv, n=5) offline; a table scores at k when one of its expert charts
relaxed-matches a chart in the top k (same mark family, same x/y fields in either order, the expert's
colour field shown), strict@5 when aggregates, bins and time units agree too. With --loto, the
learned ranker is retrained without the table before it ranks that table (leave-one-table-out).

    python bench/gallery.py [--loto] [--stages] [--collection DIR ...] [-n 5] [--json] [--out DIR]

--stages says where a table's expert charts are lost: `gen` some candidate (completed by rules)
relaxed-matches an expert chart; `draco` such a candidate still matches once draco completes it; `cut`
a matching candidate is in the pre-ranked shortlist that gets completed; `done` a completed shortlist
chart matches; `plan` one of the planned top n matches (before execution); `run` the drawn top n does.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
sys.path.insert(0, str(HERE.parent))

from lida.explore.collections import HELD_OUT, Table, default_collections, load_collection  # noqa: E402
from lida.explore.match import key_of_spec, relaxed_match, strict_match  # noqa: E402


def stages(lida: object, table: Table, n: int) -> dict[str, bool]:
    """Per stage of the plan, whether any expert chart of the table is still reachable."""
    from lida.api import Lida
    from lida.errors import LidaError
    from lida.explore.candidates import candidates
    from lida.explore.plan import complete_one, plan, prerank, shortlist
    from lida.explore.stats import table_stats
    from summarizer import load, summarize_loaded

    assert isinstance(lida, Lida)
    draco = lida.draco
    loaded = load(str(table.csv))
    summary = summarize_loaded(loaded)
    stats = table_stats(loaded.frame, summary)
    pre = prerank(summary, stats, candidates(summary, stats), lida.ranker)

    def hit(key: object) -> bool:
        return key is not None and any(relaxed_match(key, e) for e in table.experts)  # type: ignore[arg-type]

    schema = None
    if draco is not None:
        from draco.schema import DataSchema

        schema = DataSchema.from_summary(summary)

    def completed_hit(cand: object) -> bool:
        try:
            spec, _ = complete_one(summary, cand, draco, schema)  # type: ignore[arg-type]
        except LidaError:
            return False
        return hit(key_of_spec(spec))

    local = [c for c, k, _ in pre if hit(k)]
    short = shortlist(pre, n, stats)
    _, planned = plan(summary, loaded.frame, draco, lida.ranker, n, spare=0, stats=stats)
    return {
        "gen": bool(local),
        "draco": any(completed_hit(c) for c in local),
        "cut": any(hit(k) for _, k, _ in short),
        "done": any(completed_hit(c) for c, _, _ in short),
        "plan": any(hit(p.key) for p in planned[:n]),
    }


STAGES = ("gen", "draco", "cut", "done", "plan")


def evaluate_table(lida: object, table: Table, n: int, out: Path | None) -> dict[str, object]:
    from lida.api import Lida

    assert isinstance(lida, Lida)
    start = time.perf_counter()
    run = lida.run(str(table.csv), n=n)
    seconds = time.perf_counter() - start
    keys = [key_of_spec(c.spec) for c in run.charts]
    first_relaxed = next((i for i, k in enumerate(keys, 1)
                          if k is not None and any(relaxed_match(k, e) for e in table.experts)), None)
    strict = any(k is not None and any(strict_match(k, e) for e in table.experts) for k in keys[:5])
    if out is not None:
        folder = out / table.collection / table.name
        folder.mkdir(parents=True, exist_ok=True)
        for c in run.charts:
            c.save(folder / f"{c.rank}.png")
    return {
        "collection": table.collection, "table": table.name, "first": first_relaxed,
        "r1": first_relaxed is not None and first_relaxed <= 1, "r3": first_relaxed is not None and first_relaxed <= 3,
        "r5": first_relaxed is not None and first_relaxed <= 5, "s5": strict, "seconds": round(seconds, 2),
        "top": [str(k) for k in keys], "experts": [str(e) for e in table.experts],
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--collection", action="append", default=None, help="a collection folder (repeatable)")
    ap.add_argument("--loto", action="store_true", help="retrain the ranker without each table before ranking it")
    ap.add_argument("-n", type=int, default=5)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--out", default=None, help="save each table's charts as PNG here")
    ap.add_argument("--stages", action="store_true", help="say at which stage expert charts are lost")
    ap.add_argument("-v", "--verbose", action="store_true", help="print the top charts and the expert charts")
    args = ap.parse_args()
    folders = [Path(c) for c in args.collection] if args.collection else default_collections(HERE.parent)
    tables = [t for f in folders for t in load_collection(f)]
    if not tables:
        print("no gallery collections found", file=sys.stderr)
        return 1
    from lida.api import Lida

    rows = []
    with Lida() as lida:
        if args.loto:
            from lida.explore.learn import loto_rankers

            # Held-out collections are never trained on: their tables get the ranker trained on all the
            # training tables (the shipped one); a training table gets one trained without it.
            shipped = lida.ranker
            rankers = loto_rankers([t for t in tables if t.collection not in HELD_OUT])
        for table in tables:
            if args.loto:
                lida.ranker = rankers.get((table.collection, table.name), shipped)
            row = evaluate_table(lida, table, args.n, Path(args.out) if args.out else None)
            if args.stages:
                row["stages"] = stages(lida, table, args.n)
            rows.append(row)
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    label = "leave-one-table-out" if args.loto else "shipped ranker"
    print(f"{'collection':<14} {'table':<18} {'@1':>3} {'@3':>3} {'@5':>3} {'s@5':>4} {'first':>5} {'sec':>6}")
    for r in rows:
        mark = {True: "x", False: "."}
        print(f"{r['collection']:<14} {r['table']:<18} {mark[bool(r['r1'])]:>3} {mark[bool(r['r3'])]:>3} "
              f"{mark[bool(r['r5'])]:>3} {mark[bool(r['s5'])]:>4} {r['first'] or '-'!s:>5} {r['seconds']:>6}")
        if args.stages:
            st = r["stages"]
            print("      stages: " + " ".join(f"{s}={mark[bool(st[s])]}" for s in STAGES))  # type: ignore[index]
        if args.verbose:
            for i, k in enumerate(r["top"], 1):  # type: ignore[arg-type]
                print(f"      {i}. {k}")
            for e in r["experts"]:  # type: ignore[union-attr]
                print(f"      expert: {e}")
    for coll in [*sorted({str(r["collection"]) for r in rows}), "ALL"]:
        sel = [r for r in rows if coll == "ALL" or r["collection"] == coll]
        k = len(sel)
        fig = {m: sum(bool(r[m]) for r in sel) for m in ("r1", "r3", "r5", "s5")}
        print(f"{coll} ({label}, {k} tables): relaxed@1 {fig['r1']}/{k} = {fig['r1'] / k:.2f}, "
              f"relaxed@3 {fig['r3']}/{k} = {fig['r3'] / k:.2f}, relaxed@5 {fig['r5']}/{k} = {fig['r5'] / k:.2f}, "
              f"strict@5 {fig['s5']}/{k} = {fig['s5'] / k:.2f}")
    if args.stages:
        k = len(rows)
        counts = {s: sum(bool(r["stages"][s]) for r in rows) for s in STAGES}  # type: ignore[index]
        counts["run"] = sum(bool(r["r5"]) for r in rows)
        print(f"stage recall ({label}, {k} tables): " + ", ".join(f"{s} {v}/{k}" for s, v in counts.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
