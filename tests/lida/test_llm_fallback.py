"""The LLM path degrades instead of dying: Lida.run with a model that fails in the ways real small models
and flaky servers fail (scripted server, real openai client, real sandbox). Charts still come back, each
saying whether the model or the offline fallback drew it, and why."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers.llm_server import Reply, ScriptedServer, chat_body

from lida.api import Lida
from lida.errors import LLMError
from lida.llm import LLMConfig, TextGenerator
from lida.llm.code import SCAFFOLD

pytestmark = pytest.mark.slow  # starts sandbox workers (run the quick tests with -m 'not slow')

CARS = Path(__file__).resolve().parents[2] / "lida" / "examples" / "cars.json"

PLACEHOLDER_GOALS = {"goals": [{"question": "<the question, one sentence>", "visualization": "<the chart>",
                                "rationale": "<why>", "fields": ["<exact column name>"]}]}  # fmt: skip


def _goal(question: str, fields: list[str], mark: str) -> dict:
    return {"question": question, "visualization": question, "rationale": "r", "fields": fields, "chart": {"mark": mark}}


GOALS = {"goals": [
    _goal("How does Horsepower relate to Miles_per_Gallon?", ["Horsepower", "Miles_per_Gallon"], "point"),
    _goal("How many cars come from each Origin?", ["Origin"], "bar"),
    _goal("What is the mean Weight_in_lbs per Cylinders?", ["Cylinders", "Weight_in_lbs"], "bar"),
]}  # fmt: skip


def _code(body: str) -> str:
    return f"```python\nimport altair as alt\nimport pandas as pd\n\n\ndef plot(data: pd.DataFrame) -> alt.Chart:\n{body}\n```"


GOOD = _code("    return alt.Chart(data).mark_bar().encode(x='Origin:N', y='count():Q')")
TICKS = _code("    return alt.Chart(data).mark_tick().encode(x='Acceleration:Q', y='Origin:N')")  # no fallback draws this
CUT_OFF = _code("    chart = alt.Chart(data).mark_point().encode(\n" * 30 + "        x=alt.X('Horse")


@pytest.fixture(scope="module")
def sandbox() -> Iterator[object]:
    from lida.sandbox import Sandbox

    box = Sandbox(workers=2)
    try:
        yield box
    finally:
        box.close()


def make_llm(server: ScriptedServer, tmp_path: Path, **kw) -> TextGenerator:
    cfg = {"provider": "openai-compatible", "base_url": server.url, "api_key": "k", "model": "test-model",
           "timeout": 2.0, "max_retries": 0, "cache_path": tmp_path / "c.sqlite", **kw}  # fmt: skip
    return TextGenerator(LLMConfig(**cfg))


def test_placeholder_goals_fall_back_to_the_offline_goals(llm_server, tmp_path, sandbox):
    llm_server.reply_json(PLACEHOLDER_GOALS)
    llm_server.reply_json(PLACEHOLDER_GOALS)  # asked again once: the same echo
    lida = Lida(llm=make_llm(llm_server, tmp_path), sandbox=sandbox, sandbox_workers=2)
    run = lida.run(CARS, n=3)
    assert len(run.charts) == 3 and llm_server.unscripted == 0 and len(llm_server.requests) == 2
    assert all(c.origin and c.origin.startswith("fallback: the LLM's goals are unusable") for c in run.charts)
    assert run.origins == {"fallback": 3}
    assert run.notes and "repeated the prompt" in run.notes[0] and "offline goals stand in" in run.notes[0]
    assert run.llm_usage is not None and run.llm_usage["calls"] == 2


def test_strict_llm_fails_fast(llm_server, tmp_path, sandbox):
    llm_server.reply_json(PLACEHOLDER_GOALS)
    llm_server.reply_json(PLACEHOLDER_GOALS)
    lida = Lida(llm=make_llm(llm_server, tmp_path), sandbox=sandbox, strict_llm=True)
    with pytest.raises(LLMError, match="repeated the prompt"):
        lida.run(CARS, n=3)


def test_unusable_code_falls_back_per_goal_and_every_request_has_max_tokens(llm_server, tmp_path, sandbox):
    # a query run: the LLM's goals only (no offline pool), so each goal's chart is easy to follow
    llm_server.reply_json(GOALS)
    # three code requests go out together, then the re-asks of the unusable answers. Replies are handed
    # out in arrival order, so which goal gets which is not fixed: the good answer may even go to a
    # re-ask. Whatever the order, one goal ends with the model's chart and two with no usable code
    # (the scaffold echoed, an answer cut off at the token limit), so the offline generator draws those.
    bad = [Reply(body=chat_body(f"```python\n{SCAFFOLD}```")), Reply(body=chat_body(CUT_OFF, finish="length"))]
    llm_server.queue(*bad, Reply(body=chat_body(TICKS)), *bad, bad[0])
    lida = Lida(llm=make_llm(llm_server, tmp_path, max_concurrency=3), sandbox=sandbox, max_llm_repairs=0)
    run = lida.run(CARS, n=3, query="cars by origin, horsepower and weight")
    assert llm_server.unscripted == 0
    assert len(run.charts) == 3, run.failures
    origins = sorted(c.origin or "" for c in run.charts)
    fallbacks = [o for o in origins if o.startswith("fallback: no usable code")]
    assert len(fallbacks) == 2 and (origins.count("llm") + origins.count("llm+repair")) == 1, origins
    assert run.valid_as.get("fallback") == 2 and run.valid_as.get("first", 0) + run.valid_as.get("llm_repair", 0) == 1
    for body in llm_server.bodies:
        assert isinstance(body.get("max_tokens"), int) and body["max_tokens"] > 0 and body.get("stop"), body.keys()


def test_code_that_fails_after_its_repairs_gets_the_offline_chart(llm_server, tmp_path, sandbox):
    llm_server.reply_json({"goals": [GOALS["goals"][1]]})
    broken = _code("    return alt.Chart(data).mark_bar().encode(x=data['No_such'].name, y='count():Q')")
    llm_server.reply_text(broken)
    llm_server.reply_text(broken)  # the one LLM repair gives the same code back
    lida = Lida(llm=make_llm(llm_server, tmp_path), sandbox=sandbox, max_llm_repairs=1)
    run = lida.run(CARS, n=1, query="how many cars per origin")
    assert llm_server.unscripted == 0
    [chart] = run.charts
    assert chart.origin is not None and chart.origin.startswith("fallback: the LLM's code failed")
    assert chart.goal.question == "How many cars come from each Origin?" and not run.failures


def test_an_llm_that_times_out_still_gives_charts(llm_server, tmp_path, sandbox):
    for _ in range(3):
        llm_server.queue(Reply(body=chat_body(json.dumps(GOALS)), delay=1.5))
    lida = Lida(llm=make_llm(llm_server, tmp_path, timeout=0.4, max_retries=1, backoff_base=0.01), sandbox=sandbox)
    run = lida.run(CARS, n=2)
    assert len(run.charts) == 2 and run.origins == {"fallback": 2}
    assert "goals request timed out after 0.4s (2 attempt(s))" in run.notes[0]
    assert "--llm-timeout" in run.notes[0]
    assert run.llm_usage is not None and run.llm_usage["calls"] == 2 and run.llm_usage["retries"] == 1


def test_llm_goals_join_the_offline_pool_and_one_ranker_orders_them(llm_server, tmp_path, sandbox):
    llm_server.reply_json(GOALS)
    for _ in range(3):
        llm_server.reply_text(GOOD)
    lida = Lida(llm=make_llm(llm_server, tmp_path), sandbox=sandbox)
    run = lida.run(CARS, n=4)
    assert run.candidates == 3 + 6  # three from the model, n + 2 planned offline
    assert len(run.charts) == 4 and all(c.score is not None for c in run.charts)
    assert set(run.origins) <= {"llm", "offline"}
    assert run.notes == ["the LLM gave 3 usable goal(s) of 6; the offline goals fill in"]


def test_lida_charts_out_writes_report_json_with_origins(llm_server, tmp_path, monkeypatch):
    from lida.cli import main

    llm_server.reply_json(PLACEHOLDER_GOALS)
    llm_server.reply_json(PLACEHOLDER_GOALS)
    out = tmp_path / "out"
    code = main(["charts", str(CARS), "-n", "2", "--out", str(out), "--llm-timeout", "2",
                 "--llm", f"openai-compatible:{llm_server.url}:test-model"])  # fmt: skip
    assert code == 0
    report = json.loads((out / "report.json").read_text())
    assert report["status"] == "ok" and report["origins"] == {"fallback": 2}
    assert [c["origin"].split(":")[0] for c in report["charts"]] == ["fallback", "fallback"]
    assert report["llm"]["calls"] == 2 and report["notes"] and report["valid_as"] == {"fallback": 2}
    assert (out / "01.vl.json").exists() and (out / "charts.json").exists()


def test_a_failed_run_keeps_its_llm_usage_in_the_report(llm_server, tmp_path, capsys):
    from lida.cli import main

    llm_server.reply_json(PLACEHOLDER_GOALS)
    llm_server.reply_json(PLACEHOLDER_GOALS)
    out = tmp_path / "out"
    code = main(["charts", str(CARS), "--out", str(out), "--strict-llm",
                 "--llm", f"openai-compatible:{llm_server.url}:test-model"])  # fmt: skip
    assert code == 2 and "repeated the prompt" in capsys.readouterr().err
    report = json.loads((out / "report.json").read_text())
    assert report["status"] == "failed" and "repeated the prompt" in report["error"]
    assert report["llm"]["calls"] == 2 and report["llm"]["failures"] >= 1


def test_an_unreachable_llm_still_gives_charts(tmp_path, sandbox, monkeypatch):
    import socket

    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    llm = TextGenerator(LLMConfig(provider="openai-compatible", base_url=f"http://127.0.0.1:{port}/v1", api_key="k",
                                  model="m", timeout=1.0, max_retries=1, backoff_base=0.01,
                                  cache_path=tmp_path / "c.sqlite"))  # fmt: skip
    run = Lida(llm=llm, sandbox=sandbox).run(CARS, n=2)
    assert len(run.charts) == 2 and run.origins == {"fallback": 2}
    assert "failed after 2 attempt(s)" in run.notes[0] and "Connection error" in run.notes[0]
