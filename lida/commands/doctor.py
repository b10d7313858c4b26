"""`lida doctor`: which sandbox layers chart code gets on this machine, and whether it will run."""

from __future__ import annotations

import argparse
import json


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print the layers as JSON")


def run(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from lida.sandbox import layers

    found = layers.detect()
    missing = found.missing_kernel_layers()
    weak_ok = layers.weak_allowed(None)
    if not missing:
        verdict = "chart code runs with every layer on"
    elif weak_ok:
        verdict = f"{layers.ALLOW_WEAK_ENV} is set: chart code runs with the in-process layers only"
    else:
        verdict = (
            "chart code does not run unless you opt in (--allow-weak-sandbox, "
            f"Lida(allow_weak_sandbox=True) or {layers.ALLOW_WEAK_ENV}=1)"
        )
    if args.json:
        doc = {"layers": [asdict(layer) for layer in found.layers], "runs": not missing or weak_ok, "verdict": verdict}
        print(json.dumps(doc))
        return 0
    width = max(len(layer.name) for layer in found.layers)
    print("Sandbox layers for chart code on this machine:")
    for layer in found.layers:
        print(f"  {'on ' if layer.on else 'OFF'}  {layer.name:<{width}}  {layer.detail}")
    print(verdict)
    return 0
