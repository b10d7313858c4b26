"""What a sandboxed run hands back. Plain data only: it crosses a process boundary as JSON."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class ExecError:
    """Why a chart failed. `blocked` is True when a guard stopped it (unsafe code, limit, forbidden action)."""

    type: str
    message: str
    line: int | None = None
    traceback: str = ""
    blocked: bool = False

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ExecError:
        line = data.get("line")
        return cls(
            type=str(data.get("type", "Error")),
            message=str(data.get("message", "")),
            line=int(line) if isinstance(line, int) and not isinstance(line, bool) else None,
            traceback=str(data.get("traceback", "")),
            blocked=bool(data.get("blocked", False)),
        )

    def __str__(self) -> str:
        where = f" (line {self.line})" if self.line else ""
        return f"{self.type}{where}: {self.message}"


@dataclass
class ExecResult:
    """One chart's execution. `spec` is Vega-Lite with its data inline (large data pre-aggregated or sampled,
    see `notes`); png/svg only when asked for."""

    ok: bool
    spec: dict[str, Any] | None = None
    png: bytes | None = None
    svg: str | None = None
    stdout: str = ""
    error: ExecError | None = None
    duration_s: float = 0.0
    #: What was done to make the chart's data fit (pre-aggregated, sampled); empty for small charts.
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (the PNG is left out; write it to a file instead)."""
        return {
            "ok": self.ok,
            "error": self.error.to_dict() if self.error else None,
            "spec": self.spec,
            "svg": self.svg,
            "has_png": self.png is not None,
            "stdout": self.stdout,
            "duration_s": round(self.duration_s, 4),
            "notes": list(self.notes),
        }
