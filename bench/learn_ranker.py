"""Learn the chart ranker's weights from expert chart collections and write them to --out.

Reads gallery-dev (../shared/data/gallery-dev, when present) and bench/galleries/* except the collections
held out for evaluation (lida.explore.collections.HELD_OUT); tables that ship in vega-datasets are never used. Deterministic: the same collections give the same bytes.

    python bench/learn_ranker.py --out lida/data/ranker_weights.json [--c 0.05] [--collection DIR ...]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
sys.path.insert(0, str(HERE.parent))

from lida.explore.collections import default_collections, load_collection  # noqa: E402
from lida.explore.learn import MARGIN, C, learn  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", required=True, help="where to write the weights (JSON)")
    ap.add_argument("--c", type=float, default=C, help="how far the pairs may pull the weights from the prior")
    ap.add_argument("--margin", type=float, default=MARGIN)
    ap.add_argument("--collection", action="append", default=None, help="a collection folder (repeatable)")
    args = ap.parse_args()
    folders = [Path(c) for c in args.collection] if args.collection else default_collections(HERE.parent, training=True)
    tables = [t for f in folders for t in load_collection(f)]
    if not tables:
        print("no expert chart collections found", file=sys.stderr)
        return 1
    weights = learn(tables, Path(args.out), c=args.c, margin=args.margin)
    print(f"{len(tables)} tables from {len(folders)} collections -> {args.out}")
    for name, w in sorted(weights.items(), key=lambda kv: -abs(kv[1])):
        if w:
            print(f"  {name:<22} {w:+.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
