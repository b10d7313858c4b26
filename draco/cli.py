"""The `draco` command. Each subcommand is a module with `add_arguments(parser)` and
`run(args) -> int`; this module only dispatches and turns known errors into one line on stderr."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from draco import commandline
from draco.errors import DracoError

#: (name, module, one-line help). Modules import their heavy libraries only inside run().
COMMANDS: list[tuple[str, str, str]] = [
    ("check", "draco.commands.check", "list the hard constraints a spec breaks"),
    ("cost", "draco.commands.cost", "score one or many specs (cost and soft-constraint counts)"),
    ("complete", "draco.commands.complete", "the k best charts that complete a partial spec"),
    ("explain", "draco.commands.explain", "the soft preferences a spec violates, largest first"),
    ("constraints", "draco.commands.constraints", "print the documented hard and soft constraints"),
    ("learn", "draco.commands.learn", "learn soft-constraint weights from preference pairs"),
    ("evaluate-pairs", "draco.commands.evaluate_pairs", "accuracy of weights on preference pairs"),
]


def build_parser() -> argparse.ArgumentParser:
    return commandline.build_parser("draco", "Our ASP knowledge base of visualization design.", COMMANDS)


def main(argv: Sequence[str] | None = None) -> int:
    return commandline.dispatch(build_parser(), (DracoError,), argv)


if __name__ == "__main__":
    sys.exit(main())
