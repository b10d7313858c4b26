"""The sidebar's LLM settings and the text generator they make.

The API key lives only in this object (excluded from repr) and in the generator's SDK client, both
held in one browser session's state. Nothing keyed by or containing it goes to a shared cache or disk:
the generator is built with the LLM disk cache off.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from lida.errors import LLMError

if TYPE_CHECKING:
    from lida.llm import TextGenerator

Provider = Literal["offline", "openai", "azure", "openai-compatible"]

PROVIDERS: dict[Provider, str] = {
    "offline": "Offline (no LLM)",
    "openai": "OpenAI",
    "azure": "Azure OpenAI",
    "openai-compatible": "OpenAI-compatible server",
}


@dataclass(frozen=True)
class LLMSettings:
    provider: Provider = "offline"
    model: str = ""
    base_url: str = ""  # OpenAI-compatible servers
    azure_endpoint: str = ""
    api_key: str = field(default="", repr=False)

    @property
    def offline(self) -> bool:
        return self.provider == "offline"

    def fingerprint(self) -> str:
        """Identifies the settings for this session's memo; the key enters only as a salted one-way hash."""
        key_hash = (
            hashlib.sha256(b"lida-app:" + self.api_key.encode()).hexdigest()[:16] if self.api_key else ""
        )
        return "|".join((self.provider, self.model, self.base_url, self.azure_endpoint, key_hash))

    def label(self) -> str:
        """Where requests go, in words (never the key)."""
        if self.offline:
            return "offline"
        where = {"openai": "OpenAI", "azure": self.azure_endpoint, "openai-compatible": self.base_url}[
            self.provider
        ]
        return f"{self.model or 'default model'} via {where}"

    def redact(self, text: str) -> str:
        """Text safe to show: the key blanked wherever a message might echo it."""
        return text.replace(self.api_key, "***") if self.api_key else text


def build_generator(settings: LLMSettings) -> TextGenerator | None:
    """None when offline. Missing settings fall back to the environment (OPENAI_API_KEY, ...), as the CLI does."""
    if settings.offline:
        return None
    from lida.llm import LLMConfig, TextGenerator

    if settings.provider == "openai-compatible" and not settings.base_url.strip():
        raise LLMError("an OpenAI-compatible server needs a base URL, e.g. http://127.0.0.1:11434/v1")
    config = LLMConfig.from_env(
        provider=settings.provider,
        model=settings.model.strip() or None,
        base_url=settings.base_url.strip() or None,
        azure_endpoint=settings.azure_endpoint.strip() or None,
        api_key=settings.api_key.strip() or None,
        cache=False,
    )
    if config.provider != "openai-compatible" and not config.api_key:
        raise LLMError(f"{PROVIDERS[settings.provider]} needs an API key: enter it in the sidebar")
    return TextGenerator(config)
