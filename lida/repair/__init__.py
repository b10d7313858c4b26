"""Make chart code run and make the chart it draws right: the repair loop (deterministic fixes from
lida.fixers, then a model rewrite passed in as a function, then spec-level fixes), validation after
execution, with every attempt recorded."""

from lida.fixers.deterministic import FIXERS, FixResult, deterministic_repair
from lida.fixers.model import FieldInfo, FixContext, Repair
from lida.repair.loop import CodeRepair, RepairLoop, repair_and_run
from lida.repair.model import Attempt, Issue, RepairOutcome
from lida.repair.specfix import fix_spec
from lida.repair.validate import Validator

__all__ = [
    "FIXERS",
    "Attempt",
    "CodeRepair",
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
