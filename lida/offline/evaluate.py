"""evaluate: score a chart 1-10 on six dimensions from its spec, draco's checks and its goal (no LLM)."""

from __future__ import annotations

from typing import Any

from lida.errors import LidaError
from lida.model import CandidateChart, Evaluation
from lida.offline.codegen import mark_of
from lida.offline.describe import encodings
from lida.offline.fields import MAX_CATEGORIES
from summarizer.model import Summary

DIMENSIONS = ("bugs", "transformation", "encoding", "type", "aesthetics", "goal")


def _clamp(x: float) -> int:
    return max(1, min(10, round(x)))


def evaluate(summary: Summary, chart: CandidateChart, draco: Any = None) -> Evaluation:
    """Scores with one-sentence reasons. With `draco`, hard violations and soft cost shape the scores."""
    spec = chart.spec
    if spec is None:
        raise LidaError("this chart has no Vega-Lite spec to evaluate")
    mark = mark_of(spec)
    enc = dict(encodings(spec))
    names = set(summary.field_names)
    fields: list[str] = [str(e["field"]) for e in enc.values() if e.get("field")]
    scores: dict[str, int] = {}
    why: dict[str, str] = {}

    # bugs: fields that exist neither in the table nor in the chart's own (derived) data; hard violations
    from lida.repair.validate import chart_schema

    schema = chart_schema(spec, summary)
    missing = [f for f in fields if not schema.has_field(f)]
    violations: list[Any] = []
    cost: int | None = None
    if draco is not None and not missing:
        violations = list(draco.check(spec, schema, chart.goal.intent.task))
        cost = int(draco.cost([spec], schema, chart.goal.intent.task)[0].cost)
    if missing:
        scores["bugs"], why["bugs"] = 1, f"It uses fields that are not in the data: {', '.join(missing)}."
    elif violations:
        scores["bugs"] = _clamp(8 - 2 * len(violations))
        why["bugs"] = f"It breaks {len(violations)} hard design rule(s): {violations[0].description}."
    else:
        scores["bugs"], why["bugs"] = 10, "Every field exists and no hard design rule is broken."

    # transformation: aggregation where many rows share a category, filtering where there are too many
    cats = [e for e in enc.values() if e.get("type") in ("nominal", "ordinal") and e.get("field") in names]
    aggregated = any(e.get("aggregate") for e in enc.values()) or mark == "boxplot"
    many = [e for e in cats if summary.field(e["field"]).unique > MAX_CATEGORIES]
    if mark in ("bar", "line", "area", "arc") and cats and not aggregated and summary.rows > len(cats) * 50:
        scores["transformation"] = 4
        why["transformation"] = "Raw rows are drawn per category; an aggregate (average or total) would be clearer."
    elif many and not chart.goal.intent.top_n:
        scores["transformation"] = 6
        why["transformation"] = f"{many[0]['field']} has {summary.field(many[0]['field']).unique} values; a top-N filter would help."
    else:
        scores["transformation"] = 9 if aggregated or mark in ("point", "circle", "tick") else 8
        why["transformation"] = "The data is summarised at the level the question asks about."

    # encoding: draco's soft cost, or simple rules without it
    if cost is not None:
        scores["encoding"] = _clamp(10.5 - cost / 6)
        why["encoding"] = f"Draco's design cost is {cost} (lower is better)."
    else:
        crowded = len(enc) > 3
        scores["encoding"] = 6 if crowded else 8
        why["encoding"] = "Many channels compete for attention." if crowded else "Each field has one clear channel."

    # type: mark fits the data types
    x, y = enc.get("x", {}), enc.get("y", {})
    temporal_x = x.get("type") == "temporal" or bool(x.get("timeUnit"))
    if mark == "line" and not temporal_x and x.get("type") == "nominal":
        scores["type"], why["type"] = 4, "A line implies order, but its x axis is unordered categories."
    elif mark == "arc" and "color" in enc and enc["color"].get("field") in names and \
            summary.field(enc["color"]["field"]).unique > 6:
        scores["type"], why["type"] = 4, "A pie with more than six slices is hard to compare; bars would be better."
    elif mark == "point" and x.get("type") == "quantitative" and y.get("type") == "quantitative":
        scores["type"], why["type"] = 9, "A scatter plot is the standard way to relate two measures."
    elif mark in ("line", "area") and temporal_x:
        scores["type"], why["type"] = 9, "A line over time shows the trend directly."
    elif mark == "bar":
        scores["type"], why["type"] = 9, "Bars compare amounts accurately by length."
    else:
        scores["type"], why["type"] = 7, f"A {mark} mark suits these field types."

    # aesthetics: titles, readable number of categories and colours
    problems = []
    colour = enc.get("color", {})
    if colour.get("type") == "nominal" and colour.get("field") in names and summary.field(colour["field"]).unique > 10:
        problems.append("more than ten colours")
    if any(summary.field(e["field"]).unique > 40 for e in cats) and not chart.goal.intent.top_n:
        problems.append("a crowded category axis")
    if "title=" not in chart.code:
        problems.append("no titles")
    scores["aesthetics"] = _clamp(9 - 2 * len(problems))
    why["aesthetics"] = ("Readable: titled axes, few colours, sized to fit." if not problems
                         else "Hard to read because of " + " and ".join(problems) + ".")

    # goal: does the chart use the goal's fields and the chart type it implies
    want = set(chart.goal.fields) & names
    got = set(fields)
    share = len(want & got) / len(want) if want else 1.0
    mark_ok = chart.goal.intent.mark in (None, mark)
    scores["goal"] = _clamp(3 + 6 * share + (1 if mark_ok else -1))
    why["goal"] = (f"It shows {len(want & got)} of the {len(want)} fields the question is about"
                   + ("" if mark_ok else f", as a {mark} instead of the intended {chart.goal.intent.mark}") + ".")
    return Evaluation(scores={d: scores[d] for d in DIMENSIONS}, rationales={d: why[d] for d in DIMENSIONS},
                      source="offline")
