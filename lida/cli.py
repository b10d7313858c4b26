"""The `lida` command. Each subcommand lives in lida/commands/<name>.py with
`add_arguments(parser)` and `run(args) -> int`; this module only dispatches and turns
known errors into one line on stderr."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from draco.errors import DracoError
from lida.errors import LidaError
from summarizer.errors import SummarizerError

#: (name, module, one-line help). Modules are imported only when their command runs.
COMMANDS: list[tuple[str, str, str]] = [
    ("summarize", "lida.commands.summarize", "summarize a data file (table or JSON)"),
    ("demo", "lida.commands.demo", "run the offline pipeline on the bundled examples"),
    ("charts", "lida.commands.charts", "the n charts worth looking at for one data file"),
    ("batch", "lida.commands.batch", "charts for many data files, with an HTML gallery"),
    ("exec", "lida.commands.exec", "run one chart's code in the sandbox (--json, --png)"),
]

USER_ERRORS = (SummarizerError, DracoError, LidaError)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="lida", description="Charts worth looking at, from a table.")
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
    except USER_ERRORS as exc:
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
