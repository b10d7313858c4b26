"""Per-run accounting of LLM traffic (and how many of the model's goals were usable), so a run can
report what it cost."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field


@dataclass
class Usage:
    """Counters for one generator. `calls` are HTTP requests actually sent (retries included)."""

    calls: int = 0
    cached: int = 0  # answers served from the disk cache (no request sent)
    retries: int = 0
    failures: int = 0  # calls or answers that ended as an LLMError or an unusable answer
    prompt_tokens: int = 0
    completion_tokens: int = 0
    goals_proposed: int = 0  # goals the model wrote (echoes of the prompt included)
    goals_usable: int = 0  # of those, the ones kept (real columns, not an echo)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def add(self, **counts: int) -> None:
        """Thread-safe increments, e.g. `usage.add(calls=1, prompt_tokens=12)`."""
        with self._lock:
            for name, value in counts.items():
                if name.startswith("_") or not hasattr(self, name):
                    raise AttributeError(f"Usage has no counter {name!r}")
                setattr(self, name, getattr(self, name) + value)

    @property
    def total_tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens

    def snapshot(self) -> dict[str, int]:
        with self._lock:
            return {
                "calls": self.calls,
                "cached": self.cached,
                "retries": self.retries,
                "failures": self.failures,
                "prompt_tokens": self.prompt_tokens,
                "completion_tokens": self.completion_tokens,
                "goals_proposed": self.goals_proposed,
                "goals_usable": self.goals_usable,
            }

    def __str__(self) -> str:
        s = self.snapshot()
        return (
            f"{s['calls']} calls ({s['cached']} cached, {s['retries']} retries, {s['failures']} failures), "
            f"{s['prompt_tokens']} prompt + {s['completion_tokens']} completion tokens"
        )
