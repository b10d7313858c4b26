"""Turn a PartialSpec into a Vega-Lite spec without the solver, by plain rules.

Used when draco is unavailable or finds no completion; the offline goals pin most of the chart, so the
rules only fill types, a mark and channels for loose fields.
"""

from __future__ import annotations

from typing import Any

from draco.partial import EncodingHint, PartialSpec
from lida.errors import LidaError
from lida.offline.fields import vl_type_for
from summarizer.model import Summary

_FREE_CHANNELS = ("x", "y", "color", "size", "column")


def _default_mark(encs: dict[str, dict[str, Any]]) -> str:
    types = {ch: e.get("type") for ch, e in encs.items()}
    x, y = types.get("x"), types.get("y")
    if "theta" in encs:
        return "arc"
    if any(e.get("bin") for e in encs.values()) and any(e.get("aggregate") == "count" for e in encs.values()):
        return "rect" if encs.get("x", {}).get("bin") and encs.get("y", {}).get("bin") else "bar"
    if x == "temporal" or y == "temporal":
        return "line"
    if {x, y} == {"quantitative"}:
        return "point"
    if "quantitative" in (x, y) and any(e.get("aggregate") for e in encs.values()):
        return "bar"
    if x in ("nominal", "ordinal") and y in ("nominal", "ordinal"):
        return "rect"
    if "quantitative" in (x, y):
        return "tick"
    return "bar"


def hint_to_encoding(h: EncodingHint, summary: Summary) -> dict[str, Any]:
    e: dict[str, Any] = {}
    if h.field is not None:
        e["field"] = h.field
    if h.aggregate:
        e["aggregate"] = h.aggregate
    if h.type:
        e["type"] = h.type
    elif h.aggregate == "count" or h.field is None:
        e["type"] = "quantitative"
    else:
        e["type"] = vl_type_for(summary, h.field)
        if e["type"] == "temporal" and h.time_unit in ("month", "hours", "day"):
            e["type"] = "ordinal"
    if h.bin:
        e["bin"] = {"maxbins": h.bin} if isinstance(h.bin, int) and not isinstance(h.bin, bool) else True
    if h.time_unit:
        e["timeUnit"] = h.time_unit
    scale: dict[str, Any] = {}
    if h.scale:
        scale["type"] = h.scale
    if h.zero is not None:
        scale["zero"] = h.zero
    if scale:
        e["scale"] = scale
    if h.sort:
        e["sort"] = h.sort
    if h.stack:
        e["stack"] = h.stack
    return e


def complete_locally(partial: PartialSpec, summary: Summary) -> dict[str, Any]:
    """A Vega-Lite spec (no data) honouring every pinned part of `partial`."""
    names = set(summary.field_names)
    encs: dict[str, dict[str, Any]] = {}
    loose: list[EncodingHint] = []
    for h in partial.encodings:
        if h.field is not None and h.field not in names:
            raise LidaError(f"field {h.field!r} is not in {summary.name or 'the data'}")
        if h.channel:
            encs[h.channel] = hint_to_encoding(h, summary)
        else:
            loose.append(h)
    placed = {e.get("field") for e in encs.values()}
    for f in partial.fields:
        if f not in names:
            raise LidaError(f"field {f!r} is not in {summary.name or 'the data'}")
        if f not in placed and all(h.field != f for h in loose):
            loose.append(EncodingHint(field=f))
    for h in loose:
        free = next((ch for ch in _FREE_CHANNELS if ch not in encs), None)
        if free is None:
            break
        encs[free] = hint_to_encoding(h, summary)
    if not encs:
        raise LidaError("the goal names no field to chart")
    if "x" not in encs and "y" in encs and "theta" not in encs and partial.mark not in ("arc",):
        pass  # a single y encoding is a valid strip/bar
    mark = partial.mark or _default_mark(encs)
    spec: dict[str, Any] = {"mark": {"type": mark}, "encoding": encs}
    if partial.donut and mark == "arc":
        spec["mark"]["innerRadius"] = 60
    return spec
