"""`draco explain`: the violated soft preferences of one spec, largest contribution first."""

from __future__ import annotations

import argparse

from draco.commands._io import add_input, draco_for, read_request, schema_of, task_of, write
from draco.errors import DracoError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_input(parser, "spec")


def run(args: argparse.Namespace) -> int:
    req = read_request(args)
    if "spec" not in req:
        raise DracoError("input needs a spec")
    d = draco_for(args)
    schema, task = schema_of(req), task_of(req)
    score = d.score(req["spec"], schema, task)
    prefs = d.explain(req["spec"], schema, task)
    write({"cost": score.cost, "violations": [v.to_dict() for v in score.violations], "preferences": [p.to_dict() for p in prefs]}, args)
    return 0
