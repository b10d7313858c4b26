"""The `draco` command. Each subcommand is a module with `add_arguments(parser)` and
`run(args) -> int`; this module only dispatches and turns known errors into one line on stderr."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from draco.errors import DracoError

#: (name, module, one-line help). Modules are imported only when their command runs.
COMMANDS: list[tuple[str, str, str]] = [
    ("check", "draco.commands.check", "list the hard constraints a spec breaks"),
    ("cost", "draco.commands.cost", "score one or many specs (cost and soft-constraint counts)"),
    ("complete", "draco.commands.complete", "the k best charts that complete a partial spec"),
    ("explain", "draco.commands.explain", "the soft preferences a spec violates, largest first"),
    ("constraints", "draco.commands.constraints", "print the documented hard and soft constraints"),
    ("learn", "draco.learn_cmd", "learn soft-constraint weights from preference pairs"),
    ("evaluate-pairs", "draco.learn_evaluate_cmd", "accuracy of weights on preference pairs"),
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="draco", description="Our ASP knowledge base of visualization design.")
    parser.add_argument("--debug", action="store_true", help="show tracebacks for internal errors")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, module, help_text in COMMANDS:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.set_defaults(_module=module)
        importlib.import_module(module).add_arguments(p)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(importlib.import_module(args._module).run(args))
    except DracoError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader went away (e.g. `| head`): nothing left to say
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except Exception as exc:
        if args.debug:
            raise
        print(f"internal error: {type(exc).__name__}: {exc} (rerun with --debug for details)", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
