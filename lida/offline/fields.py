"""Which fields are worth charting, and in which role, decided from the Summary alone.

Every offline stage (goals, completion, code generation) reads roles from here so they agree on what
counts as a measure, a category or a time axis.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from summarizer.model import FieldSummary, Summary

#: Semantic types never charted on their own: they identify rows or carry free text.
SKIP_SEMANTICS = frozenset({"id", "text", "url", "email", "constant", "empty"})
MEASURE_SEMANTICS = frozenset({"measure", "amount", "percent", "count"})
CATEGORY_SEMANTICS = frozenset({"category", "boolean", "geo_name", "name"})
TIME_SEMANTICS = frozenset({"date", "datetime", "year", "time"})

#: Category cardinalities a reader can take in at once; above MAX_CATEGORIES a top-N filter applies.
SWEET_CATEGORIES = (3, 12)
MAX_CATEGORIES = 20
TOP_N = 15
#: Integer fields with at most this many distinct values read better as ordered categories.
MAX_ORDINAL_INTS = 12
#: Tables up to this many rows may use a one-value-per-row column as bar labels.
MAX_LABEL_ROWS = 50
#: Year-like fields with fewer distinct values than this are categories (e.g. 1931 vs 1932), not a time axis.
MIN_YEARS_FOR_TREND = 4


@dataclass(frozen=True)
class Role:
    """A field's charting role and how informative it is (higher `score` is better)."""

    name: str
    kind: str  # measure, category, time, geo
    vl_type: str  # quantitative, nominal, ordinal, temporal
    score: float
    year_int: bool = False  # an integer year column: plot() converts it to a datetime first
    cardinality: int = 0
    label: bool = False  # a category with about one value per row: fine as bar labels, useless to count


def is_year_int(f: FieldSummary) -> bool:
    """An integer column holding years (1990, 2005...), which must never be typed `:T` raw."""
    if f.semantic_type != "year" and not re.search(r"year", f.name, re.I):
        return False
    if f.numeric is None or "datetime" in f.dtype:
        return False
    lo, hi = f.numeric.min, f.numeric.max
    return 1000 <= lo <= hi <= 2200 and float(lo).is_integer()


def is_temporal(f: FieldSummary) -> bool:
    return f.vl_type == "temporal" or f.semantic_type in TIME_SEMANTICS or "datetime" in f.dtype


def _entropy_share(f: FieldSummary) -> float:
    """Entropy relative to its maximum: 1 for evenly spread values, 0 for a constant."""
    if f.unique <= 1:
        return 0.0
    return max(0.0, min(1.0, f.entropy / math.log2(f.unique)))


def _completeness(f: FieldSummary, rows: int) -> float:
    return 1.0 - (f.missing / rows if rows else 0.0)


def _category_score(f: FieldSummary, rows: int) -> float:
    lo, hi = SWEET_CATEGORIES
    u = f.unique
    if lo <= u <= hi:
        fit = 1.0
    elif u == 2:
        fit = 0.7
    elif u <= MAX_CATEGORIES:
        fit = 0.8
    else:
        fit = max(0.2, 0.6 - (u - MAX_CATEGORIES) / 500)
    if rows and u > 0.5 * rows:  # nearly one value per row: a label, not a grouping
        fit *= 0.2
    return fit * (0.5 + 0.5 * _entropy_share(f)) * (0.5 + 0.5 * _completeness(f, rows))


def _measure_score(f: FieldSummary, rows: int) -> float:
    assert f.numeric is not None
    spread = 1.0 if f.numeric.std > 0 else 0.0
    variety = min(1.0, f.unique / 20)
    bonus = 0.15 if f.semantic_type in ("amount", "percent") else 0.0
    return spread * (0.4 + 0.6 * variety) * (0.6 + 0.4 * _entropy_share(f)) * (0.8 + 0.2 * _completeness(f, rows)) + bonus


def role_of(f: FieldSummary, rows: int) -> Role | None:
    """The field's role, or None when it should not be charted (ids, constants, free text, urls...)."""
    if f.semantic_type in SKIP_SEMANTICS or f.unique <= 1:
        return None
    if f.semantic_type in ("latitude", "longitude"):
        return Role(f.name, "geo", "quantitative", 0.5, cardinality=f.unique)
    if is_year_int(f):
        if f.unique < MIN_YEARS_FOR_TREND:
            return Role(f.name, "category", "ordinal", _category_score(f, rows), cardinality=f.unique)
        return Role(f.name, "time", "temporal", _completeness(f, rows), year_int=True, cardinality=f.unique)
    if is_temporal(f):
        if f.unique < 2:
            return None
        return Role(f.name, "time", "temporal", _completeness(f, rows), cardinality=f.unique)
    if f.numeric is not None and f.vl_type == "quantitative":
        if f.semantic_type in MEASURE_SEMANTICS or f.semantic_type in ("", "category"):
            return Role(f.name, "measure", "quantitative", _measure_score(f, rows), cardinality=f.unique)
        return None
    if f.numeric is not None and f.vl_type == "ordinal":  # small integer codes such as cylinders
        if f.unique <= MAX_ORDINAL_INTS:
            return Role(f.name, "category", "ordinal", _category_score(f, rows), cardinality=f.unique)
        return Role(f.name, "measure", "quantitative", _measure_score(f, rows), cardinality=f.unique)
    if f.vl_type in ("nominal", "ordinal") or f.semantic_type in CATEGORY_SEMANTICS:
        label = rows > 0 and f.unique > 0.5 * rows
        if label and rows > MAX_LABEL_ROWS:
            return None  # one value per row in a big table: identifiers, not groups
        return Role(f.name, "category", f.vl_type if f.vl_type == "ordinal" else "nominal",
                    _category_score(f, rows), cardinality=f.unique, label=label)
    return None


@dataclass(frozen=True)
class Roles:
    """The chartable fields of one table by role, each list best first."""

    measures: list[Role]
    categories: list[Role]
    times: list[Role]
    geo: list[Role]

    def get(self, name: str) -> Role | None:
        for r in (*self.measures, *self.categories, *self.times, *self.geo):
            if r.name == name:
                return r
        return None


def roles(summary: Summary, boost: dict[str, float] | None = None) -> Roles:
    """Classify every field. `boost` adds to the score of named fields (a persona's interests)."""
    boost = boost or {}
    out: dict[str, list[Role]] = {"measure": [], "category": [], "time": [], "geo": []}
    for f in summary.fields:
        r = role_of(f, summary.rows)
        if r is None:
            continue
        if r.name in boost:
            r = Role(r.name, r.kind, r.vl_type, r.score + boost[r.name], r.year_int, r.cardinality, r.label)
        out[r.kind].append(r)
    order = {f.name: i for i, f in enumerate(summary.fields)}
    n = max(1, len(summary.fields))
    # earlier columns tend to be the ones the table is about: a small tie-breaking bonus
    out["measure"] = [Role(r.name, r.kind, r.vl_type, r.score + 0.1 * (1 - order[r.name] / n), r.year_int,
                           r.cardinality, r.label) for r in out["measure"]]
    for lst in out.values():
        lst.sort(key=lambda r: (-round(r.score, 6), order[r.name]))
    return Roles(out["measure"], out["category"], out["time"], out["geo"])


def vl_type_for(summary: Summary, name: str) -> str:
    """The Vega-Lite type a field gets when nothing else decides it."""
    f = summary.field(name)
    r = role_of(f, summary.rows)
    if r is not None:
        return r.vl_type
    return f.vl_type


def humanize(name: str) -> str:
    """A readable axis title from a column name: underscores to spaces, camelCase split, case kept."""
    text = name.replace("_", " ").strip()
    text = re.sub(r"(?<=[a-z])([A-Z])(?=[a-z])", lambda m: " " + m.group(1).lower(), text)
    text = re.sub(r"\s+", " ", text)
    return (text[:1].upper() + text[1:]) if text else name


_WHY_SKIPPED = {"id": "an identifier", "text": "free text", "url": "links", "email": "e-mail addresses",
                "constant": "one value throughout", "empty": "empty"}


def _shown(f: FieldSummary) -> str:
    value = f.samples[0] if f.samples else None
    return f"{f.name}={value!r}" if value is not None else f.name


def nothing_to_draw(summary: Summary) -> str | None:
    """Why no chart is worth drawing for this table (one line for the user), or None when one may be.

    A table with one row, or whose every column holds one value, has nothing to compare; a table whose
    columns are all identifiers or free text has nothing to measure or count by."""
    if summary.rows == 0 or not summary.fields:
        return "nothing worth drawing: the table has no rows" if summary.fields else "nothing worth drawing: the table has no columns"
    found = [r for f in summary.fields if (r := role_of(f, summary.rows)) is not None]
    if any(r.kind != "category" or not r.label for r in found):
        return None  # a measure, a time, a place or a grouping: something to show
    if found:  # only labels: every row has its own name and nothing is measured
        names = ", ".join(r.name for r in found[:4])
        return (f"nothing worth drawing: no column holds a quantity, a time or a grouping; {names} takes a different "
                f"value in each of the {summary.rows} rows, so there is nothing to count or compare")
    values = ", ".join(_shown(f) for f in summary.fields[:6]) + (", ..." if len(summary.fields) > 6 else "")
    if summary.rows == 1:
        return f"nothing worth drawing: the table has a single row ({values}); a chart needs values to compare"
    if all(f.unique <= 1 for f in summary.fields):
        return (f"nothing worth drawing: every column holds a single value in all {summary.rows} rows ({values}); "
                "a chart needs values that differ")
    why = [f"{f.name} is {_WHY_SKIPPED.get(f.semantic_type, 'not chartable')}" for f in summary.fields[:8]]
    return f"nothing worth drawing: no column can be measured, counted or compared ({'; '.join(why)})"
