"""`draco complete`: the k best completions of {"partial": PartialSpec JSON, "schema", "k"}."""

from __future__ import annotations

import argparse

from draco.commands._io import add_input, draco_for, read_request, schema_of, write
from draco.errors import DracoError
from draco.partial import PartialSpec


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_input(parser, "partial (a PartialSpec object)")
    parser.add_argument("-k", type=int, default=None, help="how many completions (default: input k, else 5)")


def run(args: argparse.Namespace) -> int:
    req = read_request(args)
    if req.get("_vegalite"):
        raise DracoError("complete needs a request with a partial, not a Vega-Lite spec (try check, cost or explain)")
    raw = req.get("partial", {})
    if not isinstance(raw, dict):
        raise DracoError("partial must be an object")
    if "task" in req and "task" not in raw:
        raw = {**raw, "task": req["task"]}
    try:
        partial = PartialSpec.from_dict(raw)
    except TypeError as exc:
        raise DracoError(f"bad partial: {exc}") from exc
    k = args.k if args.k is not None else req.get("k", 5)
    if not isinstance(k, int) or k < 1:
        raise DracoError(f"k must be a positive integer, got {k!r}")
    comps = draco_for(args).complete(partial, schema_of(req), k=k)
    write([c.to_dict() for c in comps], args)
    return 0
