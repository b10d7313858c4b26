"""The final product of the pipeline: one executed, validated, scored chart.

A Chart owns its rendered Vega-Lite spec. The spec is data, not code, but rendering it can still load
URLs (images, data) and do unbounded work, so PNG/SVG come from the sandbox's locked-down renderer:
the chart's `renderer` (the Sandbox that ran it) while it is open, else a one-off renderer process.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Protocol

from draco.model import Preference
from lida.errors import LidaError
from lida.model import CandidateChart, Explanation, Goal, Source


def origin_kind(origin: str | None) -> str:
    """The origin without its reason ("fallback: timed out" -> "fallback"), for counting."""
    if not origin:
        return "unknown"
    return origin.split(":", 1)[0].strip()


def valid_as_counts(charts: list[Chart]) -> dict[str, int]:
    """How many charts became valid each way (see Chart.valid_as), e.g. {"first": 2, "fallback": 1}."""
    counts: dict[str, int] = {}
    for chart in charts:
        counts[chart.valid_as] = counts.get(chart.valid_as, 0) + 1
    return counts


def origin_counts(origins: list[str | None]) -> dict[str, int]:
    """How many charts came from each origin kind, e.g. {"llm": 2, "fallback": 1}."""
    counts: dict[str, int] = {}
    for origin in origins:
        kind = origin_kind(origin)
        counts[kind] = counts.get(kind, 0) + 1
    return counts


SAVE_FORMATS = (".png", ".svg", ".html", ".json", ".py")

#: The Jupyter MIME type of a Vega-Lite spec; `{major}` is the Vega-Lite major version (see vegalite_mime).
VEGALITE_MIME = "application/vnd.vegalite.v{major}+json"

_SCHEMA_MAJOR = re.compile(r"/vega-lite/v(\d+)(?:[./]|$)")


class Renderer(Protocol):
    """What a Chart renders through: lida.sandbox.Sandbox."""

    def render(self, spec: dict[str, Any], fmt: Any = "png", scale: float = 1.0) -> Any: ...


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
    #: Who wrote the code: "offline", "llm" (ran as the model wrote it, or after one of its own re-asks),
    #: "llm+repair" (the sandbox loop had to fix it) or "fallback: <reason>" (the LLM failed for this
    #: goal; the offline generator drew it). None for charts made outside a run.
    origin: str | None = None
    #: What the user should know of how the chart was made: an edit's "applied: ..." and "not applied: ..."
    #: lines, or what generation did to the model's answer before it ran (fixes, re-asks).
    notes: list[str] = field(default_factory=list)
    #: The sandbox that renders this chart (set by Lida); None or closed: a one-off renderer is used.
    renderer: Renderer | None = field(default=None, repr=False, compare=False)

    def __getstate__(self) -> dict[str, Any]:
        """Pickled (cached, sent to another process) without its renderer: a sandbox is a live process."""
        state = dict(self.__dict__)
        state["renderer"] = None
        return state

    # ---- serialisation -------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """Everything but rendered images, as JSON-ready values; `from_dict` reads it back. For batch
        reports, the app's downloads and anything that stores charts outside this process."""
        return {
            "goal": self.goal.to_dict(),
            "code": self.code,
            "spec": self.spec,
            "source": self.source,
            "cost": self.cost,
            "costs": [c.to_dict() for c in self.costs],
            "rank": self.rank,
            "attempts": [{**asdict(a), "repairs": list(a.repairs)} for a in self.attempts],
            "explanation": asdict(self.explanation) if self.explanation is not None else None,
            "design": self.design,
            "score": self.score,
            "insight": self.insight,
            "reasons": list(self.reasons),
            "origin": self.origin,
            "notes": list(self.notes),
            "valid_as": self.valid_as,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Chart:
        """A chart from `to_dict` output (also after a JSON round trip). LidaError when a required key
        is missing or a value has the wrong shape."""
        if not isinstance(data, dict):
            raise LidaError(f"a chart record must be a JSON object, got {type(data).__name__}")
        missing = [k for k in ("goal", "code", "spec") if k not in data]
        if missing:
            raise LidaError(f"a chart record needs {', '.join(missing)}")
        try:
            explanation = data.get("explanation")
            return cls(
                goal=Goal.from_dict(data["goal"]),
                code=str(data["code"]),
                spec=dict(data["spec"]),
                source=data.get("source", "offline"),
                cost=None if data.get("cost") is None else float(data["cost"]),
                costs=[
                    Cost(name=c["name"], count=int(c["count"]), weight=int(c["weight"]), description=c["description"])
                    for c in data.get("costs") or []
                ],
                rank=None if data.get("rank") is None else int(data["rank"]),
                attempts=[
                    AttemptRecord(a["stage"], bool(a["ok"]), a.get("error"), tuple(a.get("repairs") or ()))
                    for a in data.get("attempts") or []
                ],
                explanation=Explanation(**explanation) if explanation is not None else None,
                design=data.get("design"),
                score=None if data.get("score") is None else float(data["score"]),
                insight=data.get("insight"),
                reasons=[str(r) for r in data.get("reasons") or []],
                origin=None if data.get("origin") is None else str(data["origin"]),
                notes=[str(n) for n in data.get("notes") or []],
            )
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise LidaError(f"not a chart record: {type(exc).__name__}: {exc}") from exc

    def candidate(self) -> CandidateChart:
        """This chart as generator input again (for edits and alternatives): the intended design when
        known, else the executed spec."""
        return CandidateChart(
            goal=self.goal, code=self.code, source=self.source, spec=self.design or self.spec, origin=self.origin
        )

    @property
    def valid_as(self) -> str:
        """How the chart became valid: "first" (as the model wrote it), "deterministic" (after fixes
        without a model), "llm_repair" (after the model was asked again), "fallback" (the offline
        generator stood in), or "offline" (no model involved)."""
        kind = origin_kind(self.origin)
        if kind in ("fallback", "offline", "unknown"):
            return "offline" if kind == "unknown" else kind
        generation = [n for n in self.notes if not n.startswith("edit:")]
        if any(a.stage == "llm" for a in self.attempts) or any("asked the model" in n for n in generation):
            return "llm_repair"
        if generation or len(self.attempts) > 1 or any(a.repairs for a in self.attempts):
            return "deterministic"
        return "first"

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
    def _render(self, fmt: str, scale: float) -> Any:
        from lida.sandbox.renderer import render_spec

        result = render_spec(self.spec, (fmt,), scale, sandbox=self.renderer)
        if not result.ok:
            raise LidaError(f"cannot render the chart as {fmt.upper()}: {result.error}")
        return result

    def png(self, scale: float = 2.0) -> bytes:
        """The chart as PNG, drawn by the sandbox's renderer (no network, no file access)."""
        png = self._render("png", scale).png
        if not png:
            raise LidaError("cannot render the chart as PNG: the renderer returned no image")
        return bytes(png)

    def svg(self) -> str:
        """The chart as SVG, drawn by the sandbox's renderer (no network, no file access)."""
        svg = self._render("svg", 1.0).svg
        if not isinstance(svg, str):
            raise LidaError("cannot render the chart as SVG: the renderer returned no image")
        return svg

    def html(self) -> str:
        """A self-contained page (the Vega JavaScript is bundled, so it works offline). The spec is
        checked first: the page would load its URLs in the browser."""
        from lida.errors import SandboxError
        from lida.sandbox.renderer import html_page

        try:
            return html_page(self.spec)
        except SandboxError as exc:
            raise LidaError(f"cannot export the chart as HTML: {exc}") from exc

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
            vegalite_mime(self.spec): self.spec,
            "text/plain": f"<Chart rank={self.rank} cost={self.cost}: {self.goal.question}>",
        }
        try:
            bundle["image/png"] = base64.b64encode(self.png(scale=1.0)).decode("ascii")
        except Exception as exc:  # still shown as Vega-Lite; the text form says why there is no image
            bundle["text/plain"] += f" (no PNG: {type(exc).__name__}: {exc})"
        return bundle


def vegalite_mime(spec: dict[str, Any]) -> str:
    """The MIME type for this spec's Vega-Lite version: the major version in its `$schema`, else the
    one the installed Altair writes (so a frontend never renders a v6 spec as v5)."""
    found = _SCHEMA_MAJOR.search(str(spec.get("$schema", "")))
    if found:
        return VEGALITE_MIME.format(major=found.group(1))
    import altair as alt

    return VEGALITE_MIME.format(major=alt.SCHEMA_VERSION.lstrip("v").split(".")[0])
