"""`draco explain`: the violated soft preferences of one spec, largest contribution first."""

from __future__ import annotations

import argparse

from draco.commands._io import add_input, draco_for, read_request, schema_of, spec_of, task_of, write


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_input(parser, "spec")


def run(args: argparse.Namespace) -> int:
    req = read_request(args)
    spec = spec_of(req)
    d = draco_for(args)
    schema, task = schema_of(req), task_of(req)
    score = d.score(spec, schema, task)
    prefs = d.explain(spec, schema, task)
    write({"cost": score.cost, "violations": [v.to_dict() for v in score.violations], "preferences": [p.to_dict() for p in prefs]}, args)
    return 0
