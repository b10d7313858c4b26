"""Shared input/output of the JSON subcommands: read one request object, write one JSON answer."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from draco.errors import DracoError
from draco.schema import DataSchema


def add_input(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument(
        "input",
        nargs="?",
        help=f"JSON file with {what}, schema (DataSchema JSON or a data file path) and task; default stdin",
    )
    parser.add_argument("--weights", help="weights JSON file (default: learned weights, else priors)")
    parser.add_argument("--indent", type=int, default=2, help="JSON indent (default 2)")


def read_request(args: argparse.Namespace) -> dict[str, Any]:
    if args.input and args.input != "-":
        p = Path(args.input)
        if not p.exists():
            raise DracoError(f"input file not found: {p}")
        text = p.read_text(encoding="utf-8")
        base = p.parent
    else:
        text = sys.stdin.read()
        base = Path.cwd()
    try:
        req = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DracoError(f"input is not valid JSON: {exc}") from exc
    if not isinstance(req, dict):
        raise DracoError("input must be a JSON object")
    req["_base"] = base
    return req


def spec_of(req: dict[str, Any]) -> Any:
    if "spec" not in req:
        raise DracoError("input needs a spec")
    return req["spec"]


def schema_of(req: dict[str, Any]) -> DataSchema:
    sch = req.get("schema")
    if sch is None:
        raise DracoError("input needs a schema (DataSchema JSON or a data file path)")
    if isinstance(sch, str):
        p = Path(sch)
        if not p.is_absolute():
            p = req["_base"] / p
        return DataSchema.from_file(p)
    return DataSchema.from_dict(sch)


def task_of(req: dict[str, Any]) -> str:
    task = req.get("task", "summary")
    if not isinstance(task, str):
        raise DracoError("task must be value or summary")
    return task


def draco_for(args: argparse.Namespace) -> Any:
    from draco.core import Draco

    return Draco(weights=args.weights) if args.weights else Draco()


def write(obj: Any, args: argparse.Namespace) -> None:
    sys.stdout.write(json.dumps(obj, indent=args.indent, ensure_ascii=False) + "\n")
