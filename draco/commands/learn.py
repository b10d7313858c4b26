"""`draco learn`: learn soft-constraint weights from preference pairs and write them as JSON.

It writes where --out says. Only --install rewrites the shipped draco/asp/weights.json (the file every
`Draco()` loads), so a trial run can never silently change the installed package."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--pairs",
        nargs="+",
        metavar="FILE",
        help="pair files in the Draco 1 training format (default: the bundled ones)",
    )
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--out", metavar="WEIGHTS", type=Path, help="where to write the weights JSON")
    where.add_argument(
        "--install",
        action="store_true",
        help="overwrite the shipped draco/asp/weights.json, which Draco() loads by default",
    )
    parser.add_argument(
        "--report",
        action="store_true",
        help="also cross-validate (with/without prior, with/without w >= 0) and check the hand-written pairs",
    )
    parser.add_argument(
        "--json", action="store_true", help="print the summary (and report) as one JSON object"
    )


def run(args: argparse.Namespace) -> int:
    from draco.errors import DracoError
    from draco.kb import LEARNED_WEIGHTS, weights_json
    from draco.learn.pairs import HANDWRITTEN_PAIR_FILE, bundled_pair_paths, bundled_path, load_pairs
    from draco.learn.train import measure, train

    out: Path = LEARNED_WEIGHTS if args.install else args.out
    if out.is_dir():
        raise DracoError(f"--out {out}: is a folder; give the weights file's path")
    if not out.parent.is_dir():
        raise DracoError(f"--out {out}: no such folder {out.parent}")
    paths = [Path(p) for p in args.pairs] if args.pairs else bundled_pair_paths()
    pairs = load_pairs(paths)
    result = train(pairs)
    out.write_text(weights_json(result.weights), encoding="utf-8")

    summary: dict[str, object] = {
        "out": str(out),
        "pairs": len(pairs),
        "usable": len(result.features.pairs),
        "rejected": [r.to_dict() for r in result.rejected],
        "C": result.c,
        "scale": result.scale,
        "train_accuracy": round(result.train_float.accuracy, 6),
        "train_accuracy_integer": round(result.train_int.accuracy, 6),
        "train_ties_integer": result.train_int.ties,
    }
    if args.report:
        hand = load_pairs([bundled_path(HANDWRITTEN_PAIR_FILE)])
        summary["report"] = measure(result, hand).to_dict()
    if args.json:
        json.dump(summary, sys.stdout, indent=2)
        sys.stdout.write("\n")
        return 0
    print(f"wrote {out}: {len(result.weights)} weights (C={result.c:g}, integer scale {result.scale:g})")
    print(f"pairs: {len(pairs)}, used {len(result.features.pairs)}, rejected {len(result.rejected)}")
    for r in result.rejected:
        print(f"  rejected {r.pair.key}: {r.reason}")
    t = result.train_int
    print(
        f"training accuracy (integer weights): {t.accuracy:.4f} ({t.correct} correct, {t.ties} ties, {t.wrong} wrong)"
    )
    if args.report:
        _print_report(summary["report"])  # type: ignore[arg-type]
    return 0


def _print_report(rep: dict[str, object]) -> None:
    def line(label: str, t: object) -> None:
        d = t if isinstance(t, dict) else {}
        print(
            f"  {label:<44} {d.get('accuracy', 0):.4f}  "
            f"({d.get('correct')} correct, {d.get('ties')} ties, {d.get('wrong')} wrong)"
        )

    print(f"soft constraints: {rep['soft_constraints']}, firing on these pairs: {rep['fired']}")
    print(f"pairs with identical feature vectors (always ties): {rep['structural_ties']}")
    print("accuracy on the pairs:")
    line("prior weights (all pairs)", rep["prior"])
    line("5-fold CV, toward prior, w >= floor (shipped)", rep["cv_with_prior"])
    line("5-fold CV, toward prior, unconstrained", rep["cv_with_prior_unconstrained"])
    line("5-fold CV, toward zero, w >= 0", rep["cv_without_prior"])
    line("5-fold CV, toward zero, unconstrained", rep["cv_without_prior_unconstrained"])
    hand = rep.get("handwritten")
    if isinstance(hand, dict) and hand:
        print(f"hand-written pairs (rejected: {rep['handwritten_rejected']}):")
        for key, t in hand.items():
            line(key, t)
