"""Many candidate questions per table, each with a partial spec for draco to complete.

Generation is cheap and generous (dozens per table); the ranker decides what comes first. The kinds
are the ones an analyst draws: trends (by series), relations (coloured, in small multiples),
comparisons (mean and sum), distributions (split by a category), two-way aggregates, composition over
time, slopes, connected scatters, top-N, part-to-whole and maps.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from draco.partial import EncodingHint, PartialSpec
from lida.explore.stats import ORDERED_NAME, TableStats
from lida.model import Goal
from lida.offline.fields import MAX_CATEGORIES, TOP_N, Role
from lida.offline.timeunits import UNIT_WORDS, trend_unit
from summarizer.model import Summary

MAX_MEASURES = 6
MAX_CATEGORIES_USED = 5
#: Colour and facet categories must be this small to read.
MAX_COLOR = 10
MAX_FACET = 6
MAX_PIE_SLICES = 6
#: Two measures this tightly ranked together are one quantity twice (a total and its main part, sleep
#: and awake hours, a value and its log): their scatter is a line that says nothing.
REDUNDANT = 0.985
#: Tables up to this many rows may show every value as a point per category (a strip plot).
MAX_STRIP_ROWS = 1000
#: Ticks (one thin mark per row) stay readable on more rows than points.
MAX_TICK_ROWS = 20000
#: Categories up to this many levels get box plots on the x axis; up to MAX_STRIP_LEVELS, on the rows.
MAX_BOX_LEVELS = 12
MAX_STRIP_LEVELS = 60
#: A many-level category gets strips of the measures it separates most, this many of them.
MANY_LEVEL_MEASURES = 2
#: Eta squared from which a category's split of a measure is worth a chart even past MAX_MEASURES.
STRONG_EFFECT = 0.25
MAX_EXTRA_MEASURES = 2
#: An ordered step with at most this many values gets bars of a tally's total per step.
MAX_TALLY_STEPS = 30
#: Eta squared from which a second category is worth colouring a strip by (something to see).
SOME_EFFECT = 0.05
#: A category whose eta squared on a 0/1 outcome reaches this only relabels it (survived / alive).
RELABEL = 0.95
#: A 0/1 outcome's rate along a measure needs this many rows to be seen in strips.
MIN_OUTCOME_ROWS = 100
#: A value grid (one row per cell) is drawn as is from this many cells; fewer read better as grouped bars.
MIN_GRID_CELLS = 20
#: Eta squared of the month of the year (or hour of the day) on a measure from which its cycle is a chart.
STRONG_CYCLE = 0.3
#: How much more of a measure weekday-and-hour cells must explain than the hour alone for a weekly grid.
WEEKLY_GAIN = 0.05
#: Tables up to this many rows may draw every record as a point over time.
MAX_TIME_POINTS = 5000


@dataclass(frozen=True)
class Candidate:
    """One question: its kind, the fields it is about, and the chart intent that answers it."""

    kind: str
    question: str
    visualization: str
    rationale: str
    fields: tuple[str, ...]
    intent: PartialSpec

    def goal(self, index: int = 0) -> Goal:
        return Goal(question=self.question, visualization=self.visualization, rationale=self.rationale,
                    fields=list(self.fields), intent=self.intent, index=index, source="offline")


def _e(field: str | None, channel: str, type: str, **kw: object) -> EncodingHint:
    return EncodingHint(field=field, channel=channel, type=type, **kw)  # type: ignore[arg-type]


def _count(channel: str) -> EncodingHint:
    return EncodingHint(channel=channel, aggregate="count", type="quantitative")


def _ctype(r: Role) -> str:
    return r.vl_type if r.vl_type in ("nominal", "ordinal") else "ordinal" if r.kind in ("time", "measure") \
        else "nominal"


def _coloured(encs: list[EncodingHint], col: Role | None) -> tuple[tuple[EncodingHint, ...], tuple[str, ...]]:
    """The encodings with `col` on colour when there is one, and the fields they show (in encoding order)."""
    if col is not None:
        encs = [*encs, _e(col.name, "color", _ctype(col))]
    return tuple(encs), tuple(e.field for e in encs if e.field)


def _top(r: Role) -> int | None:
    return TOP_N if r.cardinality > MAX_CATEGORIES else None


def _colorable(stats: TableStats, r: Role) -> bool:
    f = stats.fields.get(r.name)
    return 2 <= r.cardinality <= MAX_COLOR and not (f is not None and f.label)


def _colors(stats: TableStats, cats: list[Role], measures: tuple[str, ...], exclude: tuple[str, ...] = ()
            ) -> list[Role]:
    """The small categories that could colour the measures, the most separating (largest eta squared) first."""
    pool = [c for c in cats if _colorable(stats, c) and c.name not in exclude]
    return sorted(pool, key=lambda c: (-max((stats.effect(c.name, m) for m in measures), default=0.0), -c.score))


def _best_color(stats: TableStats, cats: list[Role], measures: tuple[str, ...], exclude: tuple[str, ...] = ()) -> Role | None:
    """The small category that separates the measures most (largest eta squared)."""
    pool = _colors(stats, cats, measures, exclude)
    return pool[0] if pool else None


def _pie_worth(stats: TableStats, name: str) -> bool:
    """A part-to-whole question is worth a pie: few slices, none swallowing the whole, shares far from equal."""
    f = stats.fields.get(name)
    return (f is not None and 2 <= f.cardinality <= MAX_PIE_SLICES and f.max_share <= 0.8
            and f.evenness < 0.9 and not f.uniform)


def candidates(summary: Summary, stats: TableStats) -> list[Candidate]:
    """Every candidate question for this table, deduplicated by intent, in generation order."""
    out: list[Candidate] = []
    seen: set[object] = set()
    for c in _generate(summary, stats):
        key = (c.intent.mark, frozenset((e.field, e.channel, e.aggregate, e.bin, e.time_unit)
                                        for e in c.intent.encodings))
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out


def _generate(summary: Summary, stats: TableStats) -> Iterator[Candidate]:
    rs = stats.roles
    # steps along which things are measured (time points, doses) are x axes, not values to compare
    ms = [m for m in rs.measures if not ((f := stats.fields.get(m.name)) is not None and f.ordered)][:MAX_MEASURES]
    groups = [c for c in rs.categories if not c.label][:MAX_CATEGORIES_USED]
    labels = [c for c in rs.categories if c.label][:1]
    ts = rs.times[:2]
    # small integer measures and short year columns can group rows too (tips size, flights year)
    groupers = groups + [r for r in [*rs.times, *rs.measures] if 2 <= r.cardinality <= 12 and r not in groups][:2]

    # distributions, alone and split by a category
    many = [c for c in groups if MAX_BOX_LEVELS < c.cardinality <= MAX_STRIP_LEVELS]
    for m in ms:
        yield Candidate("distribution", f"How is {m.name} distributed?", f"histogram of {m.name}",
                        f"Shows the range, skew and outliers of {m.name}.", (m.name,),
                        PartialSpec(mark="bar", encodings=(_e(m.name, "x", "quantitative", bin=True), _count("y")),
                                    fields=(m.name,), task="summary"))
        for c in groupers:
            if c.name != m.name and 2 <= c.cardinality <= MAX_BOX_LEVELS:
                # a dot plot lists the labels of an unordered category (ordered ones get a line per colour, two
                # levels a box or strip), its dots coloured by a second category that moves the measure
                col = _best_color(stats, groups, (m.name,), exclude=(c.name,)) \
                    if c.vl_type == "nominal" and c.cardinality >= 3 else None
                yield from _split(stats, c, m, facet=True,
                                  colour=col if col is not None and stats.effect(col.name, m.name) >= SOME_EFFECT else None)
        # a category with dozens of levels (locations, states): boxes or ticks per level, on the rows,
        # for the measures it separates most
        for c in many:
            if c.name != m.name and _splits_most(stats, c, m.name, ms):
                yield from _split(stats, c, m, facet=False)
    # measures past the first few, for the categories that split them strongly (a wide table's area by state)
    rest = [m for m in rs.measures[MAX_MEASURES:] if not _ordered(stats, m.name)]
    for c in [*groupers, *many]:
        if not 2 <= c.cardinality <= MAX_STRIP_LEVELS:
            continue
        split_by_c = sorted(((-stats.effect(c.name, m.name), i, m) for i, m in enumerate(rest)
                             if m.name != c.name and stats.effect(c.name, m.name) >= STRONG_EFFECT), key=lambda t: t[:2])
        for _, _, m in split_by_c[:MAX_EXTRA_MEASURES]:
            yield from _split(stats, c, m, facet=False)

    # relations of two measures: plain, coloured by the most separating category, in small multiples
    steps = [m for m in rs.measures if m not in ms][:2]
    for i, a in enumerate([*ms, *steps]):
        for b in ms[i + 1:]:
            pair = (a.name, b.name)
            if pair in stats.derived or pair[::-1] in stats.derived or stats.relation(*pair) >= REDUNDANT:
                continue
            yield Candidate("relation", f"How does {b.name} relate to {a.name}?", f"scatter plot of {b.name} against {a.name}",
                            f"Shows whether {b.name} rises or falls with {a.name}.", pair,
                            PartialSpec(mark="point", encodings=(_e(a.name, "x", "quantitative"),
                                                                 _e(b.name, "y", "quantitative")),
                                        fields=pair, task="value"))
            col = _best_color(stats, [*groups, *[t for t in rs.times if t.cardinality <= MAX_COLOR]], pair)
            if col is not None:
                yield Candidate("relation", f"How does {b.name} relate to {a.name}, by {col.name}?",
                                f"scatter plot of {b.name} against {a.name}, coloured by {col.name}",
                                f"Shows the relation and whether the {col.name} groups follow it.", (*pair, col.name),
                                PartialSpec(mark="point", encodings=(_e(a.name, "x", "quantitative"),
                                                                     _e(b.name, "y", "quantitative"),
                                                                     _e(col.name, "color", _ctype(col))),
                                            fields=(*pair, col.name), task="value"))
                if col.cardinality <= MAX_FACET and i == 0:
                    yield Candidate("small_multiples", f"Does the relation of {b.name} and {a.name} hold for every {col.name}?",
                                    f"scatter plots of {b.name} against {a.name}, one panel per {col.name}",
                                    f"Separate panels show whether each {col.name} follows the same pattern.",
                                    (*pair, col.name),
                                    PartialSpec(mark="point", encodings=(_e(a.name, "x", "quantitative"),
                                                                         _e(b.name, "y", "quantitative"),
                                                                         _e(col.name, "column", _ctype(col))),
                                                fields=(*pair, col.name), task="value"))
            if summary.rows > 2000 and i == 0:
                yield Candidate("density", f"Where do {a.name} and {b.name} concentrate?",
                                f"binned heatmap of {b.name} by {a.name}", "Shows dense regions without overplotting.",
                                pair, PartialSpec(mark="rect", encodings=(_e(a.name, "x", "quantitative", bin=True),
                                                                          _e(b.name, "y", "quantitative", bin=True),
                                                                          _count("color")), fields=pair, task="summary"))

    # a 0/1 outcome against a measure: one strip per outcome (a logistic-style plot), coloured by the
    # categories that move the outcome most (survival by age, coloured by sex); a category that merely
    # relabels the outcome (survived / alive) says nothing
    for outcome in sorted(stats.binary)[:2] if stats.rows >= MIN_OUTCOME_ROWS else []:
        cols = [c for c in rs.categories if c.name != outcome and _colorable(stats, c) and 0.0 < stats.effect(c.name, outcome) < RELABEL]
        for m in [r for r in rs.measures if r.name != outcome and r.name not in stats.binary][:4]:
            # a colour adds what the measure does not already tell: its effect on the outcome, discounted by
            # how much it is itself a matter of the measure (child / adult of age)
            gain = sorted(((-stats.effect(c.name, outcome) * (1.0 - stats.effect(c.name, m.name)), i, c)
                           for i, c in enumerate(cols)), key=lambda t: t[:2])
            for col in [None, *(c for _, _, c in gain[:2])]:
                encs, flds = _coloured([_e(m.name, "x", "quantitative"), _e(outcome, "y", "quantitative")], col)
                yield Candidate("relation", f"How does the chance of {outcome} change with {m.name}"
                                + (f", by {col.name}?" if col is not None else "?"),
                                f"strips of {m.name} at {outcome} 0 and 1" + (f", coloured by {col.name}" if col else ""),
                                f"Where the {outcome} records sit along {m.name} against the others.", flds,
                                PartialSpec(mark="point", encodings=encs, fields=flds, task="value"))

    # a column of colours paints the marks itself: a scatter of two measures in those colours
    if stats.palette is not None:
        for i, a in enumerate(ms[:3]):
            for b in ms[i + 1:3]:
                flds = (a.name, b.name, stats.palette)
                yield Candidate("relation", f"Where does each {stats.palette} sit in {a.name} and {b.name}?",
                                f"scatter plot of {b.name} against {a.name}, painted in each row's {stats.palette}",
                                f"Every point is drawn in its own {stats.palette}.", flds,
                                PartialSpec(mark="point", encodings=(_e(a.name, "x", "quantitative"),
                                                                     _e(b.name, "y", "quantitative"),
                                                                     _e(stats.palette, "color", "nominal")),
                                            fields=flds, task="value"))

    # profiles: a measure along an ordered numeric step (time points, doses), by a category
    for x in [m for m in rs.measures if (f := stats.fields.get(m.name)) is not None and f.ordered][:2]:
        for m in ms:
            if m.name == x.name or (x.name, m.name) in stats.derived:
                continue
            yield from _profile(stats, groupers, x.name, m.name, _e(x.name, "x", "quantitative", bin=False),
                           f"How does {m.name} change along {x.name}?", f"line of average {m.name} over {x.name}",
                           f"Follows {m.name} step by step along {x.name}.")
            # a tally per step (people per age group) is a histogram someone already binned: bars of its total
            # per step, stacked by the category that splits it most
            if stats.fields[m.name].tally and x.cardinality <= MAX_TALLY_STEPS:
                for col in [None, *_colors(stats, groups, (m.name,))[:2]]:
                    encs, flds = _coloured([_e(x.name, "x", "ordinal"),
                                            _e(m.name, "y", "quantitative", aggregate="sum")], col)
                    yield Candidate("comparison", f"How is the total {m.name} spread over {x.name}?"
                                    + (f" By {col.name}?" if col is not None else ""),
                                    f"bars of total {m.name} per {x.name}" + (f", stacked by {col.name}" if col else ""),
                                    f"Adds up {m.name} for each {x.name} step.", flds,
                                    PartialSpec(mark="bar", encodings=encs, fields=flds, task="summary"))

    # a grid: a measure over two evenly spaced axes that cross once per cell (a density, a surface)
    grid = [m for m in rs.measures if _ordered(stats, m.name)][:3]
    grid += [m for m in rs.measures if m.name in stats.grid_axes and m not in grid]
    for i, a in enumerate(grid):
        for b in grid[i + 1:]:
            if not stats.one_per((a.name, b.name)):
                continue
            for m in [r for r in ms if r.name not in (a.name, b.name)]:
                yield Candidate("two_way", f"How does {m.name} vary over {a.name} and {b.name}?",
                                f"heatmap of {m.name} over the grid of {a.name} and {b.name}",
                                f"Each cell is one {a.name} and {b.name} step; colour shows {m.name}.",
                                (a.name, b.name, m.name),
                                PartialSpec(mark="rect", encodings=(_e(a.name, "x", "ordinal"), _e(b.name, "y", "ordinal"),
                                                                    _e(m.name, "color", "quantitative")),
                                            fields=(a.name, b.name, m.name), task="summary"))

    # profiles along an ordered category (time points named as text, doses), one line per group
    for x in [c for c in groupers if c.kind == "category" and 3 <= c.cardinality <= 24
              and (c.vl_type == "ordinal" or ORDERED_NAME.search(c.name))][:2]:
        for m in ms:
            yield from _profile(stats, groupers, x.name, m.name, _e(x.name, "x", "ordinal"),
                           f"How does {m.name} change across {x.name}?", f"line of average {m.name} across {x.name}",
                           f"Follows {m.name} along the ordered values of {x.name}.")

    # trends over time: by the series category when there is one, composition, slopes, connected scatter
    for t in ts:
        unit = trend_unit(summary, t)
        word = UNIT_WORDS.get(unit or "", "time")
        series = [c for c in groups if stats.series.get((t.name, c.name)) and _colorable(stats, c)]
        for m in ms:
            if (t.name, m.name) in stats.derived:
                continue
            split = series[0] if series else None  # one line per series; never per the day's category
            # a time series (one row per time, or per time and series) is drawn as is, like an expert would
            raw = stats.time_key == t.name and stats.rows / max(1, (len(series) and stats.fields[series[0].name].cardinality)
                                                               or 1) <= 5000
            if raw:
                base = [_e(t.name, "x", "temporal"), _e(m.name, "y", "quantitative")]
            else:
                base = [_e(t.name, "x", "temporal", time_unit=unit), _e(m.name, "y", "quantitative", aggregate="mean")]
            yield Candidate("trend", f"How has {m.name} changed over {t.name}?", f"line of average {m.name} per {word}",
                            f"Shows the direction and turning points of {m.name}.", (t.name, m.name),
                            PartialSpec(mark="line", encodings=tuple(base), fields=(t.name, m.name), task="summary"))
            # events at irregular moments (offerings, quakes): every one a point, since a line would join
            # them as if they were a series
            events = stats.events and t.name == rs.times[0].name
            # the week's rhythm: weekday by hour of the day, when that grid explains the measure more than the
            # hour alone (office hours, weekends)
            week = stats.cycles.get((t.name, "dayhours", m.name), 0.0)
            if week >= STRONG_CYCLE and week >= stats.cycles.get((t.name, "hours", m.name), 0.0) + WEEKLY_GAIN:
                agg = "sum" if stats.fields[m.name].tally else "mean"
                yield Candidate("two_way", f"When in the week is {m.name} highest?",
                                f"heatmap of {'total' if agg == 'sum' else 'average'} {m.name} by weekday and hour",
                                f"Each cell is one hour of one weekday; colour shows {m.name}.", (t.name, m.name),
                                PartialSpec(mark="rect", encodings=(_e(t.name, "x", "ordinal", time_unit="hours"),
                                                                    _e(t.name, "y", "ordinal", time_unit="day"),
                                                                    _e(m.name, "color", "quantitative", aggregate=agg)),
                                            fields=(t.name, m.name), task="summary"))
            if events and stats.rows <= MAX_TIME_POINTS:
                yield Candidate("trend", f"When did {m.name} take which values?", f"points of {m.name} over {t.name}",
                                f"Each record is a point at its {t.name}: gaps and scatter stay visible.", (t.name, m.name),
                                PartialSpec(mark="point", encodings=(_e(t.name, "x", "temporal"), _e(m.name, "y", "quantitative")),
                                            fields=(t.name, m.name), task="value"))
            # a strong seasonal or daily cycle: the average per month of the year or hour of the day
            for cyc, mark, cword in (("month", "bar", "month of the year"), ("hours", "line", "hour of the day")):
                if stats.cycles.get((t.name, cyc, m.name), 0.0) >= STRONG_CYCLE:
                    yield Candidate("trend", f"How does {m.name} follow the {cword}?",
                                    f"{'bars' if mark == 'bar' else 'line'} of average {m.name} by {cword}",
                                    f"Averages {m.name} over every {cword} to show the cycle.", (t.name, m.name),
                                    PartialSpec(mark=mark, encodings=(_e(t.name, "x", "ordinal", time_unit=cyc),
                                                                      _e(m.name, "y", "quantitative", aggregate="mean")),
                                                fields=(t.name, m.name), task="summary"))
            if split is not None:
                yield Candidate("trend", f"How has {m.name} changed over {t.name} for each {split.name}?",
                                f"line of average {m.name} per {word}, one line per {split.name}",
                                f"Each {split.name} gets its own line, so levels are never pooled.",
                                (t.name, m.name, split.name),
                                PartialSpec(mark="line", encodings=(*base, _e(split.name, "color", _ctype(split))),
                                            fields=(t.name, m.name, split.name), task="summary"))
                if unit is not None:
                    yield Candidate("composition", f"How does each {split.name} add to total {m.name} over time?",
                                    f"stacked bars of total {m.name} per {word} by {split.name}",
                                    f"Shows the total {m.name} and each {split.name}'s part of it per {word}.",
                                    (t.name, m.name, split.name),
                                    PartialSpec(mark="bar", encodings=(_e(t.name, "x", "ordinal", time_unit=unit),
                                                                       _e(m.name, "y", "quantitative", aggregate="sum"),
                                                                       _e(split.name, "color", _ctype(split))),
                                                fields=(t.name, m.name, split.name), task="summary"))
        if unit is not None:
            for c in groups[:2]:
                if 2 <= c.cardinality <= MAX_COLOR and not stats.fields[c.name].uniform:
                    yield Candidate("composition", f"How does the mix of {c.name} change over {t.name}?",
                                    f"stacked bars of record counts per {word} by {c.name}",
                                    f"Shows how often each {c.name} occurs per {word}.", (t.name, c.name),
                                    PartialSpec(mark="bar", encodings=(_e(t.name, "x", "ordinal", time_unit=unit),
                                                                       _count("y"), _e(c.name, "color", _ctype(c))),
                                                fields=(t.name, c.name), task="summary"))
        if len(ms) >= 2 and t.cardinality <= 200:
            a, b = ms[0], ms[1]
            yield Candidate("connected", f"How do {a.name} and {b.name} move together over {t.name}?",
                            f"connected scatter of {b.name} against {a.name} along {t.name}",
                            "Joins the points in time order to show the path of both measures.", (a.name, b.name, t.name),
                            PartialSpec(mark="line", encodings=(_e(a.name, "x", "quantitative", aggregate="mean"),
                                                                _e(b.name, "y", "quantitative", aggregate="mean"),
                                                                _e(t.name, "detail", "ordinal")),
                                        fields=(a.name, b.name, t.name), task="summary"))
        if not ms:
            yield Candidate("trend", f"How many records are there per {word}?", f"line of record counts per {word}",
                            "Shows when the records happen.", (t.name,),
                            PartialSpec(mark="line", encodings=(_e(t.name, "x", "temporal", time_unit=unit),
                                                                _count("y")), fields=(t.name,), task="summary"))

    # comparisons of a measure across a category (mean and sum), grouped by a second category
    # a label per row (a state code): one sorted bar chart of the main measure, the one the others follow
    main = _main_measures(stats, ms)[:1]
    for c in [*groupers, *labels]:
        for m in ms:
            if m.name == c.name:
                continue
            label = stats.fields[c.name].label
            top = _top(c)
            if label and m.name not in main:
                continue
            if label:
                yield Candidate("comparison", f"Which {c.name} has the largest {m.name}?", f"bar chart of {m.name} by {c.name}",
                                f"One bar per {c.name}, sorted, so leaders stand out.", (c.name, m.name),
                                PartialSpec(mark="bar", encodings=(_e(c.name, "y", "nominal", sort="-x"),
                                                                   _e(m.name, "x", "quantitative")),
                                            fields=(c.name, m.name), task="value", top_n=top))
                continue
            for agg, word in (("mean", "average"), ("sum", "total")):
                yield Candidate("comparison", f"Which {c.name} has the highest {word} {m.name}?",
                                f"bar chart of {word} {m.name} by {c.name}",
                                f"Ranks each {c.name} by its {word} {m.name}.", (c.name, m.name),
                                PartialSpec(mark="bar", encodings=(_e(c.name, "y", _ctype(c)),
                                                                   _e(m.name, "x", "quantitative", aggregate=agg)),
                                            fields=(c.name, m.name), task="value", top_n=top))
            for c2 in groupers:
                if c2.name in (c.name, m.name) or not 2 <= c2.cardinality <= 30 or c.cardinality > 30:
                    continue
                uniform = stats.cross_uniform.get(frozenset((c.name, c2.name)), False)
                agg = "sum" if uniform else "mean"
                word = "total" if agg == "sum" else "average"
                if c2.cardinality <= MAX_COLOR:
                    yield Candidate("two_way", f"How does {word} {m.name} vary by {c.name} and {c2.name}?",
                                    f"grouped bar chart of {word} {m.name} by {c.name}, coloured by {c2.name}",
                                    f"Compares {m.name} across {c.name} and {c2.name} together.", (c.name, m.name, c2.name),
                                    PartialSpec(mark="bar", encodings=(_e(c.name, "y", _ctype(c)),
                                                                       _e(m.name, "x", "quantitative", aggregate=agg),
                                                                       _e(c2.name, "color", _ctype(c2))),
                                                fields=(c.name, m.name, c2.name), task="value"))
                if c2.cardinality <= 30:
                    # one row per cell: the values themselves, on a grid big enough that colour beats bars
                    cell = stats.one_per((c.name, c2.name)) and c.cardinality * c2.cardinality >= MIN_GRID_CELLS
                    yield Candidate("two_way", f"Where is {m.name} highest across {c.name} and {c2.name}?",
                                    f"heatmap of {'' if cell else 'average '}{m.name} by {c.name} and {c2.name}",
                                    f"Each cell is one {c.name} and {c2.name}; colour shows {m.name}.",
                                    (c.name, c2.name, m.name),
                                    PartialSpec(mark="rect", encodings=(_e(c.name, "y", _ctype(c)), _e(c2.name, "x", _ctype(c2)),
                                                                        _e(m.name, "color", "quantitative",
                                                                           aggregate=None if cell else "mean")),
                                                fields=(c.name, c2.name, m.name), task="summary"))
                if stats.fields[c2.name].cardinality == 2 and c.cardinality <= MAX_COLOR:
                    yield Candidate("slope", f"How did {m.name} change between the two {c2.name} values for each {c.name}?",
                                    f"slope chart of average {m.name} from one {c2.name} to the other, one line per {c.name}",
                                    "Lines that cross or fall stand out at once.", (c2.name, m.name, c.name),
                                    PartialSpec(mark="line", encodings=(_e(c2.name, "x", "ordinal"),
                                                                        _e(m.name, "y", "quantitative", aggregate="mean"),
                                                                        _e(c.name, "color", _ctype(c))),
                                                fields=(c2.name, m.name, c.name), task="value"))

    # counts per category (never for designed tables with equal counts), part-to-whole, cross counts
    for c in groups:
        f = stats.fields[c.name]
        top = _top(c)
        if not f.uniform:
            yield Candidate("counts", f"Which {c.name} values are most common?", f"bar chart of record counts by {c.name}",
                            f"Counts the records per {c.name}.", (c.name,),
                            PartialSpec(mark="bar", encodings=(_e(c.name, "y", _ctype(c)), _count("x")),
                                        fields=(c.name,), task="value", top_n=top))
        if _pie_worth(stats, c.name):
            yield Candidate("part_to_whole", f"What share of the records does each {c.name} account for?",
                            f"pie chart of record counts by {c.name}", f"Shows the proportion of each {c.name}.", (c.name,),
                            PartialSpec(mark="arc", encodings=(_count("theta"), _e(c.name, "color", _ctype(c))),
                                        fields=(c.name,), task="summary"))
    for c1 in groups:  # counts of one category split by another: stacked bars (shares when totals are equal)
        for c2 in groups:
            if c2.name == c1.name or c1.cardinality > 30 or not _colorable(stats, c2) \
                    or stats.cross_uniform.get(frozenset((c1.name, c2.name))):
                continue
            shares = stats.fields[c1.name].uniform
            yield Candidate("cross_counts", f"How does {c2.name} split the records of each {c1.name}?",
                            f"{'normalized ' if shares else ''}stacked bars of record counts by {c1.name} and {c2.name}",
                            f"Each {c1.name} bar is divided by {c2.name}"
                            + (", as shares, since every bar has the same total." if shares else "."), (c1.name, c2.name),
                            PartialSpec(mark="bar", encodings=(_e(c1.name, "y", _ctype(c1)),
                                                               EncodingHint(channel="x", aggregate="count", type="quantitative",
                                                                            stack="normalize" if shares else None),
                                                               _e(c2.name, "color", _ctype(c2))),
                                        fields=(c1.name, c2.name), task="summary"))
    for i, c1 in enumerate(groups):
        for c2 in groups[i + 1:]:
            if c1.cardinality <= 30 and c2.cardinality <= 30 and not stats.cross_uniform.get(frozenset((c1.name, c2.name))):
                yield Candidate("cross_counts", f"Which combinations of {c1.name} and {c2.name} are most common?",
                                f"heatmap of record counts by {c1.name} and {c2.name}", "Cross-tabulates the two.",
                                (c1.name, c2.name),
                                PartialSpec(mark="rect", encodings=(_e(c1.name, "y", _ctype(c1)), _e(c2.name, "x", _ctype(c2)),
                                                                    _count("color")), fields=(c1.name, c2.name), task="summary"))

    # maps
    lat = next((g for g in rs.geo if summary.field(g.name).semantic_type == "latitude"), None)
    lon = next((g for g in rs.geo if summary.field(g.name).semantic_type == "longitude"), None)
    if lat is not None and lon is not None:
        col = _best_color(stats, groups, tuple(m.name for m in ms[:2]))
        encs, flds = _coloured([_e(lon.name, "x", "quantitative", zero=False),
                                _e(lat.name, "y", "quantitative", zero=False)], col)
        yield Candidate("geo", f"Where are the records located ({lat.name} by {lon.name})?",
                        f"map-like scatter of {lat.name} against {lon.name}", "Plots each record at its coordinates.",
                        flds, PartialSpec(mark="circle", encodings=encs, fields=flds, task="value"))


def _main_measures(stats: TableStats, ms: list[Role]) -> list[str]:
    """Measures by how closely the others follow them (mean relation strength), earlier columns first on
    ties: a total before its parts."""
    def central(i: int) -> tuple[float, int]:
        others = [stats.relation(ms[i].name, o.name) for o in ms if o.name != ms[i].name]
        return (-(sum(others) / len(others)) if others else 0.0, i)

    return [ms[i].name for i in sorted(range(len(ms)), key=central)]


def _ordered(stats: TableStats, name: str) -> bool:
    f = stats.fields.get(name)
    return f is not None and f.ordered


def _splits_most(stats: TableStats, c: Role, m: str, ms: list[Role]) -> bool:
    """Whether `m` is among the measures a many-level category separates most (its strips are the ones to draw)."""
    ranked = sorted((r.name for r in ms), key=lambda name: -stats.effect(c.name, name))
    return m in ranked[:MANY_LEVEL_MEASURES] or stats.effect(c.name, m) >= STRONG_EFFECT


def _split(stats: TableStats, c: Role, m: Role, facet: bool, colour: Role | None = None) -> Iterator[Candidate]:
    """A measure's distribution per level of a category: box plot, strips of every value (points on small
    tables, also coloured by `colour`, a second category that moves the measure; ticks on any table up to
    MAX_TICK_ROWS) and, with `facet`, a histogram stacked by the category. Many levels go on the rows,
    where their labels can be read."""
    many = c.cardinality > MAX_BOX_LEVELS
    cat, val = ("y", "x") if many else ("x", "y")
    yield Candidate("distribution_by", f"How does the distribution of {m.name} differ by {c.name}?",
                    f"box plot of {m.name} for each {c.name}",
                    f"Compares medians, spread and outliers of {m.name} across {c.name}.", (c.name, m.name),
                    PartialSpec(mark="boxplot", encodings=(_e(c.name, cat, _ctype(c)), _e(m.name, val, "quantitative")),
                                fields=(c.name, m.name), task="summary"))
    if stats.rows <= MAX_STRIP_ROWS and not many:  # few rows: every value can be shown, as experts do
        yield Candidate("distribution_by", f"What values of {m.name} does each {c.name} take?",
                        f"strip plot of {m.name} for each {c.name}",
                        f"Shows every {m.name} value, grouped by {c.name}.", (c.name, m.name),
                        PartialSpec(mark="point", encodings=(_e(c.name, "x", _ctype(c)), _e(m.name, "y", "quantitative")),
                                    fields=(c.name, m.name), task="value"))
        if colour is not None and colour.name not in (c.name, m.name):
            flds = (c.name, m.name, colour.name)
            yield Candidate("distribution_by", f"How do {c.name} and {colour.name} together set {m.name}?",
                            f"dot plot of {m.name} for each {c.name}, coloured by {colour.name}",
                            f"Every {m.name} value per {c.name}, with {colour.name} told apart by colour.", flds,
                            PartialSpec(mark="point", encodings=(_e(c.name, "y", _ctype(c)), _e(m.name, "x", "quantitative"),
                                                                 _e(colour.name, "color", _ctype(colour))),
                                        fields=flds, task="value"))
    if stats.rows <= MAX_TICK_ROWS:  # a tick per row stays readable where points would pile up
        yield Candidate("distribution_by", f"Where do the {m.name} values of each {c.name} fall?",
                        f"tick strip of {m.name} for each {c.name}",
                        f"One tick per record: the range and clusters of {m.name} per {c.name}.", (c.name, m.name),
                        PartialSpec(mark="tick", encodings=(_e(c.name, "y", _ctype(c)), _e(m.name, "x", "quantitative")),
                                    fields=(c.name, m.name), task="value"))
    if facet and c.cardinality <= MAX_FACET:
        yield Candidate("distribution_by", f"How do the values of {m.name} stack up by {c.name}?",
                        f"stacked histogram of {m.name} coloured by {c.name}",
                        f"Shows where each {c.name} sits within the distribution of {m.name}.",
                        (m.name, c.name),
                        PartialSpec(mark="bar", encodings=(_e(m.name, "x", "quantitative", bin=True),
                                                           _count("y"), _e(c.name, "color", _ctype(c))),
                                    fields=(m.name, c.name), task="summary"))


def _profile(stats: TableStats, groupers: list[Role], x: str, m: str, x_enc: EncodingHint, question: str,
             visualization: str, rationale: str) -> Iterator[Candidate]:
    """Lines of measure `m` along an ordered `x`, coloured by each of the two categories that split it
    most (fmri: by region and by event). The mean is taken only where x repeats within a line."""
    cols: list[Role | None] = [*_colors(stats, groupers, (m,), exclude=(x,))[:2]]
    for col in cols or [None]:
        keys = (x, col.name) if col is not None else (x,)
        raw = stats.one_per(keys)
        encs, flds = _coloured([x_enc, _e(m, "y", "quantitative", **({} if raw else {"aggregate": "mean"}))], col)
        yield Candidate("trend", question, visualization + (f" by {col.name}" if col else ""), rationale, flds,
                        PartialSpec(mark="line", encodings=encs, fields=flds, task="summary"))
