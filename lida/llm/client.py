"""One text generator over the openai SDK: OpenAI, Azure OpenAI and OpenAI-compatible servers
(Ollama, vLLM, LM Studio, llama.cpp server).

Why our own layer: retries we count ourselves (the SDK's are disabled), a disk cache so reruns
are free, JSON mode that degrades on servers without it, JSON extraction with one repair round
trip, and usage accounting. Keys live only in the SDK client: never in reprs, logs or cache keys.

Environment: OPENAI_API_KEY, OPENAI_BASE_URL, LIDA_MODEL, AZURE_OPENAI_API_KEY,
AZURE_OPENAI_ENDPOINT, OPENAI_API_VERSION / AZURE_OPENAI_API_VERSION, AZURE_OPENAI_DEPLOYMENT,
LIDA_NO_CACHE=1 (cache off), LIDA_LLM_CACHE (cache file), LIDA_LLM_TIMEOUT (seconds per request, every
stage), LIDA_LLM_BUDGET (seconds of LLM waiting per run, retries included).

Small or overloaded models are the normal case: every request has a stage (goals, code, repair,
json_repair, text) that picks its timeout, its max_tokens and its stop sequences; a run's requests share
one time budget; a local server that timed out gets one request at a time from then on.
"""

from __future__ import annotations

import asyncio
import contextvars
import ipaddress
import logging
import os
import re
import threading
import time
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, cast
from urllib.parse import urlsplit, urlunsplit

from lida.errors import LLMError
from lida.llm.cache import DiskCache, cache_disabled_by_env, cache_key, default_cache_path
from lida.llm.jsonparse import JSONExtractError, extract_json
from lida.llm.templates import Message, render_prompt
from lida.llm.usage import Usage

log = logging.getLogger("lida.llm")

#: The one place the default model is named.
DEFAULT_MODEL = "gpt-4o-mini"
DEFAULT_AZURE_API_VERSION = "2024-10-21"
DEFAULT_OLLAMA_URL = "http://127.0.0.1:11434/v1"

Provider = Literal["openai", "azure", "openai-compatible"]
_RETRYABLE_STATUS = {408, 409, 429, 500, 502, 503, 504}

#: What a request is for; picks its timeout, max_tokens and stop sequences.
Stage = Literal["goals", "code", "repair", "json_repair", "text"]

#: Seconds per request for hosted APIs, by stage: a code answer is the longest to write.
HOSTED_TIMEOUTS: dict[str, float] = {"goals": 60.0, "code": 90.0, "repair": 90.0, "json_repair": 45.0, "text": 60.0}
#: A model on this machine (127.0.0.1, localhost) shares the CPU with everything else and is slower.
LOCAL_TIMEOUTS: dict[str, float] = {"goals": 180.0, "code": 240.0, "repair": 240.0, "json_repair": 120.0, "text": 180.0}
#: Seconds of LLM waiting one run may spend, retries and backoff included, before it falls back.
HOSTED_BUDGET = 300.0
HOSTED_IN_FLIGHT = 8
LOCAL_IN_FLIGHT = 2
#: A local server that timed out is still working on the abandoned request: a retry queues behind it, so
#: it gets one retry at most (whatever max_retries says), then the run falls back.
LOCAL_TIMEOUT_RETRIES = 1
LOCAL_BUDGET = 900.0
#: max_tokens when a stage does not say: a looping model is cut early instead of filling its context.
STAGE_MAX_TOKENS: dict[str, int] = {"goals": 1500, "code": 1800, "repair": 1800, "json_repair": 1500, "text": 800}
#: Stop sequences (at most four: OpenAI's limit). Chat-template end markers a raw or base model may
#: write out, and for code, the prompt's next block coming back (the model started to repeat the prompt).
STAGE_STOP: dict[str, list[str]] = {
    "code": ["<end_of_turn>", "<|im_end|>", "\n<data>", "\n<goal>"],
    "repair": ["<end_of_turn>", "<|im_end|>", "\n<data>", "\n<error>"],
    "goals": ["<end_of_turn>", "<|im_end|>", "\n<data>", "\n\n\n\n"],
    "json_repair": ["<end_of_turn>", "<|im_end|>", "\n<broken>", "\n\n\n\n"],
    "text": ["<end_of_turn>", "<|im_end|>", "\n<data>", "\n\n\n\n"],
}
_LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "0.0.0.0"}


@dataclass
class LLMConfig:
    """Everything needed to reach a model. `api_key` is excluded from repr and cache keys."""

    provider: Provider = "openai"
    model: str = DEFAULT_MODEL
    base_url: str | None = None
    api_key: str | None = field(default=None, repr=False)
    azure_endpoint: str | None = None
    api_version: str | None = None
    #: Seconds per request for every stage; None: the stage defaults (HOSTED_TIMEOUTS, or LOCAL_TIMEOUTS
    #: for a server on this machine). From --llm-timeout / LIDA_LLM_TIMEOUT.
    timeout: float | None = None
    #: Seconds of LLM waiting per run (Lida.run), retries included; None: a default that fits the server.
    run_budget: float | None = None
    max_retries: int = 3  # extra attempts after the first, on 429/5xx/timeouts/connection errors
    backoff_base: float = 1.0  # first retry waits this long, then doubles
    backoff_max: float = 30.0
    cache: bool = True
    cache_path: Path | None = None
    #: Requests in flight at once from this generator, across threads; None: 8 for a hosted API, 2 for a
    #: server on this machine (llama.cpp and Ollama answer few requests at a time: the rest would queue
    #: there while their timeouts run).
    max_concurrency: int | None = None

    @classmethod
    def from_env(cls, **overrides: Any) -> LLMConfig:
        """Arguments win over the environment; the provider is inferred when not given."""
        env = os.environ
        given = {k: v for k, v in overrides.items() if v is not None}
        azure_endpoint = given.get("azure_endpoint") or env.get("AZURE_OPENAI_ENDPOINT")
        base_url = given.get("base_url") or env.get("OPENAI_BASE_URL")
        provider: str | None = given.get("provider")
        if provider is None:
            if azure_endpoint and not given.get("base_url"):
                provider = "azure"
            elif base_url and "api.openai.com" not in base_url:
                provider = "openai-compatible"
            else:
                provider = "openai"
        if provider not in ("openai", "azure", "openai-compatible"):
            raise LLMError(f"unknown LLM provider {provider!r} (use openai, azure or openai-compatible)")
        if provider == "azure":
            model = given.get("model") or env.get("AZURE_OPENAI_DEPLOYMENT") or env.get("LIDA_MODEL")
            api_key = given.get("api_key") or env.get("AZURE_OPENAI_API_KEY") or env.get("OPENAI_API_KEY")
            api_version = (
                given.get("api_version")
                or env.get("AZURE_OPENAI_API_VERSION")
                or env.get("OPENAI_API_VERSION")
                or DEFAULT_AZURE_API_VERSION
            )
            if not azure_endpoint:
                raise LLMError(
                    "Azure OpenAI needs an endpoint: set AZURE_OPENAI_ENDPOINT or pass azure_endpoint"
                )
            if not model:
                raise LLMError(
                    "Azure OpenAI needs a deployment: set AZURE_OPENAI_DEPLOYMENT or use azure:<deployment>"
                )
        else:
            model = given.get("model") or env.get("LIDA_MODEL") or DEFAULT_MODEL
            api_key = given.get("api_key") or env.get("OPENAI_API_KEY")
            api_version = None
            azure_endpoint = None
        rest: dict[str, Any] = {
            k: given[k]
            for k in ("timeout", "run_budget", "max_retries", "backoff_base", "backoff_max", "cache", "cache_path",
                      "max_concurrency")
            if k in given
        }
        for key, name in (("timeout", "LIDA_LLM_TIMEOUT"), ("run_budget", "LIDA_LLM_BUDGET")):
            if key not in rest and env.get(name):
                rest[key] = _seconds(env[name], name)
        if "timeout" in rest:
            rest["timeout"] = _seconds(rest["timeout"], "the LLM timeout")
        if "cache_path" in rest:
            rest["cache_path"] = Path(rest["cache_path"])
        return cls(
            provider=cast(Provider, provider),
            model=model,
            base_url=base_url if provider != "azure" else None,
            api_key=api_key,
            azure_endpoint=azure_endpoint,
            api_version=api_version,
            **rest,
        )

    @property
    def is_local(self) -> bool:
        """A server on this machine (Ollama, llama.cpp): slower, and busy with any request we abandon."""
        if self.provider == "azure" or not self.base_url:
            return False
        host = (urlsplit(self.base_url).hostname or "").lower()
        try:
            return host in _LOCAL_HOSTS or ipaddress.ip_address(host).is_loopback
        except ValueError:  # a host name
            return False

    def in_flight(self) -> int:
        """How many requests may be in flight at once (see max_concurrency)."""
        if self.max_concurrency is not None:
            return max(1, self.max_concurrency)
        return LOCAL_IN_FLIGHT if self.is_local else HOSTED_IN_FLIGHT

    def stage_timeout(self, stage: str) -> float:
        """Seconds one request of this stage may take."""
        if self.timeout is not None:
            return self.timeout
        table = LOCAL_TIMEOUTS if self.is_local else HOSTED_TIMEOUTS
        return table.get(stage, table["text"])

    def budget(self) -> float:
        """Seconds of LLM waiting one run may spend (at least three full-length requests)."""
        if self.run_budget is not None:
            return self.run_budget
        base = LOCAL_BUDGET if self.is_local else HOSTED_BUDGET
        return max(base, 3 * self.timeout) if self.timeout is not None else base

    def endpoint(self) -> str:
        """Where requests go, for messages and cache keys (never contains the key)."""
        if self.provider == "azure":
            return f"azure:{_without_credentials(self.azure_endpoint or '')}"
        return _without_credentials(self.base_url or "https://api.openai.com/v1")


def _seconds(value: Any, what: str) -> float:
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        raise LLMError(f"{what} must be a number of seconds, got {value!r}") from None
    if not seconds > 0:
        raise LLMError(f"{what} must be more than 0 seconds, got {value!r}")
    return seconds


class RunBudget:
    """The seconds of LLM waiting left to one run; shared by its threads and tasks."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._deadline = time.monotonic() + seconds
        #: Set when a request timed out or found no server after its retries: the rest of the run then
        #: falls back at once instead of waiting for the same failure again, request after request.
        self.down: str | None = None

    def remaining(self) -> float:
        return self._deadline - time.monotonic()


#: The budget of the run in progress in this context (Lida.run sets it; threads and tasks it starts
#: carry a copy of the context). A context variable, not an attribute: runs that share one
#: TextGenerator (a batch's threads) each have their own budget.
_RUN_BUDGET: contextvars.ContextVar[RunBudget | None] = contextvars.ContextVar("lida_llm_run_budget", default=None)


class _Slots:
    """At most `limit` requests in flight across threads and event loops; the limit can drop later."""

    def __init__(self, limit: int) -> None:
        self.limit = max(1, limit)
        self._used = 0
        self._cond = threading.Condition()

    def try_acquire(self) -> bool:
        with self._cond:
            if self._used >= self.limit:
                return False
            self._used += 1
            return True

    def acquire(self) -> None:
        with self._cond:
            while self._used >= self.limit:
                self._cond.wait()
            self._used += 1

    def release(self) -> None:
        with self._cond:
            self._used -= 1
            self._cond.notify_all()

    def lower_to(self, limit: int) -> bool:
        """Fewer in flight from now on; True when the limit changed."""
        with self._cond:
            if limit >= self.limit:
                return False
            self.limit = max(1, limit)
            return True

    def __enter__(self) -> _Slots:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def _without_credentials(url: str) -> str:
    """Drop user:password@ and the query string (where proxies put tokens)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    netloc = host + (f":{parts.port}" if parts.port else "")
    return urlunsplit((parts.scheme, netloc, parts.path, "", "")) if parts.scheme else url


@dataclass
class Completion:
    """One request's answer: `texts` holds the n choices."""

    texts: list[str]
    finish_reasons: list[str | None] = field(default_factory=list)
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cached: bool = False

    @property
    def text(self) -> str:
        return self.texts[0] if self.texts else ""


class TextGenerator:
    """Chat completions with retries, caching, structured output with fallbacks, and usage accounting.

    Safe to share between threads and asyncio tasks.
    """

    def __init__(self, config: LLMConfig | None = None, **overrides: Any) -> None:
        self.config = config if config is not None else LLMConfig.from_env(**overrides)
        if config is not None and overrides:
            raise TypeError("pass either a config or keyword overrides, not both")
        cfg = self.config
        if cfg.provider == "openai" and not cfg.api_key:
            raise LLMError(
                "no OpenAI API key: set OPENAI_API_KEY or pass api_key (or use an openai-compatible server)"
            )
        use_cache = cfg.cache and not cache_disabled_by_env()
        self.cache: DiskCache | None = (
            DiskCache(cfg.cache_path or default_cache_path()) if use_cache else None
        )
        self.usage = Usage()
        # What the server turned out not to accept; learnt from 400s, then applied to every request.
        # How to ask for structured output: OpenAI's json_schema, then llama-cpp-python's json_object with
        # a schema, then plain JSON mode, then nothing (each step taken when the server rejects the last).
        self._schema_style: str | None = "json_schema"
        self._json_mode_supported = True
        self._temperature_supported = True
        self._stop_supported = True
        self._max_tokens_param = "max_tokens"
        self._lock = threading.Lock()
        self._in_flight = _Slots(self.config.in_flight())
        self._client: Any = None
        self._aclients: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Any] = (
            weakref.WeakKeyDictionary()
        )

    def __repr__(self) -> str:
        c = self.config
        return f"TextGenerator(provider={c.provider!r}, model={c.model!r}, endpoint={c.endpoint()!r})"

    @property
    def model(self) -> str:
        return self.config.model

    @property
    def json_mode_supported(self) -> bool:
        """False once the server rejected response_format; later calls skip it."""
        return self._json_mode_supported

    @property
    def max_in_flight(self) -> int:
        """Requests this generator sends at once now (drops to 1 after a local server timed out)."""
        return self._in_flight.limit

    @contextmanager
    def run_budget(self, seconds: float | None = None) -> Iterator[RunBudget]:
        """The time budget of one run: every request inside (and in threads and tasks started with a copy
        of this context) waits at most what is left of it. Nested use keeps the outer budget."""
        current = _RUN_BUDGET.get()
        if current is not None:
            yield current
            return
        budget = RunBudget(seconds if seconds is not None else self.config.budget())
        token = _RUN_BUDGET.set(budget)
        try:
            yield budget
        finally:
            _RUN_BUDGET.reset(token)

    # ---- SDK clients ---------------------------------------------------------------------------
    def _client_kwargs(self) -> dict[str, Any]:
        c = self.config
        common: dict[str, Any] = {"timeout": c.stage_timeout("text"), "max_retries": 0}
        if c.provider == "azure":
            return {
                **common,
                "api_key": c.api_key,
                "azure_endpoint": c.azure_endpoint,
                "api_version": c.api_version,
            }
        # Local servers (Ollama, llama.cpp) accept any key; the SDK insists on one.
        return {**common, "api_key": c.api_key or "not-needed", "base_url": c.base_url}

    def _sync_client(self) -> Any:
        with self._lock:
            if self._client is None:
                import openai

                cls = openai.AzureOpenAI if self.config.provider == "azure" else openai.OpenAI
                self._client = cls(**self._client_kwargs())
            return self._client

    def _async_client(self) -> Any:
        loop = asyncio.get_running_loop()
        with self._lock:
            client = self._aclients.get(loop)
            if client is None:
                import openai

                cls = openai.AsyncAzureOpenAI if self.config.provider == "azure" else openai.AsyncOpenAI
                client = cls(**self._client_kwargs())
                self._aclients[loop] = client
            return client

    # ---- request plumbing ----------------------------------------------------------------------
    def _request(self, ask: _Ask) -> dict[str, Any]:
        if ask.n < 1:
            raise ValueError("n must be at least 1")
        kwargs: dict[str, Any] = {"model": self.config.model, "messages": ask.messages}
        if self._temperature_supported:
            kwargs["temperature"] = ask.temperature
        if ask.n != 1:
            kwargs["n"] = ask.n
        kwargs[self._max_tokens_param] = ask.max_tokens
        if self._stop_supported and ask.stop:
            kwargs["stop"] = list(ask.stop)
        if ask.json_mode:
            if ask.schema is not None and self._schema_style == "json_schema":
                kwargs["response_format"] = {
                    "type": "json_schema",
                    "json_schema": {"name": f"lida_{ask.stage}", "schema": ask.schema},
                }
            elif ask.schema is not None and self._schema_style == "json_object+schema" and self._json_mode_supported:
                kwargs["response_format"] = {"type": "json_object", "schema": ask.schema}
            elif self._json_mode_supported:
                kwargs["response_format"] = {"type": "json_object"}
        return kwargs

    def _key(self, ask: _Ask) -> str:
        """From what was asked, not from how the request was adapted to the server, so keys stay stable."""
        return cache_key(
            {
                "provider": self.config.provider,
                "endpoint": self.config.endpoint(),
                "model": self.config.model,
                "messages": ask.messages,
                "n": ask.n,
                "temperature": ask.temperature,
                "max_tokens": ask.max_tokens,
                "json_mode": ask.json_mode,
                "stage": ask.stage,
                "schema": ask.schema,
            }
        )

    def _cached(self, key: str) -> Completion | None:
        if self.cache is None:
            return None
        hit = self.cache.get(key)
        if hit is None:
            return None
        self.usage.add(cached=1)
        return Completion(
            texts=list(hit["texts"]), finish_reasons=list(hit.get("finish_reasons", [])), cached=True
        )

    def _store(self, key: str, completion: Completion) -> None:
        if self.cache is not None:
            self.cache.put(key, {"texts": completion.texts, "finish_reasons": completion.finish_reasons})

    def _completion(self, response: Any) -> Completion:
        choices = sorted(response.choices, key=lambda ch: ch.index)
        texts = [(ch.message.content or "") for ch in choices]
        usage = getattr(response, "usage", None)
        pt = int(getattr(usage, "prompt_tokens", 0) or 0)
        ct = int(getattr(usage, "completion_tokens", 0) or 0)
        self.usage.add(prompt_tokens=pt, completion_tokens=ct)
        if not texts:
            raise LLMError(f"{self._where()}: the server returned no choices")
        return Completion(
            texts=texts,
            finish_reasons=[ch.finish_reason for ch in choices],
            prompt_tokens=pt,
            completion_tokens=ct,
        )

    def _where(self) -> str:
        return f"LLM {self.config.model!r} at {self.config.endpoint()}"

    def _classify(self, exc: Exception, kwargs: dict[str, Any]) -> Literal["retry", "adapt", "fail"]:
        import openai

        if isinstance(exc, openai.APIStatusError):
            message = _one_line(exc).lower()
            if exc.status_code in (400, 422) and self._adapt(message, kwargs):
                return "adapt"
            # llama-cpp-python (0.3.x) answers a response_format it cannot serve with a 500 that names it:
            # a simpler format, not a retry of the same request (seen with `make llm-check`)
            if (exc.status_code == 500 and kwargs.get("response_format")
                    and any(word in message for word in _JSON_MODE_WORDS) and self._adapt(message, kwargs)):  # fmt: skip
                return "adapt"
            return "retry" if exc.status_code in _RETRYABLE_STATUS or exc.status_code >= 500 else "fail"
        if isinstance(exc, (openai.APITimeoutError, openai.APIConnectionError)):
            return "retry"
        return "fail"

    def _delay(self, attempt: int, exc: Exception) -> float:
        """Exponential backoff without jitter; a server's Retry-After wins when it is shorter than the cap."""
        c = self.config
        delay = c.backoff_base * (2**attempt)
        retry_after = _retry_after(exc)
        if retry_after is not None:
            delay = retry_after
        return max(0.0, min(delay, c.backoff_max))

    def _timeout_for(self, ask: _Ask, budget: RunBudget | None) -> float:
        """This attempt's timeout: the stage's, or what is left of the run's budget if that is less.
        An LLMError when the budget is spent."""
        timeout = self.config.stage_timeout(ask.stage)
        if budget is None:
            return timeout
        if budget.down is not None:
            raise LLMError(f"{self._where()}: the {ask.stage} request was not sent: earlier in this run {budget.down}")
        left = budget.remaining()
        if left <= 0.05:
            self.usage.add(failures=1)
            raise LLMError(
                f"{self._where()}: the run's LLM time budget ({budget.seconds:g}s) is spent, so the {ask.stage} "
                "request was not sent; give it more with LIDA_LLM_BUDGET (seconds)"
            )
        return min(timeout, left)

    def _after_failure(
        self, exc: Exception, kwargs: dict[str, Any], attempt: int, ask: _Ask, timeout: float, budget: RunBudget | None
    ) -> float | None:
        """The retry policy shared by generate and agenerate, which differ only in how they wait.

        None: send again at once (the request was adapted to the server). A number: seconds to wait
        before retry `attempt + 1`. Raises LLMError when the failure is final (retries or budget spent).
        """
        action = self._classify(exc, kwargs)
        if action == "adapt":
            return None
        timed_out = _is_timeout(exc)
        if timed_out and self.config.is_local and self._in_flight.lower_to(1):
            # The server is still working on the request we abandoned: more at once only slows it further.
            log.warning("%s: timed out; from now on one request at a time", self._where())
        retries = self.config.max_retries
        if timed_out and self.config.is_local:
            retries = min(retries, LOCAL_TIMEOUT_RETRIES)
        if action == "retry" and attempt < retries:
            delay = self._delay(attempt, exc)
            if budget is None or budget.remaining() > delay + 0.05:
                log.warning("%s: %s; retry %d in %.2fs", self._where(), self._describe(exc), attempt + 1, delay)
                self.usage.add(retries=1)
                return delay
        error = self._error(exc, attempt + 1, ask, timeout if timed_out else None)
        if budget is not None and (timed_out or _is_unreachable(exc)):
            budget.down = f"the {ask.stage} request " + ("timed out" if timed_out else "found no server")
        raise error from exc

    def _error(self, exc: Exception, attempts: int, ask: _Ask, timed_out_after: float | None = None) -> LLMError:
        self.usage.add(failures=1)
        if timed_out_after is not None:
            return LLMError(
                f"{self._where()}: the {ask.stage} request timed out after {timed_out_after:g}s "
                f"({attempts} attempt(s)); allow longer with --llm-timeout SECONDS or LIDA_LLM_TIMEOUT"
            )
        return LLMError(f"{self._where()} failed after {attempts} attempt(s): {self._describe(exc)}")

    def _describe(self, exc: Exception) -> str:
        """One line about `exc`, with the API key blanked should the server echo it."""
        text = _one_line(exc)
        key = self.config.api_key
        return text.replace(key, "***") if key and len(key) >= 4 else text

    def _adapt(self, message: str, kwargs: dict[str, Any]) -> bool:
        """Drop or rename the parameter a 400 complains about, remember it, and say if we did.

        Servers without structured output reject a json_schema response_format (then JSON mode is
        tried), servers without JSON mode reject response_format; newer OpenAI models reject max_tokens
        (they want max_completion_tokens), stop, and any temperature but the default.
        """
        response_format = kwargs.get("response_format") or {}
        if response_format and any(s in message for s in _JSON_MODE_WORDS):
            if response_format.get("type") == "json_schema":
                self._schema_style = "json_object+schema"
                kwargs["response_format"] = {"type": "json_object", "schema": response_format["json_schema"]["schema"]}
            elif "schema" in response_format:
                self._schema_style = None
                kwargs["response_format"] = {"type": "json_object"}
            else:
                self._json_mode_supported = False
                kwargs.pop("response_format")
        elif "max_tokens" in kwargs and "max_completion_tokens" in message:
            self._max_tokens_param = "max_completion_tokens"
            kwargs["max_completion_tokens"] = kwargs.pop("max_tokens")
        elif "temperature" in kwargs and "temperature" in message and "support" in message:
            self._temperature_supported = False
            kwargs.pop("temperature")
        elif "stop" in kwargs and re.search(r"\bstop\b", message):
            self._stop_supported = False
            kwargs.pop("stop")
        else:
            return False
        log.info("%s: adapted the request to the server (%s)", self._where(), message[:120])
        return True

    def _ask(
        self,
        messages: list[Message],
        n: int,
        temperature: float,
        max_tokens: int | None,
        json_mode: bool,
        stage: Stage,
        schema: dict[str, Any] | None,
    ) -> _Ask:
        return _Ask(
            messages=messages,
            n=n,
            temperature=temperature,
            max_tokens=max_tokens if max_tokens is not None else STAGE_MAX_TOKENS.get(stage, 800),
            json_mode=json_mode or schema is not None,
            stage=stage,
            schema=schema,
            stop=tuple(STAGE_STOP.get(stage, STAGE_STOP["text"])),
        )

    # ---- public API ----------------------------------------------------------------------------
    def generate(
        self,
        messages: list[Message],
        *,
        n: int = 1,
        temperature: float = 0.0,
        max_tokens: int | None = None,
        json_mode: bool = False,
        use_cache: bool = True,
        stage: Stage = "text",
        schema: dict[str, Any] | None = None,
    ) -> Completion:
        """n completions of `messages`. `stage` picks the timeout, stop sequences and (unless given)
        max_tokens; `schema` asks for structured JSON output. Raises LLMError once retries are exhausted."""
        ask = self._ask(messages, n, temperature, max_tokens, json_mode, stage, schema)
        kwargs = self._request(ask)
        key = self._key(ask)
        if use_cache and (hit := self._cached(key)) is not None:
            return hit
        client = self._sync_client()
        budget = _RUN_BUDGET.get()
        attempt = 0
        while True:
            timeout = self._timeout_for(ask, budget)
            self.usage.add(calls=1)
            try:
                with self._in_flight:
                    response = client.chat.completions.create(**kwargs, timeout=timeout)
            except Exception as exc:
                delay = self._after_failure(exc, kwargs, attempt, ask, timeout, budget)
                if delay is not None:
                    attempt += 1
                    time.sleep(delay)
                continue
            completion = self._completion(response)
            if use_cache:
                self._store(key, completion)
            return completion

    async def agenerate(
        self,
        messages: list[Message],
        *,
        n: int = 1,
        temperature: float = 0.0,
        max_tokens: int | None = None,
        json_mode: bool = False,
        use_cache: bool = True,
        stage: Stage = "text",
        schema: dict[str, Any] | None = None,
    ) -> Completion:
        """The async twin of `generate` (same retries, budget, cache and accounting)."""
        ask = self._ask(messages, n, temperature, max_tokens, json_mode, stage, schema)
        kwargs = self._request(ask)
        key = self._key(ask)
        if use_cache and (hit := await asyncio.to_thread(self._cached, key)) is not None:
            return hit
        client = self._async_client()
        budget = _RUN_BUDGET.get()
        attempt = 0
        while True:
            # The same in-flight bound as the sync path, shared across threads and event loops; polled
            # so that a cancelled task never holds a slot.
            while not self._in_flight.try_acquire():
                await asyncio.sleep(0.005)
            error: Exception | None = None
            try:
                timeout = self._timeout_for(ask, budget)
                self.usage.add(calls=1)
                response = await client.chat.completions.create(**kwargs, timeout=timeout)
            except LLMError:
                raise
            except Exception as exc:
                error = exc
            finally:
                self._in_flight.release()
            if error is not None:
                delay = self._after_failure(error, kwargs, attempt, ask, timeout, budget)
                if delay is not None:
                    attempt += 1
                    await asyncio.sleep(delay)
                continue
            completion = self._completion(response)
            if use_cache:
                await asyncio.to_thread(self._store, key, completion)
            return completion

    def generate_json(
        self,
        messages: list[Message],
        *,
        temperature: float = 0.0,
        max_tokens: int | None = None,
        stage: Stage = "text",
        schema: dict[str, Any] | None = None,
    ) -> Any:
        """One JSON value from the model; one repair round trip if the answer is not valid JSON."""
        first = self.generate(
            messages, temperature=temperature, max_tokens=max_tokens, json_mode=True, stage=stage, schema=schema
        )
        try:
            return extract_json(first.text)
        except JSONExtractError as exc:
            log.info("%s: invalid JSON (%s); asking for a repair", self._where(), exc)
            repaired = self.generate(
                _json_repair_messages(first.text, str(exc)), max_tokens=max_tokens, json_mode=True, stage="json_repair"
            )
        return self._parse_repaired(repaired.text)

    async def agenerate_json(
        self,
        messages: list[Message],
        *,
        temperature: float = 0.0,
        max_tokens: int | None = None,
        stage: Stage = "text",
        schema: dict[str, Any] | None = None,
    ) -> Any:
        first = await self.agenerate(
            messages, temperature=temperature, max_tokens=max_tokens, json_mode=True, stage=stage, schema=schema
        )
        try:
            return extract_json(first.text)
        except JSONExtractError as exc:
            log.info("%s: invalid JSON (%s); asking for a repair", self._where(), exc)
            repaired = await self.agenerate(
                _json_repair_messages(first.text, str(exc)), max_tokens=max_tokens, json_mode=True, stage="json_repair"
            )
        return self._parse_repaired(repaired.text)

    def _parse_repaired(self, text: str) -> Any:
        try:
            return extract_json(text)
        except JSONExtractError as exc:
            self.usage.add(failures=1)
            raise LLMError(f"{self._where()} returned invalid JSON twice ({exc})") from None


@dataclass(frozen=True)
class _Ask:
    """One request as asked by a stage, before it is adapted to what the server accepts."""

    messages: list[Message]
    n: int
    temperature: float
    max_tokens: int
    json_mode: bool
    stage: Stage
    schema: dict[str, Any] | None
    stop: tuple[str, ...]


def _is_timeout(exc: Exception) -> bool:
    import openai

    return isinstance(exc, openai.APITimeoutError)


def _is_unreachable(exc: Exception) -> bool:
    import openai

    return isinstance(exc, openai.APIConnectionError)


def _json_repair_messages(broken: str, problem: str) -> list[Message]:
    return render_prompt("json_repair", broken=broken, problem=problem)


_JSON_MODE_WORDS = ("response_format", "json_object", "json_schema", "json mode", "response format")


def _retry_after(exc: Exception) -> float | None:
    response = getattr(exc, "response", None)
    headers = getattr(response, "headers", None)
    if not headers:
        return None
    value = headers.get("retry-after")
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def _one_line(exc: Exception) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 300 else text[:297] + "..."


# ---- specs -------------------------------------------------------------------------------------
_URL_AND_MODEL = re.compile(r"^(https?://[^/\s]+(?:/[^:\s]*)?):(.+)$")


def llm_from_spec(spec: str, **overrides: Any) -> TextGenerator:
    """A generator from a short spec string.

    openai[:MODEL]                   OpenAI (OPENAI_API_KEY)
    azure:DEPLOYMENT                 Azure OpenAI (AZURE_OPENAI_ENDPOINT, AZURE_OPENAI_API_KEY)
    openai-compatible:URL:MODEL      any OpenAI-compatible server, e.g.
                                     openai-compatible:http://127.0.0.1:11434/v1:llama3.1
    ollama:MODEL                     Ollama on its default local port
    """
    return TextGenerator(parse_spec(spec, **overrides))


def parse_spec(spec: str, **overrides: Any) -> LLMConfig:
    provider, _, rest = spec.strip().partition(":")
    provider = provider.lower()
    rest = rest.strip()
    if provider == "openai":
        return LLMConfig.from_env(provider="openai", model=rest or None, **overrides)
    if provider == "azure":
        return LLMConfig.from_env(provider="azure", model=rest or None, **overrides)
    if provider == "ollama":
        if not rest:
            raise LLMError("give the model: ollama:MODEL (e.g. ollama:llama3.1)")
        return LLMConfig.from_env(
            provider="openai-compatible",
            base_url=overrides.pop("base_url", None) or DEFAULT_OLLAMA_URL,
            model=rest,
            **overrides,
        )
    if provider in ("openai-compatible", "compatible"):
        match = _URL_AND_MODEL.match(rest)
        if not match:
            raise LLMError(
                f"bad LLM spec {spec!r}: use openai-compatible:URL:MODEL, e.g. "
                "openai-compatible:http://127.0.0.1:11434/v1:llama3.1"
            )
        return LLMConfig.from_env(
            provider="openai-compatible", base_url=match.group(1), model=match.group(2), **overrides
        )
    raise LLMError(
        f"bad LLM spec {spec!r}: expected openai:MODEL, azure:DEPLOYMENT, ollama:MODEL "
        "or openai-compatible:URL:MODEL"
    )
