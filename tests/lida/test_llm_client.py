"""The LLM client against a scripted local OpenAI-compatible server (real openai SDK, no mocks)."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlparse

import pytest
from helpers.llm_server import Reply, ScriptedServer, chat_body, error_body

from lida.errors import LLMError
from lida.llm import LLMConfig, TextGenerator, gather_bounded, llm_from_spec, parse_spec
from lida.llm.client import DEFAULT_MODEL

KEY = "sk-test-secret-123"
MSGS = [{"role": "user", "content": "hello"}]


def make_llm(server: ScriptedServer, tmp_path: Path, **kw: object) -> TextGenerator:
    cfg = dict(
        provider="openai-compatible",
        base_url=server.url,
        api_key=KEY,
        model="test-model",
        timeout=2.0,
        max_retries=2,
        backoff_base=0.01,
        backoff_max=0.05,
        cache_path=tmp_path / "cache.sqlite",
    )
    cfg.update(kw)
    llm = TextGenerator(LLMConfig(**cfg))  # type: ignore[arg-type]
    assert urlparse(llm.config.base_url or "").hostname == "127.0.0.1"
    return llm


def test_success_sends_model_messages_and_key_to_local_server(llm_server, tmp_path):
    llm_server.reply_text("hi there", prompt_tokens=7, completion_tokens=3)
    llm = make_llm(llm_server, tmp_path)
    out = llm.generate(MSGS, temperature=0.3, max_tokens=50)
    assert out.text == "hi there"
    assert out.finish_reasons == ["stop"]
    req = llm_server.requests[0]
    assert req["path"] == "/v1/chat/completions"
    assert req["headers"]["Authorization"] == f"Bearer {KEY}"
    assert req["body"]["model"] == "test-model"
    assert req["body"]["messages"] == MSGS
    assert req["body"]["temperature"] == 0.3
    assert req["body"]["max_tokens"] == 50
    assert "response_format" not in req["body"]
    assert llm.usage.snapshot() == {
        "calls": 1, "cached": 0, "retries": 0, "failures": 0, "prompt_tokens": 7, "completion_tokens": 3,
        "goals_proposed": 0, "goals_usable": 0,
    }  # fmt: skip


def test_n_completions(llm_server, tmp_path):
    llm_server.reply_text("a", "b", "c")
    out = make_llm(llm_server, tmp_path).generate(MSGS, n=3, temperature=0.7)
    assert out.texts == ["a", "b", "c"]
    assert llm_server.bodies[0]["n"] == 3


def test_usage_accumulates_over_calls(llm_server, tmp_path):
    llm_server.reply_text("one", prompt_tokens=10, completion_tokens=2)
    llm_server.reply_text("two", prompt_tokens=20, completion_tokens=4)
    llm = make_llm(llm_server, tmp_path)
    llm.generate([{"role": "user", "content": "1"}])
    llm.generate([{"role": "user", "content": "2"}])
    assert (llm.usage.calls, llm.usage.prompt_tokens, llm.usage.completion_tokens) == (2, 30, 6)
    assert llm.usage.total_tokens == 36
    assert "2 calls" in str(llm.usage)


def test_429_then_success_retries_with_backoff(llm_server, tmp_path):
    llm_server.queue(Reply(status=429, body=error_body("slow down", "rate_limit_error")))
    llm_server.reply_text("ok")
    llm = make_llm(llm_server, tmp_path)
    assert llm.generate(MSGS).text == "ok"
    assert len(llm_server.requests) == 2
    assert (llm.usage.calls, llm.usage.retries, llm.usage.failures) == (2, 1, 0)


def test_retry_after_header_is_honoured_up_to_the_cap(llm_server, tmp_path):
    llm_server.queue(
        Reply(status=503, body=error_body("busy", "server_error"), headers={"Retry-After": "100"})
    )
    llm_server.reply_text("ok")
    llm = make_llm(llm_server, tmp_path)
    # Retry-After 100 s is capped at backoff_max (0.05 s), so this returns promptly.
    assert llm.generate(MSGS).text == "ok"
    assert llm._delay(0, _StatusLike({"retry-after": "100"})) == pytest.approx(0.05)


class _StatusLike(Exception):
    def __init__(self, headers: dict[str, str]) -> None:
        super().__init__("x")
        self.response = type("R", (), {"headers": headers})()


def test_backoff_doubles_and_is_capped(llm_server, tmp_path):
    llm = make_llm(llm_server, tmp_path, backoff_base=0.01, backoff_max=0.03)
    delays = [llm._delay(a, RuntimeError("x")) for a in range(4)]
    assert delays == pytest.approx([0.01, 0.02, 0.03, 0.03])


def test_persistent_5xx_gives_one_line_llm_error(llm_server, tmp_path):
    for _ in range(3):
        llm_server.queue(Reply(status=500, body=error_body("boom\nsecond line", "server_error")))
    llm = make_llm(llm_server, tmp_path, max_retries=2)
    with pytest.raises(LLMError) as err:
        llm.generate(MSGS)
    assert "\n" not in str(err.value)
    assert "3 attempt" in str(err.value)
    assert len(llm_server.requests) == 3
    assert (llm.usage.calls, llm.usage.retries, llm.usage.failures) == (3, 2, 1)
    assert llm_server.unscripted == 0


def test_client_error_is_not_retried(llm_server, tmp_path):
    llm_server.queue(Reply(status=401, body=error_body(f"bad key {KEY}", "authentication_error")))
    llm = make_llm(llm_server, tmp_path)
    with pytest.raises(LLMError, match="bad key") as err:
        llm.generate(MSGS)
    assert KEY not in str(err.value) and "***" in str(err.value)
    assert len(llm_server.requests) == 1
    assert KEY not in str(llm) and KEY not in repr(llm.config)


def test_timeout_then_success(llm_server, tmp_path):
    # Wide margins: the answer "on time" must arrive within the timeout even on a busy 2-core CI.
    llm_server.queue(Reply(body=chat_body("late"), delay=4.0))
    llm_server.reply_text("on time")
    llm = make_llm(llm_server, tmp_path, timeout=1.5)
    assert llm.generate(MSGS).text == "on time"
    assert llm.usage.retries == 1 and llm.usage.calls == 2


def test_timeout_every_time_is_llm_error(llm_server, tmp_path):
    llm_server.queue(Reply(body=chat_body("late"), delay=3.0), Reply(body=chat_body("late"), delay=3.0))
    llm = make_llm(llm_server, tmp_path, timeout=1.0, max_retries=1)
    with pytest.raises(LLMError, match=r"timed out|Timeout"):
        llm.generate(MSGS)
    assert llm.usage.failures == 1 and llm.usage.calls == 2


def test_connection_refused_is_retried_then_llm_error(llm_server, tmp_path):
    llm = make_llm(llm_server, tmp_path, base_url="http://127.0.0.1:9/v1", max_retries=1)
    with pytest.raises(LLMError, match="2 attempt"):
        llm.generate(MSGS)
    assert llm.usage.retries == 1


# ---- cache ---------------------------------------------------------------------------------------
def test_cache_hit_costs_no_call_and_survives_a_new_generator(llm_server, tmp_path):
    llm_server.reply_text("cached answer", prompt_tokens=5, completion_tokens=5)
    llm = make_llm(llm_server, tmp_path)
    first = llm.generate(MSGS)
    second = llm.generate(MSGS)
    again = make_llm(llm_server, tmp_path).generate(MSGS)
    assert first.text == second.text == again.text == "cached answer"
    assert not first.cached and second.cached and again.cached
    assert len(llm_server.requests) == 1
    assert (llm.usage.calls, llm.usage.cached, llm.usage.prompt_tokens) == (1, 1, 5)


def test_cache_key_depends_on_parameters_not_on_the_key(llm_server, tmp_path):
    llm_server.reply_text("t0")
    llm_server.reply_text("t1")
    llm = make_llm(llm_server, tmp_path)
    assert llm.generate(MSGS, temperature=0.0).text == "t0"
    assert llm.generate(MSGS, temperature=1.0).text == "t1"
    other_key = make_llm(llm_server, tmp_path, api_key="another-key")
    assert other_key.generate(MSGS, temperature=0.0).text == "t0"  # same request, different key: a hit
    assert len(llm_server.requests) == 2
    raw = (tmp_path / "cache.sqlite").read_bytes()
    assert KEY.encode() not in raw
    with sqlite3.connect(tmp_path / "cache.sqlite") as conn:
        assert conn.execute("SELECT COUNT(*) FROM completions").fetchone()[0] == 2


def test_cache_off_by_flag(llm_server, tmp_path):
    llm_server.reply_text("a")
    llm_server.reply_text("b")
    llm = make_llm(llm_server, tmp_path, cache=False)
    assert llm.cache is None
    assert [llm.generate(MSGS).text, llm.generate(MSGS).text] == ["a", "b"]
    assert not (tmp_path / "cache.sqlite").exists()


def test_cache_off_by_env(llm_server, tmp_path, monkeypatch):
    monkeypatch.setenv("LIDA_NO_CACHE", "1")
    llm_server.reply_text("a")
    llm_server.reply_text("b")
    llm = make_llm(llm_server, tmp_path)
    assert [llm.generate(MSGS).text, llm.generate(MSGS).text] == ["a", "b"]
    assert llm.usage.cached == 0


def test_default_cache_path_comes_from_env_in_tests(llm_server, tmp_path):
    llm = TextGenerator(provider="openai-compatible", base_url=llm_server.url, model="m")
    assert llm.cache is not None and llm.cache.path == tmp_path / "llm-cache.sqlite"


# ---- JSON ----------------------------------------------------------------------------------------
def test_generate_json_uses_json_mode(llm_server, tmp_path):
    llm_server.reply_json({"a": 1})
    assert make_llm(llm_server, tmp_path).generate_json(MSGS) == {"a": 1}
    assert llm_server.bodies[0]["response_format"] == {"type": "json_object"}


def test_broken_json_then_fixed_by_one_repair_round_trip(llm_server, tmp_path):
    llm_server.reply_text('Sure! {"goals": [{"question": "why?", ')  # cut off
    llm_server.reply_text('{"goals": [{"question": "why?"}]}')
    llm = make_llm(llm_server, tmp_path)
    assert llm.generate_json(MSGS) == {"goals": [{"question": "why?"}]}
    assert len(llm_server.requests) == 2
    repair_prompt = llm_server.prompt_of(1)
    assert '{"goals": [{"question": "why?", ' in repair_prompt
    assert "valid JSON" in repair_prompt
    assert llm.usage.failures == 0


def test_json_broken_twice_is_llm_error(llm_server, tmp_path):
    llm_server.reply_text("not json at all")
    llm_server.reply_text("still {not json")
    llm = make_llm(llm_server, tmp_path)
    with pytest.raises(LLMError, match="invalid JSON twice"):
        llm.generate_json(MSGS)
    assert llm.usage.failures == 1 and len(llm_server.requests) == 2


def test_json_mode_fallback_when_server_rejects_response_format(llm_server, tmp_path):
    llm_server.queue(Reply(status=400, body=error_body("response_format is not supported by this model")))
    llm_server.reply_text('```json\n{"x": [1, 2,],}\n```')
    llm_server.reply_json({"y": 2})
    llm = make_llm(llm_server, tmp_path)
    assert llm.generate_json(MSGS) == {"x": [1, 2]}
    assert not llm.json_mode_supported
    assert "response_format" in llm_server.bodies[0]
    assert "response_format" not in llm_server.bodies[1]
    assert llm.generate_json([{"role": "user", "content": "again"}]) == {"y": 2}
    assert "response_format" not in llm_server.bodies[2]  # remembered
    assert llm.usage.retries == 0


# ---- async ---------------------------------------------------------------------------------------
def test_agenerate_and_agenerate_json(llm_server, tmp_path):
    llm_server.reply_text("async hi", prompt_tokens=3, completion_tokens=1)
    llm_server.queue(Reply(status=429, body=error_body("slow", "rate_limit_error")))
    llm_server.reply_text("{'k': True, 'v': None}")  # a Python literal, recovered without repair
    llm = make_llm(llm_server, tmp_path)

    async def main():
        a = await llm.agenerate(MSGS)
        b = await llm.agenerate_json([{"role": "user", "content": "json"}])
        c = await llm.agenerate(MSGS)  # cached
        return a, b, c

    a, b, c = asyncio.run(main())
    assert a.text == "async hi" and c.cached
    assert b == {"k": True, "v": None}
    assert (llm.usage.calls, llm.usage.retries, llm.usage.cached) == (3, 1, 1)


def test_gather_bounded_over_the_server_keeps_order(llm_server, tmp_path):
    for i in range(6):
        llm_server.queue(Reply(body=chat_body("ok"), delay=0.05 * (i % 2)))
    llm = make_llm(llm_server, tmp_path, cache=False)

    async def main():
        coros = [llm.agenerate([{"role": "user", "content": f"q{i}"}]) for i in range(6)]
        return await gather_bounded(coros, limit=2)

    results = asyncio.run(main())
    assert len(results) == 6 and all(r.text == "ok" for r in results)
    assert sorted(b["messages"][0]["content"] for b in llm_server.bodies) == [f"q{i}" for i in range(6)]


def test_gather_bounded_limits_concurrency_and_keeps_order():
    active = peak = 0

    async def job(i: int) -> int:
        nonlocal active, peak
        active += 1
        peak = max(peak, active)
        await asyncio.sleep(0.01 * (5 - i))
        active -= 1
        return i

    async def main():
        return await gather_bounded([job(i) for i in range(6)], limit=3)

    assert asyncio.run(main()) == list(range(6))
    assert peak == 3


def test_gather_bounded_return_exceptions():
    async def ok() -> int:
        return 1

    async def bad() -> int:
        raise LLMError("nope")

    async def main():
        return await gather_bounded([ok(), bad(), ok()], limit=1, return_exceptions=True)

    out = asyncio.run(main())
    assert out[0] == 1 and isinstance(out[1], LLMError) and out[2] == 1


# ---- configuration -------------------------------------------------------------------------------
def test_spec_openai_compatible_with_colons_in_model(llm_server):
    cfg = parse_spec("openai-compatible:http://127.0.0.1:11434/v1:llama3.1:8b")
    assert (cfg.provider, cfg.base_url, cfg.model) == (
        "openai-compatible",
        "http://127.0.0.1:11434/v1",
        "llama3.1:8b",
    )
    cfg = parse_spec("ollama:qwen2.5")
    assert (cfg.base_url, cfg.model) == ("http://127.0.0.1:11434/v1", "qwen2.5")


def test_spec_openai_uses_env_key_and_default_model(llm_server, monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    llm = llm_from_spec("openai")
    assert llm.model == DEFAULT_MODEL and llm.config.provider == "openai"
    assert llm_from_spec("openai:gpt-4.1-mini").model == "gpt-4.1-mini"
    assert KEY not in repr(llm) and KEY not in repr(llm.config)
    monkeypatch.setenv("LIDA_MODEL", "from-env")
    assert llm_from_spec("openai").model == "from-env"


def test_spec_openai_without_key_is_a_clear_error(llm_server):
    with pytest.raises(LLMError, match="OPENAI_API_KEY"):
        llm_from_spec("openai:gpt-4o-mini")


def test_spec_azure(llm_server, monkeypatch):
    monkeypatch.setenv("AZURE_OPENAI_ENDPOINT", "https://example.invalid")
    monkeypatch.setenv("AZURE_OPENAI_API_KEY", KEY)
    monkeypatch.setenv("OPENAI_API_VERSION", "2024-06-01")
    llm = llm_from_spec("azure:my-deployment")
    cfg = llm.config
    assert (cfg.provider, cfg.model, cfg.api_version, cfg.api_key) == (
        "azure", "my-deployment", "2024-06-01", KEY,
    )  # fmt: skip
    assert KEY not in repr(llm)
    client = llm._sync_client()  # built, never called: no traffic
    assert "example.invalid" in str(client.base_url)


def test_env_configuration_infers_provider(llm_server, monkeypatch):
    monkeypatch.setenv("OPENAI_BASE_URL", llm_server.url)
    monkeypatch.setenv("LIDA_MODEL", "local-model")
    cfg = LLMConfig.from_env()
    assert (cfg.provider, cfg.base_url, cfg.model) == ("openai-compatible", llm_server.url, "local-model")
    llm_server.reply_text("via env")
    assert TextGenerator(cfg).generate(MSGS).text == "via env"
    assert llm_server.requests[0]["headers"]["Authorization"] == "Bearer not-needed"


@pytest.mark.parametrize("spec", ["", "gpt-4o", "openai-compatible:llama3", "ollama:", "azure"])
def test_bad_specs_are_one_line_errors(llm_server, spec):
    with pytest.raises(LLMError) as err:
        llm_from_spec(spec)
    assert "\n" not in str(err.value)


def test_requests_never_left_localhost(llm_server, tmp_path):
    llm_server.reply_text("x")
    llm = make_llm(llm_server, tmp_path)
    llm.generate(MSGS)
    assert urlparse(str(llm._sync_client().base_url)).hostname == "127.0.0.1"
    assert json.loads(json.dumps(llm_server.bodies))[0]["model"] == "test-model"


def test_endpoint_never_shows_credentials_in_url(llm_server):
    cfg = LLMConfig(
        provider="openai-compatible", base_url="http://user:pw@127.0.0.1:8000/v1?token=abc", model="m"
    )
    assert cfg.endpoint() == "http://127.0.0.1:8000/v1"
    assert "pw" not in repr(TextGenerator(cfg)) and "abc" not in repr(TextGenerator(cfg))


def test_stage_calls_from_threads_share_one_generator(llm_server, tmp_path):
    """The batch runner may run sync stages via asyncio.to_thread under gather_bounded."""
    for i in range(5):
        llm_server.reply_text(f"answer {i}", prompt_tokens=1, completion_tokens=1)
    llm = make_llm(llm_server, tmp_path)

    async def main():
        jobs = [asyncio.to_thread(llm.generate, [{"role": "user", "content": f"m{i}"}]) for i in range(5)]
        return await gather_bounded(jobs, limit=3)

    out = asyncio.run(main())
    assert sorted(c.text for c in out) == [f"answer {i}" for i in range(5)]
    assert (llm.usage.calls, llm.usage.prompt_tokens, llm.usage.completion_tokens) == (5, 5, 5)


def test_newer_openai_models_parameter_complaints_are_adapted_to(llm_server, tmp_path):
    llm_server.queue(
        Reply(status=400, body=error_body("Unsupported parameter: 'max_tokens' is not supported with this model. "
                                          "Use 'max_completion_tokens' instead.")),
        Reply(status=400, body=error_body("Unsupported value: 'temperature' does not support 0.0 with this model. "
                                          "Only the default (1) value is supported.")),
    )  # fmt: skip
    llm_server.reply_text("adapted")
    llm_server.reply_text("remembered")
    llm = make_llm(llm_server, tmp_path)
    assert llm.generate(MSGS, max_tokens=20).text == "adapted"
    last = llm_server.bodies[2]
    assert last["max_completion_tokens"] == 20 and "max_tokens" not in last and "temperature" not in last
    assert llm.generate([{"role": "user", "content": "2"}], max_tokens=30).text == "remembered"
    assert llm_server.bodies[3]["max_completion_tokens"] == 30 and "temperature" not in llm_server.bodies[3]
    assert llm.usage.retries == 0 and llm.usage.calls == 4


def test_requests_in_flight_are_bounded_across_threads(llm_server, tmp_path):
    """Batch runs datasets and goals in threads; the generator alone caps what reaches the server."""
    for i in range(6):
        llm_server.queue(Reply(body=chat_body(f"a{i}"), delay=0.2))
    llm = make_llm(llm_server, tmp_path, max_concurrency=2, cache=False)
    with ThreadPoolExecutor(max_workers=6) as pool:
        texts = list(pool.map(lambda i: llm.generate([{"role": "user", "content": f"q{i}"}]).text, range(6)))
    assert sorted(texts) == [f"a{i}" for i in range(6)]
    assert llm_server.peak_in_flight == 2


def test_async_requests_share_the_in_flight_bound(llm_server, tmp_path):
    for i in range(6):
        llm_server.queue(Reply(body=chat_body(f"a{i}"), delay=0.2))
    llm = make_llm(llm_server, tmp_path, max_concurrency=2, cache=False)

    async def main():
        return await asyncio.gather(*(llm.agenerate([{"role": "user", "content": f"q{i}"}]) for i in range(6)))

    texts = sorted(c.text for c in asyncio.run(main()))
    assert texts == [f"a{i}" for i in range(6)]
    assert llm_server.peak_in_flight == 2
