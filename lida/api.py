"""The one Python API: `Lida(llm=None)` runs the whole pipeline, offline by default.

Each content stage goes to the `Generator` picked once in the constructor (lida.generator: offline rules
or an LLM); nothing here talks to the network unless an LLM was configured by the caller. Generated
code only ever runs in the sandbox.
"""

from __future__ import annotations

import contextvars
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

import pandas as pd

from draco import Draco, DracoError, Score
from lida.chart import AttemptRecord, Chart, Cost, origin_counts, valid_as_counts
from lida.errors import LidaError, LLMError
from lida.explore.match import key_of_spec
from lida.explore.ranker import REPEAT_GROUP, LinearRanker, pick
from lida.explore.stats import table_stats
from lida.generator import GOAL_ERRORS, Generator, GoalCandidates, OfflineGenerator, make_generator
from lida.model import CandidateChart, Evaluation, Explanation, Goal, Persona
from lida.offline.fields import nothing_to_draw
from lida.rank import rank as rank_items
from lida.repair.loop import repair_and_run
from lida.repair.model import RepairOutcome
from summarizer import Summary, load, summarize, summarize_loaded

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from typing import Any

    from lida.batch import BatchResult
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
    origin: str | None = None  # who wrote the code that failed (see Chart.origin)
    #: The plotting library the code was written for instead of Altair (see RepairOutcome.foreign): no
    #: repair can help, so the goal needs a new chart, e.g. from the offline path.
    foreign: str | None = None


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
    #: What the run did instead of failing, in plain words (e.g. the LLM's goals were unusable).
    notes: list[str] = field(default_factory=list)
    #: When there are no charts, why, in one line for the user (e.g. the table has a single row).
    note: str | None = None

    @property
    def origins(self) -> dict[str, int]:
        """How many of the returned charts came from each origin kind ({"llm": 3, "fallback": 2})."""
        return origin_counts([c.origin for c in self.charts])

    @property
    def valid_as(self) -> dict[str, int]:
        """How many returned charts were valid as first written, after deterministic fixes, after an LLM
        repair, or came from the offline fallback (see Chart.valid_as)."""
        return valid_as_counts(self.charts)


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
        strict_llm: bool = False,
        llm_timeout: float | None = None,
    ) -> None:
        self.ranker = ranker if ranker is not None else LinearRanker.load()  # what to show first (learned)
        self.draco = draco if draco is not None else Draco()
        #: Every content stage goes here; `generator=` overrides the choice `llm` makes.
        self.generator: Generator = (
            generator if generator is not None else make_generator(llm, self.draco, timeout=llm_timeout)
        )
        #: True: an LLM failure ends the run (fail fast) instead of falling back to the offline generator.
        self.strict_llm = strict_llm
        self._offline: Generator | None = None
        self.llm = self.generator.llm
        # What batch workers need to build the same thing on their side (a client holds a key and locks)
        self._llm_spec = llm if isinstance(llm, str) else None
        self._custom_generator = generator is not None
        self._llm_timeout = llm_timeout
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
        # Each task runs in a copy of this context, so LLM repairs count against this run's time budget.
        contexts = [contextvars.copy_context() for _ in candidates]
        with ThreadPoolExecutor(max_workers=self._sandbox_workers) as pool:
            outcomes = list(pool.map(lambda cc: cc[0].run(self._execute_one, cc[1], frame, summary),
                                     zip(contexts, candidates, strict=True)))  # fmt: skip
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
        """A new chart: the old one changed as the instructions say, executed (with repair) and scored.

        Offline, the new chart's `notes` say which words were applied and which were not; LidaError when
        the words change nothing or the edited chart cannot be drawn."""
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
        """Summary -> goals -> candidates -> execution and repair -> ranking, timed per stage.

        With an LLM (and strict_llm off) the model's failures degrade instead of ending the run: unusable
        goals give way to the offline goals, a goal whose code cannot be had (unusable, timed out, failed
        after its repairs) gets the offline generator's chart, and each chart's `origin` says which."""
        if n < 1:
            raise LidaError(f"n must be at least 1, got {n}")
        timer = Timer()
        usage_before = self.generator.usage()
        notes: list[str] = []
        with timer.stage("summarize"):
            table = load(data, name)
            frame = table.frame  # the cleaned frame the Summary describes, and the one charts get
            summary = summarize_loaded(table)
        empty = nothing_to_draw(summary)
        if empty is not None:  # a one-row or constant table: say so instead of asking for goals
            return Run(summary=summary, goals=[], charts=[], candidates=0, failures=[],
                       timings={**timer.seconds, "total": sum(timer.seconds.values())}, note=empty)
        fallback = self._fallback()
        with timer.stage("goals"):
            stats = table_stats(frame, summary)
        with self._llm_budget():
            goals, candidates, failures = self._candidates(
                summary, frame, stats, n, query, persona, per_goal, fallback, timer, notes
            )
            with timer.stage("execute"):
                charts, exec_failures = self._execute_all(candidates, frame, summary)
                if fallback is not None:  # LLM code that failed after its repairs: the offline chart instead
                    charts_fb, exec_failures = self._retry_offline(exec_failures, fallback, summary, frame)
                    charts.extend(charts_fb)
                failures.extend(exec_failures)
        with timer.stage("rank"):
            # A question's interpretations keep their order (draco cost); otherwise the learned ranker
            # orders every chart, offline or from an LLM, by the same features.
            ranked = self.rank(charts, n=n, stats=None if query else stats)
            if self.generator.explains_for_free:  # with an LLM an explanation is a call, made on request
                for chart in ranked:
                    chart.explanation = self.explain(chart, summary)
        return Run(
            summary=summary,
            goals=goals,
            charts=ranked,
            candidates=len(candidates),
            failures=failures,
            timings={**timer.seconds, "total": sum(timer.seconds.values())},
            llm_usage=self.usage_since(usage_before),
            notes=notes,
            note=None if ranked else _no_chart_note(goals, failures),
        )

    def usage_since(self, before: dict[str, int] | None) -> dict[str, int] | None:
        """The LLM counters spent since `before` (a `generator.usage()` snapshot); exact unless runs overlap.
        Also for a run that raised, so its report keeps what it spent."""
        after = self.generator.usage()
        if after is None:
            return None
        before = before or {}
        return {k: after[k] - before.get(k, 0) for k in after}

    def _fallback(self) -> Generator | None:
        """The generator that stands in when the LLM fails: offline, unless strict_llm or already offline."""
        if self.strict_llm or self.generator.llm is None:
            return None
        if self._offline is None:
            self._offline = OfflineGenerator(self.draco)
        return self._offline

    def _llm_budget(self) -> AbstractContextManager[object]:
        """The per-run time budget for LLM requests (retries and waits included); nothing offline."""
        return self.llm.run_budget() if self.llm is not None else nullcontext()

    def _candidates(
        self,
        summary: Summary,
        frame: pd.DataFrame,
        stats: TableStats,
        n: int,
        query: str | None,
        persona: Persona | str | None,
        per_goal: int,
        fallback: Generator | None,
        timer: Timer,
        notes: list[str],
    ) -> tuple[list[Goal], list[CandidateChart], list[Failure]]:
        """The goals and the candidate code to execute, each candidate with its origin."""
        own = "offline" if self.generator.llm is None else "llm"
        candidates: list[CandidateChart] = []
        failures: list[Failure] = []
        pool: list[tuple[Goal, CandidateChart]] = []
        with timer.stage("goals"):
            planned: list[tuple[Goal, CandidateChart]] | None = None
            if not query and persona is None:  # offline: many questions pre-ranked, draco completes the best
                planned = self.generator.plan(summary, frame, stats, self.ranker, n)
                if planned is None and fallback is not None:
                    # The LLM's goals join the offline candidate pool; one ranker orders them all.
                    pool = fallback.plan(summary, frame, stats, self.ranker, n) or []
            if planned is not None:
                goals = [goal for goal, _ in planned]
                for _, cand in planned:
                    cand.origin = cand.origin or own
                return goals, [cand for _, cand in planned], failures
            # a few spare goals: some candidates fail or duplicate others, and ranking wants choice
            want = n if query else n + 2
            goals_failed: str | None = None
            try:
                goals = self.goals(summary, n=want, persona=persona, query=query)
            except LLMError as exc:
                if fallback is None:
                    raise
                goals_failed = f"the LLM's goals are unusable ({exc})"
                goals = []
            pool_origin = "offline"
            if goals_failed is not None:
                pool_origin = f"fallback: {goals_failed}"
                if pool:
                    notes.append(f"{goals_failed}; the offline goals stand in")
                elif fallback is not None:
                    persona_obj = Persona(name=persona, rationale="") if isinstance(persona, str) else persona
                    offline_goals = fallback.goals(summary, want, persona=persona_obj, query=query)
                    notes.append(f"{goals_failed}; {len(offline_goals)} offline goal(s) stand in")
                    pool = [(g, c) for g, out in zip(offline_goals, fallback.visualize_goals(summary, offline_goals, 1),
                                                     strict=True) if not isinstance(out, Exception) for c in out]  # fmt: skip
            elif len(goals) < want and pool:
                notes.append(f"the LLM gave {len(goals)} usable goal(s) of {want}; the offline goals fill in")
        with timer.stage("complete"):
            # The generator decides how: goal by goal, offline in turn, with an LLM all goals wait at once.
            outcomes: list[GoalCandidates] = self.generator.visualize_goals(summary, goals, per_goal) if goals else []
            for goal, outcome in zip(goals, outcomes, strict=True):
                broken = [] if isinstance(outcome, Exception) else [
                    c for c in outcome if any(note.startswith("no usable code") for note in c.notes)]  # fmt: skip
                usable = [] if isinstance(outcome, Exception) else [c for c in outcome if c not in broken]
                for cand in usable:
                    cand.origin = cand.origin or own
                    candidates.append(cand)
                if usable:  # the goal has code to run; its broken extra candidates are still reported
                    failures.extend(Failure(goal=goal, reason=_broken_reason(c), code=c.code, origin=own) for c in broken)
                    continue
                if isinstance(outcome, Exception):
                    reason = f"no chart for this goal: {outcome}"
                else:
                    reason = _broken_reason(broken[0]) if broken else "no chart for this goal: no candidate came back"
                stand_in = self._offline_for(fallback, summary, goal, reason) if own == "llm" else None
                if stand_in:
                    candidates.extend(stand_in)
                else:
                    failures.append(Failure(goal=goal, reason=reason, code=None if not broken else broken[0].code,
                                            origin=own if broken else None))  # fmt: skip
            for goal, cand in pool:
                cand.origin = pool_origin
                candidates.append(cand)
                goals.append(goal)
        return goals, candidates, failures

    def _offline_for(
        self, fallback: Generator | None, summary: Summary, goal: Goal, reason: str
    ) -> list[CandidateChart]:
        """The offline generator's chart for an LLM goal the model could not chart; [] when it has none."""
        if fallback is None:
            return []
        try:
            cands = fallback.visualize(summary, goal, 1)
        except GOAL_ERRORS:
            return []
        for cand in cands:
            cand.origin = f"fallback: {reason}"
        return cands

    def _retry_offline(
        self, failures: list[Failure], fallback: Generator, summary: Summary, frame: pd.DataFrame
    ) -> tuple[list[Chart], list[Failure]]:
        """Offline charts for the LLM candidates that failed after their repairs; the failures that remain."""
        stand_ins: list[CandidateChart] = []
        remaining: list[Failure] = []
        for failure in failures:
            why = (f"the LLM wrote {failure.foreign} code, which no repair turns into Altair" if failure.foreign
                   else f"the LLM's code failed: {failure.reason}")
            cands = self._offline_for(fallback, summary, failure.goal, why) \
                if failure.origin in ("llm", "llm+repair") else []  # fmt: skip
            if cands:
                stand_ins.extend(cands)
            else:
                remaining.append(failure)
        if not stand_ins:
            return [], failures
        charts, still_failed = self._execute_all(stand_ins, frame, summary)
        return charts, remaining + still_failed

    def batch(
        self,
        inputs: Iterable[str],
        out: str | Path,
        n: int = 5,
        scheduler: str | None = None,
        *,
        query: str | None = None,
        force: bool = False,
        workers: int = 2,
        manifest: str | Path | None = None,
        formats: tuple[str, ...] = ("png", "svg"),
        llm_cache: str | None = None,
        llm_in_flight: int = 8,
        progress: Callable[[str, dict[str, Any] | None], None] | None = None,
        keep_warm: bool = False,
        keep_reports: bool = True,
    ) -> BatchResult:
        """`lida batch` from Python: charts for every input (paths, folders, globs, fsspec URLs, and a
        manifest file of URLs), one folder each under `out`, and the gallery.

        `scheduler` runs one task per table on a Dask cluster (`tcp://host:8786`, or `local[:N]` for a
        LocalCluster of N processes); without it, this machine's pool as in `lida batch`. The workers
        build their own Lida from this one's settings: the LLM spec string, or a custom (picklable)
        generator, which needs a scheduler. This instance's own sandbox is not used. `keep_warm` leaves
        the workers' warm Lida and sandbox on an attached cluster for the next batch with equal settings;
        `keep_reports=False` keeps only compact reports in the result (very long runs)."""
        from lida.batch import Settings, run_batch

        if n < 1:
            raise LidaError(f"n must be at least 1, got {n}")
        if self.llm is not None and self._llm_spec is None and not self._custom_generator:
            raise LidaError(
                "Lida.batch needs the LLM as a spec string (e.g. Lida(llm='openai:gpt-4o-mini')): "
                "each worker builds its own client from it"
            )
        settings = Settings(n=n, llm=self._llm_spec, query=query, formats=tuple(formats), strict_llm=self.strict_llm)
        return run_batch(
            inputs, out, settings, workers=workers, force=force, progress=progress,
            allow_weak_sandbox=self._allow_weak, scheduler=scheduler, manifest=manifest,
            llm_cache=llm_cache, llm_in_flight=llm_in_flight,
            generator=self.generator if self._custom_generator else None, keep_warm=keep_warm,
            keep_reports=keep_reports, llm_timeout=self._llm_timeout, lida_class=Lida,
        )  # fmt: skip

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
        origin = cand.origin or ("llm" if cand.source == "llm" else "offline")
        if origin == "llm" and _was_repaired(cand, attempts):
            origin = "llm+repair"
        if not outcome.ok or outcome.spec is None:
            return Failure(goal=cand.goal, reason=outcome.reason or "failed", code=outcome.code, attempts=attempts,
                           origin=origin, foreign=outcome.foreign)  # fmt: skip
        return Chart(
            origin=origin,
            goal=cand.goal,
            code=outcome.code,
            spec=outcome.spec,
            source=cand.source,
            attempts=attempts,
            design=cand.spec,
            notes=list(cand.notes),
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


def _broken_reason(cand: CandidateChart) -> str:
    return next((note for note in cand.notes if note.startswith("no usable code")), "no usable code")


def _was_repaired(cand: CandidateChart, attempts: list[AttemptRecord]) -> bool:
    """True when the model's code did not run as first written: generation fixed or re-asked it, or the
    sandbox loop repaired it."""
    fixed_in_generation = any(not note.startswith("edit:") for note in cand.notes)
    return fixed_in_generation or len(attempts) > 1 or any(a.repairs for a in attempts)


def _no_chart_note(goals: list[Goal], failures: list[Failure]) -> str:
    """Why a run that found something to draw still has no chart."""
    if not goals:
        return "no chart: no question about this table could be charted"
    if failures:
        return f"no chart: all {len(failures)} candidate(s) failed; the first: {failures[0].reason}"
    return f"no chart: none of the {len(goals)} question(s) gave a chart"


def _cost_of(chart: Chart) -> float:
    return chart.cost if chart.cost is not None else UNSCORED_COST
