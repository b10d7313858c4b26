"""Read a Vega-Lite spec's data: the rows each view carries and the fields its transforms make.

Shared by validation and spec-level repair, which both need to know what a view can see.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from draco.spec_walk import walk

Rows = list[dict[str, Any]]
#: Longest generated sequence read as rows (longer ones count as unknown data).
MAX_SEQUENCE_ROWS = 100_000


@dataclass
class View:
    """A unit view (mark + encoding) with the data and fields it sees."""

    spec: dict[str, Any]
    rows: Rows | None  # the base rows before transforms, None when unknown (url, generator)
    fields: set[str] | None  # fields available after transforms, None when they cannot be known
    base_fields: set[str] | None  # fields of `rows`
    transforms: list[dict[str, Any]]  # all transforms applied, outermost first
    facet_fields: list[str]  # fields a facet operator above the view uses

    @property
    def mark(self) -> str:
        m = self.spec.get("mark")
        return str(m.get("type") if isinstance(m, dict) else m)

    @property
    def encoding(self) -> dict[str, Any]:
        enc = self.spec.get("encoding")
        return enc if isinstance(enc, dict) else {}


def rows_of(data: Any, datasets: dict[str, Any]) -> Rows | None:
    if not isinstance(data, dict):
        return None
    values: Any = None
    if "values" in data:
        values = data["values"]
    elif "name" in data:
        values = datasets.get(data["name"])
    elif "sequence" in data and isinstance(data["sequence"], dict):
        seq = data["sequence"]
        name = seq.get("as", "data")
        try:
            numbers = range(int(seq.get("start", 0)), int(seq.get("stop", 0)), int(seq.get("step", 1) or 1))
        except (TypeError, ValueError, OverflowError):
            return None
        if len(numbers) > MAX_SEQUENCE_ROWS:  # the spec is untrusted: never materialize a huge range here
            return None
        return [{name: v} for v in numbers]
    if not isinstance(values, list):
        return None
    return [v if isinstance(v, dict) else {"data": v} for v in values]


def columns(rows: Rows) -> set[str]:
    cols: set[str] = set()
    for r in rows:
        cols.update(r.keys())
    return cols


def _as_list(x: Any) -> list[Any]:
    return x if isinstance(x, list) else [x] if x is not None else []


def apply_transforms(fields: set[str] | None, transforms: list[dict[str, Any]]) -> set[str] | None:
    """The fields after each transform; None as soon as one makes fields we cannot know (pivot)."""
    for t in transforms:
        if fields is None or not isinstance(t, dict):
            return None
        groupby = {g for g in _as_list(t.get("groupby")) if isinstance(g, str)}
        if "aggregate" in t:
            fields = groupby | {a["as"] for a in _as_list(t["aggregate"]) if isinstance(a, dict) and "as" in a}
        elif "calculate" in t or "timeUnit" in t:
            fields = fields | {t.get("as", "")}
        elif "fold" in t:
            fields = fields | set(_as_list(t.get("as", ["key", "value"])))
        elif "window" in t or "joinaggregate" in t:
            ops = _as_list(t.get("window") or t.get("joinaggregate"))
            fields = fields | {w["as"] for w in ops if isinstance(w, dict) and "as" in w}
        elif "bin" in t:
            as_ = t.get("as", [])
            fields = fields | ({as_, f"{as_}_end"} if isinstance(as_, str) else set(as_))
        elif "density" in t:
            fields = groupby | set(_as_list(t.get("as", ["value", "density"])))
        elif "regression" in t or "loess" in t:
            key = "regression" if "regression" in t else "loess"
            fields = groupby | set(_as_list(t.get("as", [t.get("on"), t.get(key)])))
        elif "quantile" in t:
            fields = groupby | set(_as_list(t.get("as", ["prob", "value"])))
        elif "flatten" in t:
            fields = fields | set(_as_list(t.get("as", t["flatten"])))
        elif "stack" in t:
            fields = fields | set(_as_list(t.get("as")))
        elif "lookup" in t:
            src = t.get("from", {})
            new = set(_as_list(t.get("as"))) | set(_as_list(src.get("fields") if isinstance(src, dict) else None))
            if not new:
                return None
            fields = fields | new
        elif any(k in t for k in ("filter", "sample", "impute", "extent")):
            continue
        else:
            return None
    return fields


def iter_views(spec: dict[str, Any]) -> Iterator[View]:
    """Every unit view (draco.spec_walk, repeat not expanded so edits land in `spec` itself) with its data."""
    datasets = spec.get("datasets") if isinstance(spec.get("datasets"), dict) else {}
    for unit in walk(spec, expand_repeat=False):
        rows = rows_of(unit.data, datasets or {}) if unit.data is not None else None
        base = columns(rows) if rows is not None else None
        transforms = list(unit.transforms)
        fields = apply_transforms(set(base) if base is not None else None, transforms)
        yield View(unit.node, rows, fields, base, transforms, unit.facet_fields)


def field_defs(encoding: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """(channel, field definition) for every definition in an encoding, conditions and sorts included."""
    for channel, value in encoding.items():
        for d in _as_list(value):
            if not isinstance(d, dict):
                continue
            yield channel, d
            for c in _as_list(d.get("condition")):
                if isinstance(c, dict) and "field" in c:
                    yield channel, c


def field_root(field: str) -> str:
    """The top-level column a Vega-Lite field path reads: "a.b" -> "a", "a\\.b" -> "a.b"."""
    out: list[str] = []
    i = 0
    while i < len(field):
        ch = field[i]
        if ch == "\\" and i + 1 < len(field):
            out.append(field[i + 1])
            i += 2
            continue
        if ch in ".[":
            break
        out.append(ch)
        i += 1
    return "".join(out)


def unescape(field: str) -> str:
    return field.replace("\\.", ".").replace("\\[", "[").replace("\\]", "]")


def is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and not (isinstance(v, float) and math.isnan(v))
