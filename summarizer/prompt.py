"""Compact text form of a Summary for LLM prompts.

One line per field: name, dtype, Vega-Lite type/semantic type, then only the statistics that matter for
that kind of field (range and spread for numbers, span and granularity for dates, top values with counts
for categories, samples for free text). It carries more than LIDA's default JSON summary (which has no
missing counts, top values or semantic types offline) in well under 60% of its characters.
Wide tables keep the most chart-worthy fields and name what was left out.
"""

from __future__ import annotations

import json
import math
import re

from summarizer.model import FieldSummary, Summary

DEFAULT_MAX_FIELDS = 40
MAX_VALUE_CHARS = 24
MAX_OMITTED_CHARS = 300
_PLAIN_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_SHORT_DTYPES = {"object": "str", "string": "str", "float64": "float", "int64": "int", "bool": "bool"}
_ABBREV_VL = {"quantitative": "Q", "ordinal": "O", "nominal": "N", "temporal": "T"}


def prompt_text(summary: Summary, max_fields: int | None = None) -> str:
    """The prompt text of a Summary. It lives here, not on Summary, so the model never imports its renderer."""
    cap = DEFAULT_MAX_FIELDS if max_fields is None else max(1, max_fields)
    kept = _most_informative(summary.fields, cap)
    head = f"Table {_quote(summary.name)}: {summary.rows} rows, {summary.columns} columns"
    if summary.sampled and summary.sample_rows:
        head += f" (stats on a {summary.sample_rows}-row sample)"
    lines = [head]
    if summary.description:
        lines.append(summary.description)
    lines.append("field: dtype vega-lite type (Q/O/N/T)/semantic type; distinct; nulls if any; stats")
    sample_rows = summary.sample_rows if summary.sampled else None
    lines.extend(_field_line(f, sample_rows) for f in summary.fields if f.name in kept)
    omitted = [f.name for f in summary.fields if f.name not in kept]
    if omitted:
        lines.append(_omitted_line(omitted))
    return "\n".join(lines)


def informativeness(f: FieldSummary, rows: int) -> float:
    """How much a field is worth to a chart: dates and measures first, ids and free text last."""
    base = {
        "empty": -10.0, "constant": -5.0, "id": -3.0, "text": -2.0, "url": -2.5, "email": -2.5,
        "year": 3.0, "date": 3.0, "datetime": 3.0, "time": 1.0, "measure": 2.0, "amount": 2.2,
        "count": 2.0, "percent": 2.0, "geo_name": 2.0, "latitude": 1.5, "longitude": 1.5,
        "boolean": 1.0, "name": 0.5,
    }.get(f.semantic_type, 1.0)  # fmt: skip
    if f.semantic_type == "category":
        base = 2.5 if 2 <= f.unique <= 30 else 0.5
    missing_share = f.missing / rows if rows else 0.0
    return base - 2.0 * missing_share


def _most_informative(fields: list[FieldSummary], cap: int) -> set[str]:
    if len(fields) <= cap:
        return {f.name for f in fields}
    rows = max((f.missing for f in fields), default=0) + 1
    order = sorted(range(len(fields)), key=lambda i: (-informativeness(fields[i], rows), i))
    return {fields[i].name for i in order[:cap]}


def _omitted_line(names: list[str]) -> str:
    shown: list[str] = []
    used = 0
    for n in names:
        q = _quote(n)
        if used + len(q) > MAX_OMITTED_CHARS:
            break
        shown.append(q)
        used += len(q) + 2
    rest = len(names) - len(shown)
    tail = f", ... (+{rest} more)" if rest else ""
    return f"Omitted {len(names)} less informative fields: " + ", ".join(shown) + tail


def _quote(name: str) -> str:
    return name if _PLAIN_NAME.match(name) else json.dumps(name, ensure_ascii=False)


def _num(x: float) -> str:
    if not math.isfinite(x):
        return str(x)
    if abs(x) >= 1e4:
        return str(round(x))
    text = f"{x:.4g}"
    return text if "e" not in text else f"{x:.3e}"


def _value(v: object) -> str:
    text = str(v)
    if len(text) > MAX_VALUE_CHARS:
        text = text[: MAX_VALUE_CHARS - 1] + "…"
    if not text or any(c in text for c in ",=;\n") or text != text.strip():
        return json.dumps(text, ensure_ascii=False)
    return text


def _field_line(f: FieldSummary, sample_rows: int | None = None) -> str:
    dtype = _SHORT_DTYPES.get(f.dtype, "datetime" if f.dtype.startswith("datetime64") else f.dtype)
    parts = [f"{_quote(f.name)}: {dtype} {_ABBREV_VL[f.vl_type]}/{f.semantic_type}"]
    if f.parsed_from:
        parts[0] += " (from text)"
    # counted in the sample: when most sampled values are distinct the table has more than that
    more = "+" if sample_rows and f.unique > sample_rows // 2 else ""
    parts.append(f"{f.unique}{more} uniq")
    if f.missing:
        parts.append(f"{f.missing} null")
    if f.numeric is not None and f.semantic_type not in ("id", "empty"):
        n = f.numeric
        parts.append(
            f"{_num(n.min)}..{_num(n.max)} mean {_num(n.mean)} sd {_num(n.std)} "
            f"q {_num(n.q1)}/{_num(n.median)}/{_num(n.q3)}"
        )
    if f.temporal is not None:
        t = f.temporal
        parts.append(f"{t.min}..{t.max} {t.granularity}")
    if f.top_values and f.numeric is None and f.top_values[0].count == 1:  # every value distinct
        parts.append("e.g. " + ", ".join(_value(t.value) for t in f.top_values[:3]))
    elif f.top_values and f.numeric is None:
        parts.append("top " + ", ".join(f"{_value(t.value)}={t.count}" for t in f.top_values))
    elif f.top_values and f.numeric is not None and f.vl_type != "quantitative":
        parts.append("top " + ", ".join(f"{_value(t.value)}={t.count}" for t in f.top_values[:3]))
    elif not f.top_values and f.temporal is None and f.numeric is None and f.samples:
        parts.append("e.g. " + ", ".join(_value(s) for s in f.samples))
    if f.description:
        parts.append(f.description)
    return "; ".join(parts)
