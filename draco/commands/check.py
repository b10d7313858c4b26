"""`draco check`: the hard violations of one spec ({"spec", "schema", "task"})."""

from __future__ import annotations

import argparse

from draco.commands._io import add_input, draco_for, read_request, schema_of, spec_of, task_of, write


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_input(parser, "spec")


def run(args: argparse.Namespace) -> int:
    req = read_request(args)
    spec = spec_of(req)
    violations = draco_for(args).check(spec, schema_of(req), task_of(req))
    write({"valid": not violations, "violations": [v.to_dict() for v in violations]}, args)
    return 0
