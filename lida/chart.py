"""The final product of the pipeline: one executed, validated, scored chart.

A Chart owns its rendered Vega-Lite spec, so rendering and saving need no sandbox: the spec is data,
not code, and vl-convert renders it without running anything the user or an LLM wrote.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from draco.model import Preference
from lida.errors import LidaError
from lida.model import CandidateChart, Explanation, Goal, Source

SAVE_FORMATS = (".png", ".svg", ".html", ".json", ".py")


#: A chart's cost is explained by draco's violated preferences (name, count, weight, description).
Cost = Preference


@dataclass(frozen=True)
class AttemptRecord:
    """One run of the chart's code: what ran, how it went, which repairs led to it."""

    stage: str  # initial, deterministic, llm, spec
    ok: bool
    error: str | None = None
    repairs: tuple[str, ...] = ()


@dataclass
class Chart:
    goal: Goal
    code: str
    spec: dict[str, Any]
    source: Source = "offline"
    cost: float | None = None
    costs: list[Cost] = field(default_factory=list)  # the explanation of `cost`, largest first
    rank: int | None = None
    attempts: list[AttemptRecord] = field(default_factory=list)
    explanation: Explanation | None = None
    design: dict[str, Any] | None = None  # the spec the generator meant (no data), when it knows it
    score: float | None = None  # the ranker's cost (lower ranks first); None when ranked by draco cost alone
    insight: str | None = None  # what the chart shows in data terms, e.g. "strong negative relation (rho = -0.78)"
    reasons: list[str] = field(default_factory=list)  # the ranker's largest reasons, in plain words

    def candidate(self) -> CandidateChart:
        """This chart as generator input again (for edits and alternatives): the intended design when
        known, else the executed spec."""
        return CandidateChart(goal=self.goal, code=self.code, source=self.source, spec=self.design or self.spec)

    @property
    def errors(self) -> list[str]:
        return [a.error for a in self.attempts if a.error]

    def why_lines(self, limit: int = 3) -> list[str]:
        """What the chart shows first, then at most `limit` design reasons (the ranker's, then draco's
        costliest preferences)."""
        lines = [self.insight] if self.insight else []
        design = list(self.reasons[:limit])
        for c in self.costs:
            if len(design) >= limit:
                break
            text = c.description.strip().rstrip(".")
            design.append(text[:1].lower() + text[1:])
        if not design and not self.costs and self.cost is not None:
            design.append("violates no design preference")
        return lines + design[:limit]

    @property
    def why(self) -> str:
        """The rank in plain words: what the chart shows, then at most three design reasons."""
        lines = self.why_lines()
        return "; ".join(lines) if lines else "violates no design preference"

    # ---- rendering -----------------------------------------------------------------------------
    def png(self, scale: float = 2.0) -> bytes:
        import vl_convert as vlc

        return bytes(vlc.vegalite_to_png(self.spec, scale=scale))

    def svg(self) -> str:
        import vl_convert as vlc

        return str(vlc.vegalite_to_svg(self.spec))

    def html(self) -> str:
        """A self-contained page: vl-convert bundles the Vega JavaScript, so it works offline."""
        import vl_convert as vlc

        return str(vlc.vegalite_to_html(self.spec, bundle=True))

    def save(self, path: str | Path) -> Path:
        """Write png, svg, html, json (Vega-Lite) or py (the chart code), chosen by the suffix."""
        p = Path(path)
        suffix = p.suffix.lower()
        if suffix not in SAVE_FORMATS:
            raise LidaError(f"cannot save {p.name}: unknown format {suffix or '(none)'}; use one of {', '.join(SAVE_FORMATS)}")
        if suffix == ".png":
            p.write_bytes(self.png())
        elif suffix == ".svg":
            p.write_text(self.svg(), encoding="utf-8")
        elif suffix == ".html":
            p.write_text(self.html(), encoding="utf-8")
        elif suffix == ".json":
            p.write_text(json.dumps(self.spec, indent=2, ensure_ascii=False, default=str), encoding="utf-8")
        else:
            p.write_text(self.code, encoding="utf-8")
        return p

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        """Jupyter shows the interactive chart where Vega-Lite is supported, the PNG elsewhere."""
        import base64

        bundle: dict[str, Any] = {
            "application/vnd.vegalite.v5+json": self.spec,
            "text/plain": f"<Chart rank={self.rank} cost={self.cost}: {self.goal.question}>",
        }
        try:
            bundle["image/png"] = base64.b64encode(self.png(scale=1.0)).decode("ascii")
        except Exception as exc:  # still shown as Vega-Lite; the text form says why there is no image
            bundle["text/plain"] += f" (no PNG: {type(exc).__name__}: {exc})"
        return bundle
