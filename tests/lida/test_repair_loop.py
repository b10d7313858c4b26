"""The repair loop end to end: every attempt recorded, every candidate ends as a chart or a reason."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.llm_server import ScriptedServer
from helpers.repair_helpers import cars, open_sandbox, years

from draco import Draco
from lida.errors import LidaError, SandboxError
from lida.generator import LLMGenerator
from lida.llm import LLMConfig, TextGenerator
from lida.repair.loop import RepairLoop, repair_and_run
from summarizer import summarize

pytestmark = pytest.mark.slow  # starts sandbox workers (run the quick tests with -m 'not slow')

CARS = cars()

GOOD = 'import altair as alt\n\ndef plot(data):\n    return alt.Chart(data).mark_bar().encode(x="Origin:N", y="mean(Horsepower):Q")\n'
WRONG_CASE = GOOD.replace('"Origin:N"', '"origin:N"')
HOPELESS = 'import altair as alt\n\ndef plot(data):\n    return alt.Chart(data).mark_bar().encode(x="Origin:N", y="mean(price):Q")\n'


@pytest.fixture(scope="module")
def box():
    with open_sandbox() as runner:
        yield runner


@pytest.fixture(scope="module")
def draco() -> Draco:
    return Draco()


def test_good_code_runs_once(box, draco):
    out = repair_and_run(GOOD, CARS, None, box, draco=draco)
    assert out.ok and out.reason is None
    assert [a.stage for a in out.attempts] == ["initial"]
    assert out.repairs == [] and out.code == GOOD


def test_wrong_case_field_runs_but_is_repaired(box, draco):
    out = repair_and_run(WRONG_CASE, CARS, None, box, draco=draco)
    assert out.ok
    assert [a.stage for a in out.attempts] == ["initial", "deterministic"]
    first = out.attempts[0]
    assert first.ran and not first.ok and "origin" in (first.error or "")  # it ran, but validation failed
    assert [r.kind for r in out.repairs] == ["field-name"]
    assert out.spec["encoding"]["x"]["field"] == "Origin"
    assert '"Origin:N"' in out.code


def test_1970_dates_are_repaired(box, draco):
    code = 'import altair as alt\n\ndef plot(data):\n    return alt.Chart(data).mark_line().encode(x="Year:T", y="Sales:Q")\n'
    out = repair_and_run(code, years(), None, box, draco=draco)
    assert out.ok, out.reason
    assert "epoch-dates" in {i.kind for i in out.attempts[0].issues}
    assert "dates" in {r.kind for r in out.repairs}
    assert str(out.spec["datasets"][out.spec["data"]["name"]][0]["Year"]).startswith("2001-01-01")


def test_spec_stage_fixes_a_bar_without_zero(box, draco):
    code = GOOD.replace('y="mean(Horsepower):Q"', 'y=alt.Y("mean(Horsepower):Q", scale=alt.Scale(zero=False))')
    out = repair_and_run(code, CARS, None, box, draco=draco)
    assert out.ok and out.spec_edited
    assert [a.stage for a in out.attempts] == ["initial", "spec"]
    assert out.code == code  # the code is what ran; the spec edit is recorded
    assert out.spec["encoding"]["y"]["scale"]["zero"] is True
    assert [r.kind for r in out.repairs] == ["spec:zero-baseline"]


def test_hopeless_code_without_llm_is_a_recorded_failure(box, draco):
    out = repair_and_run(HOPELESS, CARS, None, box, draco=draco)
    assert not out.ok and out.spec is None
    assert "price" in (out.reason or "")
    assert out.attempts and out.attempts[0].stage == "initial"


def test_syntax_garbage_is_a_recorded_failure(box):
    out = repair_and_run("def plot(data:\n    return ???", CARS, None, box)
    assert not out.ok and out.reason and "attempt" in out.reason


def test_sandbox_failure_is_recorded_not_raised():
    class Broken:
        def run(self, code, data, render=None):
            raise SandboxError("worker died")

    out = repair_and_run(GOOD, CARS, None, Broken())
    assert not out.ok and "worker died" in (out.reason or "")


def test_model_rewrite_is_any_injected_function(box, draco):
    """The loop takes the LLM rewrite as a function: no model, no lida.llm, just (summary, code, error)."""
    seen: list[tuple[str, str]] = []

    def rewrite(summary, code, error):
        seen.append((code, error))
        if len(seen) == 1:
            raise LidaError("nothing usable this time")
        return GOOD

    out = RepairLoop(box, llm_repair=rewrite, max_llm_attempts=2, draco=draco).run(HOPELESS, CARS, summarize(CARS))
    assert out.ok, out.reason
    assert [a.stage for a in out.attempts][-1] == "llm" and out.code == GOOD
    assert len(seen) == 2 and seen[0][0] == HOPELESS and "price" in seen[0][1]


# ---- with an LLM (the scripted local server) --------------------------------------------------


@pytest.fixture
def llm(llm_server: ScriptedServer, tmp_path: Path) -> TextGenerator:
    return TextGenerator(LLMConfig(provider="openai-compatible", base_url=llm_server.url, api_key="k", model="test-model",
                                   timeout=2.0, max_retries=1, backoff_base=0.01, backoff_max=0.02,
                                   cache_path=tmp_path / "c.sqlite"))


def _fenced(code: str) -> str:
    return f"Here is the fix:\n```python\n{code}```\n"


def test_llm_repairs_what_deterministic_cannot(box, draco, llm, llm_server):
    llm_server.reply_text(_fenced(GOOD))
    out = repair_and_run(HOPELESS, CARS, summarize(CARS), box, llm_repair=LLMGenerator(llm).code_repair, draco=draco)
    assert out.ok, out.reason
    assert out.attempts[-1].stage == "llm"
    assert len(llm_server.requests) == 1
    prompt = llm_server.prompt_of(0)
    assert "price" in prompt and "mean(price)" in prompt  # the error and the code went in
    assert "llm" in {r.kind for r in out.repairs}


def test_llm_stops_after_max_attempts(box, draco, llm, llm_server):
    llm_server.reply_text(_fenced(HOPELESS))
    llm_server.reply_text(_fenced(HOPELESS.replace("price", "cost")))
    out = RepairLoop(box, llm_repair=LLMGenerator(llm).code_repair, max_llm_attempts=2, draco=draco).run(HOPELESS, CARS, summarize(CARS))
    assert not out.ok
    assert [a.stage for a in out.attempts].count("llm") == 2
    assert len(llm_server.requests) == 2
    assert "cost" in (out.reason or "")


def test_unusable_llm_answer_is_noted(box, llm, llm_server):
    llm_server.reply_text("I cannot help with that.")
    out = RepairLoop(box, llm_repair=LLMGenerator(llm).code_repair, max_llm_attempts=1).run(HOPELESS, CARS, summarize(CARS))
    assert not out.ok and "LLM repair attempt 1" in (out.reason or "")
