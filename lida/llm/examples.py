"""Worked examples for the prompts, built from the user's own table.

A small model copies what a prompt shows it. A placeholder ("<the question, one sentence>") or a bare
scaffold (`...` then `return chart`) comes back verbatim; an example with the table's real column names
comes back, at worst, as a valid goal or a valid chart.
"""

from __future__ import annotations

from typing import Any

from summarizer.model import FieldSummary, Summary


def example_goal(summary: Summary) -> dict[str, Any]:
    """One goal about this table, in the answer's exact form, for the prompt's worked example."""
    usable = [f for f in summary.fields if f.semantic_type not in ("constant", "empty")] or list(summary.fields)
    quant = [f for f in usable if f.vl_type == "quantitative" and f.unique > 2]
    cats = [f for f in usable if f.vl_type in ("nominal", "ordinal") and 1 < f.unique <= 30]
    times = [f for f in usable if f.vl_type == "temporal"]

    def enc(channel: str, f: FieldSummary | None, type_: str, aggregate: str | None = None,
            bin_: bool | None = None, time_unit: str | None = None) -> dict[str, Any]:  # fmt: skip
        return {"channel": channel, "field": f.name if f else None, "type": type_, "aggregate": aggregate,
                "bin": bin_, "time_unit": time_unit}  # fmt: skip

    if times and quant:
        t, q = times[0], quant[0]
        return _example(f"How has the average {q.name} changed over the years?", f"line chart of mean {q.name} by year of {t.name}",
                        f"a trend over time shows whether {q.name} rises or falls", [t.name, q.name], "line",
                        [enc("x", t, "temporal", time_unit="year"), enc("y", q, "quantitative", "mean")])  # fmt: skip
    if cats and quant:
        c, q = cats[0], quant[0]
        return _example(f"Which {c.name} has the highest average {q.name}?", f"bar chart of mean {q.name} by {c.name}",
                        f"comparing the groups' means shows how {q.name} differs across {c.name}", [c.name, q.name],
                        "bar", [enc("x", c, "nominal"), enc("y", q, "quantitative", "mean")])  # fmt: skip
    if len(quant) >= 2:
        a, b = quant[0], quant[1]
        return _example(f"How does {b.name} relate to {a.name}?", f"scatter plot of {b.name} against {a.name}",
                        "a scatter plot shows the direction and strength of the relation", [a.name, b.name], "point",
                        [enc("x", a, "quantitative"), enc("y", b, "quantitative")])  # fmt: skip
    if quant:
        q = quant[0]
        return _example(f"How are the values of {q.name} distributed?", f"histogram of {q.name}",
                        "a histogram shows the typical values and the outliers", [q.name], "bar",
                        [enc("x", q, "quantitative", bin_=True), enc("y", None, "quantitative", "count")])  # fmt: skip
    f = (cats or usable)[0]
    return _example(f"How many rows are there for each {f.name}?", f"bar chart of the count of rows by {f.name}",
                    "counts show which values are common and which are rare", [f.name], "bar",
                    [enc("x", f, "nominal"), enc("y", None, "quantitative", "count")])  # fmt: skip


def _example(question: str, visualization: str, rationale: str, fields: list[str], mark: str,
             encodings: list[dict[str, Any]]) -> dict[str, Any]:  # fmt: skip
    return {"question": question, "visualization": visualization, "rationale": rationale, "fields": fields,
            "chart": {"mark": mark, "encodings": encodings}}  # fmt: skip


def example_code(summary: Summary) -> str:
    """A complete plot(data) for this table: a count of rows by a category, or a histogram of a number."""
    return str(example_chart(summary)["code"])


def example_chart(summary: Summary) -> dict[str, Any]:
    """The example chart as a follow-up suggestion: question, visualization, rationale, fields and code."""
    usable = [f for f in summary.fields if f.semantic_type not in ("constant", "empty")] or list(summary.fields)
    cats = [f for f in usable if f.vl_type in ("nominal", "ordinal") and 1 < f.unique <= 30]
    quant = [f for f in usable if f.vl_type == "quantitative"]
    y = 'alt.Y(aggregate="count", type="quantitative", title="Number of rows")'
    if cats or not quant:
        f = (cats or usable)[0]
        x = f"alt.X(field={f.name!r}, type=\"nominal\", title={f.name!r})"
        title, question = f"Number of rows by {f.name}", f"How many rows are there for each {f.name}?"
        rationale = "counts show which values are common and which are rare"
    else:
        f = quant[0]
        x = f"alt.X(field={f.name!r}, type=\"quantitative\", bin=True, title={f.name!r})"
        title, question = f"Distribution of {f.name}", f"How are the values of {f.name} distributed?"
        rationale = "a histogram shows the typical values and the outliers"
    code = (
        "import altair as alt\nimport pandas as pd\n\n\n"
        "def plot(data: pd.DataFrame) -> alt.Chart:\n"
        "    chart = (\n"
        "        alt.Chart(data)\n"
        "        .mark_bar()\n"
        f"        .encode(x={x}, y={y})\n"
        f"        .properties(title={title!r})\n"
        "    )\n"
        "    return chart\n"
    )
    return {"question": question, "visualization": f"bar chart: {title}", "rationale": rationale,
            "fields": [f.name], "code": code}  # fmt: skip
