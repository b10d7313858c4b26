"""The typed Summary that grounds every later stage (goals, charts, draco facts, prompts).

Kept free of pandas so it can be shipped between processes and stored as JSON.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

VegaType = Literal["quantitative", "ordinal", "nominal", "temporal"]

#: Semantic types the summarizer may assign. Later stages branch on these, so the list is closed.
SEMANTIC_TYPES: tuple[str, ...] = (
    "id",
    "year",
    "date",
    "datetime",
    "time",
    "latitude",
    "longitude",
    "amount",  # money / currency
    "percent",
    "count",
    "measure",  # any other continuous number
    "category",
    "boolean",
    "text",
    "url",
    "email",
    "geo_name",  # country, state, city, region names
    "name",  # person or entity names
    "constant",  # one value only
    "empty",  # all missing
)


@dataclass(frozen=True)
class NumericStats:
    min: float
    max: float
    mean: float
    std: float
    q1: float
    median: float
    q3: float


@dataclass(frozen=True)
class TemporalStats:
    min: str  # ISO 8601
    max: str
    granularity: str  # year, quarter, month, week, day, hour, minute, second


@dataclass(frozen=True)
class TopValue:
    value: str
    count: int


@dataclass
class FieldSummary:
    """One column. `name` is the user's exact column name, never normalised."""

    name: str
    dtype: str  # pandas dtype after type cleaning (see summarizer.clean)
    vl_type: VegaType
    semantic_type: str
    missing: int
    unique: int
    entropy: float  # Shannon entropy in bits of the value distribution (non-missing)
    samples: list[Any] = field(default_factory=list)  # a few distinct values, JSON-safe
    numeric: NumericStats | None = None
    temporal: TemporalStats | None = None
    top_values: list[TopValue] = field(default_factory=list)
    parsed_from: str | None = None  # e.g. "text with thousands separators", "text dates (%d/%m/%Y)"
    description: str = ""  # filled by LLM enrichment, empty offline

    @property
    def is_numeric(self) -> bool:
        return self.numeric is not None


@dataclass
class Summary:
    """What we know about one table."""

    name: str
    source: str  # path, or "<DataFrame>"
    rows: int
    columns: int
    fields: list[FieldSummary]
    sampled: bool = False
    sample_rows: int | None = None  # rows used for the expensive statistics when sampled
    sample_method: str | None = None  # e.g. "uniform random, seed 0"
    notes: list[str] = field(default_factory=list)  # e.g. encoding fallbacks, dropped empty columns
    description: str = ""  # filled by LLM enrichment

    def field(self, name: str) -> FieldSummary:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)

    @property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]

    # ---- serialisation -------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False, default=str)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Summary:
        fields = []
        for fd in data["fields"]:
            fd = dict(fd)
            num = fd.pop("numeric", None)
            tmp = fd.pop("temporal", None)
            top = fd.pop("top_values", [])
            fields.append(
                FieldSummary(
                    **fd,
                    numeric=NumericStats(**num) if num else None,
                    temporal=TemporalStats(**tmp) if tmp else None,
                    top_values=[TopValue(**t) for t in top],
                )
            )
        rest = {k: v for k, v in data.items() if k != "fields"}
        return cls(fields=fields, **rest)

    @classmethod
    def from_json(cls, text: str) -> Summary:
        return cls.from_dict(json.loads(text))
