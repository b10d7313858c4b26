"""Typed results of the knowledge base: what `Draco` returns to lida, the CLI and the learner."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal


@dataclass(frozen=True)
class ConstraintDoc:
    """One documented constraint block (`% @hard(name) ...` / `% @soft(name) ...`) of an .lp file."""

    name: str
    kind: Literal["hard", "soft"]
    description: str
    file: str


@dataclass(frozen=True)
class Violation:
    """A hard constraint a spec breaks. `detail` names the encoding/field/view involved."""

    name: str
    description: str
    detail: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Score:
    """A spec's soft cost. `counts` maps each violated soft constraint to how often it fires."""

    cost: int
    counts: dict[str, int] = field(default_factory=dict)
    violations: list[Violation] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return not self.violations

    def to_dict(self) -> dict[str, Any]:
        return {
            "cost": self.cost,
            "valid": self.valid,
            "counts": dict(self.counts),
            "violations": [v.to_dict() for v in self.violations],
        }


@dataclass
class Completion:
    """One completed chart: a Vega-Lite dict without data, its cost and soft counts."""

    spec: dict[str, Any]
    cost: int
    counts: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"spec": self.spec, "cost": self.cost, "counts": dict(self.counts)}


@dataclass(frozen=True)
class Preference:
    """A violated soft preference, in plain words, with its share of the cost."""

    name: str
    count: int
    weight: int
    description: str

    @property
    def contribution(self) -> int:
        return self.count * self.weight

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["contribution"] = self.contribution
        return d
