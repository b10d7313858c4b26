"""The `lida` command. Each subcommand lives in lida/commands/<name>.py with
`add_arguments(parser)` and `run(args) -> int`; this module only dispatches and turns
known errors into one line on stderr."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from draco import commandline
from draco.errors import DracoError
from lida.errors import LidaError
from summarizer.errors import SummarizerError

#: (name, module, one-line help). Modules import their heavy libraries only inside run().
COMMANDS: list[tuple[str, str, str]] = [
    ("summarize", "lida.commands.summarize", "summarize a data file (table or JSON)"),
    ("demo", "lida.commands.demo", "run the offline pipeline on the bundled examples"),
    ("charts", "lida.commands.charts", "the n charts worth looking at for one data file"),
    ("batch", "lida.commands.batch", "charts for many data files, with an HTML gallery"),
    ("exec", "lida.commands.exec", "run one chart's code in the sandbox (--json, --png)"),
    ("doctor", "lida.commands.doctor", "which sandbox layers are on here, and why"),
]

USER_ERRORS = (SummarizerError, DracoError, LidaError)


def build_parser() -> argparse.ArgumentParser:
    return commandline.build_parser("lida", "Charts worth looking at, from a table.", COMMANDS)


def main(argv: Sequence[str] | None = None) -> int:
    return commandline.dispatch(build_parser(), USER_ERRORS, argv)


if __name__ == "__main__":
    sys.exit(main())
