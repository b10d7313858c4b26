"""Make chart code run and make the chart it draws right: deterministic fixes, LLM repair,
validation after execution and spec-level fixes, with every attempt recorded."""

from lida.repair.deterministic import FIXERS, FixResult, deterministic_repair
from lida.repair.loop import RepairLoop, repair_and_run
from lida.repair.model import Attempt, FieldInfo, FixContext, Issue, Repair, RepairOutcome
from lida.repair.specfix import fix_spec
from lida.repair.validate import Validator

__all__ = [
    "FIXERS",
    "Attempt",
    "FieldInfo",
    "FixContext",
    "FixResult",
    "Issue",
    "Repair",
    "RepairLoop",
    "RepairOutcome",
    "Validator",
    "deterministic_repair",
    "fix_spec",
    "repair_and_run",
]
