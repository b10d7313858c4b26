"""`draco check`: the hard violations of one spec ({"spec", "schema", "task"})."""

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
    violations = draco_for(args).check(req["spec"], schema_of(req), task_of(req))
    write({"valid": not violations, "violations": [v.to_dict() for v in violations]}, args)
    return 0
