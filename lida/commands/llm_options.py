"""The LLM options `lida charts` and `lida batch` share, so they read and behave the same."""

from __future__ import annotations

import argparse


def seconds(text: str) -> float:
    """argparse type: a positive number of seconds (a clear one-line error otherwise)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of seconds, got {text!r}") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"expected more than 0 seconds, got {text!r}")
    return value


def add_llm_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--llm", default=None, help="e.g. openai:gpt-4o-mini; default: offline")
    p.add_argument("--llm-timeout", type=seconds, default=None, metavar="SECONDS",
                   help="seconds per LLM request, every stage (default: per stage, longer for a server on "
                        "127.0.0.1/localhost; env LIDA_LLM_TIMEOUT)")  # fmt: skip
    p.add_argument("--strict-llm", action="store_true",
                   help="fail when the LLM fails, instead of falling back to offline charts")  # fmt: skip
