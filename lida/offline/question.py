"""Turn a question in plain words into ranked chart goals, offline, with rules.

"average price by region over time" -> Goal(intent=PartialSpec(mark="line", encodings=(x: date, y: mean price,
color: region))). The parser reads, in order: literal values and filters, column mentions, chart words,
aggregates, time units, bins, sort and top-N. It then enumerates the charts those readings allow: when the
question leaves a channel open (no x field, no chart type) each sensible completion becomes one
interpretation with a penalty, so the list is ranked best first. What the question pins, every interpretation
pins; what it leaves open differs between interpretations.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from draco.partial import EncodingHint, PartialSpec
from lida.errors import LidaError
from lida.model import Goal
from lida.offline.lexicon import (
    AGGREGATE_PHRASES,
    BIN_WORDS,
    CHART_PHRASES,
    COLOR_CUES,
    MARK_HINTS,
    ROW_NOUNS,
    SIZE_CUES,
    SORT_PHRASES,
    SORT_VERBS,
    STOP_WORDS,
    TIME_UNIT_PHRASES,
    WEAK_AGGREGATES,
)
from lida.offline.question_fields import Mention, Token, field_words, find_mentions, tokenize
from lida.offline.question_filters import CLAUSE_WORDS, Filter, find_filters, quoted_token_spans
from summarizer.model import FieldSummary, Summary
from summarizer.semantics import name_tokens

_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                 "nine": 9, "ten": 10, "twelve": 12, "fifteen": 15, "twenty": 20}
_GROUP_WORDS = frozenset({"by", "per", "each", "every", "across", "over", "among", "for", "of", "vs", "versus",
                          "against", "and", "based", "according", "grouped", "categorized", "categorised"})


#: Extra penalty of a chart that adds a colour the question did not name, and of its x/colour swap.
COLOR_VARIANT = -1.0
#: An unnamed colour with more values than a legend can tell apart pays CROWDED_COLOR.
COLOR_LEVELS = 20
CROWDED_COLOR = 0.5
SWAP_VARIANT = 0.3
#: Extra penalty of "by A and B" read with B on x and A as colour: either reading is as likely as the other, so
#: both come before the alternatives of a column that matched several names.
PAIR_SWAP = 0.01
#: With no chart type named, how far behind its bar (or line) twin a line (or bar) of the same columns comes.
TWIN_GAP = 0.005
#: Penalty of a line nobody asked for across unordered categories (it draws a trend that is not there).
LINE_OVER_CATEGORIES = 0.3
#: Penalty step between the sizes offered for a pie whose slices are named but whose size is not.
ARC_SIZE_STEP = 0.1
#: Penalty of slicing a pie by an unnamed category when the table has no number to size slices by.
ARC_OTHER_SLICES = 0.3
#: Extra penalty of an unnamed pie slice that does not fit the size: a total over slices of one row each, or
#: raw numbers over slices that hold several rows.
ARC_MISFIT = 0.5
#: Extra penalty of a bar or line whose unasked aggregate does not fit its x (see `_Builder._misfit`).
XY_MISFIT = 0.5
#: Extra penalty of grouping a box plot by an unnamed category when the question names its only number.
BOX_OTHER_GROUPS = 0.2
#: Penalty of the reading that colours by an identifier the words aggregate by, with another column on x.
ID_AS_COLOR = 0.1
#: Extra penalty of a heatmap that keeps one of two named columns and pairs it with an unnamed one.
RECT_OTHER_PAIR = 0.4
#: Extra penalty of a scatter sized by the count of rows at each point (overlapping points show as bigger).
POINT_COUNT_SIZE = 0.1
#: Penalty of reading "the number of X", X a numeric column, as a count of rows by X rather than X's values.
COUNT_OF_NUMBER = 0.1
#: Semantic types of numbers whose total means something (summarizer.semantics).
ADDITIVE = frozenset({"amount", "count"})
#: Amounts per unit (a price, a fare, a wage, a rent): their mean compares, their total is of nothing.
PER_UNIT = frozenset({"price", "prices", "fare", "fares", "wage", "wages", "rate", "rates", "rent", "salary",
                      "salaries", "fee", "fees"})
#: A heatmap, bar or line axis bins a number with more distinct values than this.
AXIS_BIN_UNIQUE = 20
#: Extra penalty of a heatmap coloured by an aggregate when the question names fewer than two groupings.
RECT_AGG = 0.4
#: Extra penalty of an unnamed pie slice column with many values, and again for an identifier.
SLICE_MANY = 0.3

# ---- reading the question ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reading:
    """Everything the words pin down, before charts are enumerated."""

    marks: dict[str, float]  # mark -> weight, 1.0 for an explicit chart word
    variant: str  # histogram, stacked, grouped, donut, scatter, bubble or ""
    explicit_mark: bool
    measures: list[tuple[Mention | None, str | None]]  # (column or None for count, aggregate or None)
    dims: list[Mention]  # columns read as groupings, in order
    color_dims: list[Mention]  # columns after "colored by" and the like
    size_dims: list[Mention]
    filters: list[Filter]
    time_unit: str | None
    binned: bool
    sort: str | None  # ascending / descending
    top_n: int | None
    count_requested: bool
    #: token indexes the reading understood (columns, chart words, aggregates, filters, ...): the rest of the
    #: words were not read, which edits report back to the user
    used: frozenset[int] = frozenset()
    #: columns the words name without making them a chart column: the rows counted ("number of students" for
    #: student_id) and the subjects of filters ("for customer IDs 3 or 8"); questions offer them as a grouping
    counted: tuple[Mention, ...] = ()
    filtered: tuple[Mention, ...] = ()
    #: the number the words split into ranges ("horsepower groups of 10"), when they say which
    bin_field: str | None = None


def _phrases(tokens: list[Token], table: dict[str, object]) -> list[tuple[int, int, str]]:
    """(start, end, phrase) of every phrase from `table`, longest first at each position, no overlaps."""
    words = [t.text for t in tokens]
    norms = [t.norm for t in tokens]
    longest = max(len(p.split()) for p in table)
    out = []
    i = 0
    while i < len(words):
        for n in range(min(longest, len(words) - i), 0, -1):
            p = " ".join(words[i:i + n])
            q = " ".join(norms[i:i + n])
            if p in table or q in table:
                out.append((i, i + n, p if p in table else q))
                i += n
                break
        else:
            i += 1
    return out


def field_is_id(name: str) -> bool:
    """"transaction_id", "custID": a column that names rows rather than groups them."""
    words = field_words(name)
    return (len(words) > 1 and words[-1] in ("id", "no", "num", "key")) or name.lower().endswith("id")


def _kind(f: FieldSummary) -> str:
    """Q (quantitative), T (time) or N (category) as the parser sees a column."""
    if f.temporal is not None or f.vl_type == "temporal" or "datetime" in f.dtype:
        return "T"
    if f.numeric is not None and f.vl_type == "quantitative":
        return "Q"
    return "N"


def _top_n(words: list[str]) -> tuple[int | None, str | None, int | None]:
    """(n, direction, token index of n) for "top 5", "10 largest", "bottom three"."""
    for i, w in enumerate(words):
        if w in ("top", "bottom", "first", "last", "largest", "biggest", "highest", "smallest", "lowest") \
                and i + 1 < len(words):
            nxt = words[i + 1]
            n = int(nxt) if nxt.isdigit() else _NUMBER_WORDS.get(nxt)
            if n:
                return n, "ascending" if w in ("bottom", "smallest", "lowest", "last") else "descending", i + 1
        if (w.isdigit() or w in _NUMBER_WORDS) and i + 1 < len(words) and words[i + 1] in (
                "largest", "biggest", "highest", "most", "smallest", "lowest", "least", "top"):
            n = int(w) if w.isdigit() else _NUMBER_WORDS[w]
            return n, "ascending" if words[i + 1] in ("smallest", "lowest", "least") else "descending", i
    return None, None, None


_TIME_WORDS = (("over", "time"), ("across", "time"), ("through", "time"), ("over", "the", "years"))


def _time_mention(summary: Summary, words: list[str], mentions: list[Mention]) -> list[Mention]:
    """"price over time": the table's date column, when the question names no time column itself."""
    times = [f.name for f in summary.fields if _kind(f) == "T"]
    if not times or any(_kind(summary.field(m.field)) == "T" for m in mentions):
        return mentions
    for i in range(len(words)):
        for phrase in _TIME_WORDS:
            if tuple(words[i:i + len(phrase)]) == phrase:
                at = i + len(phrase) - 1
                if any(m.start <= at < m.end for m in mentions):
                    continue
                return sorted([*mentions, Mention(at, at + 1, ((times[0], 0.9),))], key=lambda m: m.start)
    return mentions


_STEP_WORDS = frozenset({"group", "groups", "range", "ranges", "interval", "intervals", "bucket", "buckets", "bin",
                         "bins", "band", "bands", "bracket", "brackets", "step", "steps", "increment", "increments"})


def _is_number(word: str) -> bool:
    return word.replace(".", "", 1).isdigit() or word in _NUMBER_WORDS


def _bin_subject(summary: Summary, bin_at: list[int], mentions: list[Mention]) -> str | None:
    """The numeric column right before a range word ("acceleration ranges"), else right after ("bins of age")."""
    qs = [m for m in mentions if _kind(summary.field(m.field)) == "Q"]
    at = bin_at[0]
    before = [m for m in qs if at - 3 <= m.end <= at]
    if before:
        return before[-1].field
    after = [m for m in qs if at < m.start <= at + 4]
    return after[0].field if after else None


def _modifier(word: str) -> bool:
    """A word that may qualify the column after an aggregate without naming another: "total *engine* power"."""
    return word.isalpha() and word not in STOP_WORDS and word not in _GROUP_WORDS and word not in CLAUSE_WORDS


def read_question(summary: Summary, text: str) -> Reading:
    tokens = tokenize(text)
    words = [t.text for t in tokens]
    names = summary.field_names

    charts = _phrases(tokens, CHART_PHRASES)  # type: ignore[arg-type]
    skip = {k for s, e, _ in charts for k in range(s, e)}
    skip |= {k for s, e, _ in quoted_token_spans(text, tokens) for k in range(s, e)}
    mentions = _time_mention(summary, words, find_mentions(tokens, names, frozenset(skip)))
    top_n, top_dir, top_at = _top_n(words)
    # "ranges", "bins", and "groups of 10": the number's range split into equal steps (10 is a step, not a value)
    bin_at = [i for i, w in enumerate(words) if w in BIN_WORDS or (
        w in _STEP_WORDS and words[i + 1:i + 2] == ["of"] and i + 2 < len(words) and _is_number(words[i + 2]))]
    steps = {i + 2 for i in bin_at if words[i + 1:i + 2] == ["of"]}
    filters = find_filters(text, tokens, summary, mentions,
                           frozenset(({top_at} if top_at is not None else set()) | steps))

    marks: dict[str, float] = {}
    variant = ""
    for _, _, p in charts:
        mark, var = CHART_PHRASES[p]
        marks[mark] = 1.0
        variant = variant or var
    explicit = bool(marks)
    if not explicit:
        for _, _, p in _phrases(tokens, MARK_HINTS):  # type: ignore[arg-type]
            for mark, w in MARK_HINTS[p].items():
                marks[mark] = max(marks.get(mark, 0.0), w)

    # aggregates attach to the next mention a few filler words later
    aggs = _phrases(tokens, AGGREGATE_PHRASES)  # type: ignore[arg-type]
    agg_of: dict[int, str] = {}  # mention index -> aggregate
    count_requested = False
    count_of_rows = False
    dropped: set[int] = set()
    sort_spans = {k for a, b, _ in _phrases(tokens, SORT_PHRASES) for k in range(a, b)}  # type: ignore[arg-type]
    for s, e, p in aggs:
        agg = AGGREGATE_PHRASES[p]
        if any(k in sort_spans for k in range(s, e)):
            continue  # "from lowest to highest" is an order, not a minimum
        nxt = next((i for i, m in enumerate(mentions) if m.start >= e), None)
        gap = mentions[nxt].start - e if nxt is not None else 99
        filler = words[e:mentions[nxt].start] if nxt is not None else []
        near = nxt is not None and gap <= 3 and all(w in ("of", "the", "a", "an", "all", "in", "per", "for") or
                                                    w in ROW_NOUNS or _modifier(w) for w in filler)
        inside = [i for i, m in enumerate(mentions) if s < m.end and e > m.start]
        if inside:  # the word is part of a column name: "total sales" for sales.total still means a sum
            m = mentions[inside[0]]
            if agg != "count" and s == m.start and e < m.end and _kind(summary.field(m.field)) == "Q":
                agg_of.setdefault(inside[0], agg)
            continue
        if agg == "count":
            count_requested = True
            if near and nxt is not None and mentions[nxt].weak:
                count_of_rows = True  # "number of students": the rows, not student_id groups
                dropped.add(nxt)
            elif near and nxt is not None and not any(w in ROW_NOUNS for w in filler):
                agg_of.setdefault(nxt, "count")
            else:
                count_of_rows = True
            continue
        if near and nxt is not None:
            agg_of.setdefault(nxt, agg)
        elif p not in WEAK_AGGREGATES and nxt is None and mentions:
            prev = [i for i, m in enumerate(mentions) if m.end <= s]
            if prev:
                agg_of.setdefault(prev[-1], agg)

    # filter subjects: mentions inside a filter clause that the chart words do not otherwise need
    filter_only: set[int] = set()
    for f in filters:
        for i, m in enumerate(mentions):
            if m.field != f.field and f.field not in dict(m.candidates):
                continue
            clause_open = any(w in CLAUSE_WORDS for w in words[max(0, m.start - 4):m.start])
            unit = m.start == f.end and f.op in ("gt", "gte", "lt", "lte")  # "heavier than 3000 lbs"
            if ((f.start - 6 <= m.start <= f.end and clause_open) or unit) and i not in agg_of:
                filter_only.add(i)

    strong = [i for i, m in enumerate(mentions) if not m.weak and i not in filter_only]
    if strong or filter_only:  # "players by club identifier": the players are what is counted, the club is the column
        dropped |= {i for i, m in enumerate(mentions) if m.weak and i not in agg_of}
    measures: list[tuple[Mention | None, str | None]] = []
    dims: list[Mention] = []
    color_dims: list[Mention] = []
    size_dims: list[Mention] = []
    color_cues = _phrases(tokens, {c: 1 for c in COLOR_CUES})
    size_cues = _phrases(tokens, {c: 1 for c in SIZE_CUES})
    seen: set[str] = set()
    for i, m in enumerate(mentions):
        if m.field in seen or i in filter_only or i in dropped:
            continue
        seen.add(m.field)
        m_agg = agg_of.get(i)
        if m_agg == "count":
            if _kind(summary.field(m.field)) == "Q" and field_is_id(m.field):
                measures.append((None, "count"))  # "number of institutions" for instid: rows, not a sum of ids
            elif _kind(summary.field(m.field)) == "Q":
                # "number of goals" on a numeric column: the values themselves, or their total
                measures.append((m, "sum" if "total" in words else "raw_or_sum"))
            else:
                dims.append(m)
                measures.append((None, "count"))
        elif m_agg is not None:
            measures.append((m, m_agg))
        elif any(e <= m.start <= e + 1 for _, e, _ in color_cues):
            color_dims.append(m)
        elif any(e <= m.start <= e + 1 for _, e, _ in size_cues):
            size_dims.append(m)
        else:
            dims.append(m)
    if not measures and (count_of_rows or count_requested):
        measures.append((None, "count"))
    # filter-only mentions still name the subject when nothing else does
    if not dims and not measures and not color_dims:
        for i in sorted(filter_only):
            if mentions[i].field not in seen:
                dims.append(mentions[i])
                seen.add(mentions[i].field)
    extras: dict[str, Mention] = {}
    for i in sorted(filter_only | dropped):
        if mentions[i].field not in seen:
            extras.setdefault(mentions[i].field, mentions[i])
    counted = tuple(m for m in extras.values() if m in [mentions[i] for i in dropped])
    filtered = tuple(m for m in extras.values() if m not in counted)
    # "courses for the terms Fall and Spring": only the rows counted are named, so the column the values
    # belong to is the grouping, and the courses are what is counted
    named = {m.field for m in mentions}
    unnamed = [f for f in filters if f.field not in named]
    if unnamed and dims and all(m.weak for m in dims) and not color_dims:
        counted = (*counted, *(m for m in dims if m.field not in {c.field for c in counted}))
        dims = [Mention(unnamed[0].start, unnamed[0].end, ((unnamed[0].field, 0.9),))]
        if not measures:
            measures.append((None, "count"))

    used: set[int] = set(skip)
    used |= {k for s, e, _ in _phrases(tokens, MARK_HINTS) for k in range(s, e)}  # type: ignore[arg-type]
    used |= {k for s, e, _ in aggs for k in range(s, e)}
    used |= {k for m in mentions for k in range(m.start, m.end)}
    used |= {k for f in filters for k in range(f.start, f.end)}
    used |= {k for s, e, _ in [*color_cues, *size_cues] for k in range(s, e)}
    if top_at is not None:
        used |= {k for k in (top_at - 1, top_at, top_at + 1) if 0 <= k < len(words)
                 and (k == top_at or words[k] in ("top", "bottom", "first", "last", "largest", "biggest", "highest",
                                                  "smallest", "lowest", "most", "least"))}
    time_unit = None
    for s, e, p in _phrases(tokens, TIME_UNIT_PHRASES):  # type: ignore[arg-type]
        time_unit = time_unit or TIME_UNIT_PHRASES[p]
        used.update(range(s, e))
    binned = bool(bin_at) or variant == "histogram"
    used |= set(bin_at) | steps | {i + 1 for i in bin_at if i + 1 in steps}
    bin_field = _bin_subject(summary, bin_at, mentions) if bin_at else None
    sort = None
    for s, e, p in _phrases(tokens, SORT_PHRASES):  # type: ignore[arg-type]
        sort = sort or SORT_PHRASES[p]
        used.update(range(s, e))
    used |= {i for i, w in enumerate(words) if w in SORT_VERBS}
    if sort is None and any(w in SORT_VERBS for w in words) and any(
            words[i + 1:i + 2] == ["by"] for i, w in enumerate(words) if w in SORT_VERBS):
        sort = "ascending"
    if top_n is not None and sort is None:
        sort = top_dir
    return Reading(marks, variant, explicit, measures, dims, color_dims, size_dims, filters, time_unit, binned,
                   sort, top_n, count_requested, frozenset(used), counted, filtered, bin_field)


# ---- enumerating charts --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Enc:
    field: str | None
    aggregate: str | None = None
    bin: bool = False
    time_unit: str | None = None
    sort: str | None = None


@dataclass
class Candidate:
    mark: str
    channels: dict[str, Enc]
    score: float
    notes: list[str] = field(default_factory=list)

    def key(self) -> tuple[object, ...]:
        return (self.mark, tuple(sorted((c, e.field or "", e.aggregate or "", e.bin) for c, e in self.channels.items())))


@dataclass(frozen=True)
class _Slot:
    """A column choice for one channel: which column, how confident, whether the question named it."""

    field: str
    penalty: float
    named: bool


class _Builder:
    """Enumerates charts for one reading; scores are log-ish penalties (0 = exactly what was asked)."""

    def __init__(self, summary: Summary, reading: Reading, extras: bool = False):
        self.s = summary
        self.r = reading
        self.kinds = {f.name: _kind(f) for f in summary.fields}
        # the rows counted and the filtered columns group a bar, line or heatmap as a second category; over
        # time, or as a number, they add nothing the time axis does not already show
        time_named = any(self.kinds[m.field] == "T" for m in reading.dims) or reading.time_unit is not None
        # a count "by A and B" already has its two groupings: the rows counted come in only to complete a pair
        groups = [m for m in (*reading.dims, *reading.color_dims) if self.kinds[m.field] != "Q"]
        room = max(0, 2 - len(groups))
        self.extra_dims = [m for m in (*reading.filtered, *reading.counted) if self.kinds[m.field] == "N"][:room] \
            if extras and not time_named else []
        self.filter_dims = [m for m in self.extra_dims if m in reading.filtered]
        named = [m.field for m in reading.dims] + [m.field for m, _ in reading.measures if m is not None]
        named += [m.field for m in reading.color_dims + reading.size_dims]
        self.named = set(named)
        self.filter_fields = [f.field for f in reading.filters if f.field not in self.named]

    # which unnamed columns may complete a channel, best first
    def fillers(self, kinds: str, exclude: set[str], prefer: str = "") -> list[_Slot]:
        out = []
        order = {n: i for i, n in enumerate(self.s.field_names)}
        for f in self.s.fields:
            if f.name in exclude or self.kinds[f.name] not in kinds:
                continue
            k = self.kinds[f.name]
            pen = 1.0 + 0.02 * order[f.name]
            if f.name in self.filter_fields:
                pen -= 0.5
            if prefer and k == prefer:
                pen -= 0.15
            if k == "N" and f.unique > 50:
                pen += 0.1
            if f.unique <= 1:
                pen += 1.0
            out.append(_Slot(f.name, pen, f.name in self.filter_fields))  # a filter's column was named
        out.sort(key=lambda s: s.penalty)
        return out

    def alts(self, m: Mention) -> list[_Slot]:
        """A mention's readings: its best column, then close alternatives at a small penalty."""
        best = m.score
        return [_Slot(n, (best - s) * 2 + (0.0 if i == 0 else 0.05), True) for i, (n, s) in enumerate(m.candidates)]

    def enc(self, name: str, aggregate: str | None = None, axis: bool = True) -> Enc:
        k = self.kinds.get(name, "N")
        bin_ = self.r.binned and k == "Q" and aggregate is None and axis and self.r.bin_field in (None, name)
        tu = self.r.time_unit if k == "T" and axis else None
        return Enc(name, aggregate, bin_, tu)

    def candidates(self) -> list[Candidate]:
        r = self.r
        marks = dict(r.marks)
        if not r.explicit_mark:
            for mark, prior in self.default_marks().items():
                marks[mark] = max(marks.get(mark, 0.0), prior)
        out: list[Candidate] = []
        for mark, weight in marks.items():
            base = (1.0 - weight) * 1.5
            fn = getattr(self, f"_{mark}", None)
            if fn is None:
                continue
            for c in fn():
                c.score += base
                out.append(c)
        return out

    def default_marks(self) -> dict[str, float]:
        r = self.r
        has_agg = any(a for _, a in r.measures)
        dim_kinds = [self.kinds[m.field] for m in r.dims]
        q_named = [m for m in r.dims if self.kinds[m.field] == "Q"]
        if r.binned:
            return {"bar": 0.9, "line": 0.5, "rect": 0.3}
        if not has_agg and len(q_named) >= 2:
            return {"point": 0.9, "line": 0.4, "bar": 0.3}
        if "T" in dim_kinds or r.time_unit:
            return {"line": 0.9, "bar": 0.88, "area": 0.4, "point": 0.2, "rect": 0.2}
        if has_agg:
            return {"bar": 0.9, "line": 0.88, "arc": 0.45, "point": 0.4, "rect": 0.35}
        if len(r.dims) == 1 and dim_kinds[0] == "Q":
            return {"boxplot": 0.7, "bar": 0.6, "line": 0.5, "point": 0.4}
        return {"bar": 0.85, "arc": 0.55, "line": 0.83, "rect": 0.5, "boxplot": 0.4, "point": 0.3}

    # -- per mark -----------------------------------------------------------------------------------------

    def _measure(self, allow_raw: bool = True) -> list[tuple[Enc, float, str | None]]:
        """y-like choices: (encoding, penalty, column used) from what the question asked."""
        r = self.r
        out: list[tuple[Enc, float, str | None]] = []
        for m, agg in r.measures:
            if m is None:
                out.append((Enc(None, "count"), 0.0, None))
            elif agg == "raw_or_sum":
                for slot in self.alts(m):
                    first, second = self._summaries(slot.field)
                    out.append((Enc(slot.field), slot.penalty, slot.field))
                    out.append((Enc(slot.field, first), slot.penalty + 0.15, slot.field))
                    out.append((Enc(slot.field, second), slot.penalty + 0.25, slot.field))
            else:
                for slot in self.alts(m):
                    out.append((Enc(slot.field, agg), slot.penalty, slot.field))
            break
        return out

    def _xy_like(self, mark: str) -> list[Candidate]:
        """bar, line, area: x a grouping, y a measure, color an optional second grouping."""
        r = self.r
        out: list[Candidate] = []
        measures = self._measure()
        dims = list(r.dims) + self.extra_dims
        free = r.measures[:1] == [] or r.measures[0][1] == "raw_or_sum"  # the words left the aggregate open
        if not measures:
            # no aggregate asked: a named quantitative column becomes the y, raw or summed
            qdims = [m for m in dims if self.kinds[m.field] == "Q"]
            if r.bin_field is not None:  # "mpg by acceleration ranges": the ranges are x, the other number y
                dims = sorted(dims, key=lambda d: d.field != r.bin_field)
                qdims = [m for m in qdims if m.field != r.bin_field]
            if qdims and (len(dims) >= 2 or r.binned is False):
                m = qdims[0]
                if len(dims) >= 2 or not r.binned:
                    dims = [d for d in dims if d is not m]
                    for slot in self.alts(m):
                        measures.append((Enc(slot.field), slot.penalty + (0.1 if dims else 0.6), slot.field))
                        for agg, pen in zip(self._summaries(slot.field), (0.35, 0.45), strict=True):
                            measures.append((Enc(slot.field, agg), slot.penalty + pen + (0.0 if dims else 0.3), slot.field))
            if not measures or not dims:
                measures.append((Enc(None, "count"), 0.3 if measures else 0.2, None))
        # "the number of cities" on a number_cities column: its values, or how many rows have each value
        counted_number = r.measures[0][0] if r.measures and r.measures[0][1] == "raw_or_sum" else None
        if counted_number is not None:
            measures.append((Enc(None, "count"), COUNT_OF_NUMBER, None))
        for y, ypen, yfield in measures:
            used = {yfield} if yfield else set()
            xdims = [d for d in dims if d.field not in used]
            if counted_number is not None and y.field is None:
                xdims = [counted_number, *xdims]
            if xdims:
                x_slots = [(s, s.penalty) for s in self.alts(xdims[0])]
                rest = xdims[1:]
            else:
                prefer = "T" if mark in ("line", "area") else "N"
                x_slots = [(s, s.penalty) for s in self.fillers("NTQ", used, prefer)]
                rest = []
            for xs, xpen in x_slots:
                x = self.cell(xs.field)
                base = ypen + xpen + (self._misfit(xs.field, y) if free else 0.0)
                if mark == "line" and not self.r.explicit_mark and self.s.field(xs.field).vl_type == "nominal":
                    base += LINE_OVER_CATEGORIES
                ch = {"x": x, "y": y}
                if y.aggregate not in (None, "count") and self.kinds[xs.field] == "N" and self._one_row(xs.field):
                    # a mean or total per identifier is each row's own value: the identifier tells the lines (or
                    # bars) apart, and another column is the x
                    base += XY_MISFIT
                    for fs in self.fillers("NTQ", {xs.field, *used}, "N"):
                        out.append(Candidate(mark, {"x": self.cell(fs.field), "y": y, "color": Enc(xs.field)},
                                             ypen + xpen + fs.penalty - 1.0 + ID_AS_COLOR))
                colors = [*rest, *r.color_dims]
                if colors:
                    for cs in self.alts(colors[0]):
                        if cs.field in (xs.field, yfield):
                            continue
                        c2 = dict(ch, color=Enc(cs.field))
                        out.append(Candidate(mark, c2, base + cs.penalty + self._pair_fit(xs.field, cs.field, y, free)))
                        if rest and not r.color_dims:  # "by A and B": either may be the x axis
                            swap = ypen + xpen + (self._misfit(cs.field, y) if free else 0.0)
                            out.append(Candidate(mark, {"x": self.cell(cs.field), "y": y, "color": Enc(xs.field)},
                                                 swap + cs.penalty + PAIR_SWAP + self._pair_fit(cs.field, xs.field, y, free)))
                    continue
                out.append(Candidate(mark, ch, base))
                if xs.named and (y.field is None or y.field in self.named):
                    for cs in self.fillers("N", {xs.field, *used}):
                        crowd = 0.0 if cs.named or self.s.field(cs.field).unique <= COLOR_LEVELS else CROWDED_COLOR
                        out.append(Candidate(mark, dict(ch, color=Enc(cs.field)),
                                             base + cs.penalty + COLOR_VARIANT + crowd
                                             + (self._pair_fit(xs.field, cs.field, y, free) if cs.named else 0.0)))
                        if y.field is None and not cs.named:  # counts of "A": also A within each B
                            out.append(Candidate(mark, {"x": self.cell(cs.field), "y": y, "color": Enc(xs.field)},
                                                 base + cs.penalty + COLOR_VARIANT + SWAP_VARIANT))
        if self.r.variant == "stacked":
            for c in out:
                c.notes.append("stacked")
        return out

    def _one_row(self, name: str) -> bool:
        """True when every row has its own value of the column (an identifier, a name) and it is not binned."""
        return self.s.field(name).unique >= self.s.rows and not self.cell(name).bin

    def _pair_fit(self, x: str, color: str, y: Enc, free: bool) -> float:
        """Change to `_misfit` when a colour splits each x: price by date and symbol may be one row per pair, so
        the raw price fits where the date alone would call for a total."""
        if not free or y.field is None or self._one_row(x) or self.cell(x).bin:
            return 0.0
        pair_one_row = self.s.field(x).unique * self.s.field(color).unique >= self.s.rows
        return -XY_MISFIT if pair_one_row and y.aggregate is None else 0.0

    def _summaries(self, name: str) -> tuple[str, str]:
        """The aggregates of a number the words did not aggregate, likelier first: totals of what adds up
        (amounts, counts), else means (a total of miles per gallon or of temperatures says nothing)."""
        adds_up = self.s.field(name).semantic_type in ADDITIVE and not name_tokens(name) & PER_UNIT
        return ("sum", "mean") if adds_up else ("mean", "sum")

    def _misfit(self, x: str, y: Enc) -> float:
        """Penalty of a y the words did not aggregate: raw values need an x of one row each (an identifier, a
        name); an x that groups several rows (a category, bins, repeated dates) needs their total or mean."""
        if y.field is None:
            return 0.0
        return XY_MISFIT if self._one_row(x) == (y.aggregate is not None) else 0.0

    def _bar(self) -> list[Candidate]:
        q = [m for m in self.r.dims if self.kinds[m.field] == "Q"]
        if self.r.bin_field is not None:  # "mpg by acceleration ranges": the ranges are x, mpg is measured
            q = sorted(q, key=lambda m: m.field != self.r.bin_field)
        measured = self.r.bin_field is not None and len(q) >= 2
        if self.r.variant == "histogram" or (self.r.binned and not self.r.measures and not measured):
            slots = self.alts(q[0]) if q else self.fillers("Q", set())
            return [Candidate("bar", {"x": Enc(s.field, bin=True), "y": Enc(None, "count")}, s.penalty) for s in slots]
        return self._xy_like("bar")

    def _line(self) -> list[Candidate]:
        return self._xy_like("line")

    def _area(self) -> list[Candidate]:
        return self._xy_like("area")

    def _arc(self) -> list[Candidate]:
        r = self.r
        out: list[Candidate] = []
        measures = self._measure()
        dims = list(r.dims) + list(r.color_dims)
        if not measures:
            qd = [m for m in dims if self.kinds[m.field] == "Q"]
            if qd:  # a named number is the slice size; the slices are the named category, or one to pick
                dims = [d for d in dims if d is not qd[0]]
                for s in self.alts(qd[0]):
                    measures += [(Enc(s.field, "sum"), s.penalty, s.field), (Enc(s.field), s.penalty + 0.2, s.field),
                                 (Enc(s.field, "mean"), s.penalty + 0.3, s.field)]
            measures.append((Enc(None, "count"), 0.0 if not qd else 0.4, None))
            if not qd and dims:  # slices named, size not: the count, or each number of the table
                # a slice per row (an identifier, a name) shows its number as it is; slices that group several
                # rows show their total or their mean
                one_row = self.s.field(dims[0].field).unique >= self.s.rows
                for i, s in enumerate(self.fillers("Q", {d.field for d in dims})[:3]):
                    step = ARC_SIZE_STEP * (i + 1)
                    if one_row:
                        measures.append((Enc(s.field), step, s.field))
                    else:
                        measures += [(Enc(s.field, "sum"), step, s.field),
                                     (Enc(s.field, "mean"), step + ARC_SIZE_STEP / 2, s.field)]
        no_numbers = not self.fillers("Q", set())
        for th, tpen, tfield in measures:
            cdims = [d for d in dims if d.field != tfield]
            if len(cdims) >= 2 and th.field is None:  # "players by team": the slices are the teams
                slots = self.alts(cdims[-1]) + [replace(s, penalty=s.penalty + 0.2) for s in self.alts(cdims[0])]
            else:
                slots = self.alts(cdims[0]) if cdims else self._slices({tfield} if tfield else set())
            if cdims and th.field is None:  # the rows counted, or a filtered column, may be the slices meant
                have = {s.field for s in slots}
                slots += [replace(s, penalty=s.penalty + ARC_OTHER_SLICES)
                          for m in (*r.counted, *r.filtered) if self.kinds[m.field] == "N" and m.field not in have
                          for s in self.alts(m)[:1]]
            if cdims and no_numbers and th.field is None:  # nothing to size by: each category's count is a reading
                named = {s.field for s in slots}
                slots += [replace(s, penalty=s.penalty - 1.0 + ARC_OTHER_SLICES) for s in self._slices(named)]
            for s in slots:
                pen = tpen + s.penalty + (0.3 if self.kinds[s.field] != "N" else 0.0)
                if th.field is not None and not s.named:  # a total of one row, or raw values of many, reads badly
                    one_row = self.s.field(s.field).unique >= self.s.rows
                    pen += ARC_MISFIT if one_row == (th.aggregate is not None) else 0.0
                out.append(Candidate("arc", {"theta": th, "color": Enc(s.field)}, pen))
            if cdims and self.kinds[cdims[0].field] == "Q" and th.field is None:
                pass
        return out

    def _slices(self, exclude: set[str]) -> list[_Slot]:
        """Unnamed columns to slice a pie (or group a box plot) by: few distinct values read best, identifiers
        worst."""
        out = []
        for s in self.fillers("N", exclude):
            f = self.s.field(s.field)
            pen = s.penalty + (SLICE_MANY if f.unique > 20 else 0.0)
            if field_is_id(f.name):
                pen += SLICE_MANY
            out.append(replace(s, penalty=pen))
        return sorted(out, key=lambda s: s.penalty)

    def _rect(self) -> list[Candidate]:
        r = self.r
        out: list[Candidate] = []
        named_dims = [*r.dims, *r.color_dims, *self.filter_dims]
        readings: list[tuple[Enc, str | None, list[Mention], float]] = []  # colour, its column, axes, penalty
        if r.measures and r.measures[0][0] is not None and r.measures[0][1] != "count":
            m, agg = r.measures[0]
            assert m is not None
            if agg == "raw_or_sum":  # "number of goals" on a heatmap: goals is an axis, color counts rows
                readings.append((Enc(None, "count"), None, [m, *named_dims], 0.0))
            else:  # the value as the colour; or, with fewer than two groupings named, an axis of counts
                readings.append((Enc(m.field, agg), m.field, named_dims, 0.0 if len(named_dims) >= 2 else RECT_AGG))
                many = self.s.field(m.field).unique > 30  # a raw axis of many numbers draws a mess of thin cells
                readings.append((Enc(None, "count"), None, [m, *named_dims], 1.5 if many else 0.0))
        else:
            readings.append((Enc(None, "count"), None, named_dims, 0.0))
        for color, cfield, axes, extra in readings:
            dims = [d for d in axes if d.field != cfield]
            if len(dims) >= 2:
                for a in self.alts(dims[0]):
                    for b in self.alts(dims[1]):
                        if a.field != b.field:
                            out.append(Candidate("rect", {"x": self.cell(a.field), "y": self.cell(b.field),
                                                          "color": color}, a.penalty + b.penalty + extra))
                # either named column against another one: the pair the words meant may not be the pair read
                for i, keep in enumerate((dims[1], dims[0])):
                    other = {d.field for d in dims[:2]} | {cfield or ""}
                    for b in self.fillers("NTQ", other, "N"):
                        out.append(Candidate("rect", {"x": self.cell(keep.field), "y": self.cell(b.field),
                                                      "color": color},
                                             b.penalty - 1.0 + extra + RECT_OTHER_PAIR + 0.05 * i))
            elif len(dims) == 1:
                for a in self.alts(dims[0]):
                    for b in self.fillers("NTQ", {a.field, cfield or ""}, "N"):
                        out.append(Candidate("rect", {"x": self.cell(a.field), "y": self.cell(b.field), "color": color},
                                             a.penalty + b.penalty + extra))
            else:
                fl = self.fillers("NTQ", {cfield or ""}, "N")
                for i, a in enumerate(fl[:4]):
                    for b in fl[i + 1:5]:
                        out.append(Candidate("rect", {"x": self.cell(a.field), "y": self.cell(b.field), "color": color},
                                             a.penalty + b.penalty + extra))
        return out

    def cell(self, name: str) -> Enc:
        """A heatmap, bar or line axis: a number of many distinct values is split into ranges, or its cells, bars
        or points are too thin to read."""
        e = self.enc(name)
        if self.kinds.get(name) == "Q" and self.s.field(name).unique > AXIS_BIN_UNIQUE:
            e = replace(e, bin=True)
        return e

    def _boxplot(self) -> list[Candidate]:
        r = self.r
        named = [*[m for m, _ in r.measures if m is not None], *r.dims, *r.color_dims]
        qs = [m for m in named if self.kinds[m.field] == "Q"]
        ns = [m for m in named if self.kinds[m.field] != "Q"]
        out: list[Candidate] = []
        q_slots = [s for m in qs[:1] for s in self.alts(m)] or self.fillers("Q", set())
        for q in q_slots:
            n_slots = ([s for s in self.alts(ns[0]) if s.field != q.field] if ns else
                       self._slices({q.field}))
            if not ns and not n_slots:
                n_slots = self.fillers("Q", {q.field})
            if ns and len(q_slots) == 1:  # one number to show: the other groupings are the readings left open
                n_slots = n_slots + [replace(s, penalty=s.penalty + BOX_OTHER_GROUPS)
                                     for s in self._slices({q.field, *(n.field for n in n_slots)})]
            for n in n_slots:
                out.append(Candidate("boxplot", {"x": Enc(n.field), "y": Enc(q.field)}, q.penalty + n.penalty))
        return out

    def _point(self) -> list[Candidate]:
        """Scatter: quantitative columns on x and y, an aggregate on size, a category on color."""
        r = self.r
        out: list[Candidate] = []
        sizes: Sequence[tuple[Enc | None, float, str | None]] = [(None, 0.0, None)]
        if r.measures:
            sizes = list(self._measure())
        elif r.size_dims:
            sizes = [(Enc(r.size_dims[0].field), 0.0, r.size_dims[0].field)]
        for size, spen, sfield in sizes:
            named = [d for d in r.dims if d.field != sfield]
            qn = [d for d in named if self.kinds[d.field] == "Q"]
            other = [d for d in named if self.kinds[d.field] != "Q"] + list(r.color_dims)
            axes: list[list[_Slot]] = [self.alts(d) for d in qn[:2]]
            used = {s.field for a in axes for s in a[:1]} | ({sfield} if sfield else set())
            used |= {d.field for d in other}
            if len(axes) < 2 and not qn and len(other) >= 2 and not r.color_dims:
                axes = [self.alts(d) for d in other[:2]]  # two named categories: they are the axes
                other = other[2:]
            while len(axes) < 2:
                fill = self.fillers("Q", used) or self.fillers("NT", used)
                if not fill:
                    break
                axes.append(fill[:4])
                used.add(fill[0].field)
            if len(axes) < 2:
                continue
            for a in axes[0]:
                for b in axes[1]:
                    if a.field == b.field:
                        continue
                    ch = {"x": Enc(a.field), "y": Enc(b.field)}
                    pen = a.penalty + b.penalty + spen
                    if size is not None:
                        ch["size"] = size
                    if other:
                        for cs in self.alts(other[0]):
                            out.append(Candidate("point", dict(ch, color=Enc(cs.field)), pen + cs.penalty))
                            if size is None:
                                out.append(Candidate("point", dict(ch, color=Enc(cs.field), size=Enc(None, "count")),
                                                     pen + cs.penalty + POINT_COUNT_SIZE))
                        continue
                    out.append(Candidate("point", ch, pen))
                    if size is None:
                        out.append(Candidate("point", dict(ch, size=Enc(None, "count")), pen + POINT_COUNT_SIZE))
                    if a.named or b.named or size is not None:
                        for cs in self.fillers("N", {a.field, b.field}):
                            out.append(Candidate("point", dict(ch, color=Enc(cs.field)), pen + cs.penalty - 0.2))
        return out

    def _tick(self) -> list[Candidate]:
        qs = [m for m in self.r.dims if self.kinds[m.field] == "Q"]
        slots = self.alts(qs[0]) if qs else self.fillers("Q", set())
        return [Candidate("tick", {"x": Enc(s.field)}, s.penalty) for s in slots]


# ---- goals ---------------------------------------------------------------------------------------------


def _sorted_channels(c: Candidate, r: Reading) -> dict[str, Enc]:
    if r.sort is None:
        return c.channels
    ch = dict(c.channels)
    by_value = r.top_n is not None or r.sort == "descending" or c.mark in ("bar", "arc")
    if c.mark == "arc" and "theta" in ch:
        ch["theta"] = replace(ch["theta"], sort=r.sort)
    elif "x" in ch and "y" in ch:
        ch["x"] = replace(ch["x"], sort=("-y" if r.sort == "descending" else "y") if by_value else r.sort)
    return ch


def _describe(c: Candidate) -> str:
    names = {"bar": "bar chart", "line": "line chart", "area": "area chart", "arc": "pie chart",
             "rect": "heatmap", "boxplot": "box plot", "point": "scatter plot", "tick": "strip plot"}

    def part(e: Enc) -> str:
        if e.field is None:
            return "count of records"
        s = e.field
        if e.time_unit:
            s = f"{e.time_unit} of {s}"
        if e.bin:
            s = f"binned {s}"
        return f"{e.aggregate} of {s}" if e.aggregate else s

    ch = c.channels
    mark = "histogram" if c.mark == "bar" and ch.get("x", Enc(None)).bin else names.get(c.mark, c.mark)
    main = ch.get("y") or ch.get("theta")
    by = ch.get("x") or ch.get("color")
    text = mark
    if c.mark == "arc":
        text += f" of {part(ch['theta'])} by {part(ch['color'])}"
    elif c.mark == "rect":
        text += f" of {part(ch['color'])} by {part(ch['x'])} and {part(ch['y'])}"
    elif main is not None and by is not None:
        text += f" of {part(main)} by {part(by)}"
        if "color" in ch and c.mark != "arc":
            text += f", colored by {part(ch['color'])}"
    elif by is not None:
        text += f" of {part(by)}"
    if "size" in ch:
        text += f", sized by {part(ch['size'])}"
    return text


def _to_goal(summary: Summary, text: str, c: Candidate, r: Reading, index: int) -> Goal:
    ch = _sorted_channels(c, r)
    kinds = {f.name: _kind(f) for f in summary.fields}
    vl = {"Q": "quantitative", "T": "temporal", "N": "nominal"}
    hints = []
    for channel, e in ch.items():
        typ = "quantitative" if e.aggregate or e.field is None else vl[kinds.get(e.field, "N")]
        if e.bin:
            typ = "quantitative"
        hints.append(EncodingHint(field=e.field, channel=channel, type=typ, aggregate=e.aggregate,
                                  bin=True if e.bin else None, time_unit=e.time_unit, sort=e.sort,
                                  stack="zero" if "stacked" in c.notes and channel == "color" else None))
    fields = list(dict.fromkeys(e.field for e in ch.values() if e.field))
    for f in r.filters:
        if f.field not in fields:
            fields.append(f.field)
    intent = PartialSpec(
        mark=c.mark,
        encodings=tuple(hints),
        fields=tuple(fields),
        task="value" if r.filters or r.top_n else "summary",
        donut=True if r.variant == "donut" else None,
        top_n=r.top_n,
        filters=tuple(f.to_dict() for f in r.filters),
    )
    viz = _describe(c)
    named = ", ".join(dict.fromkeys(m.field for m in r.dims)) or "none"
    rationale = (f"Read from the question: chart {'named' if r.explicit_mark else 'inferred'}; "
                 f"columns named: {named}; interpretation {index + 1}, penalty {c.score:.2f}.")
    return Goal(question=text, visualization=viz, rationale=rationale, fields=fields, intent=intent,
                index=index, source="query")


def _pair_bar_and_line(summary: Summary, best: dict[tuple[object, ...], Candidate]) -> None:
    """With no chart type named, a bar and a line of the same columns answer the question about equally well:
    each follows its twin right away instead of after the twin's colour variants. Not over unordered
    categories: a line between Europe, Japan and USA draws a trend that is not there."""
    twins = {"bar": "line", "line": "bar"}
    for key, c in sorted(best.items(), key=lambda kv: kv[1].score):
        if c.mark not in twins:
            continue
        x = c.channels.get("x")
        if c.mark == "bar" and x is not None and x.field and not x.bin and summary.field(x.field).vl_type == "nominal":
            continue
        other = best.get((twins[c.mark], key[1]))
        if other is not None and other.score > c.score + TWIN_GAP:
            other.score = c.score + TWIN_GAP


def interpret(summary: Summary, text: str, k: int = 5) -> list[Goal]:
    """Ranked readings of `text` as charts of `summary`, best first, at most `k` (fewer when few fit)."""
    if not text or not text.strip():
        raise LidaError("the question is empty")
    if k < 1:
        raise LidaError(f"k must be at least 1, got {k}")
    r = read_question(summary, text)
    if not r.dims and not r.measures and not r.color_dims and not r.size_dims and not r.filters:
        raise LidaError(f"no column of {summary.name!r} is mentioned in the question {text.strip()!r}")
    cands = _Builder(summary, r, extras=True).candidates()
    best: dict[tuple[object, ...], Candidate] = {}
    for c in cands:
        key = c.key()
        if key not in best or c.score < best[key].score:
            best[key] = c
    if not r.marks:  # no chart named nor hinted ("trend", "plot"): bar and line are about as likely
        _pair_bar_and_line(summary, best)
    ranked = sorted(best.values(), key=lambda c: round(c.score, 6))
    if not ranked:
        raise LidaError(f"no chart fits the question {text.strip()!r}")
    return [_to_goal(summary, text, c, r, i) for i, c in enumerate(ranked[:k])]


def parse_question(summary: Summary, text: str) -> Goal:
    """The single best reading of `text` (see `interpret`)."""
    return interpret(summary, text, k=1)[0]
