"""Semantic and Vega-Lite type of one column, from its cleaned dtype, name and a few statistics.

Choices later stages rely on:
* Integer year columns (semantic "year") get vl_type "ordinal", never "temporal": an int 1995 typed :T
  would be read as milliseconds since 1970. A chart that wants a time axis must convert first.
* Datetime columns are semantic "date" (day or coarser, even when every value is 1 January) or
  "datetime" (finer than a day), vl_type "temporal"; TemporalStats.granularity says year/month/...
* Small sets of integers that are not counts (e.g. Cylinders: 3,4,5,6,8) are "measure" with vl_type
  "ordinal" so charts treat them as ordered levels rather than a continuous axis.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from summarizer.model import VegaType

_WORD_SPLIT = re.compile(r"[^0-9a-zA-Z]+|(?<=[a-z])(?=[A-Z])")
_EMAIL = r"^[\w.+-]+@[\w-]+(\.[\w-]+)+$"
_URL = r"^(https?://|www\.)\S+$"
_UUID = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
_TIME = r"^\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?\s*([aApP][mM])?$"

YEAR_WORDS = frozenset({"year", "years", "yr", "yyyy", "fy", "season", "vintage"})
ID_WORDS = frozenset({"id", "ids", "uuid", "guid", "key", "pk", "identifier"})
LAT_WORDS = frozenset({"lat", "latitude"})
LON_WORDS = frozenset({"lon", "lng", "long", "longitude"})
AMOUNT_WORDS = frozenset(
    {
        "price", "prices", "cost", "costs", "revenue", "revenues", "sales", "amount", "income", "salary",
        "salaries", "profit", "profits", "spend", "spending", "fee", "fees", "payment", "payments", "usd",
        "eur", "gbp", "dollars", "budget", "gdp", "wage", "wages", "earnings", "expense", "expenses",
        "balance", "tax", "rent", "fare",
    }
)  # fmt: skip
PERCENT_WORDS = frozenset({"percent", "percentage", "pct", "perc", "share", "proportion"})
COUNT_WORDS = frozenset(
    {"count", "counts", "num", "number", "qty", "quantity", "n", "total", "visits", "votes"}
)
GEO_WORDS = frozenset(
    {
        "country", "countries", "state", "states", "city", "cities", "region", "regions", "province",
        "county", "continent", "nation", "territory", "district", "municipality", "zip", "zipcode",
        "postcode", "borough", "neighborhood", "neighbourhood", "location", "place", "capital",
    }
)  # fmt: skip
NAME_WORDS = frozenset(
    {"name", "names", "title", "person", "author", "artist", "player", "company", "brand", "model", "product"}
)
BOOL_TOKENS = frozenset({"true", "false", "yes", "no", "y", "n", "t", "f", "0", "1"})

#: Short strings, all distinct, in at least this many rows are identifiers rather than categories.
UNIQUE_CODE_MIN_ROWS = 50
#: Text this long on average (characters), with mostly distinct values, is free text.
TEXT_MIN_MEAN_LENGTH = 30


@dataclass(frozen=True)
class ColumnFacts:
    """What inference needs, computed once by summarizer.profile (on the sample when sampled)."""

    name: str
    dtype: str
    non_null: int  # non-missing values considered (sample size when sampled)
    unique: int
    is_integer: bool  # numeric and every value whole
    minimum: float | None
    maximum: float | None
    parsed_from: str | None


def name_tokens(name: str) -> set[str]:
    """Lower-case words of a column name: 'UserID' -> {'user', 'id', 'userid'}, 'n_items' -> {'n', 'items'}."""
    parts = [p.lower() for p in _WORD_SPLIT.split(name) if p]
    toks = set(parts)
    toks.add(re.sub(r"[^0-9a-z]", "", name.lower()))
    return toks


def _ends_with_id(name: str) -> bool:
    low = name.lower()
    return low.endswith(("id", "_key", "uuid", "guid")) and not low.endswith(
        ("paid", "valid", "void", "grid")
    )


def infer_numeric(f: ColumnFacts) -> tuple[str, VegaType]:
    toks = name_tokens(f.name)
    lo, hi = f.minimum, f.maximum
    if lo is None or hi is None:
        return "empty", "quantitative"
    if toks & LAT_WORDS and -90 <= lo <= hi <= 90:
        return "latitude", "quantitative"
    if toks & LON_WORDS and -180 <= lo <= hi <= 180:
        return "longitude", "quantitative"
    if f.is_integer and toks & YEAR_WORDS and 1000 <= lo <= hi <= 2200:
        return "year", "ordinal"
    if f.is_integer and (toks & ID_WORDS or _ends_with_id(f.name)) and f.unique >= 0.95 * f.non_null:
        return "id", "nominal"
    parsed = f.parsed_from or ""
    if "percent" in parsed or toks & PERCENT_WORDS:
        return "percent", "quantitative"
    if "currency" in parsed or toks & AMOUNT_WORDS:
        return "amount", "quantitative"
    lname = f.name.lower()
    if f.is_integer and lo >= 0 and (toks & COUNT_WORDS or lname.startswith(("n_", "num_", "nb_", "count_"))):
        return "count", "quantitative"
    if f.is_integer and f.unique <= 10 and f.non_null >= 4 * f.unique:
        return "measure", "ordinal"
    return "measure", "quantitative"


def infer_text(f: ColumnFacts, values: pd.Series) -> tuple[str, VegaType]:
    """`values`: distinct non-missing values as str (from the sample), at most a few thousand."""
    toks = name_tokens(f.name)
    if values.empty:
        return "empty", "nominal"
    if values.str.match(_EMAIL).mean() >= 0.9:
        return "email", "nominal"
    if values.str.match(_URL).mean() >= 0.9:
        return "url", "nominal"
    if values.str.match(_TIME).mean() >= 0.9:
        return "time", "ordinal"
    if f.unique == 2 and set(values.str.strip().str.lower()) <= BOOL_TOKENS:
        return "boolean", "nominal"
    distinct_share = f.unique / max(f.non_null, 1)
    if (toks & ID_WORDS or _ends_with_id(f.name)) and distinct_share >= 0.95:
        return "id", "nominal"
    if values.str.match(_UUID).mean() >= 0.9:
        return "id", "nominal"
    if toks & GEO_WORDS:
        return "geo_name", "nominal"
    lengths = values.str.len()
    long_text = lengths.mean() >= TEXT_MIN_MEAN_LENGTH and values.str.count(" ").mean() >= 3
    if long_text and distinct_share >= 0.5:
        return "text", "nominal"
    if toks & NAME_WORDS:
        return "name", "nominal"
    if distinct_share == 1 and f.non_null >= UNIQUE_CODE_MIN_ROWS and lengths.max() <= 16:
        return "id", "nominal"  # short codes, one per row (airport codes, SKUs)
    return "category", "nominal"


def infer_temporal(granularity: str) -> tuple[str, VegaType]:
    fine = granularity in ("hour", "minute", "second")
    return ("datetime" if fine else "date"), "temporal"
