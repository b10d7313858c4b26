"""vizsmith in the browser: upload a table or pick an example, get the charts worth looking at.

`make app` starts it on 127.0.0.1. Generated chart code never runs in this process: charts come out of
lida's sandbox, and code the user edits goes back through it. Work is cached (summaries and offline runs
by file content and settings, shared; LLM results per browser session, since they come from a user's
key), and each session keeps its own charts and edits in st.session_state.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import streamlit as st

from draco import Draco
from lida.api import Lida, Run
from lida.chart import Chart
from lida.errors import LidaError
from lida.llm import TextGenerator
from lida.model import CandidateChart, Goal
from lida.sandbox import Sandbox, layers
from lida.ui.data import UPLOAD_TYPES, Table, digest, example_bytes, examples, load_bytes
from lida.ui.present import (
    cost_badge,
    describe_error,
    downloads,
    fields_table,
    origin_label,
    origins_line,
    why_lines,
)
from lida.ui.settings import PROVIDERS, LLMSettings, build_generator

T = TypeVar("T")

NO_EXAMPLE = "(none)"
SANDBOX_TIMEOUT = 30.0  # seconds one chart's code may run
MAX_SESSION_RUNS = 6  # charts of older runs are dropped from a session's state after this many


# ---- shared, user-free resources ---------------------------------------------------------------
@dataclass
class Engine:
    """The sandbox workers and the knowledge base, shared by every session: neither holds user data
    between calls, and both are thread-safe (a run borrows an idle worker; Draco serialises its solver
    work). A Lida object per call carries the session's own LLM settings."""

    sandbox: Sandbox
    draco: Draco

    def lida(self, llm: TextGenerator | None = None) -> Lida:
        return Lida(llm, draco=self.draco, sandbox=self.sandbox, sandbox_workers=2)


def _close_engine(engine: Engine) -> None:
    engine.sandbox.close()


@st.cache_resource(show_spinner=False, on_release=_close_engine)
def shared_engine() -> Engine:
    return Engine(sandbox=Sandbox(workers=2, timeout=SANDBOX_TIMEOUT), draco=Draco())


@st.cache_data(show_spinner=False, max_entries=32)
def cached_table(name: str, data: bytes) -> Table:
    """Keyed by the file's name and bytes (hashed by Streamlit): equal uploads share the work."""
    return load_bytes(name, data)


@st.cache_data(show_spinner=False, max_entries=32)
def cached_offline_goals(name: str, data: bytes, n: int, persona: str, query: str) -> list[Goal]:
    summary = cached_table(name, data).summary
    return shared_engine().lida().goals(summary, n=n, persona=persona or None, query=query or None)


@st.cache_data(show_spinner=False, max_entries=16)
def cached_offline_run(name: str, data: bytes, n: int, persona: str, query: str) -> Run:
    table = cached_table(name, data)
    return (
        shared_engine()
        .lida()
        .run(table.frame, n=n, query=query or None, persona=persona or None, name=table.name)
    )


# ---- per-session state -------------------------------------------------------------------------
@dataclass
class Slot:
    """One chart in this session's gallery, with its earlier versions and the last action's outcome."""

    chart: Chart
    history: list[Chart] = field(default_factory=list)
    notice: tuple[str, str, str | None] | None = None  # (kind, message, details)
    version: int = 0


def session() -> Any:
    """This browser session's state (never shared between sessions)."""
    state = st.session_state
    state.setdefault("runs", {})  # run key -> Run
    state.setdefault("slots", {})  # run key -> list[Slot]
    state.setdefault("memo", {})  # LLM goals by key (per session: they come from the user's key)
    return state


@dataclass
class Pipeline:
    """This rerun's way to the Lida API: the Lida (and its Draco) is built on first use only."""

    engine: Engine
    llm: TextGenerator | None = None
    _lida: Lida | None = None

    @property
    def offline(self) -> bool:
        return self.llm is None

    def get(self) -> Lida:
        if self._lida is None:
            self._lida = self.engine.lida(self.llm)
        return self._lida


def session_lida(settings: LLMSettings) -> tuple[Pipeline, str | None]:
    """The pipeline for these settings and, when the LLM settings are unusable, why offline is used instead."""
    engine = shared_engine()
    if settings.offline:
        return Pipeline(engine), None
    state = session()
    cached = state.get("llm")
    if cached is None or cached[0] != settings.fingerprint():
        try:
            generator = build_generator(settings)
        except LidaError as exc:
            state["llm"] = None
            return Pipeline(engine), settings.redact(describe_error(exc)[0])
        state["llm"] = (settings.fingerprint(), generator)
    gen: TextGenerator = state["llm"][1]
    return Pipeline(engine, gen), None


# ---- errors ------------------------------------------------------------------------------------
def show_error(what: str, exc: BaseException, settings: LLMSettings) -> None:
    message, details = describe_error(exc)
    st.error(f"{what}: {settings.redact(message)}")
    if details:
        with st.expander("details"):
            st.text(settings.redact(details))


def guarded(what: str, settings: LLMSettings, fn: Callable[[], T]) -> T | None:
    """fn's result, or None after a one-line error on the page (never a traceback)."""
    try:
        return fn()
    except Exception as exc:  # every failure becomes a message; details go in an expander
        show_error(what, exc, settings)
        return None


# ---- sidebar -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Options:
    settings: LLMSettings
    n_goals: int
    n_charts: int
    persona: str


def sidebar() -> Options:
    sb = st.sidebar
    sb.header("Settings")
    with sb.form("llm-settings", border=False):
        provider = st.radio(
            "Language model",
            list(PROVIDERS),
            format_func=lambda p: PROVIDERS[p],
            key="llm_provider",
            help="Offline needs no network: goals, charts and explanations come from rules and draco.",
        )
        model = st.text_input("Model or Azure deployment", key="llm_model", placeholder="gpt-4o-mini")
        base_url = st.text_input(
            "Base URL (OpenAI-compatible only)", key="llm_base_url", placeholder="http://127.0.0.1:11434/v1"
        )
        endpoint = st.text_input("Azure endpoint (Azure only)", key="llm_azure_endpoint")
        api_key = st.text_input(
            "API key",
            type="password",
            key="llm_api_key",
            help="Kept in this browser session only: never written to disk, logged or shared. "
            "Blank: the server's OPENAI_API_KEY / AZURE_OPENAI_API_KEY, if set.",
        )
        st.form_submit_button("Apply")
    settings = LLMSettings(
        provider=provider or "offline",
        model=model or "",
        base_url=base_url or "",
        azure_endpoint=endpoint or "",
        api_key=api_key or "",
    )
    sb.caption(f"Using: {settings.label()}")
    sb.divider()
    n_goals = sb.slider("Goals", 1, 10, 5, key="n_goals")
    n_charts = sb.slider("Charts", 1, 10, 5, key="n_charts")
    persona = sb.text_input("Persona (optional)", key="persona", placeholder="e.g. a sales manager")
    return Options(settings=settings, n_goals=n_goals, n_charts=n_charts, persona=(persona or "").strip())


# ---- data --------------------------------------------------------------------------------------
def pick_data() -> tuple[str, bytes] | None:
    """The upload if there is one, else the chosen example."""
    left, right = st.columns([3, 2])
    upload = left.file_uploader("Upload a table", type=[*UPLOAD_TYPES, "jsonl"], key="upload")
    choice = right.selectbox("…or pick an example", [NO_EXAMPLE, *examples()], key="example")
    if upload is not None:
        return upload.name, upload.getvalue()
    if choice and choice != NO_EXAMPLE:
        return choice, example_bytes(choice)
    return None


def show_summary(table: Table) -> None:
    s = table.summary
    a, b, c = st.columns(3)
    a.metric("Rows", f"{s.rows:,}")
    b.metric("Columns", s.columns)
    c.metric("Missing values", f"{sum(f.missing for f in s.fields):,}")
    for note in s.notes:
        st.caption(note)
    st.dataframe(fields_table(s), hide_index=True)
    with st.expander("First rows"):
        st.dataframe(table.frame.head(50))


# ---- goals -------------------------------------------------------------------------------------
def get_goals(
    lida: Pipeline, source: tuple[str, bytes], table: Table, opts: Options, query: str
) -> list[Goal]:
    if lida.offline:
        return cached_offline_goals(source[0], source[1], opts.n_goals, opts.persona, query)
    memo = session()["memo"]
    key = ("goals", digest(source[1]), opts.n_goals, opts.persona, query, opts.settings.fingerprint())
    if key not in memo:
        with st.spinner("Asking the model for goals…"):
            memo[key] = lida.get().goals(
                table.summary, n=opts.n_goals, persona=opts.persona or None, query=query or None
            )
    goals: list[Goal] = memo[key]
    return goals


def _set_persona(name: str) -> None:
    st.session_state["persona"] = name


def show_goals(goals: list[Goal], lida: Pipeline, table: Table) -> None:
    for i, g in enumerate(goals, start=1):
        st.markdown(f"**{i}. {g.question}**  \n{g.visualization}")
        if g.rationale:
            st.caption(g.rationale)
    if lida.offline:
        personas = lida.get().personas(table.summary, 3)
        if personas:
            st.write("Look at it as:")
            row = st.container(horizontal=True, gap="small")
            for p in personas:
                row.button(
                    p.name, key=f"persona-{p.name}", help=p.rationale, on_click=_set_persona, args=(p.name,)
                )


# ---- charts ------------------------------------------------------------------------------------
def get_run(
    lida: Pipeline, source: tuple[str, bytes], table: Table, opts: Options, query: str, run_key: str
) -> tuple[Run, list[Slot]]:
    state = session()
    if run_key in state["slots"]:
        # The same status element on every rerun keeps the page's element tree stable, so the
        # browser keeps each expander's open/closed state on the right card.
        st.status(_made(state["runs"][run_key]), state="complete", expanded=False)
        return state["runs"][run_key], state["slots"][run_key]
    with st.status("Making charts: goals, chart code, sandbox runs, ranking…", expanded=False) as status:
        if lida.offline:
            run = cached_offline_run(source[0], source[1], opts.n_charts, opts.persona, query)
        else:
            run = lida.get().run(
                table.frame,
                n=opts.n_charts,
                query=query or None,
                persona=opts.persona or None,
                name=table.name,
            )
        status.update(label=_made(run), state="complete")
    for old in list(state["runs"])[: max(0, len(state["runs"]) - MAX_SESSION_RUNS + 1)]:
        state["runs"].pop(old, None)
        state["slots"].pop(old, None)
    state["runs"][run_key] = run
    state["slots"][run_key] = [Slot(chart=c) for c in run.charts]
    return run, state["slots"][run_key]


def _made(run: Run) -> str:
    return f"Made {len(run.charts)} charts in {run.timings.get('total', 0.0):.1f} s"


def _finish(lida: Pipeline, new: Chart, old: Chart, table: Table) -> Chart:
    """An edited chart keeps its place in the gallery and gets an explanation of what it now shows."""
    new.rank = old.rank
    if lida.offline:
        new.explanation = lida.get().explain(new, table.summary)
    return new


def rerun_code(lida: Pipeline, chart: Chart, code: str, table: Table) -> Chart:
    """The user's code through the sandbox and repair loop, scored like every other chart."""
    cand = CandidateChart(goal=chart.goal, code=code, source=chart.source)
    charts, failures = lida.get().execute([cand], table.frame, table.summary)
    if not charts:
        reason = failures[0].reason if failures else "no chart came out"
        raise LidaError(f"the code did not give a chart: {reason}")
    return _finish(lida, charts[0], chart, table)


def edit_chart(lida: Pipeline, chart: Chart, instruction: str, table: Table) -> Chart:
    new = lida.get().edit(chart, instruction, table.frame, table.summary)
    return _finish(lida, new, chart, table)


def act(slot: Slot, settings: LLMSettings, done: str, fn: Callable[[], Chart]) -> None:
    """Replace the slot's chart with fn's, keeping the old one for undo; record how it went, then rerun."""
    try:
        new = fn()
    except Exception as exc:  # shown on the card after the rerun
        message, details = describe_error(exc)
        slot.notice = ("error", settings.redact(message), settings.redact(details) if details else None)
    else:
        fixes = [r for a in new.attempts for r in a.repairs]
        slot.history.append(slot.chart)
        slot.chart = new
        slot.version += 1
        extra = f" (repaired: {'; '.join(fixes)})" if fixes else ""
        slot.notice = ("success", done + extra, None)
    st.rerun()


def show_card(
    slot: Slot, key: str, best: float | None, lida: Pipeline, table: Table, settings: LLMSettings
) -> None:
    chart = slot.chart
    with st.container(border=True):
        badge = cost_badge(chart, best)
        title, right = st.columns([4, 1])
        # the chart's own title is usually the question; the header says what kind of chart it is
        edited = " (edited)" if slot.history else ""
        title.markdown(f"**#{chart.rank}** · {chart.goal.visualization or chart.goal.question}{edited}")
        with right:
            st.badge(badge.label, color=badge.color, help=badge.help)  # type: ignore[arg-type]
        if slot.notice is not None:
            kind, message, details = slot.notice
            (st.success if kind == "success" else st.error)(message)
            if details:
                with st.expander("details"):
                    st.text(details)
            if kind == "success":  # an edit says which of its words it applied and which it could not
                for note in chart.notes:
                    (st.warning if note.startswith("not applied") else st.info)(note)
        origin = origin_label(chart)
        if origin is not None:  # with an LLM: did the model draw it, or the offline fallback (and why)?
            st.caption(settings.redact(origin))
        st.vega_lite_chart(spec=chart.spec, key=f"vl-{key}-{slot.version}")
        with st.expander("Why this rank", key=f"why-{key}"):
            st.markdown("\n".join(f"- {line}" for line in why_lines(chart)))
        with st.expander("Explanation", key=f"explain-box-{key}"):
            if chart.explanation is not None:
                st.markdown(f"{chart.explanation.what}\n\n{chart.explanation.how_to_read}")
                st.caption(f"Alt text: {chart.explanation.alt_text}")
            elif st.button("Explain this chart", key=f"explain-{key}"):
                exp = guarded(
                    "Could not explain the chart", settings, lambda: lida.get().explain(chart, table.summary)
                )
                if exp is not None:
                    chart.explanation = exp
                    st.rerun()
        with st.expander("Change it", key=f"change-{key}"):
            instruction = st.text_input(
                "Say what to change",
                key=f"edit-{key}-{slot.version}",
                placeholder="e.g. make it a bar chart sorted by value",
            )
            if st.button("Apply the change", key=f"apply-{key}") and instruction.strip():
                act(
                    slot,
                    settings,
                    f"Changed: {instruction.strip()}",
                    lambda: edit_chart(lida, chart, instruction.strip(), table),
                )
        with st.expander("Code", key=f"code-box-{key}"):
            code = st.text_area(
                "Altair code (runs in the sandbox)", chart.code, height=260, key=f"code-{key}-{slot.version}"
            )
            if st.button("Run this code", key=f"run-{key}"):
                act(
                    slot,
                    settings,
                    "Ran the edited code in the sandbox",
                    lambda: rerun_code(lida, chart, code, table),
                )
        row = st.container(horizontal=True, gap="small")  # flows and wraps, never truncates a label
        for d in downloads(chart, 0, renderer=lida.engine.sandbox):
            row.download_button(
                d.label,
                d.data,
                file_name=d.file_name,
                mime=d.mime,
                icon=":material/download:",
                key=f"dl-{d.label}-{key}-{slot.version}",
            )
        if slot.history and row.button("Undo", icon=":material/undo:", key=f"undo-{key}"):
            slot.chart = slot.history.pop()
            slot.version += 1
            slot.notice = ("success", "Back to the previous version", None)
            st.rerun()


def show_gallery(
    run: Run, slots: list[Slot], run_key: str, lida: Pipeline, table: Table, settings: LLMSettings
) -> None:
    if not slots:
        st.warning(run.note or "No chart came out of this data. See the dropped candidates below.")
    scored = [s.chart.cost for s in slots if s.chart.cost is not None]
    best = min(scored) if scored else None
    for row in range(0, len(slots), 2):  # one row of two cards at a time: reading order is rank order
        for col, i in zip(st.columns(2), range(row, min(row + 2, len(slots))), strict=False):
            with col:
                show_card(slots[i], f"{run_key}-{i}", best, lida, table, settings)
    t = run.timings
    stages = ", ".join(f"{k} {v:.1f} s" for k, v in t.items() if k != "total" and v >= 0.05)
    st.caption(
        f"{len(run.charts)} charts from {run.candidates} candidates in {t.get('total', 0.0):.1f} s ({stages})"
    )
    if run.llm_usage:
        st.caption("LLM usage: " + ", ".join(f"{k} {v:,}" for k, v in run.llm_usage.items()))
    origins = origins_line(run.origins)
    if origins is not None:
        st.caption("Charts: " + origins)
    for note in run.notes:  # what the run did instead of failing (e.g. the LLM's goals were unusable)
        st.info(settings.redact(note))
    if run.failures:
        with st.expander(f"{len(run.failures)} candidate(s) dropped"):
            for f in run.failures:
                st.markdown(f"- **{f.goal.question}**: {settings.redact(f.reason)}")


def warn_weak_sandbox() -> None:
    """Say so when Landlock or seccomp is missing: chart code is then stopped by in-process guards only,
    and runs only when the app was started with the opt-in."""
    missing = layers.detect().missing_kernel_layers()
    if not missing:
        return
    what = "; ".join(f"{layer.name} is off ({layer.detail})" for layer in missing)
    if layers.weak_allowed(None):
        tail = f"charts run with the in-process guards only ({layers.ALLOW_WEAK_ENV} is set)."
    else:
        tail = f"charts will not run unless the app is started with {layers.ALLOW_WEAK_ENV}=1."
    st.warning(f"Sandbox layer missing: {what}; {tail} Run `lida doctor` for details.")


# ---- page --------------------------------------------------------------------------------------
def main() -> None:
    st.set_page_config(page_title="vizsmith", page_icon="📊", layout="wide")
    opts = sidebar()
    st.title("vizsmith")
    st.caption(
        "Point it at a table: it returns the few charts worth looking at, ranked by design cost, with their code."
    )
    warn_weak_sandbox()
    got_lida = guarded("Could not start the chart engine", opts.settings, lambda: session_lida(opts.settings))
    if got_lida is None:
        return
    lida, llm_problem = got_lida
    if llm_problem:
        st.sidebar.error(llm_problem)
        st.warning(f"LLM settings not usable ({llm_problem}); showing offline results.")
    source = guarded("Could not open the example", opts.settings, pick_data)
    if source is None:
        st.info("Upload a table (CSV, TSV, JSON, Parquet or Excel) or pick an example to start.")
        return
    table = guarded("Could not read the table", opts.settings, lambda: cached_table(*source))
    if table is None:
        return
    query = (
        st.text_input(
            "Ask your own question", key="query", placeholder="e.g. how does price change over time?"
        )
        or ""
    ).strip()
    charts_tab, goals_tab, summary_tab = st.tabs(["Charts", "Goals", "Summary"], key="main-tabs")
    with summary_tab:
        show_summary(table)
    with goals_tab:
        goals = guarded(
            "Could not make goals", opts.settings, lambda: get_goals(lida, source, table, opts, query)
        )
        if goals is None and not lida.offline:
            # The charts fall back to the offline goals when the model fails; so does this tab.
            goals = guarded(
                "Could not make offline goals",
                opts.settings,
                lambda: cached_offline_goals(source[0], source[1], opts.n_goals, opts.persona, query),
            )
            if goals is not None:
                st.info("Offline goals instead of the model's:")
        if goals is not None:
            show_goals(goals, lida, table)
    with charts_tab:
        run_key = "|".join(
            (digest(source[1])[:20], str(opts.n_charts), opts.persona, query, opts.settings.fingerprint())
        )
        if not lida.offline and run_key not in session()["slots"]:
            # A run spends the user's tokens: it starts on request, not on every change of settings.
            st.write(f"Charts will come from {opts.settings.label()}.")
            if not st.button("Make charts", key="make-charts", type="primary"):
                return
        got = guarded(
            "Could not make charts", opts.settings, lambda: get_run(lida, source, table, opts, query, run_key)
        )
        if got is not None:
            show_gallery(got[0], got[1], run_key, lida, table, opts.settings)


main()
