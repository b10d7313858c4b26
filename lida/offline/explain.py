"""explain: what a chart shows, how to read each encoding, and alt text, from its spec (no LLM)."""

from __future__ import annotations

from typing import Any

from lida.errors import LidaError
from lida.model import CandidateChart, Explanation
from lida.offline.describe import channel_words, chart_name, encodings, phrase, summary_sentence
from summarizer.model import Summary

#: How many of draco's violated preferences are worth mentioning as design notes.
MAX_NOTES = 2


def _read_encoding(ch: str, e: dict[str, Any], mark: str) -> str:
    what = phrase(e)
    if ch in ("x", "y"):
        if e.get("type") in ("nominal", "ordinal") and ch == "y":
            return f"Each row is one {what}."
        if e.get("type") in ("nominal", "ordinal"):
            return f"Each column along {channel_words(ch)} is one {what}."
        if e.get("type") == "temporal" or e.get("timeUnit"):
            return f"Time runs along {channel_words(ch)} ({what})."
        size = "longer bars" if mark == "bar" and not e.get("bin") else "higher values"
        if ch == "y":
            size = "taller bars" if mark == "bar" and not e.get("bin") else "higher positions"
        return f"{channel_words(ch).capitalize()} shows {what}; {size} mean more." if not e.get("bin") else (
            f"{channel_words(ch).capitalize()} splits {what} into ranges.")
    if ch == "color":
        if e.get("type") == "quantitative":
            return f"Colour shows {what}: see the legend's gradient for the scale."
        return f"Colour tells the {what} apart (see the legend)."
    if ch == "theta":
        return f"The size of each slice is its share of the {what}."
    if ch in ("column", "row"):
        return f"Each panel shows one {what}."
    return f"{channel_words(ch).capitalize()} shows {what}."


def _notes(summary: Summary, chart: CandidateChart, draco: Any) -> list[str]:
    if draco is None or chart.spec is None:
        return []
    from draco.errors import DracoError
    from lida.repair.validate import chart_schema

    try:
        prefs = draco.explain(chart.spec, chart_schema(chart.spec, summary), chart.goal.intent.task)
    except DracoError:  # a composition draco does not model: no design notes, the rest still explains
        return []
    return [p.description.rstrip(".") + "." for p in prefs[:MAX_NOTES] if p.description]


def explain(summary: Summary, chart: CandidateChart, draco: Any = None) -> Explanation:
    """Plain-word explanation; with `draco`, its largest design caveats are added as notes."""
    spec = chart.spec
    if spec is None:
        raise LidaError("this chart has no Vega-Lite spec to explain")
    from lida.offline.codegen import mark_of

    mark = mark_of(spec)
    sentence = summary_sentence(spec)
    what = f"{sentence} It answers: {chart.goal.question}"
    if chart.goal.intent.top_n:
        what += f" Only the {chart.goal.intent.top_n} largest categories are shown."
    reads = [_read_encoding(ch, e, mark) for ch, e in encodings(spec)]
    if mark == "boxplot":
        reads.append("Each box spans the middle half of the values, the line inside is the median, and dots "
                     "are outliers.")
    if mark == "line":
        reads.append("Follow a line left to right to see rises and falls.")
    notes = _notes(summary, chart, draco)
    how = " ".join(reads)
    if notes:
        how += " Design notes: " + " ".join(notes)
    alt_text = f"{chart_name(spec).capitalize()} from the {summary.name or 'data'} table ({summary.rows:,} rows): " \
        f"{sentence[2:] if sentence.startswith('A ') else sentence}"
    return Explanation(what=what, how_to_read=how, alt_text=alt_text, source="offline")
