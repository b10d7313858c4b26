"""The data half of the fact language: what the knowledge base knows about a table.

Kept separate from `summarizer.model.Summary` because draco also reads other formats (the
Draco 1 training pairs) and needs only a handful of statistics, all of them optional.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from draco.errors import DracoError

if TYPE_CHECKING:
    from summarizer.model import Summary

Primitive = Literal["number", "string", "datetime", "boolean"]
PRIMITIVES: tuple[str, ...] = ("number", "string", "datetime", "boolean")
#: the finest step between a date field's values, coarse to fine (the summarizer's TemporalStats.granularity)
GRANULARITIES: tuple[str, ...] = ("year", "quarter", "month", "week", "day", "hour", "minute", "second")

#: clingo integers are 32-bit; data values are clamped into this range before becoming facts.
INT_LIMIT = 1_000_000_000


@dataclass(frozen=True)
class FieldSchema:
    """One column as the knowledge base sees it. Unknown statistics stay None."""

    name: str
    type: Primitive
    cardinality: int = 0
    entropy: float | None = None  # bits
    min: float | None = None  # numbers only
    max: float | None = None
    has_nulls: bool = False
    semantic_type: str | None = None
    interesting: bool = False
    granularity: str | None = None  # dates only: a time unit finer than this shows nothing real

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name:
            raise DracoError(f"field name must be a non-empty string, got {self.name!r}")
        if self.type not in PRIMITIVES:
            raise DracoError(f"field {self.name!r}: unknown primitive type {self.type!r} (expected one of {', '.join(PRIMITIVES)})")
        if self.granularity is not None and self.granularity not in GRANULARITIES:
            raise DracoError(f"field {self.name!r}: unknown granularity {self.granularity!r} (expected one of {', '.join(GRANULARITIES)})")


@dataclass(frozen=True)
class DataSchema:
    """A table: row count and typed fields, in column order."""

    num_rows: int
    fields: tuple[FieldSchema, ...] = ()

    def __post_init__(self) -> None:
        names = [f.name for f in self.fields]
        if len(set(names)) != len(names):
            dup = next(n for n in names if names.count(n) > 1)
            raise DracoError(f"duplicate field name in schema: {dup!r}")

    # ---- lookup ---------------------------------------------------------------------------------
    def field(self, name: str) -> FieldSchema:
        for f in self.fields:
            if f.name == name:
                return f
        raise DracoError(f"field {name!r} is not in the data (fields: {', '.join(map(repr, self.field_names))})")

    def has_field(self, name: str) -> bool:
        return any(f.name == name for f in self.fields)

    @property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]

    def with_fields(self, extra: list[FieldSchema]) -> DataSchema:
        """A copy with fields added (e.g. fields a Vega-Lite transform derives)."""
        known = set(self.field_names)
        return replace(self, fields=self.fields + tuple(f for f in extra if f.name not in known))

    def select(self, names: list[str]) -> DataSchema:
        """A copy restricted to `names`, to keep grounding small."""
        wanted = set(names)
        return replace(self, fields=tuple(f for f in self.fields if f.name in wanted))

    # ---- constructors ---------------------------------------------------------------------------
    @classmethod
    def from_summary(cls, summary: Summary) -> DataSchema:
        """From our summarizer's Summary: the statistics the knowledge base reasons about."""
        fields = []
        for fs in summary.fields:
            prim = _primitive_from_summary(fs.dtype, fs.vl_type, fs.semantic_type, fs.numeric is not None)
            lo = hi = None
            if fs.numeric is not None and prim == "number":
                lo, hi = _finite(fs.numeric.min), _finite(fs.numeric.max)
            fields.append(
                FieldSchema(
                    name=fs.name,
                    type=prim,
                    cardinality=int(fs.unique),
                    entropy=_finite(fs.entropy),
                    min=lo,
                    max=hi,
                    has_nulls=fs.missing > 0,
                    semantic_type=fs.semantic_type or None,
                    interesting=False,
                    granularity=_granularity(fs.temporal.granularity if fs.temporal is not None else None, prim),
                )
            )
        return cls(num_rows=int(summary.rows), fields=tuple(fields))

    @classmethod
    def from_draco1(cls, fields: list[dict[str, Any]], num_rows: int) -> DataSchema:
        """From the Draco 1 training format: name, type, entropy, cardinality, interesting."""
        out = []
        for fd in fields:
            if "name" not in fd or "type" not in fd:
                raise DracoError(f"draco1 field needs name and type: {fd!r}")
            out.append(
                FieldSchema(
                    name=str(fd["name"]),
                    type=fd["type"],
                    cardinality=int(fd.get("cardinality") or 0),
                    entropy=_finite(fd.get("entropy")),
                    min=_finite(fd.get("min")),
                    max=_finite(fd.get("max")),
                    interesting=bool(fd.get("interesting", False)),
                )
            )
        return cls(num_rows=int(num_rows), fields=tuple(out))

    # ---- serialisation ------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return {"num_rows": self.num_rows, "fields": [asdict(f) for f in self.fields]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DataSchema:
        """Our JSON form, or a Summary's JSON (has `rows`), or Draco 1 (`fields` + `num_rows`)."""
        if not isinstance(data, dict):
            raise DracoError("schema must be a JSON object")
        if "rows" in data and "columns" in data:
            from summarizer.model import Summary

            try:
                return cls.from_summary(Summary.from_dict(data))
            except (TypeError, KeyError) as exc:
                raise DracoError(f"schema looks like a Summary but is malformed: {exc}") from exc
        if "num_rows" not in data or not isinstance(data.get("fields"), list):
            raise DracoError("schema needs num_rows and a list of fields")
        known = {f.name for f in _dc_fields(FieldSchema)}
        fields = []
        for fd in data["fields"]:
            if not isinstance(fd, dict):
                raise DracoError(f"schema field must be an object, got {fd!r}")
            if set(fd) - known <= {"name", "type", "entropy", "cardinality", "interesting"} and "has_nulls" not in fd:
                fields.append(cls.from_draco1([fd], 0).fields[0])
                continue
            unknown = set(fd) - known
            if unknown:
                raise DracoError(f"schema field {fd.get('name')!r}: unknown keys {sorted(unknown)}")
            try:
                fields.append(FieldSchema(**fd))
            except TypeError as exc:
                raise DracoError(f"schema field {fd.get('name')!r}: {exc}") from exc
        return cls(num_rows=int(data["num_rows"]), fields=tuple(fields))

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> DataSchema:
        try:
            return cls.from_dict(json.loads(text))
        except json.JSONDecodeError as exc:
            raise DracoError(f"schema is not valid JSON: {exc}") from exc

    @classmethod
    def from_file(cls, path: str | Path) -> DataSchema:
        """A schema JSON file, or any data file the summarizer reads."""
        p = Path(path)
        if not p.exists():
            raise DracoError(f"schema or data file not found: {p}")
        if p.suffix == ".json":
            try:
                data = json.loads(p.read_text(encoding="utf-8"))
            except (json.JSONDecodeError, UnicodeDecodeError) as exc:
                raise DracoError(f"{p}: not valid JSON: {exc}") from exc
            if isinstance(data, dict) and ("num_rows" in data or ("rows" in data and "columns" in data)):
                return cls.from_dict(data)
        return _summarized(p, str(p))

    @classmethod
    def from_vegalite(cls, spec: dict[str, Any], base: Path) -> DataSchema:
        """The schema of a Vega-Lite spec's own top-level data: inline `values`, a named dataset (Altair
        puts the rows in `datasets`), or a `url` naming a local file (relative to `base`, the spec's folder).

        Why: a spec that carries its data should be checkable as it is, without a hand-written schema."""
        data = spec.get("data")
        hint = "give --data FILE, inline data.values, or a data url that is a local file"
        if not isinstance(data, dict):
            raise DracoError(f"the spec has no top-level data to take a schema from: {hint}")
        rows: Any = data.get("values")
        if rows is None and isinstance(data.get("name"), str):
            rows = (spec.get("datasets") or {}).get(data["name"])
            if rows is None:
                raise DracoError(f"the spec's data names dataset {data['name']!r}, which its datasets lack: {hint}")
        if rows is not None:
            if not isinstance(rows, list) or not rows or not all(isinstance(r, dict) for r in rows):
                raise DracoError(f"the spec's inline data must be a non-empty list of row objects: {hint}")
            import pandas as pd

            return _summarized(pd.DataFrame.from_records(rows), "the spec's inline data")
        url = data.get("url")
        if not isinstance(url, str) or not url:
            raise DracoError(f"the spec's data has neither values nor a url: {hint}")
        if "://" in url and not url.startswith("file://"):
            raise DracoError(f"data url {url!r} is not a local file (draco reads no network): {hint}")
        path = Path(url.removeprefix("file://"))
        path = path if path.is_absolute() else base / path
        if not path.is_file():
            raise DracoError(f"data url {url!r}: no such file {path} (or give --data FILE)")
        return _summarized(path, url)


def _summarized(data: Any, label: str) -> DataSchema:
    """The schema of a data file or frame through our summarizer; its errors become one DracoError line."""
    from summarizer import SummarizerError, summarize

    try:
        return DataSchema.from_summary(summarize(data))
    except SummarizerError as exc:
        raise DracoError(f"{label}: {exc}") from exc


def _dc_fields(cls: type) -> tuple[Any, ...]:
    from dataclasses import fields as dc_fields

    return dc_fields(cls)


def _finite(x: Any) -> float | None:
    if x is None:
        return None
    try:
        v = float(x)
    except (TypeError, ValueError):
        return None
    return v if math.isfinite(v) else None


def _granularity(g: str | None, prim: str) -> str | None:
    """The summary's granularity when draco can use it (a date field, a known step); else unknown."""
    return g if prim == "datetime" and g in GRANULARITIES else None


def _primitive_from_summary(dtype: str, vl_type: str, semantic: str, numeric: bool) -> Primitive:
    d = (dtype or "").lower()
    if "bool" in d or semantic == "boolean":
        return "boolean"
    if "datetime" in d or "date" in d or "period" in d or (vl_type == "temporal" and not numeric):
        return "datetime"
    if numeric or any(k in d for k in ("int", "float", "decimal", "uint")):
        return "number"
    return "string"


__all__ = ["GRANULARITIES", "INT_LIMIT", "PRIMITIVES", "DataSchema", "FieldSchema"]
