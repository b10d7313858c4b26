"""What to draw for a table: candidates pre-ranked without design cost, the best completed by draco,
then ranked with the design cost, diverse by question. Only the charts worth drawing are completed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from draco.errors import DracoError
from lida.errors import LidaError
from lida.explore.candidates import Candidate, candidates
from lida.explore.match import ChartKey, key_of_spec
from lida.explore.ranker import VETO_COST, LinearRanker, Ranked, pick, question_of
from lida.explore.stats import TableStats, table_stats
from lida.offline.complete import complete_locally
from summarizer.model import Summary

#: Design cost assumed for a chart draco could not complete (a typical two-encoding chart).
FALLBACK_DESIGN = 300.0


@dataclass(frozen=True)
class Planned:
    candidate: Candidate
    spec: dict[str, Any]
    key: ChartKey
    ranked: Ranked


def prerank(summary: Summary, stats: TableStats, cands: list[Candidate], ranker: LinearRanker
            ) -> list[tuple[Candidate, ChartKey, Ranked]]:
    """Every candidate scored by the features that need no solver, cheapest first."""
    out = []
    for c in cands:
        try:
            key = key_of_spec(complete_locally(c.intent, summary))
        except LidaError:
            continue
        if key is None:
            continue
        out.append((c, key, ranker.assess(key, stats, None)))
    out.sort(key=lambda t: t[2].cost)
    return out


def complete_one(summary: Summary, cand: Candidate, draco: Any, schema: Any) -> tuple[dict[str, Any], float]:
    """Draco's cheapest design for the candidate's fields, with its cost; rules stand in when it has none."""
    if draco is not None:
        try:
            done = draco.complete(cand.intent, schema, k=1)
        except DracoError:
            done = []
        if done:
            return _keep_raw(cand, dict(done[0].spec)), float(done[0].cost)
    return complete_locally(cand.intent, summary), FALLBACK_DESIGN


def _keep_raw(cand: Candidate, spec: dict[str, Any]) -> dict[str, Any]:
    """A time series drawn as is stays raw: the solver may not add an aggregate the candidate left out
    (it cannot know there is one row per time and series)."""
    hints = {h.channel: h for h in cand.intent.encodings if h.channel}
    x = hints.get("x")
    if cand.intent.mark != "line" or x is None or x.type != "temporal" or x.time_unit:
        return spec
    enc = dict(spec.get("encoding") or {})
    for ch, h in hints.items():
        e = enc.get(ch)
        if isinstance(e, dict) and h.field is not None and h.aggregate is None and "aggregate" in e:
            enc[ch] = {k: v for k, v in e.items() if k != "aggregate"}
    return {**spec, "encoding": enc}


def shortlist(pre: list[tuple[Candidate, ChartKey, Ranked]], n: int, stats: TableStats | None = None
              ) -> list[tuple[Candidate, ChartKey, Ranked]]:
    """The pre-ranked candidates worth completing, max(3n, 12) of them: first the ones the final pick
    would choose for diversity (so a table whose strongest category colours every top candidate still
    gets charts split otherwise), then the best by cost, at most two designs per question."""
    budget = max(3 * n, 12)
    twin = stats.twin if stats is not None else None
    diverse = pick(pre, key=lambda t: t[1], cost=lambda t: t[2].cost, n=2 * budget // 3,
                   kind=lambda t: t[2].kind, twin=twin)
    chosen = {id(t) for t in diverse}
    out: list[tuple[Candidate, ChartKey, Ranked]] = []
    per_question: dict[frozenset[str], int] = {}
    for item in [*diverse, *(t for t in pre if id(t) not in chosen)]:
        q = question_of(item[1])
        if per_question.get(q, 0) >= 2:
            continue
        per_question[q] = per_question.get(q, 0) + 1
        out.append(item)
        if len(out) >= budget:
            break
    return out


def plan(summary: Summary, frame: pd.DataFrame, draco: Any, ranker: LinearRanker, n: int,
         spare: int = 2, stats: TableStats | None = None) -> tuple[TableStats, list[Planned]]:
    """The n best charts to draw (plus `spare` in case some fail), best first, one per question."""
    stats = stats if stats is not None else table_stats(frame, summary)
    pre = prerank(summary, stats, candidates(summary, stats), ranker)
    short = shortlist(pre, n, stats)
    schema = None
    if draco is not None:
        from draco.schema import DataSchema

        schema = DataSchema.from_summary(summary)
    done: list[Planned] = []
    for cand, _, _ in short:
        spec, design = complete_one(summary, cand, draco, schema)
        key = key_of_spec(spec)
        if key is None:
            continue
        done.append(Planned(cand, spec, key, ranker.assess(key, stats, design)))
    fine = [p for p in done if p.ranked.cost < VETO_COST / 2]  # never draw a vetoed chart when others exist
    return stats, pick(fine or done, key=lambda p: p.key, cost=lambda p: p.ranked.cost, n=n + spare,
                       kind=lambda p: p.ranked.kind, twin=stats.twin)
