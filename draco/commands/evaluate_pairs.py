"""`draco evaluate-pairs`: how often given weights rank the better chart of each pair cheaper.

With --held-out it also learns again (as `draco learn` does) to report figures on pairs the weights
never saw: nested 5-fold CV per source (Kim's is the "Kim held-out" figure) and leave-one-study-out
for every study file (sources other than kim2018 and saket2018). That takes minutes, not seconds."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE", help="pair files in the Draco 1 training format")
    parser.add_argument(
        "--weights", metavar="WEIGHTS", help="weights JSON (default: what Draco loads by default)"
    )
    parser.add_argument(
        "--held-out",
        action="store_true",
        help="also learn on the files: nested CV per source and leave-one-study-out (minutes)",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def run(args: argparse.Namespace) -> int:
    from draco.core import Draco
    from draco.kb import load_prior, read_weights
    from draco.learn.evaluate import evaluate_features
    from draco.learn.features import featurize
    from draco.learn.heldout import held_out
    from draco.learn.pairs import load_pairs

    pairs = load_pairs(Path(f) for f in args.files)
    weights = read_weights(args.weights) if args.weights else None
    features = featurize(pairs, Draco() if weights is None else Draco(weights=weights))
    ev = evaluate_features(features)
    ho = held_out(features, load_prior()) if args.held_out else None
    if args.json:
        out: dict[str, Any] = ev.to_dict()
        if ho is not None:
            out["held_out"] = ho.to_dict()
        json.dump(out, sys.stdout, indent=2)
        sys.stdout.write("\n")
        return 0
    rows = [("all", ev.overall)]
    rows += [(f"source {k}", v) for k, v in ev.by_source.items()]
    rows += [(f"task {k}", v) for k, v in ev.by_task.items()]
    width = max(len(label) for label, _ in rows) + 1
    print(f"{'':<{width}} {'correct':>8} {'ties':>6} {'wrong':>6} {'accuracy':>9}")
    for label, t in rows:
        print(f"{label:<{width}} {t.correct:>8} {t.ties:>6} {t.wrong:>6} {t.accuracy:>9.4f}")
    if ev.rejected:
        print(f"{len(ev.rejected)} pair(s) not scored (not convertible or breaking a hard constraint):")
        for r in ev.rejected:
            print(f"  {r.pair.key}: {r.reason}")
    if ho is not None:
        _print_held_out(ev.by_source, ho)
    return 0


def _print_held_out(trained: Any, ho: Any) -> None:
    def cell(t: Any) -> str:
        return f"{'-':>11}" if t is None else f"{t.accuracy:6.1%} {t.ties:>3}t"

    cv = "nested 5-fold CV" if ho.nested else f"5-fold CV at C = {ho.cv_chosen_c[0]:g}"
    print("\nheld out (accuracy, ties): trained = these weights, on pairs they may have been fit on;")
    print(f"cv = {cv}; loso = learned without this study; base = learned on Kim + Saket only")
    width = max(len(s) for s in trained) + 1
    print(f"{'source':<{width}} {'pairs':>5}  {'trained':>11}  {'cv':>11}  {'loso':>11}  {'base':>11}  {'prior':>11}")
    for source, t in trained.items():
        print(
            f"{source:<{width}} {t.total:>5}  {cell(t)}  {cell(ho.cv.get(source))}  {cell(ho.loso.get(source))}"
            f"  {cell(ho.base_only.get(source))}  {cell(ho.prior.get(source))}"
        )
    lt = ho.loso_total
    print(f"all studies, leave-one-study-out: {lt.accuracy:.1%} ({lt.correct} correct, {lt.ties} ties, {lt.wrong} wrong)")
