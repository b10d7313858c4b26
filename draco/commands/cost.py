"""`draco cost`: scores for "spec" or "specs" (one solver run), plus "schema" and "task"."""

from __future__ import annotations

import argparse

from draco.commands._io import add_input, draco_for, read_request, schema_of, task_of, write
from draco.errors import DracoError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_input(parser, "spec (or specs, a list)")


def run(args: argparse.Namespace) -> int:
    req = read_request(args)
    if "specs" in req:
        specs = req["specs"]
        if not isinstance(specs, list):
            raise DracoError("specs must be a list")
    elif "spec" in req:
        specs = [req["spec"]]
    else:
        raise DracoError("input needs spec or specs")
    scores = draco_for(args).cost(specs, schema_of(req), task_of(req))
    out = [s.to_dict() for s in scores]
    write(out if "specs" in req else out[0], args)
    return 0
