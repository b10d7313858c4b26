"""Typed values passed between lida's stages: goals, personas and candidate chart code."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from draco.partial import PartialSpec

Source = Literal["offline", "llm", "query", "draco"]

#: The contract every generated chart obeys, whoever wrote it (LLM, offline generator, a user).
SCAFFOLD_SIGNATURE = "def plot(data: pd.DataFrame) -> alt.Chart:"


@dataclass
class Persona:
    name: str
    rationale: str


@dataclass
class Goal:
    """One analysis question and the chart meant to answer it."""

    question: str
    visualization: str  # the chart in plain words, e.g. "bar chart of mean price by region"
    rationale: str
    fields: list[str]
    intent: PartialSpec = field(default_factory=PartialSpec)
    index: int = 0
    source: Source = "offline"
    persona: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Goal:
        d = dict(data)
        d["intent"] = PartialSpec.from_dict(d.get("intent") or {})
        return cls(**d)


@dataclass
class CandidateChart:
    """Chart code not yet executed. `spec` is the Vega-Lite the generator meant, when it knows it."""

    goal: Goal
    code: str
    source: Source = "offline"
    spec: dict[str, Any] | None = None
    notes: list[str] = field(default_factory=list)  # what generation fixed or could not fix, for the user
    #: Where the code came from, for the user: "offline", "llm", "llm+repair" or "fallback: <reason>"
    #: (the LLM failed for this goal and the offline generator stood in). See lida.chart.ORIGINS.
    origin: str | None = None


@dataclass
class Explanation:
    """What a chart shows and how to read it, in plain words."""

    what: str  # what the chart shows
    how_to_read: str  # encodings and how to read them
    alt_text: str  # one or two sentences for screen readers
    source: Source = "offline"


@dataclass
class Evaluation:
    """A chart's quality by dimension, each scored 1 (poor) to 10 (excellent)."""

    scores: dict[str, int]  # dimension -> score; dimensions: bugs, transformation, encoding, type, aesthetics, goal
    rationales: dict[str, str]  # dimension -> one-sentence reason
    source: Source = "offline"

    @property
    def overall(self) -> float:
        return sum(self.scores.values()) / len(self.scores) if self.scores else 0.0
