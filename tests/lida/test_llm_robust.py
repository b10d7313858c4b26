"""What real small models do to the LLM stages, replayed through the scripted server with the real
openai client: placeholders and scaffolds echoed back, answers cut off at the token limit, servers that
reject structured output, requests that time out. Stage level only (no sandbox): fast."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import pytest
from helpers.llm_server import Reply, ScriptedServer, chat_body, error_body

from lida.errors import LLMError
from lida.llm import LLMConfig, TextGenerator, goals, visualize
from lida.llm.client import HOSTED_TIMEOUTS, LOCAL_TIMEOUTS
from lida.llm.code import SCAFFOLD
from lida.llm.templates import render_prompt
from lida.model import Goal
from summarizer import summarize

CARS = Path(__file__).resolve().parents[2] / "lida" / "examples" / "cars.json"

#: What Gemma 3 270M answered to the goals prompt: the prompt's own placeholders, copied.
PLACEHOLDER_GOALS = {
    "goals": [
        {
            "question": "<the question, one sentence>",
            "visualization": "<the chart in plain words, naming the columns, e.g. bar chart of mean Price by Region>",
            "rationale": "<why this chart answers the question and what the reader will learn>",
            "fields": ["<exact column name>"],
            "chart": {"mark": "<one of: point, bar>", "encodings": []},
        }
    ]
}

GOOD_GOALS = {
    "goals": [
        {
            "question": "How does Horsepower relate to Miles_per_Gallon?",
            "visualization": "scatter of Horsepower vs Miles_per_Gallon",
            "rationale": "trade-off",
            "fields": ["Horsepower", "Miles_per_Gallon"],
            "chart": {"mark": "point"},
        }
    ]
}

#: Our scaffold echoed back (the real failure: `return chart` with `chart` never defined).
SCAFFOLD_ECHO = f"```python\n{SCAFFOLD}```"

GOOD_CODE = (
    "```python\nimport altair as alt\nimport pandas as pd\n\n\ndef plot(data: pd.DataFrame) -> alt.Chart:\n"
    "    return alt.Chart(data).mark_point().encode(x='Horsepower:Q', y='Miles_per_Gallon:Q')\n```"
)

#: An answer cut off at max_tokens in the middle of the code (the model looped until the limit).
CUT_OFF = (
    "```python\nimport altair as alt\nimport pandas as pd\n\n\ndef plot(data: pd.DataFrame) -> alt.Chart:\n"
    + "    chart = alt.Chart(data).mark_bar().encode(\n" * 40
    + "        x=alt.X('Horsepower"
)


@pytest.fixture(scope="module")
def cars():
    return summarize(CARS)


def make_llm(server: ScriptedServer, tmp_path: Path, **kw) -> TextGenerator:
    cfg = {"provider": "openai-compatible", "base_url": server.url, "api_key": "k", "model": "test-model",
           "timeout": 2.0, "max_retries": 0, "backoff_base": 0.01, "backoff_max": 0.02,
           "cache_path": tmp_path / "c.sqlite", **kw}  # fmt: skip
    return TextGenerator(LLMConfig(**cfg))


def goal(question: str = "How does Horsepower relate to Miles_per_Gallon?") -> Goal:
    return Goal(question=question, visualization="scatter", rationale="", fields=["Horsepower", "Miles_per_Gallon"],
                source="llm")  # fmt: skip


# ---- prompts a small model can follow ---------------------------------------------------------------
def test_goals_prompt_shows_a_worked_example_with_real_columns_and_no_placeholder(llm_server, tmp_path, cars):
    llm_server.reply_json(GOOD_GOALS)
    out = goals(make_llm(llm_server, tmp_path), cars, 2)
    assert [g.fields for g in out] == [["Horsepower", "Miles_per_Gallon"]]
    prompt = llm_server.prompt_of(0)
    assert "<the question" not in prompt and "<exact column name>" not in prompt and "<one of" not in prompt
    example = prompt.split("do not copy the example):", 1)[1]
    assert '"question": "How has the average Miles_per_Gallon changed over the years?"' in example
    assert '"fields": [' in example and '"Year"' in example
    body = llm_server.bodies[0]
    # structured output: the columns are an enum, so a constrained decoder cannot write a placeholder there
    schema = body["response_format"]["json_schema"]["schema"]
    assert body["response_format"]["type"] == "json_schema"
    assert set(schema["properties"]["goals"]["items"]["properties"]["fields"]["items"]["enum"]) == set(cars.field_names)
    assert body["max_tokens"] == 120 + 260 * 2 and "<end_of_turn>" in body["stop"]


def test_code_prompt_shows_a_complete_example_not_the_bare_scaffold(llm_server, tmp_path, cars):
    llm_server.reply_text(GOOD_CODE)
    visualize(make_llm(llm_server, tmp_path), cars, goal())
    prompt = llm_server.prompt_of(0)
    assert "    ...\n" not in prompt and "alt.Chart(data)" in prompt and "field='Cylinders'" in prompt


def test_placeholder_echo_is_asked_again_once_then_an_llm_error(llm_server, tmp_path, cars):
    llm_server.reply_json(PLACEHOLDER_GOALS)
    llm_server.reply_json(PLACEHOLDER_GOALS)
    llm = make_llm(llm_server, tmp_path)
    with pytest.raises(LLMError, match="repeated the prompt") as info:
        goals(llm, cars, 3)
    assert "<the question, one sentence>" in str(info.value)
    assert len(llm_server.requests) == 2 and llm_server.unscripted == 0
    assert "only repeated the example or the template" in llm_server.prompt_of(1)
    assert llm.usage.failures == 1
    assert (llm.usage.goals_proposed, llm.usage.goals_usable) == (2, 0)


def test_placeholder_echo_then_real_goals(llm_server, tmp_path, cars):
    llm_server.reply_json(PLACEHOLDER_GOALS)
    llm_server.reply_json(GOOD_GOALS)
    out = goals(make_llm(llm_server, tmp_path), cars, 3)
    assert [g.question for g in out] == ["How does Horsepower relate to Miles_per_Gallon?"]


def test_the_worked_example_copied_back_counts_as_an_echo(llm_server, tmp_path, cars):
    copied = {"goals": [json.loads(llm_server_example(cars))]}
    llm_server.reply_json(copied)
    llm_server.reply_json(GOOD_GOALS)
    out = goals(make_llm(llm_server, tmp_path), cars, 2)
    assert len(llm_server.requests) == 2 and out[0].fields == ["Horsepower", "Miles_per_Gallon"]


def llm_server_example(cars) -> str:
    from lida.llm.examples import example_goal

    return json.dumps(example_goal(cars))


def test_goals_and_their_json_repair_both_carry_max_tokens_and_stop(llm_server, tmp_path, cars):
    llm_server.reply_text('{"goals": [{"question": "How does Horsepower relate to Miles_per_Gallon?", "fields": [')
    llm_server.reply_json(GOOD_GOALS)
    goals(make_llm(llm_server, tmp_path), cars, 3)
    assert len(llm_server.requests) == 2
    for body in llm_server.bodies:
        assert isinstance(body.get("max_tokens"), int) and body["max_tokens"] > 0
        assert body.get("stop")
    assert "<broken>" in llm_server.prompt_of(1)


# ---- structured output, downgraded as the server allows ------------------------------------------------
def test_structured_output_downgrades_schema_then_json_mode(llm_server, tmp_path, cars):
    # llama-cpp-python's answer to OpenAI's json_schema, then a server that knows no schema at all
    llm_server.queue(
        Reply(status=422, body={"detail": [{"loc": ["body", "response_format", "type"],
                                           "msg": "Input should be 'text' or 'json_object'"}]}),
        Reply(status=400, body=error_body("response_format.schema is not supported")),
    )
    llm_server.reply_json(GOOD_GOALS)
    llm_server.reply_json(GOOD_GOALS)
    llm = make_llm(llm_server, tmp_path, cache=False)
    goals(llm, cars, 1)
    kinds = [(b["response_format"]["type"], "schema" in b["response_format"]) for b in llm_server.bodies]
    assert kinds == [("json_schema", False), ("json_object", True), ("json_object", False)]
    goals(llm, cars, 1)  # learnt: the next request goes straight to plain JSON mode
    assert llm_server.bodies[-1]["response_format"] == {"type": "json_object"}


def test_a_500_that_names_the_response_format_downgrades_instead_of_retrying(llm_server, tmp_path, cars):
    # what llama-cpp-python 0.3.36 answered `make llm-check`'s json_schema request with
    llm_server.queue(Reply(status=500, body=error_body("Unsupported response_format type: json_schema", "server_error")))
    llm_server.reply_json(GOOD_GOALS)
    goals(make_llm(llm_server, tmp_path, cache=False), cars, 1)
    assert len(llm_server.bodies) == 2
    assert llm_server.bodies[1]["response_format"]["type"] == "json_object"


def test_a_plain_500_is_retried_with_the_same_format(llm_server, tmp_path, cars):
    llm_server.queue(Reply(status=500, body=error_body("out of memory", "server_error")))
    llm_server.reply_json(GOOD_GOALS)
    goals(make_llm(llm_server, tmp_path, cache=False, max_retries=1), cars, 1)
    assert [b["response_format"]["type"] for b in llm_server.bodies] == ["json_schema", "json_schema"]


def test_a_server_that_rejects_stop_gets_requests_without_it(llm_server, tmp_path, cars):
    llm_server.queue(Reply(status=400, body=error_body("Unsupported parameter: 'stop' is not supported with this model.")))
    llm_server.reply_text(GOOD_CODE)
    visualize(make_llm(llm_server, tmp_path), cars, goal())
    assert "stop" in llm_server.bodies[0] and "stop" not in llm_server.bodies[1]


# ---- code that only repeats the prompt, or stops at the token limit ------------------------------------
def test_scaffold_echo_is_rejected_before_the_sandbox_and_asked_again(llm_server, tmp_path, cars):
    llm_server.reply_text(SCAFFOLD_ECHO)
    llm_server.reply_text(GOOD_CODE)
    [cand] = visualize(make_llm(llm_server, tmp_path), cars, goal())
    assert len(llm_server.requests) == 2
    assert any("scaffold" in note for note in cand.notes)
    assert "alt.Chart(data)" in cand.code and not any(n.startswith("no usable code") for n in cand.notes)


def test_scaffold_echoed_twice_is_no_usable_code(llm_server, tmp_path, cars):
    llm_server.reply_text(SCAFFOLD_ECHO)
    llm_server.reply_text(SCAFFOLD_ECHO)
    [cand] = visualize(make_llm(llm_server, tmp_path), cars, goal())
    assert len(llm_server.requests) == 2
    assert any(n.startswith("no usable code") and "scaffold" in n for n in cand.notes)


def test_the_example_code_echoed_is_asked_again(llm_server, tmp_path, cars):
    from lida.llm.examples import example_code

    llm_server.reply_text(f"```python\n{example_code(cars)}```")
    llm_server.reply_text(GOOD_CODE)
    [cand] = visualize(make_llm(llm_server, tmp_path), cars, goal())
    assert len(llm_server.requests) == 2 and any("example code" in n for n in cand.notes)


def test_cut_off_code_is_asked_again_once_then_no_usable_code(llm_server, tmp_path, cars):
    llm_server.reply_text(CUT_OFF, finish="length")
    llm_server.reply_text(CUT_OFF, finish="length")
    [cand] = visualize(make_llm(llm_server, tmp_path), cars, goal())
    assert len(llm_server.requests) == 2
    assert any(n.startswith("no usable code") and "does not parse (line 46" in n for n in cand.notes), cand.notes
    for body in llm_server.bodies:  # the code request and its repair both cut a looping model early
        assert body["max_tokens"] == 1800 and body["stop"]


# ---- timeouts ------------------------------------------------------------------------------------------
def test_timeout_error_names_the_stage_the_seconds_and_the_option(llm_server, tmp_path, cars):
    llm_server.queue(Reply(body=chat_body("{}"), delay=1.0))
    with pytest.raises(LLMError) as info:
        goals(make_llm(llm_server, tmp_path, timeout=0.3), cars, 2)
    message = str(info.value)
    assert "goals request timed out after 0.3s" in message
    assert "--llm-timeout" in message and "LIDA_LLM_TIMEOUT" in message


def test_local_server_that_timed_out_gets_one_request_at_a_time(llm_server, tmp_path):
    llm = make_llm(llm_server, tmp_path, timeout=0.3, cache=False, max_concurrency=4)
    assert llm.config.is_local and llm.max_in_flight == 4
    llm_server.queue(Reply(body=chat_body("late"), delay=0.8))
    with pytest.raises(LLMError, match="timed out"):
        llm.generate([{"role": "user", "content": "x"}])
    assert llm.max_in_flight == 1
    time.sleep(0.7)  # the server finishes the abandoned request
    llm_server.peak_in_flight = 0
    for _ in range(4):
        llm_server.queue(Reply(body=chat_body("ok"), delay=0.1))
    threads = [threading.Thread(target=llm.generate, args=([{"role": "user", "content": f"q{i}"}],)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert llm_server.peak_in_flight == 1


def test_retries_count_against_the_run_budget(llm_server, tmp_path):
    # an overloaded server: 503 after a while, each time, and a Retry-After
    llm = make_llm(llm_server, tmp_path, timeout=2.0, max_retries=10, backoff_max=5.0, cache=False)
    for _ in range(11):
        llm_server.queue(Reply(status=503, body=error_body("overloaded", "server_error"), delay=0.2,
                               headers={"retry-after": "0.3"}))  # fmt: skip
    start = time.monotonic()
    with llm.run_budget(1.0), pytest.raises(LLMError, match="overloaded"):
        llm.generate([{"role": "user", "content": "x"}], stage="code")
    elapsed = time.monotonic() - start
    assert elapsed < 1.3, elapsed  # without the budget: 11 attempts, about 5.5 s
    assert 2 <= len(llm_server.requests) <= 3
    with llm.run_budget(0.01) as budget:  # a spent budget sends nothing
        time.sleep(0.02)
        sent = len(llm_server.requests)
        with pytest.raises(LLMError, match=r"budget .* is spent"):
            llm.generate([{"role": "user", "content": "y"}])
        assert len(llm_server.requests) == sent and budget.remaining() < 0


def test_timeouts_from_env_and_defaults_that_fit_the_server(llm_server, monkeypatch):
    local = LLMConfig.from_env(provider="openai-compatible", base_url="http://127.0.0.1:8088/v1", model="m")
    hosted = LLMConfig.from_env(provider="openai-compatible", base_url="https://api.example.com/v1", model="m")
    assert local.is_local and not hosted.is_local
    assert LLMConfig(provider="openai-compatible", base_url="http://127.0.0.2:1/v1").is_local
    assert LLMConfig(provider="openai-compatible", base_url="http://localhost:11434/v1").is_local
    assert local.stage_timeout("code") == LOCAL_TIMEOUTS["code"] > hosted.stage_timeout("code") == HOSTED_TIMEOUTS["code"]
    assert local.budget() > hosted.budget()
    assert (local.in_flight(), hosted.in_flight()) == (2, 8)  # a local server answers few requests at once
    monkeypatch.setenv("LIDA_LLM_TIMEOUT", "7.5")
    cfg = LLMConfig.from_env(provider="openai-compatible", base_url="http://127.0.0.1:8088/v1", model="m")
    assert cfg.stage_timeout("goals") == cfg.stage_timeout("code") == 7.5
    assert LLMConfig.from_env(provider="openai-compatible", base_url="http://x/v1", model="m", timeout=3).timeout == 3
    monkeypatch.setenv("LIDA_LLM_TIMEOUT", "soon")
    with pytest.raises(LLMError, match="LIDA_LLM_TIMEOUT must be a number of seconds"):
        LLMConfig.from_env(provider="openai-compatible", base_url="http://x/v1", model="m")


def test_every_prompt_is_free_of_angle_placeholders_in_the_goal_and_code_stages(cars):
    from lida.llm.blocks import data_block, field_list, goal_block, scaffold_block

    for name, values in (
        ("visualize", {"data": data_block(cars), "goal": goal_block(goal()), "scaffold": scaffold_block(cars),
                       "fields": field_list(cars)}),
        ("repair", {"data": data_block(cars), "code": "x", "error": "e", "scaffold": scaffold_block(cars),
                    "fields": field_list(cars)}),
    ):
        text = "\n".join(m["content"] for m in render_prompt(name, **values))
        assert "return chart" in text and "    ...\n" not in text, name


def test_after_a_timeout_the_rest_of_the_run_falls_back_at_once(llm_server, tmp_path):
    llm = make_llm(llm_server, tmp_path, timeout=0.3, cache=False)
    llm_server.queue(Reply(body=chat_body("late"), delay=0.8))
    with llm.run_budget(30):
        with pytest.raises(LLMError, match=r"code request timed out after 0\.3s"):
            llm.generate([{"role": "user", "content": "a"}], stage="code")
        start = time.monotonic()
        with pytest.raises(LLMError, match="not sent: earlier in this run the code request timed out"):
            llm.generate([{"role": "user", "content": "b"}], stage="repair")
        assert time.monotonic() - start < 0.1 and len(llm_server.requests) == 1
    llm_server.reply_text("fine")  # a new run asks again
    with llm.run_budget(30):
        assert llm.generate([{"role": "user", "content": "c"}]).text == "fine"


def test_a_local_server_that_times_out_gets_one_retry_at_most(llm_server, tmp_path):
    llm = make_llm(llm_server, tmp_path, timeout=0.3, max_retries=3, cache=False)
    for _ in range(4):
        llm_server.queue(Reply(body=chat_body("late"), delay=0.8))
    with pytest.raises(LLMError, match=r"timed out after 0\.3s \(2 attempt\(s\)\)"):
        llm.generate([{"role": "user", "content": "x"}])
    assert len(llm_server.requests) == 2
