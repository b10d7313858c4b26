"""`lida exec CODE_FILE --data DATA_FILE`: run one chart's code in the sandbox and report the result."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from lida.errors import LidaError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("code_file", metavar="CODE_FILE", help="a Python file defining plot(data) -> alt.Chart")
    parser.add_argument("--data", required=True, metavar="DATA_FILE", help="the table the chart is drawn from")
    parser.add_argument("--png", metavar="OUT", help="also render the chart to this PNG file")
    parser.add_argument("--svg", metavar="OUT", help="also render the chart to this SVG file")
    parser.add_argument("--scale", type=float, default=1.0, help="PNG scale factor (default 1)")
    parser.add_argument("--timeout", type=float, default=20.0, help="seconds the chart code may run (default 20)")
    parser.add_argument("--json", action="store_true", help="print one JSON object: ok, error, spec, ...")
    parser.add_argument("--allow-weak-sandbox", action="store_true", default=None,
                        help="run chart code even without Landlock/seccomp (see `lida doctor`)")  # fmt: skip
    from lida.repair.cli import add_repair_arguments

    add_repair_arguments(parser)


def run_exec(args: argparse.Namespace) -> dict[str, Any]:
    """Run the chart (with --repair: through the repair loop) and return the JSON-ready result."""
    from lida.sandbox import Sandbox
    from lida.sandbox.pool import RenderFormat

    code_path = Path(args.code_file)
    if not code_path.is_file():
        raise LidaError(f"{code_path}: no such code file")
    try:
        code = code_path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise LidaError(f"{code_path}: cannot read the code file ({exc})") from exc
    if not Path(args.data).is_file():
        raise LidaError(f"{args.data}: no such data file")
    from summarizer import load

    frame = load(args.data).frame
    formats: list[RenderFormat] = []
    if args.png:
        formats.append("png")
    if args.svg:
        formats.append("svg")
    with Sandbox(workers=1, timeout=args.timeout, allow_weak=args.allow_weak_sandbox) as sandbox:
        if getattr(args, "repair", False):
            from lida.repair.cli import run_repair

            outcome, report = run_repair(args, code, frame, sandbox, render=tuple(formats) or None)
            result = outcome.result
        else:
            result = sandbox.run(code, frame, render=tuple(formats) or None, scale=args.scale)
            report = result.to_dict()
        report["startup_s"] = round(sandbox.startup_s or 0.0, 3)
    ok = bool(report["ok"])
    if ok and args.png and getattr(result, "png", None) is not None:
        Path(args.png).write_bytes(result.png)
        report["png"] = args.png
    if ok and args.svg and getattr(result, "svg", None) is not None:
        Path(args.svg).write_text(result.svg, encoding="utf-8")
        report["svg_file"] = args.svg
    report.pop("svg", None)
    return report


def run(args: argparse.Namespace) -> int:
    report = run_exec(args)
    if args.json:
        print(json.dumps(report))
    elif report["ok"]:
        marks = report["spec"].get("mark") if isinstance(report["spec"], dict) else None
        print(f"ok: chart built in {report['duration_s']:.2f} s (mark: {marks})")
        for key in ("png", "svg_file"):
            if report.get(key):
                print(f"wrote {report[key]}")
    else:
        err = report["error"] or {}
        where = f" (line {err['line']})" if err.get("line") else ""
        kind = "blocked" if err.get("blocked") else "failed"
        print(f"{kind}: {err.get('type')}{where}: {err.get('message')}", file=sys.stderr)
    if report.get("stdout") and not args.json:
        print(report["stdout"], end="" if report["stdout"].endswith("\n") else "\n")
    return 0 if report["ok"] else 1
