"""Plain-word descriptions of a Vega-Lite spec, shared by explain, evaluate and recommend."""

from __future__ import annotations

from typing import Any

from lida.offline.codegen import mark_of
from lida.offline.fields import humanize

MARK_NAMES = {
    "bar": "bar chart", "line": "line chart", "point": "scatter plot", "circle": "scatter plot",
    "square": "scatter plot", "area": "area chart", "arc": "pie chart", "rect": "heatmap", "tick": "strip plot",
    "boxplot": "box plot", "text": "text table", "rule": "rule chart", "trail": "trail chart",
}
_AGG = {"mean": "average", "sum": "total", "median": "median", "min": "minimum", "max": "maximum",
        "stdev": "standard deviation of", "distinct": "number of distinct"}
_UNIT = {"year": "year", "yearmonth": "month", "yearmonthdate": "day", "month": "month of the year",
         "hours": "hour of the day", "day": "day of the week", "quarter": "quarter", "date": "day of the month",
         "yearmonthdatehours": "hour"}
_CHANNEL = {"x": "the horizontal axis", "y": "the vertical axis", "color": "colour", "size": "size",
            "shape": "shape", "opacity": "opacity", "theta": "the angle of each slice", "column": "the panels",
            "row": "the panel rows", "text": "the text", "x2": "the bar ends", "y2": "the bar ends"}


def encodings(spec: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [(ch, e) for ch, e in (spec.get("encoding") or {}).items() if isinstance(e, dict) and ch != "tooltip"]


def phrase(e: dict[str, Any]) -> str:
    """'average Horsepower', 'number of records', 'Year (by month)', 'Horsepower in bins'."""
    agg = e.get("aggregate")
    field = e.get("field")
    if agg == "count" or field is None:
        return "number of records"
    name = humanize(field)
    text = f"{_AGG.get(agg, agg)} {name}" if agg else name
    if e.get("timeUnit"):
        text += f" (by {_UNIT.get(e['timeUnit'], e['timeUnit'])})"
    if e.get("bin"):
        text += " in bins"
    if isinstance(e.get("scale"), dict) and e["scale"].get("type") == "log":
        text += " on a log scale"
    return text


def chart_name(spec: dict[str, Any]) -> str:
    mark = mark_of(spec)
    enc = dict(encodings(spec))
    if mark == "bar" and enc.get("x", {}).get("bin"):
        return "histogram"
    if mark == "bar" and "color" in enc and enc["color"].get("field") not in (
            enc.get("x", {}).get("field"), enc.get("y", {}).get("field")):
        return "stacked bar chart"
    if mark == "arc" and isinstance(spec.get("mark"), dict) and spec["mark"].get("innerRadius"):
        return "donut chart"
    return MARK_NAMES.get(mark, f"{mark} chart")


def summary_sentence(spec: dict[str, Any]) -> str:
    """'A bar chart of average Horsepower by Origin, coloured by Cylinders.'"""
    enc = dict(encodings(spec))
    name = chart_name(spec)
    if "theta" in enc:
        what = f"{phrase(enc['theta'])} by {phrase(enc['color'])}" if "color" in enc else phrase(enc["theta"])
        return f"A {name} of {what}."
    x, y = enc.get("x"), enc.get("y")
    if x is not None and y is not None:
        if name == "histogram":
            core = f"the {phrase(y)} for each range of {humanize(x.get('field', ''))}"
        elif (y.get("type") == "quantitative" and x.get("type") != "quantitative") or y.get("aggregate"):
            core = f"{phrase(y)} by {phrase(x)}"
        elif x.get("aggregate") or (x.get("type") == "quantitative" and y.get("type") != "quantitative"):
            core = f"{phrase(x)} by {phrase(y)}"
        else:
            core = f"{phrase(y)} against {phrase(x)}"
    else:
        one = x or y
        core = phrase(one) if one else "the data"
    extras = []
    for ch in ("color", "size", "shape"):
        if ch in enc and ch != "theta":
            extras.append(f"{'coloured' if ch == 'color' else ch + 'd'} by {phrase(enc[ch])}")
    for ch in ("column", "row"):
        if ch in enc:
            extras.append(f"one panel per {phrase(enc[ch])}")
    tail = (", " + ", ".join(extras)) if extras else ""
    return f"A {name} of {core}{tail}."


def channel_words(ch: str) -> str:
    return _CHANNEL.get(ch, ch)
