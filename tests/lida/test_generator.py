"""The Generator protocol: both implementations take the same arguments, and Lida goes only through it."""

from __future__ import annotations

import inspect
from pathlib import Path

import pandas as pd
import pytest

from draco import Draco
from lida.api import Lida
from lida.errors import LidaError
from lida.explore.ranker import LinearRanker
from lida.explore.stats import TableStats
from lida.generator import Generator, LLMGenerator, OfflineGenerator, make_generator
from lida.llm import LLMConfig, TextGenerator
from lida.model import CandidateChart, Evaluation, Explanation, Goal, Persona
from summarizer import Summary, summarize

pytestmark = pytest.mark.slow  # starts sandbox workers (run the quick tests with -m 'not slow')

CARS = Path(__file__).resolve().parents[2] / "examples" / "cars.json"

STAGES = [
    name
    for name, member in vars(Generator).items()
    if not name.startswith("_") and (inspect.isfunction(member) or isinstance(member, property))
]


def _client() -> TextGenerator:
    # Never called in these tests: the port is closed, so a stray request fails instead of leaving the machine.
    return TextGenerator(LLMConfig(provider="openai-compatible", base_url="http://127.0.0.1:9/v1", api_key="k",
                                   model="m", max_retries=0, cache_path=None))


def test_protocol_covers_every_stage():
    assert {"goals", "personas", "visualize", "visualize_goals", "edit", "explain", "evaluate", "recommend",
            "enrich", "code_repair", "usage"} <= set(STAGES)


@pytest.mark.parametrize("impl", [OfflineGenerator, LLMGenerator])
@pytest.mark.parametrize("stage", [s for s in STAGES if inspect.isfunction(vars(Generator)[s])])
def test_both_implementations_take_the_protocols_arguments(impl, stage):
    """The same parameter names in the same order (mypy checks the types; this catches a reorder)."""
    want = list(inspect.signature(vars(Generator)[stage]).parameters)
    got = list(inspect.signature(getattr(impl, stage)).parameters)
    assert got == want, f"{impl.__name__}.{stage}{got} != Generator.{stage}{want}"


def test_make_generator_picks_by_llm_argument():
    draco = Draco()
    offline = make_generator(None, draco)
    assert isinstance(offline, OfflineGenerator) and offline.llm is None and offline.code_repair is None
    client = _client()
    online = make_generator(client, draco)
    assert isinstance(online, LLMGenerator) and online.llm is client and online.code_repair is not None
    assert online.usage() == client.usage.snapshot() and offline.usage() is None


def test_offline_enrich_is_a_clear_error():
    with Lida() as lida, pytest.raises(LidaError, match="needs an LLM"):
        lida.summarize(CARS, enrich=True)


class Recording:
    """A generator that records the calls it gets and answers from the offline one."""

    def __init__(self, inner: OfflineGenerator, plans: bool = False) -> None:
        self.inner = inner
        self.plans = plans  # False: answer None to plan(), so a run goes goal by goal
        self.llm = None
        self.explains_for_free = True
        self.calls: list[str] = []

    def goals(self, summary: Summary, n: int, persona: Persona | None = None, query: str | None = None) -> list[Goal]:
        self.calls.append("goals")
        return self.inner.goals(summary, n, persona, query)

    def personas(self, summary: Summary, n: int) -> list[Persona]:
        self.calls.append("personas")
        return self.inner.personas(summary, n)

    def visualize(self, summary: Summary, goal: Goal, n: int) -> list[CandidateChart]:
        self.calls.append("visualize")
        return self.inner.visualize(summary, goal, n)

    def visualize_goals(self, summary: Summary, goals: list[Goal], n: int) -> list[list[CandidateChart] | Exception]:
        self.calls.append("visualize_goals")
        out: list[list[CandidateChart] | Exception] = [LidaError("refused by the test")]
        return out + self.inner.visualize_goals(summary, goals[1:], n)

    def plan(
        self, summary: Summary, frame: pd.DataFrame, stats: TableStats, ranker: LinearRanker, n: int
    ) -> list[tuple[Goal, CandidateChart]] | None:
        self.calls.append("plan")
        return self.inner.plan(summary, frame, stats, ranker, n) if self.plans else None

    def edit(self, summary: Summary, chart: CandidateChart, instructions: str) -> CandidateChart:
        self.calls.append("edit")
        return self.inner.edit(summary, chart, instructions)

    def explain(self, summary: Summary, chart: CandidateChart) -> Explanation:
        self.calls.append("explain")
        return self.inner.explain(summary, chart)

    def evaluate(self, summary: Summary, chart: CandidateChart) -> Evaluation:
        self.calls.append("evaluate")
        return self.inner.evaluate(summary, chart)

    def recommend(self, summary: Summary, chart: CandidateChart, n: int) -> list[CandidateChart]:
        self.calls.append("recommend")
        return self.inner.recommend(summary, chart, n)

    def enrich(self, summary: Summary) -> Summary:
        self.calls.append("enrich")
        return summary

    @property
    def code_repair(self) -> None:
        return None

    def usage(self) -> None:
        return None


def test_lida_goes_only_through_its_generator():
    draco = Draco()
    gen = Recording(OfflineGenerator(draco))
    with Lida(draco=draco, generator=gen) as lida:
        assert lida.generator is gen and lida.offline
        summary = summarize(CARS)
        lida.summarize(CARS, enrich=True)
        lida.personas(summary, 2)
        run = lida.run(CARS, n=2)
        # the first goal's error became a recorded failure; the others became charts
        assert any("refused by the test" in f.reason for f in run.failures)
        assert run.charts
        chart = run.charts[0]
        lida.evaluate(chart, summary)
    assert gen.calls[:5] == ["enrich", "personas", "plan", "goals", "visualize_goals"]
    assert "explain" in gen.calls and gen.calls[-1] == "evaluate"


def test_a_whole_table_plan_replaces_goal_by_goal():
    draco = Draco()
    gen = Recording(OfflineGenerator(draco), plans=True)
    with Lida(draco=draco, generator=gen) as lida:
        run = lida.run(CARS, n=3)
    assert gen.calls[0] == "plan" and "goals" not in gen.calls and "visualize_goals" not in gen.calls
    assert 1 <= len(run.charts) <= 3 and all(c.score is not None for c in run.charts)
