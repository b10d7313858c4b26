"""The one Python API: `Lida(llm=None)` runs the whole pipeline, offline by default.

Each stage dispatches to lida.offline or lida.llm; nothing here talks to the network unless an LLM
was configured by the caller. Generated code only ever runs in the sandbox.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias, TypeVar

import pandas as pd

from draco import Draco, DracoError, Score
from lida.chart import AttemptRecord, Chart, Cost
from lida.errors import LidaError
from lida.explore.ranker import LinearRanker
from lida.model import CandidateChart, Evaluation, Explanation, Goal, Persona
from lida.rank import rank as rank_items
from summarizer import Summary, load, summarize, summarize_loaded

if TYPE_CHECKING:
    from lida.explore.stats import TableStats
    from lida.llm import TextGenerator
    from lida.repair import RepairOutcome
    from lida.sandbox import Sandbox

DataLike: TypeAlias = str | Path | pd.DataFrame
R = TypeVar("R")

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


def _resolve_llm(llm: TextGenerator | str | None) -> TextGenerator | None:
    if llm is None or not isinstance(llm, str):
        return llm
    from lida.llm import llm_from_spec

    return llm_from_spec(llm)


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
        ranker: LinearRanker | None = None,
    ) -> None:
        self.llm = _resolve_llm(llm)
        self.ranker = ranker if ranker is not None else LinearRanker.load()  # what to show first (learned)
        self.draco = draco if draco is not None else Draco()
        self._sandbox = sandbox
        self._owns_sandbox = sandbox is None
        self._sandbox_workers = sandbox_workers
        self._timeout = timeout
        self.max_llm_repairs = max_llm_repairs

    # ---- lifecycle -----------------------------------------------------------------------------
    @property
    def sandbox(self) -> Sandbox:
        if self._sandbox is None:
            from lida.sandbox import Sandbox

            self._sandbox = Sandbox(workers=self._sandbox_workers, timeout=self._timeout)
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
        if enrich:
            if self.llm is None:
                raise LidaError("enrich=True needs an LLM; configure one with Lida(llm=...)")
            from lida.llm import enrich as llm_enrich

            summary = llm_enrich(self.llm, summary)
        return summary

    def goals(
        self, summary: Summary, n: int = 5, persona: Persona | str | None = None, query: str | None = None
    ) -> list[Goal]:
        """n goals; with `query`, interpretations of that question (best first)."""
        persona_obj = Persona(name=persona, rationale="") if isinstance(persona, str) else persona
        if self.llm is not None:
            from lida.llm import goals as llm_goals

            return llm_goals(self.llm, summary, n, persona=persona_obj, query=query)
        if query:
            from lida.offline.question import interpret

            return interpret(summary, query, k=n)
        from lida.offline.goals import goals as offline_goals

        return offline_goals(summary, n, persona=persona_obj)

    def personas(self, summary: Summary, n: int = 3) -> list[Persona]:
        if self.llm is not None:
            from lida.llm import personas as llm_personas

            return llm_personas(self.llm, summary, n)
        from lida.offline.personas import personas as offline_personas

        return offline_personas(summary, n)

    def visualize(self, summary: Summary, goal: Goal, n: int = 1) -> list[CandidateChart]:
        """Candidate chart code for a goal (not yet executed)."""
        if self.llm is not None:
            from lida.llm import visualize as llm_visualize

            return llm_visualize(self.llm, summary, goal, n)
        from lida.offline.charts import visualize as offline_visualize

        return offline_visualize(summary, goal, n, draco=self.draco)

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
            from lida.explore.match import key_of_spec
            from lida.explore.ranker import pick

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
                          repeat_kind=0.25 * diversity / 0.6)
        for i, chart in enumerate(ranked, start=1):
            chart.rank = i
        return ranked

    def edit(self, chart: Chart, instructions: str, data: DataLike, summary: Summary | None = None) -> Chart:
        """A new chart: the old one changed as the instructions say, executed and scored."""
        summary = summary if summary is not None else summarize(self._frame(data))
        cand = chart.candidate()
        if self.llm is not None:
            from lida.llm import edit as llm_edit

            edited = llm_edit(self.llm, summary, cand, instructions)
        else:
            from lida.offline.edit import edit as offline_edit

            edited = offline_edit(summary, cand, instructions)
        result = self._execute_one(edited, self._frame(data), summary)
        if isinstance(result, Failure):
            raise LidaError(f"the edited chart failed: {result.reason}")
        self.score([result], summary)
        return result

    def explain(self, chart: Chart, summary: Summary) -> Explanation:
        cand = chart.candidate()
        if self.llm is not None:
            from lida.llm import explain as llm_explain

            return llm_explain(self.llm, summary, cand)
        from lida.offline.explain import explain as offline_explain

        return offline_explain(summary, cand, draco=self.draco)

    def evaluate(self, chart: Chart, summary: Summary) -> Evaluation:
        cand = chart.candidate()
        if self.llm is not None:
            from lida.llm import evaluate as llm_evaluate

            return llm_evaluate(self.llm, summary, cand)
        from lida.offline.evaluate import evaluate as offline_evaluate

        return offline_evaluate(summary, cand, draco=self.draco)

    def recommend(self, chart: Chart, data: DataLike, summary: Summary, n: int = 3) -> list[Chart]:
        """n related charts, executed, scored and ranked."""
        cand = chart.candidate()
        if self.llm is not None:
            from lida.llm import recommend as llm_recommend

            cands = llm_recommend(self.llm, summary, cand, n)
        else:
            from lida.offline.recommend import recommend as offline_recommend

            cands = offline_recommend(summary, cand, n, draco=self.draco)
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
        usage_before = self.llm.usage.snapshot() if self.llm is not None else None
        with timer.stage("summarize"):
            table = load(data, name)
            frame = table.frame  # the cleaned frame the Summary describes, and the one charts get
            summary = summarize_loaded(table)
        planned = None
        with timer.stage("goals"):
            from lida.explore.plan import plan
            from lida.explore.stats import table_stats

            stats = table_stats(frame, summary)
            if self.offline and not query and persona is None:
                # Many candidate questions, pre-ranked; draco completes the best; two spares in case some fail.
                _, planned = plan(summary, frame, self.draco, self.ranker, n, spare=2, stats=stats)
                goals = [p.candidate.goal(i) for i, p in enumerate(planned)]
            else:  # a few spare goals: some candidates fail or duplicate others, and ranking wants choice
                goals = self.goals(summary, n=n if query else n + 2, persona=persona, query=query)
        candidates: list[CandidateChart] = []
        failures: list[Failure] = []
        with timer.stage("complete"):
            # Offline, draco is CPU-bound: goals in turn. With an LLM each goal is a network call: all
            # goals wait at once through the async client (the generator bounds requests in flight).
            outcomes: list[list[CandidateChart] | Failure]
            if planned is not None:
                from lida.offline.charts import chart_from_spec

                outcomes = [[chart_from_spec(summary, g, p.spec)] for g, p in zip(goals, planned, strict=True)]
            elif self.offline:
                outcomes = [self._visualize_or_failure(summary, g, per_goal) for g in goals]
            else:
                outcomes = _run_async(self._avisualize_all(summary, goals))
            for goal, outcome in zip(goals, outcomes, strict=True):
                if isinstance(outcome, Failure):
                    failures.append(outcome)
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
            if self.offline:  # free offline; with an LLM an explanation is a call, made on request
                for chart in ranked:
                    chart.explanation = self.explain(chart, summary)
        usage = None
        if self.llm is not None and usage_before is not None:  # this run's share (exact unless runs overlap)
            after = self.llm.usage.snapshot()
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
    async def _avisualize_all(self, summary: Summary, goals: list[Goal]) -> list[list[CandidateChart] | Failure]:
        from lida.llm import avisualize, gather_bounded

        assert self.llm is not None
        llm = self.llm
        results = await gather_bounded(
            (avisualize(llm, summary, g, 1) for g in goals),
            limit=llm.config.max_concurrency,
            return_exceptions=True,
        )
        out: list[list[CandidateChart] | Failure] = []
        for goal, result in zip(goals, results, strict=True):
            if isinstance(result, LidaError | DracoError):
                out.append(Failure(goal=goal, reason=f"no chart for this goal: {result}"))
            elif isinstance(result, BaseException):
                raise result
            else:
                out.append(result)
        return out

    def _visualize_or_failure(self, summary: Summary, goal: Goal, n: int) -> list[CandidateChart] | Failure:
        try:
            return self.visualize(summary, goal, n=n)
        except (LidaError, DracoError) as exc:
            return Failure(goal=goal, reason=f"no chart for this goal: {exc}")

    def _frame(self, data: DataLike) -> pd.DataFrame:
        """The type-cleaned frame, as the Summary describes it (a text-number column becomes numbers)."""
        return load(data).frame

    def _repair(self, code: str, frame: pd.DataFrame, summary: Summary, render: str | None = None) -> RepairOutcome:
        from lida.repair import repair_and_run

        return repair_and_run(
            code,
            frame,
            summary,
            self.sandbox,
            llm=self.llm,
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


def _run_async(coro: Coroutine[Any, Any, R]) -> R:
    """Run a coroutine to its end from sync code, also when this thread already runs an event loop
    (Jupyter): then it runs on a fresh loop in a helper thread."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coro).result()


def _cost_of(chart: Chart) -> float:
    return chart.cost if chart.cost is not None else UNSCORED_COST
