"""Typed values of the repair stage: what was fixed, what each attempt did, how it all ended."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    import pandas as pd

    from summarizer.model import Summary

Stage = Literal["initial", "deterministic", "llm", "spec"]
FieldKind = Literal["integer", "number", "string", "datetime", "boolean", "other"]


@dataclass(frozen=True)
class Repair:
    """One change made to a chart's code or spec, in words a user can check."""

    kind: str  # e.g. "field-name", "missing-import", "altair-api", "spec:zero-baseline"
    detail: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.detail}"


# What a fixer returns: the code and what it changed; when nothing changed, the same code and [].
Fixed = tuple[str, list[Repair]]


@dataclass(frozen=True)
class FieldInfo:
    """What the fixers need to know about one column of the data plot() receives."""

    name: str
    kind: FieldKind
    year_like: bool = False  # integers that read as calendar years (1000..2999)


@dataclass(frozen=True)
class FixContext:
    """The data's fields and the error being repaired; the fixers' only input besides the code."""

    fields: tuple[FieldInfo, ...] = ()
    error: str = ""

    @property
    def names(self) -> list[str]:
        return [f.name for f in self.fields]

    def info(self, name: str) -> FieldInfo | None:
        return next((f for f in self.fields if f.name == name), None)

    def with_error(self, error: str) -> FixContext:
        return FixContext(self.fields, error)

    @classmethod
    def from_frame(cls, frame: pd.DataFrame, error: str = "") -> FixContext:
        import pandas as pd

        infos = []
        for name in frame.columns:
            col = frame[name]
            kind: FieldKind
            year_like = False
            if pd.api.types.is_bool_dtype(col):
                kind = "boolean"
            elif pd.api.types.is_integer_dtype(col):
                kind = "integer"
                values = col.dropna()
                year_like = bool(len(values)) and bool(values.between(1000, 2999).all())
            elif pd.api.types.is_numeric_dtype(col):
                kind = "number"
            elif pd.api.types.is_datetime64_any_dtype(col):
                kind = "datetime"
            elif pd.api.types.is_object_dtype(col) or pd.api.types.is_string_dtype(col):
                kind = "string"
            else:
                kind = "other"
            infos.append(FieldInfo(str(name), kind, year_like))
        return cls(tuple(infos), error)

    @classmethod
    def from_summary(cls, summary: Summary, error: str = "") -> FixContext:
        infos = []
        for f in summary.fields:
            dtype = f.dtype.lower()
            kind: FieldKind
            if dtype.startswith("bool"):
                kind = "boolean"
            elif dtype.startswith(("int", "uint")):
                kind = "integer"
            elif dtype.startswith("float"):
                kind = "number"
            elif dtype.startswith("datetime"):
                kind = "datetime"
            elif dtype in {"object", "string", "str", "category"}:
                kind = "string"
            else:
                kind = "other"
            year_like = kind == "integer" and (
                f.semantic_type == "year"
                or (f.numeric is not None and f.numeric.min >= 1000 and f.numeric.max <= 2999)
            )
            infos.append(FieldInfo(f.name, kind, year_like))
        return cls(tuple(infos), error)


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
