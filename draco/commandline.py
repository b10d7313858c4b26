"""The dispatcher behind the `draco` and `lida` commands.

Each subcommand is a module with `add_arguments(parser)` and `run(args) -> int`. Known errors become one
line on stderr (exit 2); anything else one line too unless --debug asks for the traceback.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

#: (name, module, one-line help) of one subcommand
Command = tuple[str, str, str]


def build_parser(prog: str, description: str, commands: Sequence[Command]) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=prog, description=description)
    parser.add_argument("--debug", action="store_true", help="show tracebacks for internal errors")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, module, help_text in commands:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.set_defaults(_module=module)
        importlib.import_module(module).add_arguments(p)
    return parser


def dispatch(
    parser: argparse.ArgumentParser,
    user_errors: tuple[type[BaseException], ...],
    argv: Sequence[str] | None = None,
) -> int:
    args = parser.parse_args(argv)
    try:
        return int(importlib.import_module(args._module).run(args))
    except user_errors as exc:
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
