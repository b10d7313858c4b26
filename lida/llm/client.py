"""One text generator over the openai SDK: OpenAI, Azure OpenAI and OpenAI-compatible servers
(Ollama, vLLM, LM Studio, llama.cpp server).

Why our own layer: retries we count ourselves (the SDK's are disabled), a disk cache so reruns
are free, JSON mode that degrades on servers without it, JSON extraction with one repair round
trip, and usage accounting. Keys live only in the SDK client: never in reprs, logs or cache keys.

Environment: OPENAI_API_KEY, OPENAI_BASE_URL, LIDA_MODEL, AZURE_OPENAI_API_KEY,
AZURE_OPENAI_ENDPOINT, OPENAI_API_VERSION / AZURE_OPENAI_API_VERSION, AZURE_OPENAI_DEPLOYMENT,
LIDA_NO_CACHE=1 (cache off), LIDA_LLM_CACHE (cache file).
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
import threading
import time
import weakref
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


@dataclass
class LLMConfig:
    """Everything needed to reach a model. `api_key` is excluded from repr and cache keys."""

    provider: Provider = "openai"
    model: str = DEFAULT_MODEL
    base_url: str | None = None
    api_key: str | None = field(default=None, repr=False)
    azure_endpoint: str | None = None
    api_version: str | None = None
    timeout: float = 60.0  # seconds per request
    max_retries: int = 3  # extra attempts after the first, on 429/5xx/timeouts/connection errors
    backoff_base: float = 1.0  # first retry waits this long, then doubles
    backoff_max: float = 30.0
    cache: bool = True
    cache_path: Path | None = None
    max_concurrency: int = 8  # requests in flight at once from this generator, across threads

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
        rest = {
            k: given[k]
            for k in ("timeout", "max_retries", "backoff_base", "backoff_max", "cache", "cache_path", "max_concurrency")
            if k in given
        }
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

    def endpoint(self) -> str:
        """Where requests go, for messages and cache keys (never contains the key)."""
        if self.provider == "azure":
            return f"azure:{_without_credentials(self.azure_endpoint or '')}"
        return _without_credentials(self.base_url or "https://api.openai.com/v1")


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
    """Chat completions with retries, caching, JSON mode fallback and usage accounting.

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
        self._json_mode_supported = True
        self._temperature_supported = True
        self._max_tokens_param = "max_tokens"
        self._lock = threading.Lock()
        self._in_flight = threading.BoundedSemaphore(max(1, self.config.max_concurrency))
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

    # ---- SDK clients ---------------------------------------------------------------------------
    def _client_kwargs(self) -> dict[str, Any]:
        c = self.config
        common: dict[str, Any] = {"timeout": c.timeout, "max_retries": 0}
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
    def _request(
        self, messages: list[Message], n: int, temperature: float, max_tokens: int | None, json_mode: bool
    ) -> dict[str, Any]:
        if n < 1:
            raise ValueError("n must be at least 1")
        kwargs: dict[str, Any] = {"model": self.config.model, "messages": messages}
        if self._temperature_supported:
            kwargs["temperature"] = temperature
        if n != 1:
            kwargs["n"] = n
        if max_tokens is not None:
            kwargs[self._max_tokens_param] = max_tokens
        if json_mode and self._json_mode_supported:
            kwargs["response_format"] = {"type": "json_object"}
        return kwargs

    def _key(
        self, messages: list[Message], n: int, temperature: float, max_tokens: int | None, json_mode: bool
    ) -> str:
        """From what was asked, not from how the request was adapted to the server, so keys stay stable."""
        return cache_key(
            {
                "provider": self.config.provider,
                "endpoint": self.config.endpoint(),
                "model": self.config.model,
                "messages": messages,
                "n": n,
                "temperature": temperature,
                "max_tokens": max_tokens,
                "json_mode": json_mode,
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
            if exc.status_code in (400, 422) and self._adapt(_one_line(exc).lower(), kwargs):
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

    def _after_failure(self, exc: Exception, kwargs: dict[str, Any], attempt: int) -> float | None:
        """The retry policy shared by generate and agenerate, which differ only in how they wait.

        None: send again at once (the request was adapted to the server). A number: seconds to wait
        before retry `attempt + 1`. Raises LLMError when the failure is final.
        """
        action = self._classify(exc, kwargs)
        if action == "adapt":
            return None
        if action == "retry" and attempt < self.config.max_retries:
            delay = self._delay(attempt, exc)
            log.warning("%s: %s; retry %d in %.2fs", self._where(), self._describe(exc), attempt + 1, delay)
            self.usage.add(retries=1)
            return delay
        raise self._error(exc, attempt + 1) from exc

    def _error(self, exc: Exception, attempts: int) -> LLMError:
        self.usage.add(failures=1)
        return LLMError(f"{self._where()} failed after {attempts} attempt(s): {self._describe(exc)}")

    def _describe(self, exc: Exception) -> str:
        """One line about `exc`, with the API key blanked should the server echo it."""
        text = _one_line(exc)
        key = self.config.api_key
        return text.replace(key, "***") if key and len(key) >= 4 else text

    def _adapt(self, message: str, kwargs: dict[str, Any]) -> bool:
        """Drop or rename the parameter a 400 complains about, remember it, and say if we did.

        Servers without JSON mode reject response_format; newer OpenAI models reject max_tokens
        (they want max_completion_tokens) and any temperature but the default.
        """
        if "response_format" in kwargs and any(s in message for s in _JSON_MODE_WORDS):
            self._json_mode_supported = False
            kwargs.pop("response_format")
        elif "max_tokens" in kwargs and "max_completion_tokens" in message:
            self._max_tokens_param = "max_completion_tokens"
            kwargs["max_completion_tokens"] = kwargs.pop("max_tokens")
        elif "temperature" in kwargs and "temperature" in message and "support" in message:
            self._temperature_supported = False
            kwargs.pop("temperature")
        else:
            return False
        log.info("%s: adapted the request to the server (%s)", self._where(), message[:120])
        return True

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
    ) -> Completion:
        """n completions of `messages`. Raises LLMError once retries are exhausted."""
        kwargs = self._request(messages, n, temperature, max_tokens, json_mode)
        key = self._key(messages, n, temperature, max_tokens, json_mode)
        if use_cache and (hit := self._cached(key)) is not None:
            return hit
        client = self._sync_client()
        attempt = 0
        while True:
            self.usage.add(calls=1)
            try:
                with self._in_flight:
                    response = client.chat.completions.create(**kwargs)
            except Exception as exc:
                delay = self._after_failure(exc, kwargs, attempt)
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
    ) -> Completion:
        """The async twin of `generate` (same retries, cache and accounting)."""
        kwargs = self._request(messages, n, temperature, max_tokens, json_mode)
        key = self._key(messages, n, temperature, max_tokens, json_mode)
        if use_cache and (hit := await asyncio.to_thread(self._cached, key)) is not None:
            return hit
        client = self._async_client()
        attempt = 0
        while True:
            self.usage.add(calls=1)
            # The same in-flight bound as the sync path, shared across threads and event loops; polled
            # so that a cancelled task never holds a slot.
            while not self._in_flight.acquire(blocking=False):
                await asyncio.sleep(0.005)
            error: Exception | None = None
            try:
                response = await client.chat.completions.create(**kwargs)
            except Exception as exc:
                error = exc
            finally:
                self._in_flight.release()
            if error is not None:
                delay = self._after_failure(error, kwargs, attempt)
                if delay is not None:
                    attempt += 1
                    await asyncio.sleep(delay)
                continue
            completion = self._completion(response)
            if use_cache:
                await asyncio.to_thread(self._store, key, completion)
            return completion

    def generate_json(
        self, messages: list[Message], *, temperature: float = 0.0, max_tokens: int | None = None
    ) -> Any:
        """One JSON value from the model; one repair round trip if the answer is not valid JSON."""
        first = self.generate(messages, temperature=temperature, max_tokens=max_tokens, json_mode=True)
        try:
            return extract_json(first.text)
        except JSONExtractError as exc:
            log.info("%s: invalid JSON (%s); asking for a repair", self._where(), exc)
            repaired = self.generate(
                _json_repair_messages(first.text, str(exc)), max_tokens=max_tokens, json_mode=True
            )
        return self._parse_repaired(repaired.text)

    async def agenerate_json(
        self, messages: list[Message], *, temperature: float = 0.0, max_tokens: int | None = None
    ) -> Any:
        first = await self.agenerate(messages, temperature=temperature, max_tokens=max_tokens, json_mode=True)
        try:
            return extract_json(first.text)
        except JSONExtractError as exc:
            log.info("%s: invalid JSON (%s); asking for a repair", self._where(), exc)
            repaired = await self.agenerate(
                _json_repair_messages(first.text, str(exc)), max_tokens=max_tokens, json_mode=True
            )
        return self._parse_repaired(repaired.text)

    def _parse_repaired(self, text: str) -> Any:
        try:
            return extract_json(text)
        except JSONExtractError as exc:
            self.usage.add(failures=1)
            raise LLMError(f"{self._where()} returned invalid JSON twice ({exc})") from None


def _json_repair_messages(broken: str, problem: str) -> list[Message]:
    return render_prompt("json_repair", broken=broken, problem=problem)


_JSON_MODE_WORDS = ("response_format", "json_object", "json mode", "response format")


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
