"""What the app shows, computed without Streamlit: the fields table, cost badges, reasons for a rank,
download payloads and one-line error messages."""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from draco import DracoError
from lida.api import UNSCORED_COST as UNSCORED
from lida.chart import Chart
from lida.errors import LidaError
from summarizer import SummarizerError, Summary

#: Errors whose message is written for the user; anything else is a bug and is shown as one.
USER_ERRORS: tuple[type[Exception], ...] = (LidaError, SummarizerError, DracoError)


def fields_table(summary: Summary) -> pd.DataFrame:
    """One row per column: its types, nulls, spread and typical values."""
    rows = []
    for f in summary.fields:
        num = f.numeric
        if f.temporal is not None:
            values = f"{f.temporal.min} .. {f.temporal.max} (by {f.temporal.granularity})"
        elif f.top_values:
            values = ", ".join(f"{t.value} ({t.count})" for t in f.top_values[:4])
        else:
            values = ", ".join(str(s) for s in f.samples[:4])
        rows.append(
            {
                "field": f.name,
                "type": f.vl_type,
                "semantic": f.semantic_type,
                "dtype": f.dtype,
                "nulls": f.missing,
                "null %": round(100.0 * f.missing / summary.rows, 1) if summary.rows else 0.0,
                "unique": f.unique,
                "min": _short(num.min) if num else None,
                "median": _short(num.median) if num else None,
                "mean": _short(num.mean) if num else None,
                "max": _short(num.max) if num else None,
                "std": _short(num.std) if num else None,
                "values": values,
                "note": f.parsed_from or "",
            }
        )
    return pd.DataFrame(rows)


def _short(x: float) -> float:
    """Four significant digits: enough to read a column's spread at a glance."""
    return float(f"{x:.4g}")


@dataclass(frozen=True)
class Badge:
    label: str
    color: str  # a st.badge colour
    help: str


def cost_badge(chart: Chart, best: float | None) -> Badge:
    """Lower draco cost is better; the colour says how far this chart is from the best one shown."""
    cost = chart.cost
    if cost is None or cost >= UNSCORED:
        return Badge("not scored", "gray", "draco could not read this chart's spec, so it ranks last")
    ref = best if best is not None and best < UNSCORED else cost
    # Relative to the best chart shown: costs are sums of weights, so a ratio reads the same at any scale.
    over = cost / ref if ref > 0 else 1.0 + (cost - ref)
    color = "green" if over <= 1.25 else "blue" if over <= 3.0 else "orange"
    return Badge(
        f"cost {cost:g}",
        color,
        "draco design cost: the weighted sum of violated preferences, lower is better",
    )


def why_lines(chart: Chart) -> list[str]:
    """The rank in plain words: each violated preference, costliest first."""
    if chart.cost is not None and chart.cost >= UNSCORED:
        return ["draco could not read this chart, so it ranks after every scored chart"]
    if chart.insight:
        return [_sentence(line) for line in chart.why_lines()]
    if not chart.costs:
        return ["violates no design preference"]
    return [f"{_sentence(c.description)} (x{c.count}, +{c.contribution})" for c in chart.costs[:3]]


def origin_label(chart: Chart) -> str | None:
    """Who drew the chart, in plain words, for a run with an LLM; None for an offline chart (nothing to say)."""
    origin = chart.origin or ""
    if origin == "llm":
        return "Written by the LLM"
    if origin == "llm+repair":
        return "Written by the LLM, then repaired"
    if origin.startswith("fallback"):
        reason = origin.partition(":")[2].strip()
        return "Offline fallback: the LLM failed here" + (f" ({reason})" if reason else "")
    return None


def origins_line(origins: dict[str, int]) -> str | None:
    """The run's chart count per origin ("2 from the LLM, 1 offline fallback"); None when all are offline."""
    if not origins or set(origins) <= {"offline", "unknown"}:
        return None
    words = {"llm": "from the LLM", "llm+repair": "from the LLM after repair", "fallback": "offline fallback",
             "offline": "offline"}  # fmt: skip
    return ", ".join(f"{count} {words.get(kind, kind)}" for kind, count in sorted(origins.items()))


def _sentence(text: str) -> str:
    text = text.strip().rstrip(".")
    return text[:1].upper() + text[1:]


@dataclass(frozen=True)
class Download:
    label: str
    file_name: str
    mime: str
    data: str | bytes | Callable[[], str | bytes]  # callables render only when clicked


def slug(text: str, limit: int = 40) -> str:
    words = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return words[:limit].rstrip("-") or "chart"


def downloads(chart: Chart, index: int, renderer: Any = None) -> list[Download]:
    """PNG and SVG render on click, in the sandbox's locked-down renderer (`renderer`, e.g. the app's
    Sandbox, when the chart has none of its own: cached charts lose theirs); JSON and code are text; the
    chart record (Chart.to_dict) lets a chart be loaded again."""
    if renderer is not None and chart.renderer is None:
        chart = dataclasses.replace(chart, renderer=renderer)
    base = f"chart-{chart.rank or index}-{slug(chart.goal.question)}"
    return [
        Download("PNG", f"{base}.png", "image/png", chart.png),
        Download("SVG", f"{base}.svg", "image/svg+xml", chart.svg),
        Download("Vega-Lite", f"{base}.vl.json", "application/json", spec_json(chart)),
        Download("Python", f"{base}.py", "text/x-python", chart.code),
        Download("Chart", f"{base}.chart.json", "application/json", lambda: chart_json(chart)),
    ]


def chart_json(chart: Chart) -> str:
    """The whole chart (goal, code, spec, cost and why, attempts, explanation): Chart.from_dict reads it."""
    return json.dumps(chart.to_dict(), indent=2, ensure_ascii=False, default=str)


def spec_json(chart: Chart) -> str:
    return json.dumps(chart.spec, indent=2, ensure_ascii=False, default=str)


def one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text if text else type(exc).__name__


def describe_error(exc: BaseException) -> tuple[str, str | None]:
    """(message for the page, details for an expander). User errors need no details; bugs get a type name."""
    if isinstance(exc, USER_ERRORS):
        return one_line(exc), None
    return f"something went wrong ({type(exc).__name__})", one_line(exc)
