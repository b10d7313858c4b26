"""Partial chart specifications: what a goal pins down, leaving the rest for `Draco.complete`.

This is the contract between lida (goals, the question parser) and draco (completion).
Anything left as None is free for the solver to choose.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Task = Literal["value", "summary"]


@dataclass(frozen=True)
class EncodingHint:
    """One encoding the chart must contain. Unset attributes are free."""

    field: str | None = None  # None: a field-less encoding, e.g. count() on y
    channel: str | None = None  # x, y, x2, y2, color, size, shape, opacity, theta, text, tooltip, detail, row, column
    type: str | None = None  # quantitative, temporal, ordinal, nominal
    aggregate: str | None = None  # count, sum, mean, median, min, max, stdev, distinct
    bin: int | bool | None = None  # True or maxbins; False forbids binning
    time_unit: str | None = None  # year, quarter, month, yearmonth, date, day, hours
    scale: str | None = None  # linear, log, sqrt, time, band, ordinal
    zero: bool | None = None
    sort: str | None = None  # "ascending", "descending", "-x", "-y", "x", "y"
    stack: str | None = None  # zero, normalize


@dataclass(frozen=True)
class PartialSpec:
    """A chart with holes. `fields` are fields that must appear somewhere, channel unknown."""

    mark: str | None = None  # point, circle, square, tick, bar, line, area, rect, text, rule, arc, boxplot
    encodings: tuple[EncodingHint, ...] = ()
    fields: tuple[str, ...] = ()
    task: Task = "summary"
    donut: bool | None = None  # arc with an inner radius
    top_n: int | None = None  # keep the n largest categories (filter), applied by code generation
    filters: tuple[dict[str, Any], ...] = field(default_factory=tuple)  # {"field","op","value"}

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PartialSpec:
        d = dict(data)
        d["encodings"] = tuple(EncodingHint(**e) for e in d.get("encodings", ()))
        d["fields"] = tuple(d.get("fields", ()))
        d["filters"] = tuple(d.get("filters", ()))
        return cls(**d)
