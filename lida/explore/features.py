"""Features of a chart, read from its normalized key and the table's statistics.

Everything comes from the key (mark family + channels), so a chart written by the offline generator,
by an LLM, or drawn by an expert in a gallery is described by the same numbers. The question kind is
inferred from the key too, never taken from whoever generated the chart.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from lida.explore.match import ChartKey, Enc
from lida.explore.stats import TableStats

KINDS = ("distribution", "distribution_by", "relation", "small_multiples", "trend", "composition", "connected",
         "slope", "comparison", "two_way", "counts", "cross_counts", "part_to_whole", "density", "geo", "other")

#: Feature name -> sign of its weight in a cost: +1 only ever adds cost (a flaw), -1 only ever lowers it
#: (something to see), 0 either way (the learner decides).
SIGNS: dict[str, int] = {
    **{f"kind_{k}": 0 for k in KINDS},
    "kind_part_to_whole": 1,  # angles read worse than lengths: a pie never gains over a bar for being a pie
    "kind_cross_counts": 1,
    "strength": -1,  # the kind's own statistic: |rho|, trend R^2, eta^2, shape, share concentration
    "color_separation": -1,  # eta^2 of the colour category on the chart's measure
    "pooled": 1,  # a measure drawn without the category that splits it into separate levels
    "uniform_count": 1,  # counts of a designed table: every bar or cell the same
    "flat_pie": 1,  # a pie of near-equal shares or of more than six slices
    "weak": 1,  # the kind's statistic is below what a reader could see (< 0.05)
    "cells": -1,
    "thin_groups": 1,  # a distribution per group of fewer than THIN_GROUP rows: nothing to summarise  # a measure over two categories that cross evenly (a designed table: one value per cell)
    "ignores_time": 1,  # the table is a time series and the chart leaves time out: never a merit
    "raw_series": 0,  # a line of the values themselves, one per time (no aggregate, no time unit)
    "encodings": 0,
    "color": 0,
    "facet": 0,
    "size": 0,
    "measures": 0,
    "categories": 0,
    "time": 0,
    "label": 0,
    "count": 0,
    "mean": 0,
    "sum": 0,
    "binned": 0,
    "raw_points": 0,
    "overplot": 1,  # raw marks on many rows
    "high_cardinality": 1,  # more than 20 categories on one channel
    "quality": -1,  # how informative the shown fields are (fields.roles score)
    "column_order": 1,  # shown fields come late in the table (0 first column, 1 last)
    "design": 1,  # draco's cost of the encoding / 100 (0 when not known yet)
}
NAMES = tuple(SIGNS)
#: Rows per group under which a box plot or a histogram per group has no distribution to show.
THIN_GROUP = 5


@dataclass(frozen=True)
class Insight:
    """What the chart shows in data terms, for ranking and for the reader."""

    kind: str
    strength: float
    text: str  # e.g. "strong negative relation (rho = -0.78)"


def _role(stats: TableStats, e: Enc) -> str:
    if e.field is None:
        return "count"
    if e.time_unit:
        return "time"
    r = stats.role(e.field)
    if r == "other":
        return "category" if e.type in ("nominal", "ordinal") else "measure" if e.type == "quantitative" else \
            "time" if e.type == "temporal" else "other"
    return r


def infer_kind(key: ChartKey, stats: TableStats) -> str:
    """The analysis question a chart answers, from its mark and the roles of its x/y fields."""
    ch = key.channels
    pos = [e for c, e in key.encoding if c in ("x", "y")]
    roles = [_role(stats, e) for e in pos]
    binned = [e for e in pos if e.bin]
    color = ch.get("color")
    facet = "row" in ch or "column" in ch
    has_time = "time" in roles
    cats = [e for e, r in zip(pos, roles, strict=True) if r == "category" or (r == "measure" and e.type in ("nominal", "ordinal"))]
    meas = [e for e, r in zip(pos, roles, strict=True) if r in ("measure", "geo") and not e.bin and e.type != "nominal"
            and e.type != "ordinal"]
    if key.mark == "arc":
        return "part_to_whole"
    if key.mark == "rect":
        if len(binned) == 2:
            return "density"
        if color is not None and color.field is None:
            return "distribution_by" if binned else "cross_counts"
        return "two_way"
    if key.mark in ("boxplot", "tick"):
        return "distribution_by" if cats or has_time else "distribution"
    if binned and any(r == "count" for r in roles):
        return "distribution_by" if color is not None or facet else "distribution"
    if all(r == "geo" for r in roles) and len(roles) == 2:
        return "geo"
    if has_time:
        if key.mark == "line" and len(meas) == 2:
            return "connected"
        if key.mark == "bar" and color is not None:
            return "composition"
        if key.mark == "point" and len(meas) == 1 and not any(e.aggregate for e in pos):
            return "trend"
        return "trend"
    if key.mark == "line":
        if len(meas) == 2 and any(stats.fields.get(e.field or "") and stats.fields[e.field or ""].ordered
                                  for e in meas):
            return "trend"
        if len(meas) == 2:
            return "connected"
        if cats:
            f = stats.fields.get(cats[0].field or "")
            return "slope" if f is not None and f.cardinality == 2 else "trend"
        return "trend"
    if key.mark == "point":
        if len(meas) == 2:
            return "small_multiples" if facet else "relation"
        if cats and meas:
            return "distribution_by"
        return "other"
    if key.mark == "bar":
        if any(r == "count" for r in roles):
            return "cross_counts" if color is not None and color.field is not None else "counts"
        if cats and (meas or any(e.aggregate for e in pos)):
            return "two_way" if color is not None and color.field is not None and color.field not in \
                {e.field for e in pos} else "comparison"
    return "other"


def _measures(key: ChartKey, stats: TableStats) -> list[str]:
    return [e.field for _, e in key.encoding if e.field is not None and stats.role(e.field) == "measure"
            and e.type == "quantitative"]


def _categories(key: ChartKey, stats: TableStats) -> list[str]:
    return [e.field for c, e in key.encoding if e.field is not None and c in ("x", "y", "color", "row", "column")
            and (stats.role(e.field) in ("category", "time") or e.type in ("nominal", "ordinal"))]


def _word(v: float) -> str:
    return "strong" if v >= 0.5 else "moderate" if v >= 0.2 else "weak"


def insight(key: ChartKey, stats: TableStats, kind: str | None = None) -> Insight:
    """The chart's own statistic, 0 to 1, and the sentence that leads its 'why'."""
    kind = kind or infer_kind(key, stats)
    ms = _measures(key, stats)
    pos_fields = [e.field for c, e in key.encoding if c in ("x", "y") and e.field is not None]
    cats = [c for c in _categories(key, stats) if c not in ms]
    if kind in ("relation", "small_multiples", "density", "connected") and len(ms) >= 2:
        a, b = [m for m in ms if m in pos_fields][:2] or ms[:2]
        r = stats.relation(a, b)
        rho = stats.rho(a, b)
        sign = "positive" if rho >= 0 else "negative"
        return Insight(kind, r, f"{_word(r)} {sign} relation of {b} and {a} (rho = {rho:+.2f})")
    if kind in ("trend", "composition", "slope"):
        times = [e.field for c, e in key.encoding if c in ("x", "y") and e.field is not None
                 and (stats.role(e.field) == "time" or e.time_unit)]
        steps = [e.field for c, e in key.encoding if c == "x" and e.field is not None]
        ys = [e.field for c, e in key.encoding if c == "y" and e.field in ms]
        m = next(iter(ys), next((x for x in ms if x in pos_fields), ms[0] if ms else None))
        if m is not None and times:
            v = stats.trend_strength(times[0], m)
            return Insight(kind, v, f"{_word(v)} trend of {m} over {times[0]} (R² = {v:.2f})")
        if m is not None and steps and steps[0] != m:
            x = steps[0]
            v = max(stats.effect(x, m), stats.relation(x, m))
            return Insight(kind, v, f"{m} changes {'clearly' if v >= 0.2 else 'little'} along {x} (η² = {v:.2f})")
    if kind in ("comparison", "two_way", "distribution_by", "slope") and ms and cats:
        m = next((x for x in ms if x in pos_fields), ms[0])
        ranked = sorted(dict.fromkeys(cats), key=lambda c: -stats.effect(c, m))
        best = ranked[0]
        v = stats.effect(best, m)
        # a second category shows what it explains too (additively): tips by day and smoker, glue by model and task
        both = min(1.0, v + stats.effect(ranked[1], m)) if len(ranked) > 1 else v
        text = f"{m} differs {'most' if v >= 0.3 else 'somewhat' if v >= 0.1 else 'little'} by {best} (η² = {v:.2f})"
        if len(ranked) > 1 and stats.effect(ranked[1], m) >= 0.1:
            text += f", and by {ranked[1]} (η² = {stats.effect(ranked[1], m):.2f})"
        return Insight(kind, both, text)
    if kind == "distribution" and ms:
        f = stats.fields[ms[0]]
        v = min(1.0, 0.5 * min(1.0, abs(f.skew) / 2) + 0.5 * f.bimodal + f.outliers)
        shape = "two peaks" if f.bimodal >= 0.5 else "skewed" if abs(f.skew) >= 1 else "roughly symmetric"
        return Insight(kind, v, f"{ms[0]} is {shape} (skew = {f.skew:+.2f})")
    if kind in ("counts", "part_to_whole", "cross_counts") and cats:
        cf = stats.fields.get(cats[0])
        if cf is not None:
            v = 0.5 * (1.0 - cf.evenness)  # uneven counts are a fact about the table, rarely its story
            return Insight(kind, v, f"{cats[0]} is {'concentrated' if cf.max_share >= 0.4 else 'spread'}: the largest "
                           f"group holds {cf.max_share:.0%} of the rows")
    return Insight(kind, 0.0, f"{kind.replace('_', ' ')} of {', '.join(key.fields()) or 'counts'}")


def featurize(key: ChartKey, stats: TableStats, design: float | None = None) -> dict[str, float]:
    """The named features of one chart (see SIGNS); `design` is draco's cost when known."""
    kind = infer_kind(key, stats)
    ins = insight(key, stats, kind)
    ch = key.channels
    feats = dict.fromkeys(NAMES, 0.0)
    feats[f"kind_{kind}"] = 1.0
    feats["strength"] = ins.strength
    feats["weak"] = 1.0 if ins.strength < 0.05 and kind not in ("geo", "other") else 0.0
    ms = _measures(key, stats)
    cats = _categories(key, stats)
    shown = key.fields()
    color = ch.get("color")
    if color is not None and color.field is not None and ms:
        feats["color_separation"] = max(stats.effect(color.field, m) for m in ms if m != color.field) \
            if any(m != color.field for m in ms) else 0.0
    for m in ms:  # showing one of the categories that split a measure is enough: they split it alike
        splits = stats.splits(m)
        seen = shown | {c for f, c in stats.derived if f in shown}  # a year axis shows its decade too
        if splits and not any(c in seen for c in splits):
            feats["pooled"] = 1.0
    if ms and len(cats) >= 2 and stats.cross_uniform.get(frozenset(cats[:2])):
        feats["cells"] = 1.0
    if kind == "distribution_by":
        groups = [stats.fields[c].cardinality for c in cats if c in stats.fields and c not in ms]
        if groups and stats.rows / max(groups) < THIN_GROUP:
            feats["thin_groups"] = 1.0
    if any(e.field is None for _, e in key.encoding):
        discrete = [c for c in cats if c in stats.fields]
        if discrete and all(stats.fields[c].uniform for c in discrete):
            feats["uniform_count"] = 1.0
        if len(discrete) >= 2 and stats.cross_uniform.get(frozenset(discrete[:2])):
            feats["uniform_count"] = 1.0
    if key.mark == "arc":
        c = color.field if color is not None else None
        f = stats.fields.get(c or "")
        if f is None or f.cardinality > 6 or f.evenness >= 0.9 or f.uniform:
            feats["flat_pie"] = 1.0
    if stats.time_key is not None and not feats_time(key, stats):
        feats["ignores_time"] = 1.0
    if key.mark == "line" and feats_time(key, stats) and not any(e.aggregate or e.time_unit or e.bin
                                                                for _, e in key.encoding):
        feats["raw_series"] = 1.0
    feats["encodings"] = float(len(key.encoding))
    # colour as an extra field on a positional chart; on a pie or a heatmap colour is the chart itself
    feats["color"] = 1.0 if color is not None and key.mark not in ("arc", "rect") else 0.0
    feats["facet"] = 1.0 if ("row" in ch or "column" in ch) else 0.0
    feats["size"] = 1.0 if "size" in ch else 0.0
    feats["measures"] = float(len(set(ms)))
    feats["categories"] = float(len(set(cats)))
    feats["time"] = 1.0 if any(stats.role(f) == "time" for f in shown) or any(e.time_unit for _, e in key.encoding) else 0.0
    feats["label"] = 1.0 if any((f := stats.fields.get(x)) is not None and f.label for x in shown) else 0.0
    feats["count"] = 1.0 if any(e.field is None for _, e in key.encoding) else 0.0
    feats["mean"] = 1.0 if any(e.aggregate in ("mean", "average", "median") for _, e in key.encoding) else 0.0
    feats["sum"] = 1.0 if any(e.aggregate == "sum" for _, e in key.encoding) else 0.0
    feats["binned"] = 1.0 if any(e.bin for _, e in key.encoding) else 0.0
    raw = key.mark in ("point", "tick", "line") and not any(e.aggregate or e.bin for _, e in key.encoding)
    feats["raw_points"] = 1.0 if raw else 0.0
    if raw and key.mark != "line" and stats.rows > 2000:
        feats["overplot"] = min(2.0, math.log10(stats.rows / 2000) + 0.3)
    cards = [stats.fields[c].cardinality for c in cats if c in stats.fields]
    cards = [stats.fields[c].cardinality for c in cats if c in stats.fields and stats.fields[c].role == "category"]
    feats["high_cardinality"] = 1.0 if any(c > 20 for c in cards) and not feats["label"] else 0.0
    known = [stats.fields[f] for f in sorted(shown) if f in stats.fields]  # sorted: sums in a fixed order
    feats["quality"] = sum(min(1.2, f.quality) for f in known) / len(known) if known else 0.0
    feats["column_order"] = sum(f.order for f in known) / len(known) if known else 0.5
    feats["design"] = (design or 0.0) / 100.0
    return {k: round(v, 9) for k, v in feats.items()}


def feats_time(key: ChartKey, stats: TableStats) -> bool:
    return any(e.time_unit or (e.field is not None and stats.role(e.field) == "time") for _, e in key.encoding)


def vector(feats: dict[str, float]) -> list[float]:
    return [feats[n] for n in NAMES]
