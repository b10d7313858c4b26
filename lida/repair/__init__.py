"""Make chart code run and make the chart it draws right: deterministic fixes, LLM repair,
validation after execution and spec-level fixes, with every attempt recorded."""

from lida.repair.deterministic import FIXERS, FixResult, deterministic_repair
from lida.repair.model import Attempt, FieldInfo, FixContext, Issue, Repair, RepairOutcome

__all__ = [
    "FIXERS",
    "Attempt",
    "FieldInfo",
    "FixContext",
    "FixResult",
    "Issue",
    "Repair",
    "RepairOutcome",
    "deterministic_repair",
]
