"""Type cleaning: numbers stored as text become numbers, text dates become datetimes.

Decisions are made on a small fixed-seed probe of each column (cheap), then applied to the whole column
with one vectorised conversion. Column names are never changed here except to make them unique strings,
which the summarizer reports. The caller's frame is never mutated.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

#: Values that mean "missing" when they are the whole cell (compared lower-cased, stripped).
MISSING_TOKENS = frozenset({"", "na", "n/a", "nan", "null", "none", "-", "--", "?", "missing", "#n/a", "nil"})

#: Share of (non-missing) probe values that must parse before a whole column is converted.
PARSE_THRESHOLD = 0.95
PROBE_SIZE = 500
QUICK_PROBE = 20
#: A column of numbers may hold one stray word ("twenty" among 10, 30, 40): with at least this many
#: distinct numbers and exactly one cell that is not a number, it is numbers and that cell is missing.
#: (A small table never reaches PARSE_THRESHOLD with one odd value: 3 of 4 is 75%.)
MIN_NUMBERS_BESIDE_ONE_ODD = 3
#: Shortest typical text accepted as a date ("1/2/20" is 6 characters).
MIN_DATE_CHARS = 6

_TOKENS = pa.array(sorted(MISSING_TOKENS), type=pa.string())
_US_NUM = re.compile(r"^[-+]?(\d{1,3}(,\d{3})+|\d+)?(\.\d+)?([eE][-+]?\d+)?$")
_EU_NUM = re.compile(r"^[-+]?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$")
_CURRENCY = "$€£¥"
_SYMBOLS_RE = r"[\s$€£¥%]|(?i:usd|eur|gbp)"
_LEADING_ZERO = re.compile(r"^0\d")
_TIME_ONLY = re.compile(r"^\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?\s*([aApP][mM])?$")
_HAS_DIGIT = re.compile(r"\d")

#: Explicit date formats tried in order after ISO 8601. Day-first and month-first are both tried;
#: when both fit every probe value the month-first reading is kept and the ambiguity is reported.
DATE_FORMATS: tuple[str, ...] = (
    "%Y/%m/%d",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%m/%d/%Y",
    "%d/%m/%Y",
    "%m/%d/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M:%S",
    "%m/%d/%Y %H:%M",
    "%d/%m/%Y %H:%M",
    "%m/%d/%y",
    "%d/%m/%y",
    "%d.%m.%Y",
    "%d.%m.%Y %H:%M",
    "%m-%d-%Y",
    "%d-%m-%Y",
    "%b %d %Y",
    "%b %d, %Y",
    "%d %b %Y",
    "%B %d %Y",
    "%B %d, %Y",
    "%d %B %Y",
    "%d-%b-%Y",
    "%d-%b-%y",
    "%b %Y",
    "%B %Y",
    "%Y%m%d",
)


@dataclass
class CleanResult:
    frame: pd.DataFrame
    parsed_from: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def clean_frame(df: pd.DataFrame, *, seed: int = 0) -> CleanResult:
    """A new frame with unique string column names and text numbers/dates converted."""
    out = df.copy(deep=False)
    notes: list[str] = []
    names = _unique_string_names(list(df.columns), notes)
    out.columns = pd.Index(names, dtype=object)
    rng = np.random.default_rng(seed)
    probe_idx = _probe_positions(len(out), rng)
    parsed: dict[str, str] = {}
    for name in names:
        col = out[name]
        converted = _convert_column(col, probe_idx)
        if converted is not None:
            new, how = converted
            out[name] = new
            parsed[name] = how
        elif col.dtype == object:
            kinds = _mixed_kinds(col.iloc[probe_idx].dropna())
            if kinds:
                notes.append(f"column {name!r} mixes types ({kinds}); kept as text")
    return CleanResult(out, parsed, notes)


def _unique_string_names(cols: list[object], notes: list[str]) -> list[str]:
    """Non-string names become strings; duplicates get pandas-style .1, .2 suffixes. Both are noted."""
    names = [c if isinstance(c, str) else str(c) for c in cols]
    if any(not isinstance(c, str) for c in cols):
        notes.append("non-string column names converted to strings")
    seen: dict[str, int] = {}
    taken = set(names)
    out = []
    renamed = []
    for n in names:
        if n not in seen:
            seen[n] = 0
            out.append(n)
            continue
        k = seen[n]
        while True:
            k += 1
            cand = f"{n}.{k}"
            if cand not in taken:
                break
        seen[n] = k
        taken.add(cand)
        out.append(cand)
        renamed.append(f"{n!r} -> {cand!r}")
    if renamed:
        notes.append("renamed duplicate column names: " + ", ".join(renamed))
    return out


def _probe_positions(n: int, rng: np.random.Generator) -> np.ndarray:
    if n <= PROBE_SIZE:
        return np.arange(n)
    return np.sort(rng.choice(n, size=PROBE_SIZE, replace=False))


def _probe_values(col: pd.Series, probe_idx: np.ndarray) -> pd.Series:
    vals = col.iloc[probe_idx].dropna()
    if len(vals) < 50 and len(col) > len(probe_idx):  # sparse column: look at the first real values
        vals = col.dropna().iloc[:PROBE_SIZE]
    return vals


def _convert_column(col: pd.Series, probe_idx: np.ndarray) -> tuple[pd.Series, str] | None:
    is_text = col.dtype == object or isinstance(col.dtype, pd.StringDtype)
    if not is_text:
        return None
    probe = _probe_values(col, probe_idx)
    if probe.empty:
        return None
    kind = pd.api.types.infer_dtype(probe, skipna=True)
    if kind == "string":
        return _convert_text(col, probe.astype(str).drop_duplicates())  # decide on distinct values
    if kind in ("integer", "floating", "mixed-integer-float", "decimal"):
        return pd.to_numeric(col, errors="coerce"), "python numbers in an object column"
    if kind in ("datetime", "datetime64", "date"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return pd.to_datetime(col, errors="coerce"), "python dates in an object column"
    return None


def _convert_text(col: pd.Series, probe: pd.Series) -> tuple[pd.Series, str] | None:
    stripped = probe.str.strip()
    real = stripped[~stripped.str.lower().isin(MISSING_TOKENS)]
    if real.empty or not _mostly(real.str.contains(_HAS_DIGIT)):
        return None  # words, month names alone, categories: neither numbers nor dates
    num = _try_numbers(col, real)
    if num is not None:
        return num
    return _try_dates(col, real)


def _mostly(hits: pd.Series) -> bool:
    """Enough of the distinct probe values fit: the threshold, or all but one of a few (see
    MIN_NUMBERS_BESIDE_ONE_ODD; the caller then checks that the odd one is a single cell)."""
    fit = int(hits.sum())
    return bool(hits.mean() >= PARSE_THRESHOLD) or (fit >= MIN_NUMBERS_BESIDE_ONE_ODD and len(hits) - fit == 1)


def _null_tokens(col: pd.Series) -> pa.Array:
    """The column as stripped text with missing-value tokens as null (vectorised in Arrow)."""
    try:
        arr = pa.array(col.astype(object), from_pandas=True, type=pa.string())
    except (pa.ArrowInvalid, pa.ArrowTypeError):  # non-str objects mixed in: keep only the strings
        arr = pa.array(col.map(lambda v: v if isinstance(v, str) else None), type=pa.string())
    arr = pc.utf8_trim_whitespace(arr)
    is_token = pc.is_in(pc.utf8_lower(arr), value_set=_TOKENS)
    return pc.if_else(is_token, pa.scalar(None, pa.string()), arr)


def _as_series(arr: pa.Array, index: pd.Index) -> pd.Series:
    return pd.Series(arr.to_numpy(zero_copy_only=False), index=index, dtype=object)


def _coerced_note(before: pa.Array, after: pd.Series) -> str:
    lost = int((before.is_valid().to_numpy(zero_copy_only=False) & after.isna().to_numpy()).sum())
    return f"; {lost} unparseable values set to missing" if lost else ""


def _to_number(text: pa.Array, index: pd.Index, style: str, integers: bool) -> pd.Series:
    """Strip symbols and separators in Arrow, cast; values that still fail become NaN."""
    arr = pc.replace_substring_regex(text, _SYMBOLS_RE, "")
    if style == "us":
        arr = pc.replace_substring(arr, ",", "")
    else:
        arr = pc.replace_substring(pc.replace_substring(arr, ".", ""), ",", ".")
    arr = pc.if_else(pc.equal(arr, ""), pa.scalar(None, pa.string()), arr)
    for target in ((pa.int64(),) if integers else ()) + (pa.float64(),):
        try:
            return pd.Series(pc.cast(arr, target).to_pandas().to_numpy(), index=index)
        except (pa.ArrowInvalid, OverflowError):
            continue
    return pd.to_numeric(_as_series(arr, index), errors="coerce")


def _try_numbers(col: pd.Series, real: pd.Series) -> tuple[pd.Series, str] | None:
    if real.str.match(_LEADING_ZERO).any():
        return None  # zip codes, phone numbers, codes: zeros matter, keep as text
    bare = real.str.replace(_SYMBOLS_RE, "", regex=True)
    style = None
    us, eu = bare.str.match(_US_NUM), bare.str.match(_EU_NUM)
    if _mostly(us) and (bare[us] != "").all():
        style = "us"
    elif _mostly(eu) and bare.str.contains(",", regex=False).any():
        style = "eu"
    if style is None:
        return None
    strict = (us if style == "us" else eu).mean() >= PARSE_THRESHOLD and (bare != "").all()
    decimal_mark = "." if style == "us" else ","
    integers = not bare.str.contains(decimal_mark, regex=False).any() and not bare.str.contains("[eE]").any()
    text = _null_tokens(col)
    numbers = _to_number(text, col.index, style, integers)
    lost = int((text.is_valid().to_numpy(zero_copy_only=False) & numbers.isna().to_numpy()).sum())
    if not strict and lost != 1:
        return None  # the odd value is more than one stray cell: the column is not numbers
    what = []
    if style == "eu":
        what.append("decimal commas")
    elif real.str.contains(",", regex=False).any():
        what.append("thousands separators")
    symbols = [c for c in _CURRENCY if real.str.contains(c, regex=False).any()]
    if symbols or real.str.contains(r"(?i)usd|eur|gbp").any():
        what.append("currency symbols" + (f" ({''.join(symbols)})" if symbols else ""))
    if real.str.endswith("%").mean() >= 0.5:
        what.append("percent signs (kept on the written 0-100 scale)")
    desc = "text numbers" + (" with " + ", ".join(what) if what else "")
    return numbers, desc + _coerced_note(text, numbers)


def _try_dates(col: pd.Series, real: pd.Series) -> tuple[pd.Series, str] | None:
    if real.str.match(_TIME_ONLY).mean() >= PARSE_THRESHOLD:
        return None  # times of day without a date stay text (semantic "time")
    fmt = _pick_date_format(real)
    if fmt is None:
        return None
    fmt_used, label = fmt
    text = _null_tokens(col)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            dates = pd.to_datetime(_as_series(text, col.index), format=fmt_used, errors="coerce")
        except (ValueError, TypeError):
            dates = None
        if dates is None or not pd.api.types.is_datetime64_any_dtype(dates.dtype):
            # mixed UTC offsets give an object column (or an error): normalise to UTC instead
            dates = pd.to_datetime(_as_series(text, col.index), format=fmt_used, errors="coerce", utc=True)
            label += "; mixed UTC offsets converted to UTC"
    return dates, f"text dates ({label})" + _coerced_note(text, dates)


def _parse_rate(values: pd.Series, fmt: str) -> float:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            parsed = pd.to_datetime(values, format=fmt, errors="coerce")
        except (ValueError, TypeError):
            try:
                parsed = pd.to_datetime(values, format=fmt, errors="coerce", utc=True)
            except (ValueError, TypeError):
                return 0.0
    return float(parsed.notna().mean())


def _pick_date_format(real: pd.Series) -> tuple[str, str] | None:
    values = real.iloc[:PROBE_SIZE]
    if values.str.fullmatch(r"[-+]?\d+(\.\d+)?").any():
        return None  # bare numbers are not dates here (years are handled as integers)
    if values.str.len().median() < MIN_DATE_CHARS:
        return None  # "1.2.3", "3-4": too short to be dates, whatever dateutil thinks
    if _parse_rate(values, "ISO8601") >= PARSE_THRESHOLD:
        return "ISO8601", "ISO 8601"
    head = values.iloc[:QUICK_PROBE]  # cheap first pass: most formats fail on the first few values
    fitting = [
        f
        for f in DATE_FORMATS
        if _parse_rate(head, f) >= PARSE_THRESHOLD and _parse_rate(values, f) >= PARSE_THRESHOLD
    ]
    if fitting:
        fmt = fitting[0]
        swapped = fmt.replace("%m", "%M_").replace("%d", "%m").replace("%M_", "%d")
        if swapped in fitting and swapped != fmt:
            return fmt, f"{fmt}; day/month order ambiguous, read month first"
        return fmt, fmt
    if _parse_rate(head, "mixed") >= PARSE_THRESHOLD and _parse_rate(values, "mixed") >= PARSE_THRESHOLD:
        return "mixed", "several formats"
    return None


def _mixed_kinds(probe: pd.Series) -> str:
    """Names of the Python types in an object column when there is more than one, else ''."""
    kinds = sorted({type(v).__name__ for v in probe.iloc[:PROBE_SIZE]})
    return ", ".join(kinds) if len(kinds) > 1 else ""
