"""recommend: alternative charts for the same question, from relaxed partial specs completed by draco."""

from __future__ import annotations

import dataclasses
from typing import Any

from draco.partial import EncodingHint, PartialSpec
from lida.errors import LidaError
from lida.model import CandidateChart
from lida.offline.charts import Completer, chart_from_spec, complete_specs, default_draco, spec_key
from lida.offline.codegen import mark_of
from lida.offline.describe import encodings, summary_sentence
from lida.offline.fields import roles
from summarizer.model import Summary

_OTHER_MARKS = ("bar", "line", "point", "tick", "area", "rect", "arc", "boxplot")


def _hints(spec: dict[str, Any], keep_channels: bool) -> tuple[EncodingHint, ...]:
    out = []
    for ch, e in encodings(spec):
        out.append(EncodingHint(
            field=e.get("field"), channel=ch if keep_channels else None, type=e.get("type"),
            aggregate=e.get("aggregate"), bin=True if e.get("bin") else None, time_unit=e.get("timeUnit")))
    return tuple(out)


def relaxed_partials(summary: Summary, chart: CandidateChart) -> list[PartialSpec]:
    """Looser versions of the chart: free mark, free channels, one related field added."""
    assert chart.spec is not None
    spec = chart.spec
    mark = mark_of(spec)
    task = chart.goal.intent.task
    fields = tuple(dict.fromkeys(e["field"] for _, e in encodings(spec) if e.get("field")))
    top_n = chart.goal.intent.top_n
    out = [PartialSpec(mark=None, encodings=_hints(spec, keep_channels=False), task=task, top_n=top_n)]
    out.append(PartialSpec(mark=None, fields=fields, task=task, top_n=top_n))
    for other in _OTHER_MARKS:
        if other != mark:
            out.append(PartialSpec(mark=other, encodings=_hints(spec, keep_channels=False), task=task, top_n=top_n))
    rs = roles(summary)
    extra = [r.name for r in (*rs.categories[:2], *rs.measures[:2]) if r.name not in fields and not r.label]
    for f in extra[:2]:
        out.append(PartialSpec(mark=None, encodings=_hints(spec, keep_channels=True),
                               fields=(*fields, f), task=task, top_n=top_n))
    return out


def recommend(summary: Summary, chart: CandidateChart, n: int = 3, draco: Completer | None = None) -> list[CandidateChart]:
    """The n cheapest distinct charts near this one, excluding the chart itself."""
    if chart.spec is None:
        raise LidaError("this chart has no Vega-Lite spec to start recommendations from")
    if n < 1:
        return []
    solver = draco if draco is not None else default_draco()
    seen = {spec_key(chart.spec)}
    found: list[tuple[float, int, dict[str, Any], PartialSpec]] = []
    from draco.errors import DracoError

    for i, partial in enumerate(relaxed_partials(summary, chart)):
        try:
            specs = complete_specs(summary, partial, 2, solver) if partial.mark != "arc" else \
                complete_specs(summary, partial, 1, solver)
        except (DracoError, LidaError):
            continue  # this relaxation has no valid chart
        for s in specs:
            key = spec_key(s)
            if key in seen:
                continue
            seen.add(key)
            found.append((_cost(summary, s, partial, solver), i, s, partial))
    found.sort(key=lambda t: (t[0], t[1]))
    out = []
    for _, _, s, partial in found[:n]:
        goal = dataclasses.replace(chart.goal, visualization=summary_sentence(s).rstrip(".").removeprefix("A "),
                                   intent=partial)
        out.append(chart_from_spec(summary, goal, s))
    return out


def _cost(summary: Summary, spec: dict[str, Any], partial: PartialSpec, solver: Any) -> float:
    cost_fn = getattr(solver, "cost", None)
    if cost_fn is None:
        return 0.0
    from draco.schema import DataSchema

    return float(cost_fn([spec], DataSchema.from_summary(summary), partial.task)[0].cost)
