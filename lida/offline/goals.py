"""A rule-based explorer: diverse analysis goals from a Summary, no LLM.

Each candidate goal is one *kind* of question (distribution, relation, trend, comparison, ...) on the
most informative fields for it. We score every candidate, then pick greedily so the first goals cover
different kinds, and never return two goals with the same intent.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from draco.partial import EncodingHint, PartialSpec
from lida.model import Goal, Persona
from lida.offline.fields import MAX_CATEGORIES, TOP_N, Role, Roles, roles
from lida.offline.timeunits import UNIT_WORDS, has_hours, has_seasons, trend_unit
from summarizer.model import Summary

#: How much each kind of question is worth before field quality is counted.
KIND_WEIGHT: dict[str, float] = {
    "trend": 1.0,
    "comparison": 0.92,
    "relation": 0.9,
    "distribution": 0.86,
    "geo": 0.85,
    "mix_over_time": 0.8,
    "seasonal": 0.78,
    "top_n": 0.76,
    "small_multiples": 0.74,
    "part_to_whole": 0.72,
    "spread_by_category": 0.7,
    "heatmap": 0.66,
    "daily_cycle": 0.64,
    "series_compare": 0.62,
}

#: Persona words that favour some kinds of question.
_KIND_WORDS: dict[str, tuple[str, ...]] = {
    "trend": ("trend", "time", "growth", "forecast", "history", "change", "operations"),
    "seasonal": ("season", "month", "operations", "planning"),
    "comparison": ("compare", "executive", "manager", "performance", "rank", "business"),
    "top_n": ("top", "executive", "rank", "leader", "business"),
    "part_to_whole": ("share", "mix", "executive", "composition", "business"),
    "relation": ("correlation", "relationship", "scientist", "statistic", "model", "driver"),
    "heatmap": ("correlation", "scientist", "pattern", "density"),
    "distribution": ("distribution", "scientist", "statistic", "outlier", "quality", "analyst"),
    "spread_by_category": ("variance", "spread", "outlier", "scientist", "analyst"),
}
#: Persona words mapped to field-name fragments and semantic types they care about.
_FIELD_WORDS: dict[str, tuple[str, ...]] = {
    "money": ("amount", "price", "cost", "revenue", "sales", "profit", "income", "budget", "pay", "wage", "fee"),
    "finance": ("amount", "price", "cost", "revenue", "sales", "profit", "income", "budget"),
    "revenue": ("amount", "revenue", "sales", "price"),
    "cost": ("amount", "cost", "price", "spend"),
    "weather": ("temp", "precip", "wind", "rain", "weather"),
    "climate": ("temp", "precip", "wind", "rain", "weather"),
    "efficiency": ("mpg", "miles", "gallon", "consumption", "efficiency"),
    "performance": ("horsepower", "speed", "acceleration", "score", "yield"),
    "geography": ("country", "state", "city", "region", "latitude", "longitude"),
}


@dataclass(frozen=True)
class _Candidate:
    kind: str
    score: float
    question: str
    visualization: str
    rationale: str
    fields: tuple[str, ...]
    intent: PartialSpec

    def key(self) -> tuple[str | None, frozenset[tuple[str | None, str | None, str | None]]]:
        """Two candidates with the same key would draw the same chart."""
        enc = frozenset((e.field, e.aggregate, e.time_unit) for e in self.intent.encodings)
        return (None, enc)


def _enc(field: str | None = None, channel: str | None = None, type: str | None = None, **kw: object) -> EncodingHint:
    return EncodingHint(field=field, channel=channel, type=type, **kw)  # type: ignore[arg-type]


def _count(channel: str) -> EncodingHint:
    return EncodingHint(channel=channel, aggregate="count", type="quantitative")


def _cat_type(r: Role) -> str:
    return r.vl_type if r.vl_type in ("nominal", "ordinal") else "nominal"


def _top(r: Role) -> int | None:
    return TOP_N if r.cardinality > MAX_CATEGORIES else None


def _series_color(cats: list[Role], limit: int = 8) -> Role | None:
    """A category fit to split lines or points by colour: few values, informative."""
    for c in cats:
        if 2 <= c.cardinality <= limit:
            return c
    return None


def _parts_worth_a_pie(summary: Summary, name: str) -> bool:
    """A pie says something when no slice swallows the whole and the slices are not all equal."""
    f = summary.field(name)
    total = summary.rows - f.missing
    counts = [t.count for t in f.top_values]
    return total > 0 and bool(counts) and max(counts) / total <= 0.8 and _counts_vary(summary, name)


def _counts_vary(summary: Summary, name: str) -> bool:
    """Whether the categories' record counts differ enough to be worth showing (5 points of share)."""
    f = summary.field(name)
    total = summary.rows - f.missing
    counts = [t.count for t in f.top_values]
    if total <= 0 or not counts:
        return False
    return (max(counts) - min(counts)) / total >= 0.05


def _candidates(summary: Summary, rs: Roles) -> Iterator[_Candidate]:
    ms, cs, ts = rs.measures, rs.categories, rs.times

    # distribution of each of the better measures (coordinates only as a last resort)
    for m in [*ms[:3], *rs.geo[:2]]:
        yield _Candidate(
            "distribution", m.score if m.kind == "measure" else 0.2,
            f"How is {m.name} distributed?",
            f"histogram of {m.name}",
            f"Shows the typical range, skew and outliers of {m.name} before comparing it with anything else.",
            (m.name,),
            PartialSpec(mark="bar", encodings=(_enc(m.name, "x", "quantitative", bin=True), _count("y")),
                        fields=(m.name,), task="summary"),
        )

    # relation between two measures, coloured by a small category when there is one
    for i, a in enumerate(ms[:3]):
        for b in ms[i + 1 : 4]:
            col = _series_color(cs, limit=10)
            encs = [_enc(b.name, "x", "quantitative"), _enc(a.name, "y", "quantitative")]
            vis = f"scatter plot of {a.name} against {b.name}"
            flds: tuple[str, ...] = (b.name, a.name)
            if col is not None:
                encs.append(_enc(col.name, "color", _cat_type(col)))
                vis += f", coloured by {col.name}"
                flds += (col.name,)
            bonus = 0.05 if col is not None else 0.0
            yield _Candidate(
                "relation", (a.score + b.score) / 2 + bonus,
                f"How does {a.name} relate to {b.name}?",
                vis,
                f"Reveals whether {a.name} rises or falls with {b.name}, and clusters or outliers"
                + (f" by {col.name}." if col is not None else "."),
                flds,
                PartialSpec(mark="point", encodings=tuple(encs), fields=flds, task="value"),
            )

    # trend over time of each measure, split by a small category when there is one
    for t in ts[:1]:
        unit = trend_unit(summary, t)
        word = UNIT_WORDS.get(unit or "", "time")
        for m in ms[:3]:
            # colour by a category only when each (time, category) pair is one series, e.g. stocks by symbol
            col = _series_color(cs)
            if col is not None and summary.rows < 0.5 * t.cardinality * col.cardinality:
                col = None
            agg = "mean"
            encs = [_enc(t.name, "x", "temporal", time_unit=unit), _enc(m.name, "y", "quantitative", aggregate=agg)]
            flds = (t.name, m.name)
            vis = f"line chart of average {m.name} per {word}" if unit else f"line chart of {m.name} over {t.name}"
            if col is not None:
                encs.append(_enc(col.name, "color", _cat_type(col)))
                flds += (col.name,)
                vis += f", one line per {col.name}"
            yield _Candidate(
                "trend", t.score * (0.6 + 0.4 * m.score) + (0.04 if col else 0.0),
                f"How has {m.name} changed over {t.name}?"
                + (f" (by {col.name})" if col is not None else ""),
                vis,
                f"Tracks {m.name} over time to show the direction, turning points and any seasonality.",
                flds,
                PartialSpec(mark="line", encodings=tuple(encs), fields=flds, task="summary"),
            )
        if not ms:  # nothing to average: count records over time
            yield _Candidate(
                "trend", t.score * 0.8,
                f"How many records are there per {word}?",
                f"line chart of the number of records per {word}",
                "Shows when the records happen and whether their number grows or shrinks.",
                (t.name,),
                PartialSpec(mark="line", encodings=(_enc(t.name, "x", "temporal", time_unit=unit), _count("y")),
                            fields=(t.name,), task="summary"),
            )

        # seasonality and daily cycle
        if has_seasons(summary, t):
            for m in ms[:2]:
                yield _Candidate(
                    "seasonal", t.score * (0.6 + 0.4 * m.score),
                    f"Which months have the highest {m.name}?",
                    f"bar chart of average {m.name} by month of the year",
                    f"Averages {m.name} over all years for each calendar month to expose the seasonal cycle.",
                    (t.name, m.name),
                    PartialSpec(mark="bar", encodings=(_enc(t.name, "x", "ordinal", time_unit="month"),
                                                       _enc(m.name, "y", "quantitative", aggregate="mean")),
                                fields=(t.name, m.name), task="summary"),
                )
        if has_hours(summary, t):
            for m in ms[:1]:
                yield _Candidate(
                    "daily_cycle", t.score * (0.6 + 0.4 * m.score),
                    f"How does {m.name} vary over the hours of the day?",
                    f"line chart of average {m.name} by hour of the day",
                    f"Averages {m.name} for each hour to show the daily cycle.",
                    (t.name, m.name),
                    PartialSpec(mark="line", encodings=(_enc(t.name, "x", "ordinal", time_unit="hours"),
                                                        _enc(m.name, "y", "quantitative", aggregate="mean")),
                                fields=(t.name, m.name), task="summary"),
                )
                if has_seasons(summary, t):
                    yield _Candidate(
                        "heatmap", t.score * (0.6 + 0.4 * m.score),
                        f"How does {m.name} change by month and hour of the day?",
                        f"heatmap of average {m.name} by month (x) and hour (y)",
                        "Combines the seasonal and the daily cycle in one view.",
                        (t.name, m.name),
                        PartialSpec(mark="rect", encodings=(
                            _enc(t.name, "x", "ordinal", time_unit="month"),
                            _enc(t.name, "y", "ordinal", time_unit="hours"),
                            _enc(m.name, "color", "quantitative", aggregate="mean")),
                            fields=(t.name, m.name), task="summary"),
                    )

        # mix of a category over time
        for c in cs[:2]:
            if 2 <= c.cardinality <= 10 and unit is not None:
                yield _Candidate(
                    "mix_over_time", t.score * c.score,
                    f"How does the mix of {c.name} change over {t.name}?",
                    f"stacked bar chart of record counts per {word}, coloured by {c.name}",
                    f"Shows how often each {c.name} occurs in each period and how the mix shifts.",
                    (t.name, c.name),
                    PartialSpec(mark="bar", encodings=(_enc(t.name, "x", "ordinal" if unit == "year" else "temporal",
                                                            time_unit=unit),
                                                       _count("y"), _enc(c.name, "color", _cat_type(c))),
                                fields=(t.name, c.name), task="summary"),
                )

    # comparison of a measure across categories
    for c in cs[:3]:
        for m in ms[:2]:
            yield _Candidate(
                "comparison", c.score * (0.5 + 0.5 * m.score),
                f"Which {c.name} has the highest average {m.name}?",
                f"bar chart of average {m.name} by {c.name}, sorted"
                + (f", top {TOP_N}" if _top(c) else ""),
                f"Ranks each {c.name} by its average {m.name} so the leaders and laggards stand out.",
                (c.name, m.name),
                PartialSpec(mark="bar", encodings=(_enc(c.name, "y", _cat_type(c)),
                                                   _enc(m.name, "x", "quantitative", aggregate="mean")),
                            fields=(c.name, m.name), task="value", top_n=_top(c)),
            )
            if 2 <= c.cardinality <= 12:
                yield _Candidate(
                    "spread_by_category", c.score * (0.5 + 0.5 * m.score) * 0.95,
                    f"How does the spread of {m.name} differ across {c.name}?",
                    f"box plot of {m.name} for each {c.name}",
                    f"Compares medians, spread and outliers of {m.name} between the {c.cardinality} {c.name} groups.",
                    (c.name, m.name),
                    PartialSpec(mark="boxplot", encodings=(_enc(c.name, "x", _cat_type(c)),
                                                           _enc(m.name, "y", "quantitative")),
                                fields=(c.name, m.name), task="summary"),
                )

    # counts per category: part-to-whole when few, top-N when many
    for c in [c for c in cs if not c.label][:3]:
        if 2 <= c.cardinality <= 6 and _parts_worth_a_pie(summary, c.name):
            yield _Candidate(
                "part_to_whole", c.score,
                f"What share of the records does each {c.name} account for?",
                f"pie chart of record counts by {c.name}",
                f"Shows the proportion of each {c.name} in the whole table.",
                (c.name,),
                PartialSpec(mark="arc", encodings=(_count("theta"), _enc(c.name, "color", _cat_type(c))),
                            fields=(c.name,), task="summary"),
            )
        top = _top(c)
        if top is None and not _counts_vary(summary, c.name):
            continue  # every category equally common: a count chart of them shows nothing
        yield _Candidate(
            "top_n", c.score * (1.05 if top else 0.85),
            f"Which {c.name} values are most common?" if top is None
            else f"What are the {TOP_N} most common {c.name} values?",
            f"bar chart of record counts by {c.name}, sorted" + (f", top {TOP_N}" if top else ""),
            f"Counts the records for each {c.name} to show where the data concentrates.",
            (c.name,),
            PartialSpec(mark="bar", encodings=(_enc(c.name, "y", _cat_type(c)), _count("x")),
                        fields=(c.name,), task="value", top_n=top),
        )
        if top is not None and ms:
            m = ms[0]
            yield _Candidate(
                "top_n", c.score * (0.5 + 0.5 * m.score),
                f"Which {TOP_N} {c.name} values have the highest total {m.name}?",
                f"bar chart of total {m.name} by {c.name}, top {TOP_N}, sorted",
                f"Ranks the largest {c.name} values by their total {m.name}.",
                (c.name, m.name),
                PartialSpec(mark="bar", encodings=(_enc(c.name, "y", _cat_type(c)),
                                                   _enc(m.name, "x", "quantitative", aggregate="sum")),
                            fields=(c.name, m.name), task="value", top_n=top),
            )

    # small multiples: the best relation, one panel per small category
    if len(ms) >= 2:
        for c in cs[:2]:
            if 2 <= c.cardinality <= 6:
                a, b = ms[0], ms[1]
                yield _Candidate(
                    "small_multiples", c.score * (a.score + b.score) / 2,
                    f"Does the relation between {a.name} and {b.name} hold for every {c.name}?",
                    f"scatter plots of {a.name} against {b.name}, one panel per {c.name}",
                    f"Separate panels show whether each {c.name} follows the same pattern.",
                    (b.name, a.name, c.name),
                    PartialSpec(mark="point", encodings=(_enc(b.name, "x", "quantitative"),
                                                         _enc(a.name, "y", "quantitative"),
                                                         _enc(c.name, "column", _cat_type(c))),
                                fields=(b.name, a.name, c.name), task="value"),
                )

    # two categories together
    grouping = [c for c in cs if not c.label]
    for i, c1 in enumerate(grouping[:3]):
        for c2 in grouping[i + 1 : 4]:
            if c1.cardinality <= 30 and c2.cardinality <= 30:
                yield _Candidate(
                    "heatmap", (c1.score + c2.score) / 2,
                    f"Which combinations of {c1.name} and {c2.name} are most common?",
                    f"heatmap of record counts by {c1.name} and {c2.name}",
                    f"Cross-tabulates {c1.name} and {c2.name} to show which pairs occur together.",
                    (c1.name, c2.name),
                    PartialSpec(mark="rect", encodings=(_enc(c1.name, "y", _cat_type(c1)),
                                                        _enc(c2.name, "x", _cat_type(c2)), _count("color")),
                                fields=(c1.name, c2.name), task="summary"),
                )

    # density of two measures where the points would overplot
    if len(ms) >= 2:
        a, b = ms[0], ms[1]
        dense = summary.rows > 2000
        yield _Candidate(
            "heatmap", (a.score + b.score) / 2 * (1.0 if dense else 0.8),
            f"Where do {a.name} and {b.name} values concentrate?",
            f"binned heatmap of record counts by {b.name} and {a.name}",
            f"Bins both measures so dense regions of {a.name} versus {b.name} show without overplotting.",
            (b.name, a.name),
            PartialSpec(mark="rect", encodings=(_enc(b.name, "x", "quantitative", bin=True),
                                                _enc(a.name, "y", "quantitative", bin=True), _count("color")),
                        fields=(b.name, a.name), task="summary"),
        )

    # where things are
    if len(rs.geo) >= 2:
        lat = next((g for g in rs.geo if summary.field(g.name).semantic_type == "latitude"), None)
        lon = next((g for g in rs.geo if summary.field(g.name).semantic_type == "longitude"), None)
        if lat is not None and lon is not None:
            col = _series_color(cs, limit=10)
            encs = [_enc(lon.name, "x", "quantitative", zero=False), _enc(lat.name, "y", "quantitative", zero=False)]
            flds = (lon.name, lat.name)
            if col is not None:
                encs.append(_enc(col.name, "color", _cat_type(col)))
                flds += (col.name,)
            yield _Candidate(
                "geo", 0.9,
                f"Where are the records located ({lat.name} by {lon.name})?",
                f"map-like scatter of {lat.name} against {lon.name}"
                + (f", coloured by {col.name}" if col is not None else ""),
                "Plots each record at its coordinates to show geographic clusters and gaps.",
                flds,
                PartialSpec(mark="circle", encodings=tuple(encs), fields=flds, task="value"),
            )


def _persona_boosts(summary: Summary, persona: Persona | None) -> tuple[dict[str, float], dict[str, float]]:
    """Field and kind score boosts from the words of a persona (deterministic keyword match)."""
    if persona is None:
        return {}, {}
    words = set(re.findall(r"[a-z]+", f"{persona.name} {persona.rationale}".lower()))
    field_boost: dict[str, float] = {}
    fragments: set[str] = set()
    for w in words:
        fragments.update(_FIELD_WORDS.get(w, ()))
    for f in summary.fields:
        low = f.name.lower()
        tokens = set(re.findall(r"[a-z]+", low))
        hit = bool(tokens & {w for w in words if len(w) >= 4}) or any(fr in low for fr in fragments)
        if f.semantic_type == "amount" and ({"money", "finance", "revenue", "cost"} & words):
            hit = True
        if hit:
            field_boost[f.name] = 0.5
    kind_boost = {k: 0.15 for k, ws in _KIND_WORDS.items() if words & set(ws)}
    return field_boost, kind_boost


def goals(summary: Summary, n: int = 5, persona: Persona | None = None) -> list[Goal]:
    """Up to `n` diverse goals, best first. Deterministic for a given summary and persona."""
    field_boost, kind_boost = _persona_boosts(summary, persona)
    rs = roles(summary, field_boost)
    cands = list(_candidates(summary, rs))
    scored = sorted(
        enumerate(cands),
        key=lambda ic: (-(ic[1].score * KIND_WEIGHT[ic[1].kind] + kind_boost.get(ic[1].kind, 0.0)), ic[0]),
    )
    picked: list[_Candidate] = []
    seen_keys: set[object] = set()
    seen_questions: set[str] = set()
    uses: dict[str, int] = {}
    base = {id(c): c.score * KIND_WEIGHT[c.kind] + kind_boost.get(c.kind, 0.0) for _, c in scored}

    def adjusted(c: _Candidate) -> float:
        """Each earlier goal on the same field costs 12%: spreads the goals over the table."""
        return base[id(c)] * 0.88 ** sum(uses.get(f, 0) for f in c.fields)

    # first pass one goal per kind, then any kind; always the best adjusted score next
    for one_per_kind in (True, False):
        kinds = {c.kind for c in picked}
        while len(picked) < n:
            pool = [
                c for _, c in scored
                if c.key() not in seen_keys and c.question.lower() not in seen_questions
                and not (one_per_kind and c.kind in kinds)
            ]
            if not pool:
                break
            best = max(pool, key=adjusted)  # max keeps the first (best-scored) among ties
            picked.append(best)
            seen_keys.add(best.key())
            seen_questions.add(best.question.lower())
            kinds.add(best.kind)
            for f in best.fields:
                uses[f] = uses.get(f, 0) + 1

    return [
        Goal(
            question=c.question,
            visualization=c.visualization,
            rationale=c.rationale,
            fields=list(c.fields),
            intent=c.intent,
            index=i,
            source="offline",
            persona=persona.name if persona is not None else None,
        )
        for i, c in enumerate(picked)
    ]
