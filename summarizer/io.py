"""Read a data file into a raw DataFrame, turning every way a file can be bad into one SummarizerError.

Nothing here interprets values (that is summarizer.clean); this module only decides format, encoding,
delimiter and header, and reports what it had to guess in `notes`.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from summarizer.errors import SummarizerError

#: Extensions we read, mapped to the reader used.
FORMATS: dict[str, str] = {
    ".csv": "csv",
    ".tsv": "csv",
    ".tab": "csv",
    ".txt": "csv",
    ".dat": "csv",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
}

_DELIMITERS = (",", "\t", ";", "|")
_SNIFF_LINES = 50
_PEEK_ROWS = 1000
_SNIFF_CHARS = 65536
#: Share of control characters (other than tab/newline) above which decoded text is not a table.
_MAX_CONTROL_SHARE = 0.01
_NUMBER_RE = re.compile(r"^\s*[-+]?(\d+([.,]\d+)*|\d*\.\d+)([eE][-+]?\d+)?\s*$")
_ISO_DATE_RE = re.compile(r"^\s*\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2})?)?\s*$")


@dataclass
class RawTable:
    """A file as read, before any type cleaning."""

    frame: pd.DataFrame
    notes: list[str] = field(default_factory=list)


def read_table(path: str | Path) -> pd.DataFrame:
    """The file's table with raw pandas types. Raises SummarizerError for unreadable input."""
    return read_raw(path).frame


def read_raw(path: str | Path) -> RawTable:
    """Like read_table, plus notes about encoding fallbacks, guessed headers and renamed columns."""
    p = Path(path)
    if not p.exists():
        raise SummarizerError(f"{p}: file not found")
    if p.is_dir():
        raise SummarizerError(f"{p}: is a directory, not a data file")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise SummarizerError(f"{p}: cannot read file ({exc.strerror or exc})") from exc
    if not data.strip():
        raise SummarizerError(f"{p}: file is empty")

    kind = _detect_format(p, data)
    if kind == "parquet":
        raw = RawTable(_read_parquet(p))
    elif kind == "xlsx":
        raw = _read_xlsx(p)
    else:
        text, encoding, enc_note = _decode(p, data)
        notes = [enc_note] if enc_note else []
        if kind == "json":
            raw = RawTable(_read_json(p, text), notes)
        elif kind == "jsonl":
            raw = RawTable(_read_jsonl(p, text), notes)
        else:
            raw = _read_delimited(p, data, text[:_SNIFF_CHARS], encoding, notes)
    if raw.frame.shape[1] == 0:
        raise SummarizerError(f"{p}: no columns found")
    if len(raw.frame) == 0:
        cols = ", ".join(str(c) for c in list(raw.frame.columns)[:10])
        raise SummarizerError(f"{p}: header only, no data rows (columns: {cols})")
    return raw


# ---- format and encoding ------------------------------------------------------------------------


def _detect_format(p: Path, data: bytes) -> str:
    """By magic bytes first (a parquet file named .csv is still parquet), then by extension."""
    if data[:4] == b"PAR1":
        return "parquet"
    if data[:4] == b"PK\x03\x04":
        if p.suffix.lower() in (".xlsx", ".xlsm") or p.suffix.lower() not in FORMATS:
            return "xlsx"
        raise SummarizerError(f"{p}: is a zip archive (xlsx?), not {p.suffix} text")
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise SummarizerError(f"{p}: old binary Excel (.xls) is not supported; save it as .xlsx or .csv")
    kind = FORMATS.get(p.suffix.lower())
    if kind in ("parquet", "xlsx"):
        raise SummarizerError(f"{p}: not a valid {kind} file")
    if kind is None:
        head = data.lstrip()[:1]
        kind = "json" if head in (b"[", b"{") else "csv"
    return kind


def _decode(p: Path, data: bytes) -> tuple[str, str, str | None]:
    """utf-8 (with or without BOM), utf-16 with BOM, else a reported latin-1 (cp1252) fallback.

    Returns the text, the codec name that produced it, and a note when it was not plain utf-8."""
    if b"\x00" in data[:65536] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise SummarizerError(f"{p}: looks like a binary file (NUL bytes), not a text table")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text, enc, note = data.decode("utf-16"), "utf-16", "decoded as utf-16 (byte-order mark)"
        except UnicodeDecodeError as exc:
            raise SummarizerError(f"{p}: unreadable encoding (broken utf-16)") from exc
    else:
        enc = "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8"
        try:
            text, note = data.decode(enc), None
        except UnicodeDecodeError as exc:
            try:
                text, enc = data.decode("cp1252"), "cp1252"
            except UnicodeDecodeError:
                text, enc = data.decode("latin-1"), "latin-1"
            note = f"not valid utf-8 (byte {exc.start}); decoded as latin-1 ({enc})"
    sample = text[:65536]
    controls = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\t\r\n") or 0x7F <= ord(ch) < 0xA0)
    if sample and controls / len(sample) > _MAX_CONTROL_SHARE:
        raise SummarizerError(f"{p}: unreadable encoding or binary data ({controls} control characters)")
    return text, enc, note


# ---- readers ------------------------------------------------------------------------------------


def _read_parquet(p: Path) -> pd.DataFrame:
    try:
        return pd.read_parquet(p)
    except Exception as exc:  # pyarrow raises many types; all mean "not readable parquet"
        raise SummarizerError(f"{p}: cannot read parquet ({_one_line(exc)})") from exc


def _read_xlsx(p: Path) -> RawTable:
    try:
        sheets = pd.ExcelFile(p, engine="openpyxl")
        frame = sheets.parse(sheets.sheet_names[0])
    except Exception as exc:  # openpyxl/zipfile raise many types; all mean "not a readable workbook"
        raise SummarizerError(f"{p}: cannot read xlsx ({_one_line(exc)})") from exc
    notes = []
    if len(sheets.sheet_names) > 1:
        notes.append(f"read the first of {len(sheets.sheet_names)} sheets ({sheets.sheet_names[0]!r})")
    return RawTable(frame, notes)


def _read_json(p: Path, text: str) -> pd.DataFrame:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SummarizerError(
            f"{p}: not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})"
        ) from exc
    return _json_to_frame(p, doc)


def _json_to_frame(p: Path, doc: Any) -> pd.DataFrame:
    """Records list, column dict, or one wrapper object holding a records list (e.g. {"data": [...]})."""
    if isinstance(doc, dict):
        lists = [v for v in doc.values() if isinstance(v, list)]
        if doc and all(isinstance(v, list) for v in doc.values()):
            if len({len(v) for v in lists}) != 1:
                raise SummarizerError(f"{p}: JSON object of columns with different lengths")
            return pd.DataFrame(doc)
        records = [v for v in lists if v and all(isinstance(r, dict) for r in v)]
        if len(records) == 1:
            doc = records[0]
        else:
            raise SummarizerError(f"{p}: JSON object is not a table (expected a list of records)")
    if not isinstance(doc, list):
        raise SummarizerError(f"{p}: JSON is a {type(doc).__name__}, not a table")
    if not doc:
        raise SummarizerError(f"{p}: JSON list is empty, no data rows")
    if all(isinstance(r, dict) for r in doc):
        return pd.DataFrame.from_records(doc)
    if all(isinstance(r, list) for r in doc):
        return pd.DataFrame(doc, columns=[f"column_{i + 1}" for i in range(max(len(r) for r in doc))])
    raise SummarizerError(f"{p}: JSON list mixes records with other values, not a table")


def _read_jsonl(p: Path, text: str) -> pd.DataFrame:
    rows = []
    for i, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            raise SummarizerError(f"{p}: line {i} is not valid JSON ({exc.msg})") from exc
        if not isinstance(rec, dict):
            raise SummarizerError(f"{p}: line {i} is a {type(rec).__name__}, expected a JSON object")
        rows.append(rec)
    if not rows:
        raise SummarizerError(f"{p}: no JSON records")
    return pd.DataFrame.from_records(rows)


def _read_delimited(p: Path, data: bytes, head: str, encoding: str, notes: list[str]) -> RawTable:
    """pandas' C parser reads the bytes itself; `head` (decoded start of the file) is for sniffing."""
    lines = [ln for ln in head.splitlines()[: _SNIFF_LINES + 1] if ln.strip()]
    sep = "\t" if p.suffix.lower() in (".tsv", ".tab") else _sniff_delimiter(lines)
    rows = list(csv.reader(lines[:2], delimiter=sep))
    header = rows[0] if rows else []
    no_header = len(rows) > 1 and _looks_like_data(header, rows[1])
    options: dict[str, Any] = {
        "sep": sep,
        "header": None if no_header else 0,
        "index_col": False,
        "encoding": encoding,
    }
    try:
        codes = _leading_zero_columns(data, options)
        frame = pd.read_csv(io.BytesIO(data), low_memory=False, dtype=codes or None, **options)
    except pd.errors.EmptyDataError as exc:
        raise SummarizerError(f"{p}: file is empty") from exc
    except (pd.errors.ParserError, ValueError) as exc:
        raise SummarizerError(f"{p}: cannot parse as delimited text ({_one_line(exc)})") from exc
    if no_header:
        frame.columns = [f"column_{i + 1}" for i in range(frame.shape[1])]
        notes.append(
            f"first row looks like data, not a header: columns named column_1..column_{frame.shape[1]}"
        )
    else:
        renamed = [
            f"{orig!r} -> {new!r}"
            for orig, new in zip(header, frame.columns, strict=False)
            if str(new) != orig
        ]
        if renamed:
            notes.append("renamed duplicate or empty column names: " + ", ".join(renamed))
    if sep != ",":
        notes.append(f"delimiter {sep!r}")
    return RawTable(frame, notes)


def _leading_zero_columns(data: bytes, options: dict[str, Any]) -> dict[Any, type]:
    """Columns whose first rows hold numbers with leading zeros (zip codes, ids) are read as text."""
    head = pd.read_csv(io.BytesIO(data), nrows=_PEEK_ROWS, dtype=str, **options)
    return {c: str for c in head.columns if head[c].str.match(r"^0\d+$").any()}


def _sniff_delimiter(lines: list[str]) -> str:
    """The candidate that splits every sniffed line into the same number (>1) of fields, most fields wins."""
    best, best_fields = ",", 1
    for sep in _DELIMITERS:
        counts = {len(r) for r in csv.reader(lines, delimiter=sep)}
        if len(counts) == 1:
            n = counts.pop()
            if n > best_fields:
                best, best_fields = sep, n
    if best_fields == 1:  # ragged: take the delimiter most common in the first line
        first = lines[0] if lines else ""
        best = max(_DELIMITERS, key=first.count)
        if first.count(best) == 0:
            best = ","
    return best


def _looks_like_data(first: list[str], second: list[str]) -> bool:
    """A header row has at least one cell that is not a number or ISO date; a row of only those is data."""
    cells = [c for c in first if c.strip()]
    looks_like_values = all(_NUMBER_RE.match(c) or _ISO_DATE_RE.match(c) for c in cells)
    return bool(cells) and len(cells) == len(first) and looks_like_values and bool(second)


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:200] if text else type(exc).__name__
