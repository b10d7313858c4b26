"""Normalized chart keys and the relaxed/strict match of a chart against an expert's chart.

A key is what the gallery references record: a mark family plus, per channel, the field and its type,
aggregate, bin and time unit. Any Vega-Lite spec (ours, an LLM's) reduces to one, so charts from
every source are compared and featurized the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

#: Marks that draw the same kind of chart.
MARK_FAMILY: dict[str, str] = {
    "bar": "bar", "line": "line", "area": "line", "trail": "line", "point": "point", "circle": "point",
    "square": "point", "tick": "tick", "rect": "rect", "arc": "arc", "boxplot": "boxplot", "text": "text",
    "rule": "rule", "errorbar": "rule", "errorband": "line",
}
CHANNELS = ("x", "y", "color", "size", "shape", "theta", "row", "column", "opacity", "detail")
COUNT = "count()"


@dataclass(frozen=True)
class Enc:
    """One channel of a chart key. `field` is None for count()."""

    field: str | None
    type: str | None = None
    aggregate: str | None = None
    bin: bool = False
    time_unit: str | None = None

    @property
    def name(self) -> str:
        return self.field if self.field is not None else COUNT

    def label(self) -> str:
        if self.field is None:
            return COUNT
        inner = self.field
        if self.bin:
            inner = f"bin({inner})"
        if self.time_unit:
            inner = f"{self.time_unit}({inner})"
        if self.aggregate:
            inner = f"{self.aggregate}({inner})"
        return inner


@dataclass(frozen=True)
class ChartKey:
    mark: str  # a family from MARK_FAMILY
    encoding: tuple[tuple[str, Enc], ...]  # (channel, Enc), in CHANNELS order

    def get(self, channel: str) -> Enc | None:
        return next((e for ch, e in self.encoding if ch == channel), None)

    @property
    def channels(self) -> dict[str, Enc]:
        return dict(self.encoding)

    def fields(self) -> frozenset[str]:
        return frozenset(e.field for _, e in self.encoding if e.field is not None)

    def position_names(self) -> frozenset[str]:
        """The fields along the axes. A facet stands in for an axis the view leaves empty: rows of single
        stacked bars (x=count, row=question) draw what y=question draws, one band per question."""
        chans = self.channels
        out = {e.name for ch, e in self.encoding if ch in ("x", "y")}
        for axis, facet in (("y", "row"), ("x", "column")):
            if axis not in chans and facet in chans and ("x" in chans or "y" in chans):
                out.add(chans[facet].name)
        return frozenset(out)

    def __str__(self) -> str:
        return f"{self.mark}[" + ", ".join(f"{ch}={e.label()}" for ch, e in self.encoding) + "]"


def _enc(raw: dict[str, Any]) -> Enc | None:
    field = raw.get("field")
    agg = raw.get("aggregate")
    if isinstance(field, dict):  # {"repeat": ...} and the like: not a data field
        field = None
    if field is None and agg is None:
        return None
    if agg == "count" or (agg == "sum" and isinstance(field, str) and field.startswith("__count")):
        field, agg = None, "count"  # plot() pre-aggregates big tables: sum(__count) is count()
    b = raw.get("bin")
    return Enc(
        field=str(field) if field is not None else None,
        type=raw.get("type"),
        aggregate=str(agg) if agg else None,
        bin=bool(b) and b != "binned",
        time_unit=str(raw["timeUnit"]) if isinstance(raw.get("timeUnit"), str) else None,
    )


def _mark(view: dict[str, Any]) -> str:
    m = view.get("mark")
    t = m.get("type") if isinstance(m, dict) else m
    return MARK_FAMILY.get(str(t), str(t))


def key_of_spec(spec: dict[str, Any]) -> ChartKey | None:
    """The key of a Vega-Lite spec: its first unit view with data encodings, facet channels included."""
    facet: dict[str, Enc] = {}
    views: list[dict[str, Any]] = []
    stack: list[Any] = [spec]
    while stack:
        s = stack.pop(0)
        if not isinstance(s, dict):
            continue
        f = s.get("facet")
        if isinstance(f, dict):
            if "field" in f:
                e = _enc(f)
                if e is not None:
                    facet["column"] = e
            for ch in ("row", "column"):
                if isinstance(f.get(ch), dict):
                    e = _enc(f[ch])
                    if e is not None:
                        facet[ch] = e
        if "mark" in s:
            views.append(s)
        for k in ("layer", "hconcat", "vconcat", "concat"):
            stack.extend(s.get(k) or [])
        if isinstance(s.get("spec"), dict):
            stack.append(s["spec"])
    for view in views:
        enc = view.get("encoding") or {}
        chans: dict[str, Enc] = {}
        for ch in CHANNELS:
            raw = enc.get(ch)
            if isinstance(raw, dict):
                e = _enc(raw)
                if e is not None:
                    chans[ch] = e
        if not any(ch in chans for ch in ("x", "y", "theta")):
            continue
        for ch, e in facet.items():
            chans.setdefault(ch, e)
        return ChartKey(_mark(view), tuple((ch, chans[ch]) for ch in CHANNELS if ch in chans))
    return None


def key_of_reference(key: dict[str, Any]) -> ChartKey:
    """A gallery reference's key (references.json `key`) as a ChartKey."""
    chans: dict[str, Enc] = {}
    for ch, raw in (key.get("encoding") or {}).items():
        if isinstance(raw, dict) and ch in CHANNELS:
            e = _enc(raw)
            if e is not None:
                chans[ch] = e
    mark = MARK_FAMILY.get(str(key.get("mark")), str(key.get("mark")))
    return ChartKey(mark, tuple((ch, chans[ch]) for ch in CHANNELS if ch in chans))


def relaxed_match(chart: ChartKey, expert: ChartKey) -> bool:
    """Same mark family, same x/y fields (axes may swap), and the expert's colour field shown somewhere."""
    if chart.mark != expert.mark or chart.position_names() != expert.position_names():
        return False
    color = expert.get("color")
    if color is not None and color.field is not None:
        shown = {e.field for _, e in chart.encoding}
        if color.field not in shown:
            return False
    return True


def _transform(e: Enc | None) -> tuple[str | None, bool, str | None]:
    if e is None:
        return (None, False, None)
    agg = e.aggregate
    if agg in ("average",):
        agg = "mean"
    return (agg, e.bin, e.time_unit)


def strict_match(chart: ChartKey, expert: ChartKey) -> bool:
    """Relaxed match, and each expert x/y field carries the same aggregate, bin and time unit."""
    if not relaxed_match(chart, expert):
        return False
    ours = {e.name: e for ch, e in chart.encoding if ch in ("x", "y")}
    return all(_transform(ours.get(e.name)) == _transform(e) for ch, e in expert.encoding if ch in ("x", "y"))
