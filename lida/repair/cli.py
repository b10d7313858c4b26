"""What `lida exec --repair` adds to the exec command, kept here so exec.py needs only two calls.

    add_repair_arguments(parser)                 # --repair, --max-llm-attempts (and --llm if absent)
    payload = run_repair(args, code, data, sandbox, render)   # -> (RepairOutcome, JSON-ready dict)
"""

from __future__ import annotations

import argparse
import os
from typing import Any

from lida.repair.loop import RepairLoop
from lida.repair.model import RepairOutcome

#: env var naming an LLM spec (e.g. openai:gpt-4o-mini) used for repair when --llm is not given
ENV_LLM = "LIDA_LLM"


def add_repair_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--repair", action="store_true",
                        help="repair the code when it fails or draws a wrong chart (deterministic fixes, then the LLM if configured)")
    parser.add_argument("--max-llm-attempts", type=int, default=2, metavar="N", help="LLM repair attempts (default 2)")
    if "--llm" not in parser._option_string_actions:
        parser.add_argument("--llm", default=None, metavar="SPEC",
                            help=f"LLM for repair, e.g. openai:gpt-4o-mini (default: ${ENV_LLM}, else none)")


def run_repair(args: argparse.Namespace, code: str, data: Any, sandbox: Any, render: Any = None) -> tuple[RepairOutcome, dict[str, Any]]:
    """Run the repair loop; the dict is the final ExecResult's JSON plus `code`, `repairs` and `attempts`."""
    from draco import Draco

    spec = getattr(args, "llm", None) or os.environ.get(ENV_LLM)
    llm_repair = None
    if spec:
        from lida.generator import LLMGenerator

        llm_repair = LLMGenerator.from_spec(spec).code_repair
    loop = RepairLoop(sandbox, llm_repair=llm_repair, max_llm_attempts=max(0, int(getattr(args, "max_llm_attempts", 2))),
                      draco=Draco(), render=render)
    outcome = loop.run(code, data)
    result = outcome.result
    payload: dict[str, Any] = result.to_dict() if hasattr(result, "to_dict") else {"ok": outcome.ok}
    summary = outcome.to_dict()
    payload.update({
        "ok": outcome.ok,
        "code": outcome.code,
        "repairs": summary["repairs"],
        "attempts": summary["attempts"],
        "reason": outcome.reason,
        "spec_edited": outcome.spec_edited,
        "foreign": outcome.foreign,  # code for another plotting library: not repaired, draw the goal again
    })
    if not outcome.ok:
        payload["spec"] = None
    return outcome, payload
