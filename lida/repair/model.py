"""Typed values of the repair stage: what was fixed, what each attempt did, how it all ended."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from lida.fixers.model import Repair

Stage = Literal["initial", "deterministic", "llm", "spec"]


@dataclass(frozen=True)
class Issue:
    """Why an executed chart is not right even though it ran."""

    kind: str  # unknown-field, empty-chart, epoch-dates, draco:<violation>, overplotted
    message: str
    field: str | None = None
    hard: bool = True  # a soft issue is fixed when possible but never drops the chart


@dataclass
class Attempt:
    """One execution of one version of the code (or one spec edit), and what led to it."""

    code: str
    result: Any  # lida.sandbox ExecResult (duck-typed: ok, spec, png, svg, error)
    repairs: list[Repair] = field(default_factory=list)
    stage: Stage = "initial"
    issues: list[Issue] = field(default_factory=list)  # validation problems found after it ran
    kept: bool = True  # False for a spec edit that did not help (recorded, not built on)

    @property
    def ran(self) -> bool:
        return bool(getattr(self.result, "ok", False))

    @property
    def ok(self) -> bool:
        return self.ran and not any(i.hard for i in self.issues)

    @property
    def error(self) -> str | None:
        """The one-line problem this attempt leaves behind, or None when it produced a valid chart."""
        hard = [i for i in self.issues if i.hard]
        if hard:
            return "the chart ran but is wrong: " + "; ".join(i.message for i in hard)
        err = getattr(self.result, "error", None)
        if err is not None and not getattr(self.result, "ok", False):
            return f"{getattr(err, 'type', 'Error')}: {getattr(err, 'message', err)}"
        return None


@dataclass
class RepairOutcome:
    """Every attempt in order, and the final chart or the reason there is none."""

    attempts: list[Attempt]
    code: str  # the last code that ran (the fixed code when ok)
    result: Any  # the final ExecResult (with the validated, possibly spec-repaired, spec when ok)
    ok: bool
    reason: str | None = None  # why the chart was dropped, when not ok
    spec_edited: bool = False  # the final spec was edited after the code ran (see repairs of stage "spec")
    #: The other plotting library (matplotlib, seaborn, plotly...) the code was written for. No Altair chart
    #: can be salvaged from it, so the loop did not try; the caller should draw the goal another way.
    foreign: str | None = None

    @property
    def regenerate(self) -> bool:
        """True when repair cannot help and the goal must be drawn again (e.g. by the offline path)."""
        return not self.ok and self.foreign is not None

    @property
    def spec(self) -> dict[str, Any] | None:
        return getattr(self.result, "spec", None) if self.ok else None

    @property
    def repairs(self) -> list[Repair]:
        """Repairs on the path to the final result, in the order they were made."""
        return [r for a in self.attempts if a.kept for r in a.repairs]

    def records(self) -> list[Any]:
        """The attempts as lida.chart.AttemptRecord, for a Chart's history."""
        from lida.chart import AttemptRecord

        return [AttemptRecord(a.stage, a.ok, a.error, tuple(str(r) for r in a.repairs)) for a in self.attempts]

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "reason": self.reason,
            "code": self.code,
            "spec_edited": self.spec_edited,
            "foreign": self.foreign,
            "repairs": [{"kind": r.kind, "detail": r.detail} for r in self.repairs],
            "attempts": [
                {
                    "stage": a.stage,
                    "ok": a.ok,
                    "kept": a.kept,
                    "error": a.error,
                    "repairs": [str(r) for r in a.repairs],
                }
                for a in self.attempts
            ],
        }
