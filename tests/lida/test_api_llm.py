"""The LLM path through Lida end to end, against the scripted local server with the real openai client:
goals from the LLM, code from the LLM, executed in the sandbox, repaired, scored, ranked."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.llm_server import Reply, ScriptedServer, chat_body

from lida.api import Lida
from lida.llm import LLMConfig, TextGenerator

pytestmark = pytest.mark.slow  # starts sandbox workers (run the quick tests with -m 'not slow')

CARS = Path(__file__).resolve().parents[2] / "lida" / "examples" / "cars.json"


def _code(body: str) -> str:
    return f"```python\nimport altair as alt\nimport pandas as pd\n\n\ndef plot(data: pd.DataFrame) -> alt.Chart:\n{body}\n```"


GOALS = {
    "goals": [
        {
            "question": "How does horsepower relate to fuel economy?",
            "visualization": "scatter of Horsepower vs Miles_per_Gallon",
            "rationale": "trade-off",
            "fields": ["Horsepower", "Miles_per_Gallon"],
            "chart": {"mark": "point"},
        },
        {
            "question": "How many cars come from each origin?",
            "visualization": "bar chart of counts by Origin",
            "rationale": "balance",
            "fields": ["Origin"],
            "chart": {"mark": "bar"},
        },
        {
            "question": "What is the average weight per cylinder count?",
            "visualization": "bar chart of mean Weight_in_lbs by Cylinders",
            "rationale": "heavier engines",
            "fields": ["Cylinders", "Weight_in_lbs"],
            "chart": {"mark": "bar"},
        },
    ]
}

# Every goal gets one of these answers (the calls run side by side, so which goal gets which is not fixed).
CODES = [
    _code("    return alt.Chart(data).mark_point().encode(x='horsepower:Q', y='Miles_per_Gallon:Q')"),  # wrong case
    _code("    return alt.Chart(data).mark_bar().encode(x='Origin:N', y='count():Q')"),
    _code("    chart = alt.Chart(data).mark_bar().encode(x='Cylinders:O', y='mean(Weight_in_lbs):Q')"),  # no return
]


def test_llm_run_goals_code_sandbox_repair_rank(llm_server: ScriptedServer, tmp_path: Path):
    llm_server.reply_json(GOALS)
    for code in CODES:
        llm_server.queue(Reply(body=chat_body(code)))
    llm = TextGenerator(
        LLMConfig(
            provider="openai-compatible",
            base_url=llm_server.url,
            api_key="k",
            model="test-model",
            timeout=5.0,
            max_retries=0,
            cache_path=tmp_path / "c.sqlite",
        )
    )
    with Lida(llm=llm, sandbox_workers=1, max_llm_repairs=0) as lida:
        run = lida.run(CARS, n=1)  # asks for n + 2 = 3 goals

    assert llm_server.unscripted == 0
    assert all(r["path"].endswith("/chat/completions") for r in llm_server.requests)
    assert len(llm_server.requests) == 4  # one goals call, one code call per goal: no repair call needed
    assert run.llm_usage is not None and run.llm_usage["calls"] == 4
    # the goals call is one sync request; the three code calls went out together through the async client
    modes = [{k.lower(): v for k, v in r["headers"].items()}.get("x-stainless-async") for r in llm_server.requests]
    assert modes[0] == "false" and modes[1:] == ["async:asyncio"] * 3
    # the LLM's three candidates joined the offline pool (n + 2 planned charts) and one ranker ordered all six
    assert run.candidates == 6 and not run.failures  # the deterministic pass fixed case and return
    assert len(run.charts) == 1 and run.charts[0].rank == 1 and run.charts[0].origin in ("llm", "llm+repair", "offline")
    assert run.charts[0].cost is not None and not run.notes


def test_strict_llm_run_uses_only_the_llm(llm_server: ScriptedServer, tmp_path: Path):
    llm_server.reply_json(GOALS)
    for code in CODES:
        llm_server.queue(Reply(body=chat_body(code)))
    llm = TextGenerator(
        LLMConfig(provider="openai-compatible", base_url=llm_server.url, api_key="k", model="test-model",
                  timeout=5.0, max_retries=0, cache_path=tmp_path / "c.sqlite")
    )  # fmt: skip
    with Lida(llm=llm, sandbox_workers=1, max_llm_repairs=0, strict_llm=True) as lida:
        run = lida.run(CARS, n=3)
    assert run.candidates == 3 and not run.failures
    assert {c.source for c in run.charts} == {"llm"}
    # the wrong-case field and the missing return were fixed: those two are "llm+repair"
    assert sorted(c.origin or "" for c in run.charts) == ["llm", "llm+repair", "llm+repair"]
    assert run.valid_as == {"first": 1, "deterministic": 2}  # fixed without asking the model again


def test_llm_string_spec_builds_a_generator(llm_server: ScriptedServer):
    lida = Lida(llm=f"openai-compatible:{llm_server.url}:test-model")
    assert isinstance(lida.llm, TextGenerator) and lida.llm.model == "test-model"
    assert not lida.offline


def test_llm_run_inside_a_running_event_loop(llm_server: ScriptedServer, tmp_path: Path):
    """Jupyter runs an event loop; Lida.run must still work from sync code there."""
    import asyncio

    llm_server.reply_json(GOALS)
    for code in CODES:
        llm_server.queue(Reply(body=chat_body(code)))
    llm = TextGenerator(
        LLMConfig(provider="openai-compatible", base_url=llm_server.url, api_key="k", model="test-model",
                  timeout=5.0, max_retries=0, cache_path=tmp_path / "c.sqlite")
    )  # fmt: skip

    async def notebook_cell() -> int:
        with Lida(llm=llm, sandbox_workers=1, max_llm_repairs=0) as lida:
            return len(lida.run(CARS, n=1).charts)

    assert asyncio.run(notebook_cell()) == 1
