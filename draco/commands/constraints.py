"""`draco constraints`: the documented constraints, as text or JSON."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print a JSON list instead of text")
    parser.add_argument("--kind", choices=("hard", "soft"), help="only hard or only soft constraints")


def run(args: argparse.Namespace) -> int:
    from draco.core import Draco

    d = Draco()
    docs = [c for c in d.constraints() if args.kind in (None, c.kind)]
    if args.json:
        out = [{**asdict(c), "weight": d.weights.get(c.name)} for c in docs]
        sys.stdout.write(json.dumps(out, indent=2, ensure_ascii=False) + "\n")
        return 0
    for c in docs:
        w = f" [w={d.weights.get(c.name, 0)}]" if c.kind == "soft" else ""
        sys.stdout.write(f"{c.kind:4} {c.name}{w}: {c.description} ({c.file})\n")
    return 0
