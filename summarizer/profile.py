"""Per-column statistics -> FieldSummary.

Exact on the full column: missing count, min, max, mean, std (single vectorised passes).
On the fixed-seed row sample when the table is sampled: unique count, entropy, quartiles, top values,
samples and the type inference that depends on them. Summary.sampled says which applies.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import numpy as np
import pandas as pd

from summarizer.model import FieldSummary, NumericStats, TemporalStats, TopValue
from summarizer.semantics import ColumnFacts, infer_numeric, infer_temporal, infer_text

N_SAMPLES = 3
N_TOP = 5
#: Numeric columns with at most this many distinct values also get top values.
TOP_FOR_NUMERIC_MAX_UNIQUE = 20
MAX_SAMPLE_CHARS = 120
_TEXT_PROBE = 500


def profile_column(name: str, full: pd.Series, sample: pd.Series, parsed_from: str | None) -> FieldSummary:
    missing = int(full.isna().sum())
    dtype = str(full.dtype)
    present = sample.dropna()
    if present.empty:
        return FieldSummary(
            name=name, dtype=dtype, vl_type="nominal", semantic_type="empty", missing=missing, unique=0,
            entropy=0.0, parsed_from=parsed_from,
        )  # fmt: skip
    hashable = _hashable(present)
    # first-occurrence order, then a stable sort: ties never depend on hash order
    counts = hashable.value_counts(sort=False).sort_values(ascending=False, kind="stable")
    counts = counts[counts > 0]  # categoricals list unused categories with count 0
    unique = len(counts)
    entropy = _entropy(counts.to_numpy())
    if pd.api.types.is_bool_dtype(full.dtype):
        fs = _base(name, dtype, "nominal", "boolean", missing, unique, entropy, parsed_from)
        fs.top_values = _top(counts)
    elif pd.api.types.is_datetime64_any_dtype(full.dtype):
        fs = _temporal(name, dtype, full, present, missing, unique, entropy, parsed_from)
    elif pd.api.types.is_numeric_dtype(full.dtype) and not isinstance(full.dtype, pd.CategoricalDtype):
        fs = _numeric(name, dtype, full, present, counts, missing, unique, entropy, parsed_from)
    elif pd.api.types.is_timedelta64_dtype(full.dtype):
        fs = _base(name, dtype, "quantitative", "measure", missing, unique, entropy, parsed_from)
    else:
        fs = _textual(name, dtype, full, present, counts, missing, unique, entropy, parsed_from)
    if unique == 1 and fs.semantic_type != "empty":
        fs.semantic_type = "constant"
    fs.samples = _samples(counts)
    return fs


def _base(
    name: str, dtype: str, vl: Any, sem: str, missing: int, unique: int, entropy: float, parsed: str | None
) -> FieldSummary:
    return FieldSummary(
        name=name, dtype=dtype, vl_type=vl, semantic_type=sem, missing=missing, unique=unique,
        entropy=entropy, parsed_from=parsed,
    )  # fmt: skip


def _hashable(s: pd.Series) -> pd.Series:
    """Object columns holding lists/dicts or mixed types are counted by their text form."""
    if s.dtype != object:
        return s
    kind = pd.api.types.infer_dtype(s.iloc[:_TEXT_PROBE], skipna=True)
    if kind == "string" and pd.api.types.infer_dtype(s, skipna=True) == "string":
        return s
    return s.map(_text_of)


def _text_of(v: Any) -> str:
    return v if isinstance(v, str) else repr(v) if isinstance(v, (list, dict, tuple, set)) else str(v)


def _entropy(counts: np.ndarray) -> float:
    total = counts.sum()
    if total <= 0:
        return 0.0
    p = counts / total
    return round(float(-(p * np.log2(p)).sum()) + 0.0, 4)


def _top(counts: pd.Series) -> list[TopValue]:
    return [TopValue(value=_label(v), count=int(c)) for v, c in counts.iloc[:N_TOP].items()]


def _label(v: Any) -> str:
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, (pd.Timestamp, dt.date)):
        return v.isoformat()
    return str(v)


def _samples(counts: pd.Series) -> list[Any]:
    """A few distinct values spread over the value order (deterministic), JSON-safe."""
    values = counts.index
    if len(values) <= N_SAMPLES:
        picks = list(values)
    else:
        picks = [values[i] for i in np.linspace(0, len(values) - 1, N_SAMPLES).round().astype(int)]
    return [json_safe(v) for v in picks]


def json_safe(v: Any) -> Any:
    if v is None or isinstance(v, (bool, np.bool_)):
        return None if v is None else bool(v)
    if isinstance(v, (int, np.integer)):
        return int(v)
    if isinstance(v, (float, np.floating)):
        f = float(v)
        return f if math.isfinite(f) else None
    if isinstance(v, (pd.Timestamp, dt.datetime)):
        midnight = v.hour == v.minute == v.second == v.microsecond == 0 and v.tzinfo is None
        return v.date().isoformat() if midnight else v.isoformat()
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, pd.Timedelta):
        return str(v)
    text = v if isinstance(v, str) else _text_of(v)
    return text if len(text) <= MAX_SAMPLE_CHARS else text[: MAX_SAMPLE_CHARS - 1] + "…"


def _num(x: Any) -> float:
    f = float(x)
    return round(f, 6) if math.isfinite(f) else 0.0


def _numeric(
    name: str, dtype: str, full: pd.Series, present: pd.Series, counts: pd.Series, missing: int,
    unique: int, entropy: float, parsed: str | None,
) -> FieldSummary:  # fmt: skip
    full_vals = full.to_numpy(dtype="float64", na_value=np.nan)
    finite = full_vals[np.isfinite(full_vals)]
    if finite.size == 0:
        return _base(name, dtype, "quantitative", "empty", missing, unique, entropy, parsed)
    sample_vals = present.to_numpy(dtype="float64")
    sample_vals = sample_vals[np.isfinite(sample_vals)]
    if sample_vals.size == 0:
        sample_vals = finite
    q1, med, q3 = np.quantile(sample_vals, [0.25, 0.5, 0.75])
    std = float(finite.std(ddof=1)) if finite.size > 1 else 0.0
    stats = NumericStats(
        min=_num(finite.min()), max=_num(finite.max()), mean=_num(finite.mean()), std=_num(std),
        q1=_num(q1), median=_num(med), q3=_num(q3),
    )  # fmt: skip
    is_int = pd.api.types.is_integer_dtype(full.dtype) or bool(np.all(np.mod(sample_vals, 1) == 0))
    facts = ColumnFacts(
        name=name, dtype=dtype, non_null=len(present), unique=unique, is_integer=is_int,
        minimum=stats.min, maximum=stats.max, parsed_from=parsed,
    )  # fmt: skip
    sem, vl = infer_numeric(facts)
    fs = _base(name, dtype, vl, sem, missing, unique, entropy, parsed)
    fs.numeric = stats
    if unique <= TOP_FOR_NUMERIC_MAX_UNIQUE:
        fs.top_values = _top(counts)
    return fs


def _granularity(ts: pd.Series) -> str:
    """Coarsest calendar unit that every value sits on."""
    if ts.dt.tz is not None:
        ts = ts.dt.tz_localize(None)
    if (ts.dt.second != 0).any() or (ts.dt.microsecond != 0).any():
        return "second"
    if (ts.dt.minute != 0).any():
        return "minute"
    if (ts.dt.hour != 0).any():
        return "hour"
    if (ts.dt.day != 1).any():
        if ts.nunique() > 2 and ts.dt.dayofweek.nunique() == 1:
            return "week"
        return "day"
    months = ts.dt.month
    if (months != 1).any():
        return "quarter" if months.isin([1, 4, 7, 10]).all() and months.nunique() > 1 else "month"
    return "year"


def _temporal(
    name: str, dtype: str, full: pd.Series, present: pd.Series, missing: int, unique: int,
    entropy: float, parsed: str | None,
) -> FieldSummary:  # fmt: skip
    gran = _granularity(present)
    lo, hi = full.min(), full.max()
    if gran in ("hour", "minute", "second"):
        lo_s, hi_s = lo.isoformat(), hi.isoformat()
    else:
        lo_s, hi_s = lo.date().isoformat(), hi.date().isoformat()
    sem, vl = infer_temporal(gran)
    fs = _base(name, dtype, vl, sem, missing, unique, entropy, parsed)
    fs.temporal = TemporalStats(min=lo_s, max=hi_s, granularity=gran)
    return fs


def _textual(
    name: str, dtype: str, full: pd.Series, present: pd.Series, counts: pd.Series, missing: int,
    unique: int, entropy: float, parsed: str | None,
) -> FieldSummary:  # fmt: skip
    distinct = pd.Series(counts.index[:_TEXT_PROBE]).map(_text_of).astype(object)
    facts = ColumnFacts(
        name=name, dtype=dtype, non_null=len(present), unique=unique, is_integer=False,
        minimum=None, maximum=None, parsed_from=parsed,
    )  # fmt: skip
    sem, vl = infer_text(facts, distinct)
    if isinstance(full.dtype, pd.CategoricalDtype) and full.dtype.ordered:
        vl = "ordinal"
    fs = _base(name, dtype, vl, sem, missing, unique, entropy, parsed)
    if sem not in ("text", "id", "url", "email"):
        fs.top_values = _top(counts)
    return fs
