"""Deduplicate and rank executed charts: cheapest design first, but the top n must not all show the same fields.

Works on any objects through two small accessors (spec and cost), so the same code ranks charts from the
LLM, the offline generator and draco's alternatives.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from draco.spec_walk import walk

T = TypeVar("T")

#: Channels whose fields make up "what the chart shows"; tooltips and text labels don't change that.
_SHOWN_CHANNELS = ("x", "y", "x2", "y2", "color", "size", "shape", "opacity", "theta", "row", "column", "facet", "detail")
_ENCODING_KEYS = ("field", "aggregate", "bin", "timeUnit", "type")


def unit_views(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """The unit views of a spec as draco costs them (draco.spec_walk): layers with the shared encoding,
    concatenated and faceted parts (facet row/column as channels), repeats expanded; in order."""
    return [unit.view for unit in walk(spec)]


def _mark_type(view: dict[str, Any]) -> str:
    mark = view.get("mark")
    return str(mark.get("type")) if isinstance(mark, dict) else str(mark)


def _norm(value: Any) -> Any:
    if isinstance(value, dict):
        return tuple(sorted((k, _norm(v)) for k, v in value.items()))
    if isinstance(value, list):
        return tuple(_norm(v) for v in value)
    return value


def chart_key(spec: dict[str, Any]) -> tuple[Any, ...]:
    """What makes two charts the same chart, whatever code wrote them: marks and encodings, with x/y
    treated as interchangeable (a horizontal and a vertical bar chart of the same data count once)."""
    key = []
    for view in unit_views(spec):
        enc = view.get("encoding") or {}
        parts = []
        for channel in _SHOWN_CHANNELS:
            ch = enc.get(channel)
            if not isinstance(ch, dict):
                continue
            name = {"x": "pos", "y": "pos", "x2": "pos2", "y2": "pos2"}.get(channel, channel)
            parts.append((name, tuple(_norm(ch.get(k)) for k in _ENCODING_KEYS)))
        key.append((_mark_type(view), tuple(sorted(parts, key=repr))))
    return tuple(key)


def shown_fields(spec: dict[str, Any]) -> frozenset[str]:
    fields: set[str] = set()
    for view in unit_views(spec):
        for channel, ch in (view.get("encoding") or {}).items():
            if channel in _SHOWN_CHANNELS and isinstance(ch, dict) and isinstance(ch.get("field"), str):
                fields.add(ch["field"])
    return frozenset(fields)


def deduplicate(items: Iterable[T], spec: Callable[[T], dict[str, Any]], cost: Callable[[T], float]) -> list[T]:
    """Keep the cheapest of each group of charts with the same `chart_key`; order is by cost."""
    best: dict[tuple[Any, ...], T] = {}
    for item in items:
        k = chart_key(spec(item))
        if k not in best or cost(item) < cost(best[k]):
            best[k] = item
    return sorted(best.values(), key=cost)


def _overlap(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


def rank(
    items: Sequence[T],
    spec: Callable[[T], dict[str, Any]],
    cost: Callable[[T], float],
    n: int | None = None,
    diversity: float = 0.6,
) -> list[T]:
    """Deduplicate, then pick greedily: each pick minimises its cost percentile plus `diversity` times
    its largest field overlap with the charts already picked. Percentiles keep this independent of the
    weight scale; diversity=0 is plain cost order. (What to show across questions is the learned
    ranker's job, lida.explore.ranker; this orders charts by design cost alone.)"""
    pool = deduplicate(items, spec, cost)
    if not pool:
        return []
    limit = len(pool) if n is None else min(n, len(pool))
    position = {id(item): i / max(1, len(pool) - 1) for i, item in enumerate(pool)}
    fields = {id(item): shown_fields(spec(item)) for item in pool}

    chosen: list[T] = []
    remaining = list(pool)
    while remaining and len(chosen) < limit:

        def score(item: T) -> float:
            if diversity <= 0:
                return position[id(item)]
            overlap = max((_overlap(fields[id(item)], fields[id(c)]) for c in chosen), default=0.0)
            return position[id(item)] + diversity * overlap

        pick = min(remaining, key=score)
        chosen.append(pick)
        remaining.remove(pick)
    return chosen
