"""Shared input/output of the JSON subcommands: read one request object, write one JSON answer."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from draco.errors import DracoError
from draco.schema import DataSchema

#: Top-level keys that make an input a bare Vega-Lite spec rather than a request ({"spec", "schema", ...}).
VEGALITE_KEYS = frozenset(
    {"$schema", "mark", "encoding", "layer", "concat", "hconcat", "vconcat", "facet", "repeat", "data", "datasets"}
)


def add_input(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument(
        "input",
        nargs="?",
        help=f"a Vega-Lite spec (FILE.vl.json), or a JSON request with {what}, schema (DataSchema JSON or a "
        "data file path) and task; default stdin",
    )
    parser.add_argument(
        "--data",
        type=Path,
        help="data file to take the schema from (default: the request's schema, else the spec's inline "
        "data.values, else its data url when that is a local file)",
    )
    parser.add_argument("--task", choices=("summary", "value"), help="value or summary (overrides the request's task; default summary)")
    parser.add_argument("--weights", help="weights JSON file (default: the shipped learned weights)")
    parser.add_argument("--indent", type=int, default=2, help="JSON indent (default 2)")


def read_request(args: argparse.Namespace) -> dict[str, Any]:
    """The request object. A bare Vega-Lite spec becomes {"spec": it}; its schema comes from its own data."""
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
    if VEGALITE_KEYS & set(req):
        req = {"spec": req, "_vegalite": True}
    req["_base"] = base
    req["_data"] = getattr(args, "data", None)
    if getattr(args, "task", None):
        req["task"] = args.task
    return req


def spec_of(req: dict[str, Any]) -> Any:
    if "spec" not in req:
        raise DracoError("input needs a spec (a Vega-Lite spec, or a request with a spec)")
    return req["spec"]


def schema_of(req: dict[str, Any]) -> DataSchema:
    """--data, else the request's schema, else (for a bare Vega-Lite spec) the spec's own data."""
    if req.get("_data") is not None:
        return DataSchema.from_file(req["_data"])
    sch = req.get("schema")
    if sch is None:
        if req.get("_vegalite"):
            return DataSchema.from_vegalite(req["spec"], req["_base"])
        raise DracoError("input needs a schema (DataSchema JSON or a data file path), or give --data FILE")
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
