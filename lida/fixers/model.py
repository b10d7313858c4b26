"""Typed values of the source fixers: what a fixer knows about the data and what it changed.

Kept apart from lida.repair so the LLM path can run the fixers without importing the repair loop."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    import pandas as pd

    from summarizer.model import Summary

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
            elif pd.api.types.is_numeric_dtype(col):
                kind = "integer" if pd.api.types.is_integer_dtype(col) else "number"
                values = col.dropna()
                # a year column with a gap is read as floats (2001.0, NaN): still years
                year_like = bool(len(values)) and bool(values.between(1000, 2999).all()) and bool((values % 1 == 0).all())
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
            whole = f.numeric is not None and float(f.numeric.min).is_integer() and float(f.numeric.max).is_integer()
            year_like = (kind == "integer" or (kind == "number" and whole)) and (
                f.semantic_type == "year"
                or (f.numeric is not None and f.numeric.min >= 1000 and f.numeric.max <= 2999)
            )
            infos.append(FieldInfo(f.name, kind, year_like))
        return cls(tuple(infos), error)
