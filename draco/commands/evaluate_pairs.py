"""`draco evaluate-pairs`: how often given weights rank the better chart of each pair cheaper."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE", help="pair files in the Draco 1 training format")
    parser.add_argument(
        "--weights", metavar="WEIGHTS", help="weights JSON (default: what Draco loads by default)"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def run(args: argparse.Namespace) -> int:
    from draco.kb import read_weights
    from draco.learn.evaluate import evaluate_pairs
    from draco.learn.pairs import load_pairs

    pairs = load_pairs(Path(f) for f in args.files)
    weights = read_weights(args.weights) if args.weights else None
    ev = evaluate_pairs(pairs, weights)
    if args.json:
        json.dump(ev.to_dict(), sys.stdout, indent=2)
        sys.stdout.write("\n")
        return 0
    rows = [("all", ev.overall)]
    rows += [(f"source {k}", v) for k, v in ev.by_source.items()]
    rows += [(f"task {k}", v) for k, v in ev.by_task.items()]
    print(f"{'':<22} {'correct':>8} {'ties':>6} {'wrong':>6} {'accuracy':>9}")
    for label, t in rows:
        print(f"{label:<22} {t.correct:>8} {t.ties:>6} {t.wrong:>6} {t.accuracy:>9.4f}")
    if ev.rejected:
        print(f"{len(ev.rejected)} pair(s) not scored (not convertible or breaking a hard constraint):")
        for r in ev.rejected:
            print(f"  {r.pair.key}: {r.reason}")
    return 0
