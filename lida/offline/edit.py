"""Plain-words chart edits: an edit is a question asked in the context of a chart.

The words go through the question parser (`read_question`, the one that answers --query), so edits and
questions share one vocabulary of columns, chart words, aggregates, time units, bins, sorts, filters and
top-N. What the words name overrides the chart; everything they do not name is kept; the question builder
completes the chart. A few things only make sense for an existing chart (a title, the legend, a log scale,
swapped axes, horizontal bars, facets) and are read first, by short phrase rules.

Edits are never silent: the result's notes say which words were applied and which were not (and why). An
edit that changes nothing raises a one-line LidaError that says why.
"""

from __future__ import annotations

import copy
import dataclasses
import json
import re
from dataclasses import dataclass, field
from typing import Any, Protocol

from draco.partial import PartialSpec
from lida.errors import LidaError
from lida.model import CandidateChart, Goal
from lida.offline.codegen import write_code
from lida.offline.fields import humanize, vl_type_for
from lida.offline.lexicon import AGGREGATE_PHRASES, ROW_NOUNS, STOP_WORDS
from lida.offline.question import Reading, _Builder, _kind, _phrases, _to_goal, read_question
from lida.offline.question_fields import Mention, Token, find_mentions, norm_word, tokenize
from summarizer.model import Summary

Spec = dict[str, Any]

#: Words that carry no request of their own in an edit ("make it ... instead").
_FILLER = frozenset({
    "instead", "just", "change", "changed", "turn", "turned", "into", "rather", "now", "version", "kind", "type",
    "again", "too", "let", "lets", "see", "want", "need", "look", "looks", "way", "please", "axis", "axes",
    "chart", "graph", "plot", "view", "it", "them", "thing", "one", "thanks", "ok", "okay", "so", "show", "me",
    "get", "put", "go", "do", "try", "same", "but", "keep", "also", "here", "there", "with", "as", "to",
    "group", "grouped", "groups",
})
_LEGEND_CHANNELS = ("color", "size", "shape", "opacity")
_POSITION = ("x", "y")


class Completer(Protocol):
    """What edits need from draco.Draco to complete a chart (structural, so tests can pass a stub)."""

    def complete(self, partial: PartialSpec, schema: Any, k: int = 1) -> list[Any]: ...


@dataclass
class _State:
    """The edit under way: the spec, the goal's extras, and what was or was not applied."""

    spec: Spec
    filters: list[dict[str, Any]]
    top_n: int | None
    title: str | None
    applied: list[str] = field(default_factory=list)
    not_applied: list[str] = field(default_factory=list)
    used_chars: list[tuple[int, int]] = field(default_factory=list)
    # edit phrases applied after the words' columns, so "remove the legend and color by Origin" works
    pending_legend: bool = False
    pending_scales: list[tuple[str, str, str]] = field(default_factory=list)  # (axis or "", kind, words)
    pending_swap: bool = False
    pending_orient: str | None = None
    pending_alpha: bool = False

    @property
    def enc(self) -> dict[str, dict[str, Any]]:
        enc = self.spec.setdefault("encoding", {})
        assert isinstance(enc, dict)
        return enc

    @property
    def mark(self) -> str:
        m = self.spec.get("mark")
        return str(m.get("type") if isinstance(m, dict) else m)


# ---- the edit-only phrases -----------------------------------------------------------------------------


def _field_after(summary: Summary, text: str, tokens: list[Token], pos: int) -> Mention | None:
    """The column named right after character `pos` (within one word)."""
    after = [i for i, t in enumerate(tokens) if t.start >= pos]
    if not after:
        return None
    first = after[0]
    skip = frozenset(range(first))
    for m in find_mentions(tokens, summary.field_names, skip):
        if first <= m.start <= first + 1:
            return m
    return None


def _swap(spec: Spec) -> None:
    enc = spec.setdefault("encoding", {})
    x, y = enc.pop("x", None), enc.pop("y", None)
    if x is not None:
        enc["y"] = x
    if y is not None:
        enc["x"] = y
    for e in enc.values():
        if isinstance(e, dict) and isinstance(e.get("sort"), str) and e["sort"].lstrip("-") in ("x", "y"):
            sign = "-" if e["sort"].startswith("-") else ""
            e["sort"] = sign + ("y" if e["sort"].lstrip("-") == "x" else "x")


def _discrete(e: dict[str, Any] | None) -> bool:
    return isinstance(e, dict) and e.get("type") in ("nominal", "ordinal") and not e.get("bin")


def _measure_channel(st: _State) -> str | None:
    for ch in ("y", "x", "theta", "color", "size"):
        e = st.enc.get(ch)
        if e and e.get("type") == "quantitative" and not e.get("bin"):
            return ch
    return None


def _category_channel(st: _State) -> str | None:
    for ch in ("x", "y", "color"):
        if _discrete(st.enc.get(ch)):
            return ch
    return None


_TITLE = re.compile(r"\b(?:(?:set|change|make|add|give it|call it)\s+)?(?:the\s+|a\s+)?(?:chart\s+)?title\b"
                    r"\s*(?:to\b|as\b|=|:|is\b)?\s*(?P<text>.*)$", re.I | re.S)
_LEGEND = re.compile(r"\b(?:no|remove|hide|without|drop|delete|turn off|get rid of|lose)\s+(?:the\s+|any\s+|a\s+)?"
                     r"legends?\b|\blegends?\s+(?:off|hidden|removed)\b", re.I)
_NO_COLOR = re.compile(r"\b(?:no|remove|drop|without|delete)\s+(?:the\s+)?colou?r(?:s|ing)?\b", re.I)
_SCALE = re.compile(
    r"(?:\b(?:the\s+)?(?P<ax1>x|y)[\s-]*(?:axis\s+)?(?:on\s+|in\s+|to\s+|as\s+)?(?:a\s+|an\s+)?)?"
    r"\b(?P<kind>log(?:arithmic)?|sqrt|square[\s-]root|linear)\b(?:[\s-]+scaled?s?)?"
    r"(?:\s+(?:on|for|of|along)\s+(?:the\s+)?(?P<ax2>x|y)\b(?:[\s-]*axis)?)?", re.I)
_SWAP = re.compile(r"\b(?:swap|flip|switch|transpose|exchange|reverse)\s+(?:the\s+)?(?:axes|axis|x\s+and\s+y)\b|"
                   r"\b(?:swap|flip|transpose)\b(?:\s+(?:it|them)\b)?", re.I)
_BOTTOM = re.compile(r"\b(?:bottom|smallest|lowest|last|fewest|least)\s+(?:\d+|one|two|three|four|five|six|seven|"
                     r"eight|nine|ten|twenty)\b", re.I)
_ALPHA = re.compile(r"\b(?:sort(?:ed)?|order(?:ed)?)\s+(?:it\s+|them\s+)?(?:by\s+name|alphabetically|by\s+label|a\s+to\s+z)\b|"
                    r"\balphabetical(?:ly)?(?:\s+order)?\b", re.I)
_MAX_PANELS = 30
_ORIENT = re.compile(r"\b(horizontal(?:ly)?|vertical(?:ly)?|sideways)\b", re.I)
_FACET = re.compile(
    r"\b(?:(?:one|a|separate|individual|different|its own)\s+)?(?:panels?|facets?|small\s+multiples?|subplots?|"
    r"sub-plots?|sub\s+charts?|charts?|plots?|graphs?)\s+(?:per|for\s+each|for\s+every|by|for|of\s+each|"
    r"one\s+for\s+each|across)\s+(?:each\s+|every\s+|the\s+)?"
    r"|\bfacet(?:ed|s)?\s+(?:it\s+)?(?:by|on|per|across)\s+(?:the\s+)?"
    r"|\b(?:split|break|divide)\s+(?:it\s+)?(?:up\s+)?into\s+(?:panels|charts|facets|plots|small\s+multiples)\s+"
    r"(?:by|per|for\s+each)\s+(?:the\s+)?", re.I)


def _take(st: _State, start: int, end: int) -> None:
    st.used_chars.append((start, end))


def _edit_phrases(summary: Summary, text: str, st: _State) -> None:
    """Apply the phrases that only make sense for an existing chart; mark the text they used."""
    m = _TITLE.search(text)
    if m:
        rest = m.group("text")
        quoted = re.match(r"\s*[\"“'‘](.*?)[\"”'’](?=\s|$|[,;.])", rest)
        if quoted:  # 'title "A" and color by Origin': the title is the quoted text, the rest is read on
            title = quoted.group(1).strip()
            stop = m.start("text") + quoted.end()
        else:
            title = rest.strip().strip("\"'“”‘’").strip()
            stop = len(text)
        _take(st, m.start(), stop)
        if title:
            st.title = title
            st.applied.append(f"title {title!r}")
        else:
            st.not_applied.append("'title' (say the title, e.g. title \"Fuel economy\")")
        text = text[:m.start()] + " " * (stop - m.start()) + text[stop:]
    for m in _BOTTOM.finditer(text):
        _take(st, m.start(), m.end())
        st.not_applied.append(f"{m.group()!r} (only the largest categories can be kept: say 'top N')")
    for m in _ALPHA.finditer(text):
        _take(st, m.start(), m.end())
        st.pending_alpha = True
    tokens = tokenize(text)
    for m in _FACET.finditer(text):
        mention = _field_after(summary, text, tokens, m.end())
        if mention is None:
            continue
        name = mention.field
        _take(st, m.start(), tokens[mention.end - 1].end)
        used = {e.get("field") for ch, e in st.enc.items() if ch in ("x", "y")}
        if summary.field(name).unique > _MAX_PANELS:
            st.not_applied.append(f"{m.group().strip()} {name!r} ({name} has {summary.field(name).unique} values: "
                                  f"too many panels; at most {_MAX_PANELS})")
            continue
        if name in used:
            st.not_applied.append(f"{m.group().strip()} {name!r} (it is already on an axis)")
            continue
        for ch in ("row", "column", "facet"):
            st.enc.pop(ch, None)
        st.enc["column" if summary.field(name).unique <= 6 else "row"] = {
            "field": name, "type": _facet_type(summary, name)}
        st.applied.append(f"one panel per {name}")
    for m in _LEGEND.finditer(text):
        _take(st, m.start(), m.end())
        st.pending_legend = True
    for m in _NO_COLOR.finditer(text):
        _take(st, m.start(), m.end())
        if st.mark in ("arc", "rect"):
            st.not_applied.append(f"{m.group()!r} (a {_mark_name(st.mark)} needs its colour)")
        elif st.enc.pop("color", None) is not None:
            st.applied.append("no colour")
        else:
            st.not_applied.append(f"{m.group()!r} (the chart has no colour)")
    for m in _SCALE.finditer(text):
        _take(st, m.start(), m.end())
        kind = m.group("kind").lower()
        kind = "log" if kind.startswith("log") else "sqrt" if kind.startswith(("sqrt", "square")) else "linear"
        axis = (m.group("ax1") or m.group("ax2") or "").lower()
        st.pending_scales.append((axis, kind, m.group().strip()))
    for m in _SWAP.finditer(text):
        _take(st, m.start(), m.end())
        if "x" in st.enc or "y" in st.enc:
            st.pending_swap = True
        else:
            st.not_applied.append(f"{m.group()!r} (the chart has no axes)")
    for m in _ORIENT.finditer(text):
        _take(st, m.start(), m.end())
        st.pending_orient = "horizontal" if m.group(1).lower().startswith(("h", "s")) else "vertical"


def _facet_type(summary: Summary, name: str) -> str:
    t = vl_type_for(summary, name)
    return "ordinal" if t in ("quantitative", "temporal") else t


def _mark_name(mark: str) -> str:
    return {"arc": "pie chart", "rect": "heatmap", "point": "scatter plot", "boxplot": "box plot",
            "bar": "bar chart", "line": "line chart", "area": "area chart", "tick": "strip plot"}.get(mark, mark)


# ---- the old chart as a reading ------------------------------------------------------------------------


def _mention(name: str) -> Mention:
    return Mention(-1, -1, ((name, 1.0),))


@dataclass
class _Old:
    """The chart before the edit, in the parser's terms: groupings, one measure, its time unit and bins."""

    mark: str
    dims: list[str]
    measure: tuple[str | None, str | None] | None  # (field or None for count, aggregate)
    time_unit: str | None
    binned: bool


def _old(spec: Spec) -> _Old:
    enc = spec.get("encoding") or {}
    m = spec.get("mark")
    mark = str(m.get("type") if isinstance(m, dict) else m)
    channels = ("theta", "color") if mark == "arc" else ("x", "y", "color") if mark == "rect" else ("x", "y")
    dims: list[str] = []
    measure: tuple[str | None, str | None] | None = None
    time_unit = None
    binned = False
    for ch in channels:
        e = enc.get(ch)
        if not isinstance(e, dict):
            continue
        agg = e.get("aggregate")
        if agg or (mark == "arc" and ch == "theta") or (mark == "rect" and ch == "color"):
            if measure is None:
                measure = (e.get("field"), agg)
            continue
        f = e.get("field")
        if f is None:
            continue
        if e.get("type") == "quantitative" and not e.get("bin") and mark in ("bar", "line", "area", "boxplot") \
                and measure is None and ch == "y":
            measure = (f, None)  # a raw value on the value axis
            continue
        dims.append(f)
        time_unit = time_unit or e.get("timeUnit")
        binned = binned or bool(e.get("bin"))
    return _Old(mark, dims, measure, time_unit, binned)


def _bare_aggregate(summary: Summary, tokens: list[Token], reading: Reading) -> tuple[str | None, tuple[int, int] | None]:
    """An aggregate word that attached to no column ("show the total instead"): it changes the chart's measure."""
    if any(a for _, a in reading.measures):
        return None, None
    in_names = {k for m in find_mentions(tokens, summary.field_names) for k in range(m.start, m.end)}
    for s, e, p in _phrases(tokens, AGGREGATE_PHRASES):  # type: ignore[arg-type]
        if any(k in in_names for k in range(s, e)):
            continue  # "min" of temp_min is part of a column name
        agg = AGGREGATE_PHRASES[p]
        if agg in ("count", "sum", "mean", "median", "min", "max"):
            return agg, (s, e)
    return None, None


def _merge(summary: Summary, old: _Old, r: Reading, bare_agg: str | None) -> tuple[Reading, str]:
    """The words' reading completed by the old chart: what the words do not name is taken from the chart.

    Returns the reading to build from and how the result relates to the old chart ("rebuilt" when the words
    name the whole chart, "changed" when they change part of it)."""
    kinds = {f.name: _kind(f) for f in summary.fields}
    dims = list(r.dims)
    measures = list(r.measures)
    old_dims = [_mention(d) for d in old.dims]
    old_measure: list[tuple[Mention | None, str | None]] = []
    if old.measure is not None:
        f, agg = old.measure
        old_measure = [(_mention(f) if f else None, agg if agg else None)]
    rebuilt = False
    time_unit, binned = r.time_unit, r.binned
    if measures:
        if not dims:
            named = {m.field for m, _ in measures if m is not None}
            dims = [d for d in old_dims if d.field not in named]
            time_unit = time_unit or old.time_unit
            binned = binned or (old.binned and bool(dims))
        else:
            rebuilt = True
    elif len(dims) >= 2:
        rebuilt = True
    elif len(dims) == 1:
        d = dims[0]
        if kinds[d.field] == "Q" and not (r.variant == "histogram" or r.binned):
            if old.measure is not None and old.measure[1] not in (None, "count") and old.dims:
                measures = [(d, old.measure[1])]
                dims = [m for m in old_dims if m.field != d.field]
                time_unit = time_unit or old.time_unit
                binned = binned or old.binned
            elif old.measure is not None and old.measure[1] is None and old.dims:
                dims = [m for m in old_dims if m.field != d.field] + [d]  # a raw value replaces the raw value
                time_unit = time_unit or old.time_unit
            elif old.measure is None and len(old.dims) == 2:  # scatter: the new column replaces y
                dims = [old_dims[0], d] if old_dims[0].field != d.field else [old_dims[1], d]
            elif old.binned and old.measure is not None and old.measure[1] == "count":
                measures = [(None, "count")]
                binned = True
            elif old.measure is not None and old.measure[1] == "count" and old.dims:
                measures = [(d, "mean")]
                dims = old_dims
                time_unit = time_unit or old.time_unit
        elif kinds[d.field] == "Q":
            measures = [(None, "count")]
        else:
            measures = old_measure if old_measure else [(None, "count")]
            if old.measure is None and len(old.dims) == 2 and all(kinds.get(x) == "Q" for x in old.dims):
                dims = old_dims  # a scatter "by Origin": the category colours the points
                measures = []
                r = dataclasses.replace(r, color_dims=[*r.color_dims, d])
    elif r.variant == "histogram" and old.measure is not None and old.measure[0] is not None \
            and kinds.get(old.measure[0]) == "Q":
        dims = [_mention(old.measure[0])]  # "histogram": of the number the chart shows
        measures = [(None, "count")]
    else:
        dims = old_dims
        measures = old_measure
        time_unit = time_unit or old.time_unit
        binned = binned or old.binned
        if r.count_requested:
            measures = [(None, "count")]
    if bare_agg is not None:
        base = measures[0] if measures else None
        if bare_agg == "count":
            measures = [(None, "count")]
        elif base is not None and base[0] is not None:
            measures = [(base[0], bare_agg)]
    marks = dict(r.marks)
    explicit = r.explicit_mark
    variant = r.variant
    if not explicit:
        if rebuilt:
            marks[old.mark] = max(marks.get(old.mark, 0.0), 0.8)
        else:
            marks = {old.mark: 1.0}
            explicit = True
            if old.binned and binned and old.mark == "bar" and not any(a for _, a in measures if a != "count"):
                variant = "histogram"
    merged = dataclasses.replace(r, marks=marks, explicit_mark=explicit, variant=variant, measures=measures,
                                 dims=dims, time_unit=time_unit, binned=binned, color_dims=r.color_dims,
                                 size_dims=[])
    return merged, ("rebuilt" if rebuilt else "changed")


def _positional_words(r: Reading, bare_agg: str | None) -> bool:
    """Do the words touch the chart's mark or axes (else colour, filters and the rest apply to it as it is)?"""
    return bool(r.explicit_mark or r.measures or r.dims or r.time_unit or r.binned or bare_agg
                or (r.count_requested and not r.color_dims))


def _build(summary: Summary, text: str, merged: Reading, draco: Completer | None) -> Spec:
    """The best chart for the merged reading: the question builder's first candidate, completed."""
    from lida.offline.charts import complete_specs

    cands = _Builder(summary, dataclasses.replace(merged, color_dims=[], sort=None, filters=[])).candidates()
    if not cands:
        raise LidaError(f"no {_mark_name(next(iter(merged.marks), 'chart'))} fits these columns")
    best = min(cands, key=lambda c: round(c.score, 6))
    goal = _to_goal(summary, text, best, dataclasses.replace(merged, sort=None, filters=[]), 0)
    return complete_specs(summary, goal.intent, 1, draco)[0]


# ---- keeping what the words do not name ----------------------------------------------------------------


def _settle(summary: Summary, old: Spec, new: Spec, st: _State) -> None:
    """Categories keep the table's own type (ordinal Cylinders), and bars keep the chart's orientation."""
    enc = new.get("encoding") or {}
    for e in enc.values():
        if isinstance(e, dict) and e.get("type") == "nominal" and e.get("field") in summary.field_names \
                and not e.get("aggregate") and not e.get("bin") and vl_type_for(summary, e["field"]) == "ordinal":
            e["type"] = "ordinal"
    old_enc = old.get("encoding") or {}
    old_mark = _State(spec=old, filters=[], top_n=None, title=None).mark
    mark = _State(spec=new, filters=[], top_n=None, title=None).mark
    sideways = _discrete(old_enc.get("y")) and not _discrete(old_enc.get("x"))
    upright = _discrete(enc.get("x")) and not _discrete(enc.get("y"))
    if sideways and upright and old_mark in ("bar", "boxplot", "tick") and mark in ("bar", "boxplot", "tick") \
            and not st.pending_swap and st.pending_orient is None:
        _swap(new)



def _keep(old: Spec, new: Spec) -> None:
    """Carry over colour, size, facets, legends and scales the words did not replace."""
    old_enc = old.get("encoding") or {}
    enc = new.setdefault("encoding", {})
    m = new.get("mark")
    mark = str(m.get("type") if isinstance(m, dict) else m)
    on_axes = {e.get("field") for ch, e in enc.items() if isinstance(e, dict) and ch in ("x", "y", "theta")}
    for ch in ("color", "size", "row", "column", "facet", "shape"):
        e = old_enc.get(ch)
        if not isinstance(e, dict) or ch in enc or e.get("field") in on_axes:
            continue
        if ch == "color" and mark in ("arc", "rect"):
            continue
        if ch in ("size", "shape") and mark not in ("point", "circle", "square"):
            continue
        if ch == "color" and mark == "boxplot" and e.get("type") == "quantitative":
            continue
        enc[ch] = copy.deepcopy(e)
    for ch, e in enc.items():
        o = old_enc.get(ch)
        if not isinstance(o, dict) or not isinstance(e, dict) or o.get("field") != e.get("field"):
            continue
        if "legend" in o and o["legend"] is None:
            e["legend"] = None
        if isinstance(o.get("scale"), dict) and o["scale"].get("type") and o.get("aggregate") == e.get("aggregate"):
            e["scale"] = dict(o["scale"])
        if o.get("sort") is not None and e.get("sort") is None and ch in ("x", "y") and _discrete(e):
            e["sort"] = o["sort"]


# ---- applying the reading's overlays -------------------------------------------------------------------


def _apply_overlays(summary: Summary, st: _State, r: Reading) -> None:
    """Colour, size, legend, scales, swaps, sorting, top-N and filters, on the chart as the words left it."""
    enc = st.enc
    for m in r.color_dims[:1]:
        name = m.field
        if st.mark == "rect":
            st.not_applied.append(f"colour by {name!r} (a heatmap's colour is its value)")
        elif st.mark == "arc":
            enc["color"] = {"field": name, "type": "nominal"}
            st.applied.append(f"slices by {name}")
        elif enc.get("color", {}).get("field") != name:
            enc["color"] = {"field": name, "type": vl_type_for(summary, name)}
            st.applied.append(f"colour by {name}")
    for m in r.size_dims[:1]:
        if st.mark in ("point", "circle", "square"):
            enc["size"] = {"field": m.field, "type": "quantitative" if _kind(summary.field(m.field)) == "Q"
                           else vl_type_for(summary, m.field)}
            st.applied.append(f"size by {m.field}")
        else:
            st.not_applied.append(f"size by {m.field!r} (only points have a size; ask for a scatter plot)")
    if st.pending_legend:
        legends = [ch for ch in _LEGEND_CHANNELS if ch in enc]
        for ch in legends:
            enc[ch]["legend"] = None
        if legends:
            st.applied.append("no legend")
        else:
            st.not_applied.append("'remove the legend' (the chart has no legend)")
    for axis, kind, words in st.pending_scales:
        target = axis or _measure_channel(st)
        e = enc.get(target) if target else None
        if target is None or e is None or e.get("type") != "quantitative" or e.get("bin"):
            st.not_applied.append(f"{words!r} (no numeric {target or 'axis'} to put on a {kind} scale)")
            continue
        f = summary.field(e["field"]) if e.get("field") in summary.field_names else None
        if kind in ("log", "sqrt") and f is not None and f.numeric is not None and f.numeric.min <= 0 and \
                e.get("aggregate") in (None, "min"):
            st.not_applied.append(f"{words!r} ({e['field']} has values <= 0, which a {kind} scale cannot show)")
            continue
        scale = dict(e.get("scale") or {})
        scale["type"] = kind
        scale.pop("zero", None)
        e["scale"] = scale
        st.applied.append(f"{kind} scale on {target}")
    if st.pending_swap:
        _swap(st.spec)
        st.applied.append("swap x and y")
    orient = st.pending_orient
    if orient is not None:
        x, y = enc.get("x"), enc.get("y")
        if orient == "horizontal" and _discrete(x) and y is not None:
            _swap(st.spec)
            st.applied.append("horizontal")
        elif orient == "vertical" and _discrete(y) and x is not None:
            _swap(st.spec)
            st.applied.append("vertical")
        elif (orient == "horizontal" and _discrete(y)) or (orient == "vertical" and _discrete(x)):
            st.applied.append(f"{orient} (it already is)")
        else:
            st.not_applied.append(f"'{orient}' (the chart has no category axis to turn)")
    if st.pending_alpha:
        cat = _category_channel(st)
        if cat is None or cat == "color":
            st.not_applied.append("sort by name (the chart has no category axis to sort)")
        else:
            enc[cat]["sort"] = "ascending"
            st.applied.append("sort by name")
    if r.sort is not None and not st.pending_alpha:
        cat = _category_channel(st)
        if cat is None or cat == "color":
            st.not_applied.append(f"sort {r.sort} (the chart has no category axis to sort)")
        else:
            other = "y" if cat == "x" else "x"
            by_value = other in enc and enc[other].get("type") == "quantitative"
            if by_value:
                enc[cat]["sort"] = ("-" if r.sort == "descending" else "") + other
            else:
                enc[cat]["sort"] = r.sort
            st.applied.append(f"sort {r.sort}")
    if r.top_n is not None:
        cat = _category_channel(st)
        if cat is None:
            st.not_applied.append(f"top {r.top_n} (the chart has no categories to keep the largest of)")
        else:
            st.top_n = r.top_n
            st.applied.append(f"top {r.top_n} {enc[cat].get('field')}")
    for flt in r.filters:
        d = flt.to_dict()
        st.filters = [x for x in st.filters if x.get("field") != flt.field] + [d]
        st.applied.append(f"only {_filter_words(d)}")


def _filter_words(f: dict[str, Any]) -> str:
    op, v = f.get("op"), f.get("value")
    sym = {"eq": "=", "neq": "≠", "gt": ">", "gte": "≥", "lt": "<", "lte": "≤"}.get(str(op))
    if op == "in" and isinstance(v, list):
        return f"{f['field']} in {', '.join(map(_num_text, v))}"
    if op == "range" and isinstance(v, list) and len(v) == 2:
        return f"{f['field']} from {_num_text(v[0])} to {_num_text(v[1])}"
    return f"{f['field']} {sym or op} {_num_text(v)}"


def _num_text(v: Any) -> str:
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


# ---- what was not read ---------------------------------------------------------------------------------


def _unread(text: str, tokens: list[Token], r: Reading, st: _State, summary: Summary, extra: set[int]) -> list[str]:
    """Runs of content words that neither the edit phrases nor the parser used, as the user wrote them."""
    table_words = {norm_word(w) for w in re.findall(r"[^\W\d_]+", summary.name or "")}
    out: list[str] = []
    run: list[Token] = []
    for i, t in enumerate(tokens):
        taken = i in r.used or i in extra or any(a <= t.start and t.end <= b for a, b in st.used_chars)
        content = not (t.text in STOP_WORDS or t.norm in STOP_WORDS or t.text in _FILLER or t.norm in _FILLER
                       or t.text in ROW_NOUNS or t.norm in table_words or len(t.text) == 1)
        if taken or not content:
            if run:
                out.append(text[run[0].start:run[-1].end])
                run = []
            continue
        run.append(t)
    if run:
        out.append(text[run[0].start:run[-1].end])
    return out


def _key(spec: Spec) -> str:
    """What a user sees of a chart: "bar" and {"type": "bar"} are the same mark."""
    mark = spec.get("mark")
    mark = mark if isinstance(mark, dict) else {"type": mark}
    return json.dumps({"mark": mark, "encoding": {k: v for k, v in (spec.get("encoding") or {}).items()
                                                              if k != "tooltip"},
                       "title": spec.get("title")}, sort_keys=True, default=str)


# ---- the edit ------------------------------------------------------------------------------------------


def describe_spec(spec: Spec) -> str:
    """A chart in a few words, for titles of edited charts: "Average Horsepower by Origin"."""
    enc = spec.get("encoding") or {}
    m = spec.get("mark")
    mark = str(m.get("type") if isinstance(m, dict) else m)

    def part(e: dict[str, Any] | None) -> str:
        if not isinstance(e, dict):
            return ""
        if e.get("aggregate") == "count" or e.get("field") is None:
            return "Number of records"
        name = humanize(str(e["field"]))
        agg = e.get("aggregate")
        words = {"mean": "Average", "sum": "Total", "median": "Median", "min": "Minimum", "max": "Maximum"}
        if agg:
            return f"{words.get(agg, agg.capitalize())} {name}"
        if e.get("timeUnit"):
            return f"{name} ({e['timeUnit']})"
        return name

    color = enc.get("color")
    tail = f", coloured by {part(color)}" if isinstance(color, dict) and color.get("field") else ""
    return _describe_axes(mark, enc, part) + (tail if mark not in ("arc", "rect") else "")


def _describe_axes(mark: str, enc: dict[str, Any], part: Any) -> str:
    if mark == "arc":
        return f"{part(enc.get('theta'))} by {part(enc.get('color'))}"
    if mark == "rect":
        return f"{part(enc.get('color'))} by {part(enc.get('x'))} and {part(enc.get('y'))}"
    x, y = enc.get("x"), enc.get("y")
    if isinstance(x, dict) and x.get("bin") and isinstance(y, dict) and y.get("aggregate") == "count":
        return f"Distribution of {part(dict(x, bin=None))}"
    value, by = (x, y) if _discrete(y) or (isinstance(y, dict) and y.get("type") == "temporal") else (y, x)
    if mark == "point" and not (isinstance(value, dict) and value.get("aggregate")):
        return f"{part(y)} vs {part(x)}"
    text = part(value) if value else part(by)
    if value and by:
        text += f" by {part(by)}"
    return text


def edit(summary: Summary, chart: CandidateChart, instructions: str, draco: Completer | None = None) -> CandidateChart:
    """A new chart with the instructions applied; the original is not changed.

    The result's notes start with "applied:" (what changed) and "not applied:" (words that were not used,
    and why). LidaError when nothing in the words changes the chart."""
    if chart.spec is None:
        raise LidaError("this chart has no Vega-Lite spec to edit (it was not made by the offline generator)")
    if not instructions or not instructions.strip():
        raise LidaError("no edit instructions given")
    text = instructions.strip()
    old_spec = copy.deepcopy(chart.spec)
    intent = chart.goal.intent
    st = _State(spec=copy.deepcopy(old_spec), filters=[dict(f) for f in intent.filters], top_n=intent.top_n,
                title=None)
    _edit_phrases(summary, text, st)
    rest = text
    for a, b in st.used_chars:
        rest = rest[:a] + " " * (b - a) + rest[b:]
    tokens = tokenize(rest)
    reading = read_question(summary, rest) if rest.strip() else Reading(
        marks={}, variant="", explicit_mark=False, measures=[], dims=[], color_dims=[], size_dims=[], filters=[],
        time_unit=None, binned=False, sort=None, top_n=None, count_requested=False)  # the phrases took every word
    filtered = {f.field for f in reading.filters}
    if reading.dims and all(d.field in filtered for d in reading.dims) and not reading.measures:
        reading = dataclasses.replace(reading, dims=[])  # "only cars with 4 cylinders" filters; it does not regroup
    bare_agg, agg_span = _bare_aggregate(summary, tokens, reading)
    extra: set[int] = set(range(*agg_span)) if agg_span else set()
    if _positional_words(reading, bare_agg):
        old = _old(old_spec)
        merged, how = _merge(summary, old, reading, bare_agg)
        try:
            new_spec = _build(summary, text, merged, draco)
        except LidaError as exc:
            raise LidaError(f"cannot apply {text!r}: {exc}") from exc
        raw_mark = old_spec.get("mark")
        if isinstance(raw_mark, dict) and isinstance(new_spec.get("mark"), dict):
            extras = {k: v for k, v in raw_mark.items() if k not in ("type", "innerRadius", "point", "interpolate")}
            new_spec["mark"] = {**extras, **new_spec["mark"]}
        _settle(summary, old_spec, new_spec, st)
        if isinstance(raw_mark, str) and isinstance(new_spec.get("mark"), dict) and len(new_spec["mark"]) == 1:
            new_spec["mark"] = new_spec["mark"]["type"]  # keep the chart's own way of writing its mark
        if old_spec.get("title") is not None:
            new_spec["title"] = old_spec["title"]
        _keep(old_spec, new_spec)
        # the new chart keeps what was set on the old one by earlier phrases (legend, facets)
        for ch in ("row", "column"):
            if ch in st.enc and ch not in new_spec.get("encoding", {}):
                new_spec.setdefault("encoding", {})[ch] = st.enc[ch]
        for ch in _LEGEND_CHANNELS:
            if ch in st.enc and st.enc[ch].get("legend", 1) is None and ch in new_spec.get("encoding", {}):
                new_spec["encoding"][ch]["legend"] = None
        st.spec = new_spec
        merged = dataclasses.replace(merged, size_dims=reading.size_dims)
        st.applied.insert(0, f"{_mark_name(st.mark)} of {describe_spec(new_spec)}"
                          + (" (rebuilt from the words)" if how == "rebuilt" else ""))
    else:
        merged = reading
    _apply_overlays(summary, st, merged)
    unread = _unread(rest, tokens, reading, st, summary, extra)
    columns = ", ".join(summary.field_names)
    for words in unread:
        st.not_applied.append(f"{words!r} (not a chart word or a column of {summary.name or 'the data'}; "
                              f"columns: {columns})")
    changed = (_key(st.spec) != _key(old_spec) or st.filters != list(intent.filters) or st.top_n != intent.top_n
               or st.title is not None)
    if not changed:
        why = "; ".join(st.not_applied) if st.not_applied else "the chart already looks like that"
        raise LidaError(f"cannot apply {text!r}, nothing changed: {why}")
    if st.title is not None:
        st.spec["title"] = st.title
    elif _positional_words(reading, bare_agg) or st.filters != list(intent.filters):
        title = describe_spec(st.spec)
        if st.filters:
            title += " (only " + "; ".join(_filter_words(f) for f in st.filters) + ")"
        st.spec["title"] = title
    notes = ["applied: " + "; ".join(st.applied)]
    notes += [f"not applied: {n}" for n in st.not_applied]
    fields = list(dict.fromkeys(
        [e["field"] for e in st.enc.values() if isinstance(e, dict) and e.get("field")]
        + [f["field"] for f in st.filters]))
    new_intent = dataclasses.replace(intent, mark=st.mark, fields=tuple(fields), filters=tuple(st.filters),
                                     top_n=st.top_n)
    goal: Goal = dataclasses.replace(chart.goal, intent=new_intent, fields=fields,
                                     visualization=f"{_mark_name(st.mark)} of {describe_spec(st.spec)}")
    code = write_code(st.spec, summary, goal)
    return CandidateChart(goal=goal, code=code, source="offline", spec=st.spec, notes=notes)
