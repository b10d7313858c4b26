"""The learned linear ranker: a chart's cost is a weighted sum of its features (lower ranks first).

Weights ship as package data (lida/data/ranker_weights.json, written by bench/learn_ranker.py); the
PRIOR below is the hand-set starting point the learner is regularised toward, and the fallback when
the file is absent.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TypeVar

from lida.errors import LidaError
from lida.explore.features import NAMES, SIGNS, featurize, insight
from lida.explore.match import ChartKey
from lida.explore.stats import TableStats

T = TypeVar("T")
WEIGHTS_FILE = "ranker_weights.json"

#: Cost weights before learning: kinds an analyst draws first cost less, statistics of something to
#: see lower the cost, flaws (pooled levels, equal counts, flat pies) raise it.
PRIOR: dict[str, float] = {
    **dict.fromkeys(NAMES, 0.0),
    "kind_distribution": 0.6, "kind_distribution_by": 0.2, "kind_relation": 0.0, "kind_small_multiples": 0.4,
    "kind_trend": -0.3, "kind_composition": 0.3, "kind_connected": 0.7, "kind_slope": 0.2, "kind_comparison": 0.1,
    "kind_two_way": 0.2, "kind_counts": 0.6, "kind_cross_counts": 0.8, "kind_part_to_whole": 0.8,
    "kind_density": 0.5, "kind_geo": 0.0, "kind_other": 1.0,
    "strength": -2.0, "color_separation": -1.0, "pooled": 2.0, "cells": -1.0, "thin_groups": 1.0, "ignores_time": 0.5, "uniform_count": 3.0, "flat_pie": 3.0,
    "weak": 1.0, "facet": 0.2, "size": 0.1, "count": 0.2, "overplot": 0.5, "high_cardinality": 0.5,
    "quality": -1.0, "column_order": 0.5, "design": 0.3,
}

#: Plain words for the features that explain a rank.
_PHRASES: dict[str, tuple[str, str]] = {  # name -> (said when it lowers the cost, said when it raises it)
    "color_separation": ("the colour groups separate clearly", ""),
    "pooled": ("", "pools groups that sit at different levels"),
    "uniform_count": ("", "counts rows of a table where every group has the same count"),
    "flat_pie": ("", "a pie of near-equal or too many slices"),
    "weak": ("", "little to see in the data"),
    "overplot": ("", "many overlapping points"),
    "thin_groups": ("", "too few rows per group for a distribution"),
    "high_cardinality": ("", "many categories on one channel"),
}


#: Flaws that bar a chart from the top whatever its other merits: a measure pooled across the category
#: that splits it into levels (summarised alone: its levels, spread or trend; a scatter of two measures
#: only pays the pooled weight, as experts draw weight against mileage across cylinders), counts of a
#: table whose groups all have the same count, a flat pie.
VETO = ("pooled", "uniform_count", "flat_pie")
#: Cost added to a vetoed chart: it ranks after every chart without such a flaw.
VETO_COST = 100.0


@dataclass(frozen=True)
class Ranked:
    """A chart's ranking cost, what it shows, and the largest reasons for its place."""

    cost: float
    kind: str
    insight: str
    strength: float
    features: dict[str, float] = field(default_factory=dict)
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class LinearRanker:
    weights: dict[str, float]
    source: str = "prior"

    @classmethod
    def load(cls, path: str | Path | None = None) -> LinearRanker:
        """Weights from `path`, else the shipped package data, else PRIOR."""
        if path is not None:
            p = Path(path)
            try:
                data = json.loads(p.read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise LidaError(f"cannot read ranker weights {p}: {exc}") from exc
            return cls.from_dict(data, str(p))
        try:
            text = resources.files("lida").joinpath("data", WEIGHTS_FILE).read_text(encoding="utf-8")
        except (FileNotFoundError, OSError):
            return cls(dict(PRIOR), "prior")
        return cls.from_dict(json.loads(text), "package")

    @classmethod
    def from_dict(cls, data: dict[str, object], source: str = "dict") -> LinearRanker:
        raw = data.get("weights", data)
        if not isinstance(raw, dict):
            raise LidaError("ranker weights must be an object of feature name -> number")
        weights = dict(PRIOR)
        for k, v in raw.items():
            if k in weights and isinstance(v, int | float):
                weights[k] = float(v)
        return cls(weights, source)

    def cost(self, feats: dict[str, float]) -> float:
        flaws = [k for k in VETO if feats.get(k, 0.0) > 0]
        if flaws == ["pooled"] and feats.get("measures", 0.0) >= 2:
            flaws = []  # a relation of two measures shows the groups as clusters: a cost, not a bar
        veto = VETO_COST if flaws else 0.0
        return veto + sum(self.weights.get(k, 0.0) * v for k, v in feats.items())

    def assess(self, key: ChartKey, stats: TableStats, design: float | None = None) -> Ranked:
        feats = featurize(key, stats, design)
        ins = insight(key, stats)
        return Ranked(self.cost(feats), ins.kind, ins.text, ins.strength, feats, self.reasons(feats))

    def reasons(self, feats: dict[str, float], limit: int = 3) -> tuple[str, ...]:
        """The features that move this chart's cost most, in plain words (largest first)."""
        parts = []
        for name, (good, bad) in _PHRASES.items():
            c = self.weights.get(name, 0.0) * feats.get(name, 0.0)
            text = good if c < 0 else bad
            if text and abs(c) >= 0.15:
                parts.append((abs(c), text))
        parts.sort(key=lambda p: -p[0])
        return tuple(t for _, t in parts[:limit])


def question_of(key: ChartKey, twin: Callable[[str], str] | None = None) -> frozenset[str]:
    """Charts with the same x/y fields answer the same question (a scatter with or without colour);
    with `twin`, a measure and its near-copy count as one field (price by carat, price by x)."""
    names = key.position_names()
    return frozenset(twin(n) for n in names) if twin is not None else names


def _same_fields(a: ChartKey | None, b: ChartKey | None) -> bool:
    """Two charts of the same fields ask the same question, whatever the channels: a box plot of price
    by cut and a histogram of price coloured by cut both ask how price is distributed by cut."""
    return a is not None and b is not None and len(a.fields()) >= 2 and a.fields() == b.fields()


#: Diversity after relevance: cost added per shared x/y field with an already picked chart (Jaccard),
#: and per chart of the same kind already picked (soft: a much stronger chart of that kind still wins).
REPEAT_FIELDS = 0.4
REPEAT_KIND = 0.25
#: Cost added per picked chart that already splits its marks by the same category, as colour, facet
#: or a categorical axis (cars: not Cylinders on every chart).
REPEAT_GROUP = 0.8


def _groups(key: ChartKey | None) -> frozenset[str]:
    """The categories a chart splits its marks by: colour, facets and discrete axes."""
    if key is None:
        return frozenset()
    return frozenset(e.field for ch, e in key.encoding if e.field is not None and (
        ch in ("color", "row", "column") or (ch in ("x", "y") and e.type in ("nominal", "ordinal"))))


def pick(items: Sequence[T], key: Callable[[T], ChartKey | None], cost: Callable[[T], float],
         n: int | None = None, repeat: float = REPEAT_FIELDS, kind: Callable[[T], str] | None = None,
         repeat_kind: float = REPEAT_KIND, repeat_group: float = REPEAT_GROUP,
         twin: Callable[[str], str] | None = None) -> list[T]:
    """Relevance first, then diversity: never two charts answering the same question (same x/y
    fields, or the same fields on any channels); among the rest, a chart re-using the fields of one already picked pays `repeat` times
    the overlap, `repeat_kind` per picked chart of its kind and `repeat_group` per picked chart split
    by the same category. All three 0: cost order. `twin` maps a measure to the
    representative of its near-copies (TableStats.twin)."""
    limit = len(items) if n is None else n
    keys = [key(it) for it in items]
    kinds = [kind(it) if kind is not None else "" for it in items]
    qs = [question_of(k, twin) if k is not None else frozenset({f"#{i}"}) for i, k in enumerate(keys)]
    splits = [_groups(k) for k in keys]
    base = [cost(it) for it in items]
    chosen: list[int] = []
    remaining = list(range(len(items)))
    while remaining and len(chosen) < limit:
        def adjusted(i: int) -> tuple[float, int]:
            fields = {f for f in qs[i] if f != "count()"}
            overlap = max((len(fields & qs[j]) / len(fields | qs[j]) for j in chosen if fields | qs[j]),
                          default=0.0)
            same = sum(1 for j in chosen if kind is not None and kinds[j] == kinds[i])
            split = sum(len(splits[i] & splits[j]) for j in chosen)
            return base[i] + repeat * overlap + repeat_kind * same + repeat_group * split, i
        best = min(remaining, key=adjusted)
        chosen.append(best)
        remaining = [i for i in remaining if qs[i] != qs[best] and (keys[i] is None or keys[i] != keys[best])
                     and not _same_fields(keys[i], keys[best])]
    return [items[i] for i in chosen]


def signs() -> dict[str, int]:
    return dict(SIGNS)
