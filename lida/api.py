"""The one Python API: `Lida(llm=None)` runs the whole pipeline, offline by default.

Each content stage goes to the `Generator` picked once in the constructor (lida.generator: offline rules
or an LLM); nothing here talks to the network unless an LLM was configured by the caller. Generated
code only ever runs in the sandbox.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

import pandas as pd

from draco import Draco, DracoError, Score
from lida.chart import AttemptRecord, Chart, Cost
from lida.errors import LidaError
from lida.explore.match import key_of_spec
from lida.explore.ranker import REPEAT_GROUP, LinearRanker, pick
from lida.explore.stats import table_stats
from lida.generator import Generator, GoalCandidates, make_generator
from lida.model import CandidateChart, Evaluation, Explanation, Goal, Persona
from lida.rank import rank as rank_items
from lida.repair.loop import repair_and_run
from lida.repair.model import RepairOutcome
from summarizer import Summary, load, summarize, summarize_loaded

if TYPE_CHECKING:
    from lida.explore.stats import TableStats
    from lida.llm.client import TextGenerator
    from lida.sandbox import Sandbox

DataLike: TypeAlias = str | Path | pd.DataFrame

#: A chart draco cannot score (e.g. a composition it does not model) ranks after every scored one.
UNSCORED_COST = 10_000.0

STAGES = ("summarize", "goals", "complete", "execute", "render", "rank")


@dataclass
class Failure:
    """A candidate that did not become a chart, and why. Nothing vanishes silently."""

    goal: Goal
    reason: str
    code: str | None = None
    attempts: list[AttemptRecord] = field(default_factory=list)


@dataclass
class Run:
    """Everything one `Lida.run` produced: the ranked charts and what it cost to get them."""

    summary: Summary
    goals: list[Goal]
    charts: list[Chart]
    candidates: int
    failures: list[Failure]
    timings: dict[str, float]
    llm_usage: dict[str, int] | None = None


class Timer:
    """Adds wall time per stage name; one instance per run, so runs never share state."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = dict.fromkeys(STAGES, 0.0)

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - start


class Lida:
    """Summaries, goals, chart code, sandboxed execution with repair, and ranking by draco cost.

    Holds a draco instance (grounded knowledge base) and a lazily started sandbox pool; use it as a
    context manager, or call close(), to stop the sandbox workers.
    """

    def __init__(
        self,
        llm: TextGenerator | str | None = None,
        *,
        draco: Draco | None = None,
        sandbox: Sandbox | None = None,
        sandbox_workers: int = 2,
        timeout: float = 30.0,
        max_llm_repairs: int = 2,
        allow_weak_sandbox: bool | None = None,
        generator: Generator | None = None,
        ranker: LinearRanker | None = None,
    ) -> None:
        self.ranker = ranker if ranker is not None else LinearRanker.load()  # what to show first (learned)
        self.draco = draco if draco is not None else Draco()
        #: Every content stage goes here; `generator=` overrides the choice `llm` makes.
        self.generator: Generator = generator if generator is not None else make_generator(llm, self.draco)
        self.llm = self.generator.llm
        self._sandbox = sandbox
        self._owns_sandbox = sandbox is None
        self._sandbox_workers = sandbox_workers
        self._timeout = timeout
        self._allow_weak = allow_weak_sandbox  # see lida.sandbox.layers: run without Landlock/seccomp?
        self.max_llm_repairs = max_llm_repairs

    # ---- lifecycle -----------------------------------------------------------------------------
    @property
    def sandbox(self) -> Sandbox:
        if self._sandbox is None:
            from lida.sandbox import Sandbox

            self._sandbox = Sandbox(workers=self._sandbox_workers, timeout=self._timeout, allow_weak=self._allow_weak)
        return self._sandbox

    def close(self) -> None:
        if self._sandbox is not None and self._owns_sandbox:
            self._sandbox.close()
            self._sandbox = None

    def __enter__(self) -> Lida:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def offline(self) -> bool:
        return self.llm is None

    # ---- stages --------------------------------------------------------------------------------
    def summarize(self, data: DataLike, *, name: str | None = None, enrich: bool = False) -> Summary:
        summary = summarize(data, name=name)
        return self.generator.enrich(summary) if enrich else summary

    def goals(
        self, summary: Summary, n: int = 5, persona: Persona | str | None = None, query: str | None = None
    ) -> list[Goal]:
        """n goals; with `query`, interpretations of that question (best first)."""
        persona_obj = Persona(name=persona, rationale="") if isinstance(persona, str) else persona
        return self.generator.goals(summary, n, persona=persona_obj, query=query)

    def personas(self, summary: Summary, n: int = 3) -> list[Persona]:
        return self.generator.personas(summary, n)

    def visualize(self, summary: Summary, goal: Goal, n: int = 1) -> list[CandidateChart]:
        """Candidate chart code for a goal (not yet executed)."""
        return self.generator.visualize(summary, goal, n)

    def repair(
        self, code: str, data: DataLike, summary: Summary | None = None, render: str | None = None
    ) -> RepairOutcome:
        """Run code in the sandbox, repairing it (deterministic, then LLM) until it gives a valid chart."""
        frame = self._frame(data)
        return self._repair(code, frame, summary if summary is not None else summarize(frame), render)

    def execute(
        self, candidates: list[CandidateChart], data: DataLike, summary: Summary
    ) -> tuple[list[Chart], list[Failure]]:
        """Run each candidate through sandbox and repair, then score it. Returns charts and failures."""
        return self._execute_all(candidates, self._frame(data), summary)

    def _execute_all(
        self, candidates: list[CandidateChart], frame: pd.DataFrame, summary: Summary
    ) -> tuple[list[Chart], list[Failure]]:
        # One thread per sandbox worker keeps every worker busy; results keep the candidates' order.
        with ThreadPoolExecutor(max_workers=self._sandbox_workers) as pool:
            outcomes = list(pool.map(lambda c: self._execute_one(c, frame, summary), candidates))
        charts = [o for o in outcomes if isinstance(o, Chart)]
        failures = [o for o in outcomes if isinstance(o, Failure)]
        self.score(charts, summary)
        return charts, failures

    def rank(
        self, charts: list[Chart], n: int | None = None, diversity: float = 0.6, stats: TableStats | None = None
    ) -> list[Chart]:
        """Order charts and keep the top n; sets each chart's rank. With the table's `stats`, the learned
        ranker orders them across questions (what the chart shows, its fields, its draco cost) and no two
        answer the same question; without, draco cost with field diversity."""
        if stats is None:
            ranked = rank_items(charts, spec=lambda c: c.spec, cost=_cost_of, n=n, diversity=diversity)
        else:
            keys = {id(c): key_of_spec(c.spec) for c in charts}
            kinds: dict[int, str] = {}
            for chart in charts:
                key = keys[id(chart)]
                if key is None:
                    chart.score = UNSCORED_COST
                    continue
                design = chart.cost if chart.cost is not None and chart.cost < UNSCORED_COST else None
                assessed = self.ranker.assess(key, stats, design)
                chart.score, chart.insight, chart.reasons = assessed.cost, assessed.insight, list(assessed.reasons)
                kinds[id(chart)] = assessed.kind
            scored = sorted(charts, key=lambda c: (c.score if c.score is not None else UNSCORED_COST, _cost_of(c)))
            ranked = pick(scored, key=lambda c: keys[id(c)], cost=lambda c: c.score or 0.0, n=n,
                          repeat=0.4 * diversity / 0.6, kind=lambda c: kinds.get(id(c), ""),
                          repeat_kind=0.25 * diversity / 0.6, repeat_group=REPEAT_GROUP * diversity / 0.6,
                          twin=stats.twin)
        for i, chart in enumerate(ranked, start=1):
            chart.rank = i
        return ranked

    def edit(self, chart: Chart, instructions: str, data: DataLike, summary: Summary | None = None) -> Chart:
        """A new chart: the old one changed as the instructions say, executed and scored."""
        summary = summary if summary is not None else summarize(self._frame(data))
        edited = self.generator.edit(summary, chart.candidate(), instructions)
        result = self._execute_one(edited, self._frame(data), summary)
        if isinstance(result, Failure):
            raise LidaError(f"the edited chart failed: {result.reason}")
        self.score([result], summary)
        return result

    def explain(self, chart: Chart, summary: Summary) -> Explanation:
        return self.generator.explain(summary, chart.candidate())

    def evaluate(self, chart: Chart, summary: Summary) -> Evaluation:
        return self.generator.evaluate(summary, chart.candidate())

    def recommend(self, chart: Chart, data: DataLike, summary: Summary, n: int = 3) -> list[Chart]:
        """n related charts, executed, scored and ranked."""
        cands = self.generator.recommend(summary, chart.candidate(), n)
        charts, _ = self.execute(cands, data, summary)
        return self.rank(charts, n=n)

    # ---- the whole pipeline --------------------------------------------------------------------
    def charts(
        self,
        data: DataLike,
        n: int = 5,
        query: str | None = None,
        persona: Persona | str | None = None,
    ) -> list[Chart]:
        """The n charts worth looking at for this data, ranked, best first."""
        return self.run(data, n=n, query=query, persona=persona).charts

    def run(
        self,
        data: DataLike,
        n: int = 5,
        query: str | None = None,
        persona: Persona | str | None = None,
        *,
        name: str | None = None,
        per_goal: int = 2,
    ) -> Run:
        """Summary -> goals -> candidates -> execution and repair -> ranking, timed per stage."""
        if n < 1:
            raise LidaError(f"n must be at least 1, got {n}")
        timer = Timer()
        usage_before = self.generator.usage()
        with timer.stage("summarize"):
            table = load(data, name)
            frame = table.frame  # the cleaned frame the Summary describes, and the one charts get
            summary = summarize_loaded(table)
        planned: list[tuple[Goal, CandidateChart]] | None = None
        with timer.stage("goals"):
            stats = table_stats(frame, summary)
            if not query and persona is None:  # offline: many questions pre-ranked, draco completes the best
                planned = self.generator.plan(summary, frame, stats, self.ranker, n)
            if planned is not None:
                goals = [goal for goal, _ in planned]
            else:  # a few spare goals: some candidates fail or duplicate others, and ranking wants choice
                goals = self.goals(summary, n=n if query else n + 2, persona=persona, query=query)
        candidates: list[CandidateChart] = []
        failures: list[Failure] = []
        with timer.stage("complete"):
            # The generator decides how: a whole-table plan offline, else goal by goal (offline goals in
            # turn; with an LLM all goals wait at once).
            outcomes: list[GoalCandidates] = (
                [[cand] for _, cand in planned] if planned is not None
                else self.generator.visualize_goals(summary, goals, per_goal)
            )  # fmt: skip
            for goal, outcome in zip(goals, outcomes, strict=True):
                if isinstance(outcome, Exception):
                    failures.append(Failure(goal=goal, reason=f"no chart for this goal: {outcome}"))
                    continue
                for cand in outcome:  # the LLM path marks code it could not get whole; don't run it
                    broken = [note for note in cand.notes if note.startswith("no usable code")]
                    if broken:
                        failures.append(Failure(goal=goal, reason=broken[0], code=cand.code))
                    else:
                        candidates.append(cand)
        with timer.stage("execute"):
            charts, exec_failures = self._execute_all(candidates, frame, summary)
            failures.extend(exec_failures)
        with timer.stage("rank"):
            # A question's interpretations keep their order (draco cost); otherwise the learned ranker
            # orders every chart, offline or from an LLM, by the same features.
            ranked = self.rank(charts, n=n, stats=None if query else stats)
            if self.generator.explains_for_free:  # with an LLM an explanation is a call, made on request
                for chart in ranked:
                    chart.explanation = self.explain(chart, summary)
        usage = None
        after = self.generator.usage()
        if after is not None and usage_before is not None:  # this run's share (exact unless runs overlap)
            usage = {k: after[k] - usage_before.get(k, 0) for k in after}
        return Run(
            summary=summary,
            goals=goals,
            charts=ranked,
            candidates=len(candidates),
            failures=failures,
            timings={**timer.seconds, "total": sum(timer.seconds.values())},
            llm_usage=usage,
        )

    # ---- internals -----------------------------------------------------------------------------
    def _frame(self, data: DataLike) -> pd.DataFrame:
        """The type-cleaned frame, as the Summary describes it (a text-number column becomes numbers)."""
        return load(data).frame

    def _repair(self, code: str, frame: pd.DataFrame, summary: Summary, render: str | None = None) -> RepairOutcome:
        return repair_and_run(
            code,
            frame,
            summary,
            self.sandbox,
            llm_repair=self.generator.code_repair,
            max_llm_attempts=self.max_llm_repairs,
            draco=self.draco,
            render=render,
        )

    def _execute_one(self, cand: CandidateChart, frame: pd.DataFrame, summary: Summary) -> Chart | Failure:
        outcome = self._repair(cand.code, frame, summary)
        attempts = outcome.records()
        if not outcome.ok or outcome.spec is None:
            return Failure(goal=cand.goal, reason=outcome.reason or "failed", code=outcome.code, attempts=attempts)
        return Chart(
            goal=cand.goal,
            code=outcome.code,
            spec=outcome.spec,
            source=cand.source,
            attempts=attempts,
            design=cand.spec,
            renderer=self.sandbox,
        )

    def score(self, charts: list[Chart], summary: Summary) -> None:
        """Set each chart's draco cost and its explanation, all in one solver run. A chart draco cannot
        read gets UNSCORED_COST (it ranks last) and the reason in its attempts."""
        if not charts:
            return
        from lida.repair.validate import chart_schema

        schemas = [chart_schema(c.spec, summary) for c in charts]
        tasks = [c.goal.intent.task for c in charts]
        scores: list[Score | None]
        try:
            scores = list(self.draco.cost([c.spec for c in charts], schemas, tasks))
        except DracoError:
            scores = [None] * len(charts)
            for i, chart in enumerate(charts):  # find the one(s) draco cannot read, score the rest
                try:
                    scores[i] = self.draco.cost([chart.spec], schemas[i], [tasks[i]])[0]
                except DracoError as exc:
                    chart.attempts.append(AttemptRecord(stage="score", ok=False, error=f"not scored: {exc}"))
        for chart, score in zip(charts, scores, strict=True):
            if score is None:
                chart.cost = UNSCORED_COST
                continue
            chart.cost = float(score.cost)
            chart.costs = self._costs(score.counts)

    def _costs(self, counts: dict[str, int]) -> list[Cost]:
        """The violated preferences behind a cost, in plain words, largest contribution first."""
        costs = []
        for name, count in counts.items():
            weight = self.draco.weights.get(name, 0)
            if count * weight > 0:
                doc = self.draco.kb.doc(name)
                costs.append(Cost(name=name, count=count, weight=weight, description=doc.description if doc else name))
        return sorted(costs, key=lambda c: (-c.contribution, c.name))


def _cost_of(chart: Chart) -> float:
    return chart.cost if chart.cost is not None else UNSCORED_COST
