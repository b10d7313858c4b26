"""Turn the model's loose chart description into a draco PartialSpec, keeping only valid parts.

Anything outside draco's vocabulary is dropped (left free for the solver) rather than guessed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from draco.partial import EncodingHint, PartialSpec
from lida.llm.fields import resolve_field

MARKS = ("point", "circle", "square", "tick", "bar", "line", "area", "rect", "text", "rule", "arc", "boxplot")
CHANNELS = (
    "x", "y", "x2", "y2", "color", "size", "shape", "opacity", "theta", "text", "tooltip", "detail", "row", "column",
)  # fmt: skip
TYPES = ("quantitative", "temporal", "ordinal", "nominal")
AGGREGATES = ("count", "sum", "mean", "median", "min", "max", "stdev", "distinct")
TIME_UNITS = ("year", "quarter", "month", "yearmonth", "date", "day", "hours")
_ALIASES = {
    "scatter": "point", "scatterplot": "point", "histogram": "bar", "column": "bar", "pie": "arc",
    "donut": "arc", "heatmap": "rect", "box": "boxplot", "average": "mean", "avg": "mean",
    "q": "quantitative", "t": "temporal", "o": "ordinal", "n": "nominal", "colour": "color",
    "hour": "hours", "month_year": "yearmonth", "count_distinct": "distinct",
}  # fmt: skip


def _pick(value: Any, allowed: Sequence[str]) -> str | None:
    if not isinstance(value, str):
        return None
    v = value.strip().lower()
    v = _ALIASES.get(v, v)
    return v if v in allowed else None


def _bin(value: Any) -> int | bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and 2 <= value <= 200:
        return value
    if isinstance(value, dict):
        maxbins = value.get("maxbins")
        return maxbins if isinstance(maxbins, int) and 2 <= maxbins <= 200 else True
    return None


def parse_intent(raw: Any, known: Sequence[str], fields: Sequence[str], unknown: list[str]) -> PartialSpec:
    """PartialSpec from {"mark":..., "encodings":[...]}; unresolvable field names go to `unknown`."""
    chart = raw if isinstance(raw, dict) else {}
    mark_raw = chart.get("mark")
    mark = _pick(mark_raw, MARKS)
    donut = True if isinstance(mark_raw, str) and mark_raw.strip().lower() == "donut" else None
    hints: list[EncodingHint] = []
    encodings = chart.get("encodings")
    for enc in encodings if isinstance(encodings, list) else []:
        if not isinstance(enc, dict):
            continue
        name = enc.get("field")
        real: str | None = None
        if isinstance(name, str) and name.strip():
            real = resolve_field(name, known)
            if real is None:
                unknown.append(name)
                continue
        aggregate = _pick(enc.get("aggregate"), AGGREGATES)
        if real is None and aggregate != "count":
            continue  # a field-less encoding only makes sense as a count
        hints.append(
            EncodingHint(
                field=real,
                channel=_pick(enc.get("channel"), CHANNELS),
                type=_pick(enc.get("type"), TYPES) if real is not None else "quantitative",
                aggregate=aggregate,
                bin=_bin(enc.get("bin")),
                time_unit=_pick(enc.get("time_unit"), TIME_UNITS),
            )
        )
    return PartialSpec(mark=mark, encodings=tuple(hints), fields=tuple(fields), donut=donut)
