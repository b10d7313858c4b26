"""Rule-based chart edits in plain words ("make it a line chart", "color by Origin", "top 10"...).

Edits change the Vega-Lite spec and the code is written again from it, so an edited chart is exactly as
readable as a generated one. Instructions we do not understand raise a one-line LidaError.
"""

from __future__ import annotations

import copy
import dataclasses
import re
from typing import Any

from lida.errors import LidaError
from lida.model import CandidateChart
from lida.offline.codegen import write_code
from lida.offline.fields import humanize, vl_type_for
from summarizer.model import Summary

Spec = dict[str, Any]

_MARK_WORDS: list[tuple[str, str]] = [
    (r"\b(line|trend)\b", "line"),
    (r"\bbars?\b|\bcolumn chart\b|\bhistogram\b", "bar"),
    (r"\bscatter|\bpoints?\b|\bdots?\b", "point"),
    (r"\bcircles?\b|\bbubbles?\b", "circle"),
    (r"\barea\b", "area"),
    (r"\bpie\b|\bdonut\b|\bdoughnut\b", "arc"),
    (r"\bheat ?map\b|\brect", "rect"),
    (r"\bticks?\b|\bstrip\b", "tick"),
    (r"\bbox ?plot|\bbox and whisker", "boxplot"),
]
_AGG_WORDS = [(r"\b(average|mean)\b", "mean"), (r"\b(total|sum)\b", "sum"), (r"\bmedian\b", "median"),
              (r"\b(max|maximum)\b", "max"), (r"\b(min|minimum)\b", "min"), (r"\bcount\b|\bnumber of\b", "count")]


def _enc(spec: Spec) -> dict[str, dict[str, Any]]:
    enc = spec.setdefault("encoding", {})
    assert isinstance(enc, dict)
    return enc


def _set_mark(spec: Spec, mark: str) -> None:
    raw = spec.get("mark")
    if isinstance(raw, dict):
        raw["type"] = mark
    else:
        spec["mark"] = mark
    enc = _enc(spec)
    if mark == "arc" and "theta" not in enc:
        # a pie needs a size (theta) and a category (color): take them from the axes
        axes = [enc.pop(ch) for ch in ("x", "y") if ch in enc]
        quant = next((e for e in axes if e.get("type") == "quantitative" and not e.get("bin")), None)
        cat = next((e for e in axes if e is not quant), None)
        enc["theta"] = quant or {"aggregate": "count", "type": "quantitative"}
        if cat is not None and "color" not in enc:
            enc["color"] = cat
        if enc["theta"].get("field") and enc["theta"].get("aggregate") != "sum":
            enc["theta"]["aggregate"] = "sum"  # slices are parts of a whole: totals, not averages
    elif mark != "arc" and "theta" in enc:
        theta = enc.pop("theta")
        color = enc.pop("color", None)
        if color is not None:
            enc["y"] = color
        enc["x"] = theta
    if mark in ("line", "area") and enc.get("y", {}).get("type") in ("nominal", "ordinal", "temporal") \
            and enc.get("x", {}).get("type") == "quantitative":
        _swap(spec)  # lines run along the ordered axis, left to right


def _swap(spec: Spec) -> None:
    enc = _enc(spec)
    x, y = enc.pop("x", None), enc.pop("y", None)
    if x is not None:
        enc["y"] = x
    if y is not None:
        enc["x"] = y
    for e in enc.values():
        if isinstance(e, dict) and isinstance(e.get("sort"), str) and e["sort"].lstrip("-") in ("x", "y"):
            sign = "-" if e["sort"].startswith("-") else ""
            e["sort"] = sign + ("y" if e["sort"].lstrip("-") == "x" else "x")


def _horizontal(spec: Spec) -> None:
    enc = _enc(spec)
    if enc.get("x", {}).get("type") in ("nominal", "ordinal") and enc.get("y", {}).get("type") == "quantitative":
        _swap(spec)


def _measure_channel(spec: Spec) -> str:
    enc = _enc(spec)
    for ch in ("y", "x", "theta", "color", "size"):
        e = enc.get(ch)
        if e and e.get("type") == "quantitative" and not e.get("bin"):
            return ch
    raise LidaError("this chart has no numeric axis to change")


def _category_channel(spec: Spec) -> str:
    enc = _enc(spec)
    for ch in ("y", "x", "color"):
        e = enc.get(ch)
        if e and e.get("type") in ("nominal", "ordinal"):
            return ch
    raise LidaError("this chart has no category axis to sort or filter")


def _find_field(summary: Summary, text: str) -> str:
    """The field named in `text` (exact, case-insensitive or humanized); longest match wins."""
    low = text.lower().strip().strip("'\"")
    best = None
    for f in summary.field_names:
        for form in (f.lower(), humanize(f).lower()):
            if re.search(r"(?<![\w])" + re.escape(form) + r"(?![\w])", low) and (best is None or len(f) > len(best)):
                best = f
    if best is None:
        raise LidaError(f"no field named {text.strip()!r} in {summary.name or 'the data'}")
    return best


def _apply(summary: Summary, spec: Spec, part: str, goal_updates: dict[str, Any]) -> None:
    low = part.lower().strip()
    m = re.match(r"^(?:set |change |make )?(?:the )?title\s*(?:to|=|:)?\s*[\"“']?(.+?)[\"”']?$", part.strip(), re.I)
    if m and low.startswith(("title", "set the title", "set title", "change the title", "change title",
                             "make the title")):
        spec["title"] = m.group(1).strip()
        return
    m = re.search(r"\b(?:colou?r|group|split)(?:ed)?\s+by\s+(.+)$", part, re.I)
    if m:
        f = _find_field(summary, m.group(1))
        _enc(spec)["color"] = {"field": f, "type": vl_type_for(summary, f)}
        return
    m = re.search(r"\b(?:top|first|largest)\s+(\d+)\b", low)
    if m:
        n = int(m.group(1))
        if n < 1:
            raise LidaError("top N needs a positive number")
        _category_channel(spec)
        goal_updates["top_n"] = n
        return
    if re.search(r"\b(swap|flip|switch|transpose)\b", low):
        _swap(spec)
        return
    if re.search(r"\bhorizontal", low):
        _horizontal(spec)
        return
    if re.search(r"\bvertical", low):
        enc = _enc(spec)
        if enc.get("y", {}).get("type") in ("nominal", "ordinal"):
            _swap(spec)
        return
    if re.search(r"\blog(arithmic)?\b", low):
        e = _enc(spec)[_measure_channel(spec)]
        e.setdefault("scale", {})["type"] = "log"
        e["scale"].pop("zero", None)
        return
    if re.search(r"\b(no|remove|hide|without|drop)\b.*\blegend\b", low):
        for ch in ("color", "size", "shape", "opacity"):
            if ch in _enc(spec):
                _enc(spec)[ch]["legend"] = None
        return
    if re.search(r"\bsort|\border\b|\bascending\b|\bdescending\b", low):
        ch = _category_channel(spec)
        other = "x" if ch == "y" else "y"
        desc = not re.search(r"\bascending|\bsmallest first|\blowest first|\bincreasing", low)
        if re.search(r"\balphabetic|\bby name\b", low):
            _enc(spec)[ch]["sort"] = "descending" if re.search(r"\bdescending", low) else "ascending"
        else:
            _enc(spec)[ch]["sort"] = ("-" if desc else "") + other
        return
    for pat, agg in _AGG_WORDS:
        if re.search(pat, low) and not re.search(r"\bchart\b|\bplot\b", low):
            ch = _measure_channel(spec)
            e = _enc(spec)[ch]
            if agg == "count":
                _enc(spec)[ch] = {"aggregate": "count", "type": "quantitative"}
            elif e.get("field") is None:
                raise LidaError(f"say which field to {agg}, e.g. '{agg} of <field>'")
            else:
                e["aggregate"] = agg
            return
    for pat, mark in _MARK_WORDS:
        if re.search(pat, low):
            _set_mark(spec, mark)
            if re.search(r"\b(donut|doughnut)\b", low):
                goal_updates["donut"] = True
            return
    raise LidaError(
        f"cannot apply {part.strip()!r}: try a chart type (line, bar, scatter, pie), 'swap axes', "
        "'color by <field>', 'log scale', 'sort ascending', 'title \"...\"', 'top 10', 'horizontal', "
        "'average', 'total', 'count' or 'remove legend'"
    )


def _split(instructions: str) -> list[str]:
    if re.match(r"^\s*(set |change |make )?(the )?title\b", instructions, re.I):
        return [instructions]
    parts = re.split(r"[;\n]|,\s*|\s+and then\s+|\s+then\s+|\s+and\s+(?=make|use|color|colour|sort|swap|add|"
                     r"show|remove|set|title|top|log|flip)", instructions)
    return [p for p in parts if p and p.strip()]


def edit(summary: Summary, chart: CandidateChart, instructions: str) -> CandidateChart:
    """A new chart with the instructions applied; the original is not changed."""
    if chart.spec is None:
        raise LidaError("this chart has no Vega-Lite spec to edit (it was not made by the offline generator)")
    if not instructions or not instructions.strip():
        raise LidaError("no edit instructions given")
    spec = copy.deepcopy(chart.spec)
    updates: dict[str, Any] = {}
    for part in _split(instructions):
        _apply(summary, spec, part, updates)
    goal = chart.goal
    if updates:
        goal = dataclasses.replace(goal, intent=dataclasses.replace(goal.intent, **updates))
    return CandidateChart(goal=goal, code=write_code(spec, summary, goal), source="offline", spec=spec)

