"""One interface for the stages that make content: goals, personas, chart code, edits, explanations,
evaluations and recommendations.

`Lida` holds one `Generator` picked in its constructor: `OfflineGenerator` (rules plus the draco
knowledge base) or `LLMGenerator` (a language model). Both take the same arguments in the same order
(summary first, then what the stage works on, then how many), and mypy checks both against the
protocol, so the two paths cannot drift apart again.
"""

from __future__ import annotations

import asyncio
import contextvars
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Protocol, TypeVar

import pandas as pd

from draco import Draco, DracoError
from lida import llm as llm_stages
from lida import offline as offline_stages
from lida.errors import LidaError
from lida.explore.plan import plan as plan_table
from lida.explore.ranker import LinearRanker
from lida.explore.stats import TableStats
from lida.llm.client import TextGenerator, llm_from_spec
from lida.model import CandidateChart, Evaluation, Explanation, Goal, Persona
from lida.offline.charts import chart_from_spec
from lida.offline.question import interpret
from lida.repair.loop import CodeRepair
from summarizer.model import Summary

R = TypeVar("R")

#: The errors that mean "no chart for this goal" (the goal becomes a recorded failure, the run goes on).
GOAL_ERRORS: tuple[type[Exception], ...] = (LidaError, DracoError)

#: Per goal, its candidates, or the GOAL_ERRORS exception that stopped them.
GoalCandidates = list[CandidateChart] | Exception


class Generator(Protocol):
    """What `Lida` asks of a generator. Every stage takes the summary first."""

    #: The model behind the generator; None when it runs offline.
    llm: TextGenerator | None
    #: Explanations cost nothing, so a run explains every chart it returns (with an LLM they are a call each).
    explains_for_free: bool

    def goals(
        self, summary: Summary, n: int, persona: Persona | None = None, query: str | None = None
    ) -> list[Goal]:
        """Up to n goals; with `query`, readings of that question, best first."""
        ...

    def personas(self, summary: Summary, n: int) -> list[Persona]: ...

    def visualize(self, summary: Summary, goal: Goal, n: int) -> list[CandidateChart]:
        """Candidate chart code for one goal (not executed)."""
        ...

    def visualize_goals(self, summary: Summary, goals: list[Goal], n: int) -> list[GoalCandidates]:
        """Candidates for many goals, in the goals' order; a goal that gets none holds its error."""
        ...

    def plan(
        self, summary: Summary, frame: pd.DataFrame, stats: TableStats, ranker: LinearRanker, n: int
    ) -> list[tuple[Goal, CandidateChart]] | None:
        """The charts worth drawing for a whole table, best first, with spares: many candidate questions
        pre-ranked by `ranker`, only the best completed. None when this generator proposes goals instead."""
        ...

    def edit(self, summary: Summary, chart: CandidateChart, instructions: str) -> CandidateChart: ...

    def explain(self, summary: Summary, chart: CandidateChart) -> Explanation: ...

    def evaluate(self, summary: Summary, chart: CandidateChart) -> Evaluation: ...

    def recommend(self, summary: Summary, chart: CandidateChart, n: int) -> list[CandidateChart]: ...

    def enrich(self, summary: Summary) -> Summary:
        """The summary with better descriptions and semantic types; LidaError when this generator cannot."""
        ...

    @property
    def code_repair(self) -> CodeRepair | None:
        """The model's rewrite of failing chart code, for the repair loop; None when there is no model."""
        ...

    def usage(self) -> dict[str, int] | None:
        """The request and token counters so far (None offline), so a run can report its share."""
        ...


class OfflineGenerator:
    """Rules and the draco knowledge base; no network."""

    llm: TextGenerator | None = None
    explains_for_free = True

    def __init__(self, draco: Draco) -> None:
        self.draco = draco

    def goals(
        self, summary: Summary, n: int, persona: Persona | None = None, query: str | None = None
    ) -> list[Goal]:
        if query:
            return interpret(summary, query, k=n)
        return offline_stages.goals(summary, n, persona=persona)

    def personas(self, summary: Summary, n: int) -> list[Persona]:
        return offline_stages.personas(summary, n)

    def visualize(self, summary: Summary, goal: Goal, n: int) -> list[CandidateChart]:
        return offline_stages.visualize(summary, goal, n, draco=self.draco)

    def visualize_goals(self, summary: Summary, goals: list[Goal], n: int) -> list[GoalCandidates]:
        # draco is CPU-bound: goals in turn.
        out: list[GoalCandidates] = []
        for goal in goals:
            try:
                out.append(self.visualize(summary, goal, n))
            except GOAL_ERRORS as exc:
                out.append(exc)
        return out

    def plan(
        self, summary: Summary, frame: pd.DataFrame, stats: TableStats, ranker: LinearRanker, n: int
    ) -> list[tuple[Goal, CandidateChart]] | None:
        # Two spares: some candidates fail in the sandbox or turn out to duplicate another.
        _, planned = plan_table(summary, frame, self.draco, ranker, n, spare=2, stats=stats)
        goals = [p.candidate.goal(i) for i, p in enumerate(planned)]
        return [(g, chart_from_spec(summary, g, p.spec)) for g, p in zip(goals, planned, strict=True)]

    def edit(self, summary: Summary, chart: CandidateChart, instructions: str) -> CandidateChart:
        return offline_stages.edit(summary, chart, instructions, draco=self.draco)

    def explain(self, summary: Summary, chart: CandidateChart) -> Explanation:
        return offline_stages.explain(summary, chart, draco=self.draco)

    def evaluate(self, summary: Summary, chart: CandidateChart) -> Evaluation:
        return offline_stages.evaluate(summary, chart, draco=self.draco)

    def recommend(self, summary: Summary, chart: CandidateChart, n: int) -> list[CandidateChart]:
        return offline_stages.recommend(summary, chart, n, draco=self.draco)

    def enrich(self, summary: Summary) -> Summary:
        raise LidaError("enrich=True needs an LLM; configure one with Lida(llm=...)")

    @property
    def code_repair(self) -> CodeRepair | None:
        return None

    def usage(self) -> dict[str, int] | None:
        return None


class LLMGenerator:
    """A language model behind every stage; requests go only to the endpoint its client names."""

    explains_for_free = False

    def __init__(self, llm: TextGenerator) -> None:
        self.llm: TextGenerator | None = llm
        self._llm = llm

    @classmethod
    def from_spec(cls, spec: str, timeout: float | None = None) -> LLMGenerator:
        """From a spec such as `openai:gpt-4o-mini` (see lida.llm.client.parse_spec); `timeout` (seconds per
        request, every stage) overrides the stage defaults and LIDA_LLM_TIMEOUT."""
        return cls(llm_from_spec(spec, timeout=timeout))

    def goals(
        self, summary: Summary, n: int, persona: Persona | None = None, query: str | None = None
    ) -> list[Goal]:
        return llm_stages.goals(self._llm, summary, n, persona=persona, query=query)

    def personas(self, summary: Summary, n: int) -> list[Persona]:
        return llm_stages.personas(self._llm, summary, n)

    def visualize(self, summary: Summary, goal: Goal, n: int) -> list[CandidateChart]:
        return llm_stages.visualize(self._llm, summary, goal, n)

    def visualize_goals(self, summary: Summary, goals: list[Goal], n: int) -> list[GoalCandidates]:
        """One completion per goal, whatever n: each goal is a network call and all wait at once
        through the async client (bounded by the client's in-flight limit); spare goals give the
        ranker more choice than a second completion of the same prompt would."""
        return run_async(self._avisualize_goals(summary, goals))

    async def _avisualize_goals(self, summary: Summary, goals: list[Goal]) -> list[GoalCandidates]:
        llm = self._llm
        results = await llm_stages.gather_bounded(
            (llm_stages.avisualize(llm, summary, g, 1) for g in goals),
            limit=llm.config.in_flight(),
            return_exceptions=True,
        )
        out: list[GoalCandidates] = []
        for result in results:
            if isinstance(result, GOAL_ERRORS):
                out.append(result)
            elif isinstance(result, BaseException):
                raise result
            else:
                out.append(result)
        return out

    def plan(
        self, summary: Summary, frame: pd.DataFrame, stats: TableStats, ranker: LinearRanker, n: int
    ) -> list[tuple[Goal, CandidateChart]] | None:
        return None  # the model proposes goals; its charts are ranked by the same ranker afterwards

    def edit(self, summary: Summary, chart: CandidateChart, instructions: str) -> CandidateChart:
        return llm_stages.edit(self._llm, summary, chart, instructions)

    def explain(self, summary: Summary, chart: CandidateChart) -> Explanation:
        return llm_stages.explain(self._llm, summary, chart)

    def evaluate(self, summary: Summary, chart: CandidateChart) -> Evaluation:
        return llm_stages.evaluate(self._llm, summary, chart)

    def recommend(self, summary: Summary, chart: CandidateChart, n: int) -> list[CandidateChart]:
        return llm_stages.recommend(self._llm, summary, chart, n)

    def enrich(self, summary: Summary) -> Summary:
        return llm_stages.enrich(self._llm, summary)

    @property
    def code_repair(self) -> CodeRepair | None:
        return self._repair_code

    def _repair_code(self, summary: Summary, code: str, error: str) -> str:
        return llm_stages.repair_code(self._llm, summary, code, error)

    def usage(self) -> dict[str, int] | None:
        return self._llm.usage.snapshot()


def make_generator(llm: TextGenerator | str | None, draco: Draco, *, timeout: float | None = None) -> Generator:
    """The generator for a `Lida(llm=...)` argument: offline for None, else the model (a spec string
    such as `openai:gpt-4o-mini`, or a client). `timeout` applies to a spec; a client brings its own."""
    if llm is None:
        return OfflineGenerator(draco)
    if isinstance(llm, str):
        return LLMGenerator.from_spec(llm, timeout=timeout)
    if timeout is not None:
        raise LidaError("llm_timeout applies to an LLM spec string; set LLMConfig(timeout=...) on a client")
    return LLMGenerator(llm)


def run_async(coro: Coroutine[Any, Any, R]) -> R:
    """Run a coroutine to its end from sync code, also when this thread already runs an event loop
    (Jupyter): then it runs on a fresh loop in a helper thread."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    context = contextvars.copy_context()  # the run's LLM time budget follows into the helper thread
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(context.run, asyncio.run, coro).result()
