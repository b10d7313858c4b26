"""visualize: a goal's intent, completed by draco (or by rules without it), written out as Altair code."""

from __future__ import annotations

import json
from typing import Any, Protocol

from draco.errors import DracoError
from draco.partial import PartialSpec
from lida.model import CandidateChart, Goal
from lida.offline.codegen import write_code
from lida.offline.complete import complete_locally
from summarizer.model import Summary


class Completer(Protocol):
    """What visualize needs from draco.Draco (kept structural so tests can pass a stub)."""

    def complete(self, partial: PartialSpec, schema: Any, k: int = 1) -> list[Any]: ...


def _schema(summary: Summary) -> Any:
    from draco.schema import DataSchema

    return DataSchema.from_summary(summary)


def spec_key(spec: dict[str, Any]) -> str:
    """Two specs with equal keys draw the same chart (mark and encodings, not titles)."""
    mark = spec.get("mark")
    mark_type = mark.get("type") if isinstance(mark, dict) else mark
    enc = {
        ch: {k: v for k, v in e.items() if k in ("field", "type", "aggregate", "bin", "timeUnit", "stack")}
        for ch, e in (spec.get("encoding") or {}).items()
        if isinstance(e, dict) and ch != "tooltip"
    }
    return json.dumps({"mark": mark_type, "encoding": enc}, sort_keys=True, default=str)


def default_draco() -> Completer:
    from draco import Draco

    return Draco()


def complete_specs(summary: Summary, partial: PartialSpec, k: int, draco: Completer | None) -> list[dict[str, Any]]:
    """Up to k distinct completed specs, best first. Our rules' completion stands in when draco has none."""
    specs: list[dict[str, Any]] = []
    try:
        for c in draco.complete(partial, _schema(summary), k=k) if draco is not None else []:
            specs.append(dict(c.spec))
    except DracoError:
        specs = []  # outside the knowledge base's vocabulary (e.g. a time unit it lacks); rules still chart it
    if not specs:
        specs.append(complete_locally(partial, summary))
    out: list[dict[str, Any]] = []
    keys: set[str] = set()
    for s in specs:
        key = spec_key(s)
        if key not in keys:
            keys.add(key)
            out.append(s)
    return out[:k]


def chart_from_spec(summary: Summary, goal: Goal, spec: dict[str, Any], title: str | None = None) -> CandidateChart:
    return CandidateChart(goal=goal, code=write_code(spec, summary, goal, title), source="offline", spec=spec)


def visualize(summary: Summary, goal: Goal, n: int = 1, draco: Completer | None = None) -> list[CandidateChart]:
    """The n best distinct charts for a goal, each with readable plot() code and its completed spec.

    Without a `draco` instance one is created: the knowledge base ranks completions offline too."""
    specs = complete_specs(summary, goal.intent, max(1, n), draco if draco is not None else default_draco())
    return [chart_from_spec(summary, goal, s) for s in specs]
