"""Read a data file into a raw DataFrame, turning every way a file can be bad into one SummarizerError.

Nothing here interprets values (that is summarizer.clean); this module only decides format, encoding,
delimiter and header, and reports what it had to guess in `notes`.
"""

from __future__ import annotations

import bz2
import csv
import gzip
import io
import json
import lzma
import math
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
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


#: Compressed text the loader opens itself (found by magic bytes), always through a bounded read.
_COMPRESSED = ((b"\x1f\x8b", "gzip"), (b"BZh", "bz2"), (b"\xfd7zXZ\x00", "xz"))
_COMPRESSED_SUFFIXES = (".gz", ".gzip", ".bz2", ".xz", ".zst", ".zstd")
_ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
_HEAD_BYTES = 1 << 20
_CHUNK_BYTES = 16 << 20
_MiB = 1 << 20
#: In-memory bytes a value of variable width (text, nested) costs in pandas beyond its own bytes.
_OBJECT_OVERHEAD = 64
_MAX_PARQUET_FOOTER = 64 * _MiB
_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")


@dataclass(frozen=True)
class LoadLimits:
    """What reading one file may cost the host. Over a limit the table is sampled (and the Summary says
    so) or refused with one line; a file is never read whole first. The defaults read a 1M-row x 20-column
    table (200 MB of CSV, 460 MB in pandas) in full."""

    max_memory_mb: int = 1024  # estimated in-memory size of the table read
    max_rows: int = 5_000_000  # rows read; more are sampled
    max_text_mb: int = 512  # bytes of (decompressed) CSV/JSON Lines text read; more are cut at a line
    max_json_mb: int = 128  # a single JSON document (parsed whole: about ten times its size in memory)
    max_json_depth: int = 64  # nesting of [ and {; a table needs a few levels

    def __post_init__(self) -> None:
        for name in ("max_memory_mb", "max_rows", "max_text_mb", "max_json_mb", "max_json_depth"):
            if int(getattr(self, name)) < 1:
                raise SummarizerError(f"load limit {name} must be at least 1, got {getattr(self, name)}")

    @property
    def memory_bytes(self) -> int:
        return self.max_memory_mb * _MiB


@dataclass
class RawTable:
    """A file as read, before any type cleaning. `sample` says how rows were chosen when the file was
    over a load limit (None: every row was read); `file_rows` is the file's row count when known."""

    frame: pd.DataFrame
    notes: list[str] = field(default_factory=list)
    sample: str | None = None
    file_rows: int | None = None


def read_table(path: str | Path, limits: LoadLimits | None = None) -> pd.DataFrame:
    """The file's table with raw pandas types. Raises SummarizerError for unreadable input."""
    return read_raw(path, limits).frame


def read_raw(path: str | Path, limits: LoadLimits | None = None) -> RawTable:
    """Like read_table, plus notes about encoding fallbacks, guessed headers, renamed columns and sampling."""
    limits = limits or LoadLimits()
    p = Path(path)
    if not p.exists():
        raise SummarizerError(f"{p}: file not found")
    if p.is_dir():
        raise SummarizerError(f"{p}: is a directory, not a data file")
    try:
        with p.open("rb") as f:
            magic = f.read(8)
    except OSError as exc:
        raise SummarizerError(f"{p}: cannot read file ({exc.strerror or exc})") from exc
    if magic.startswith(_ZSTD_MAGIC):
        raise SummarizerError(f"{p}: zstd-compressed text is not supported; decompress it, or use Parquet")
    compressed = next((name for head, name in _COMPRESSED if magic.startswith(head)), None)
    if compressed is None:
        kind = _detect_format(p, magic)
        if kind == "parquet":
            raw = _read_parquet(p, limits)
            return _check_shape(p, raw)
        if kind == "xlsx":
            return _check_shape(p, _read_xlsx(p, limits))
    name = p.with_suffix("") if compressed and p.suffix.lower() in _COMPRESSED_SUFFIXES else p
    kind, data, cut = _read_text_bytes(p, name, compressed, limits)
    if not data.strip():
        raise SummarizerError(f"{p}: file is empty")
    notes = [f"decompressed {compressed}"] if compressed else []
    if kind == "json":
        text, encoding, enc_note = _decode(p, data)
        notes += [enc_note] if enc_note else []
        raw = RawTable(_read_json(p, text, limits), notes)
    elif kind == "jsonl":
        text, encoding, enc_note = _decode(p, data)
        notes += [enc_note] if enc_note else []
        raw = _read_jsonl(p, text, limits, notes)
    else:
        text, encoding, enc_note = _decode(p, data)
        notes += [enc_note] if enc_note else []
        head = text[:_SNIFF_CHARS]
        del text
        raw = _read_delimited(p, data, head, encoding, notes, limits)
    if cut and raw.sample is None:
        raw.sample = f"the first {len(raw.frame):,} rows"
    if raw.sample is not None:
        why = f"{limits.max_rows:,} rows, {limits.max_text_mb:,} MB of text"
        raw.notes.append(f"read {raw.sample} only: the file is over the loader's limits ({why})")
    return _check_shape(p, raw)


def _check_shape(p: Path, raw: RawTable) -> RawTable:
    if raw.frame.shape[1] == 0:
        raise SummarizerError(f"{p}: no columns found")
    if len(raw.frame) == 0:
        cols = ", ".join(str(c) for c in list(raw.frame.columns)[:10])
        raise SummarizerError(f"{p}: header only, no data rows (columns: {cols})")
    return raw


def _open(p: Path, compressed: str | None) -> io.BufferedIOBase:
    if compressed == "gzip":
        return gzip.GzipFile(p, "rb")
    if compressed == "bz2":
        return bz2.BZ2File(p, "rb")
    if compressed == "xz":
        return lzma.LZMAFile(p, "rb")
    return p.open("rb")


def _read_text_bytes(
    p: Path, name: Path, compressed: str | None, limits: LoadLimits
) -> tuple[str, bytes, bool]:
    """(format, bytes, cut): at most what the limits allow, decompressing as it goes. CSV and JSON Lines
    over a limit are cut after a whole line (`cut`); a JSON document over its limit is refused."""
    try:
        with _open(p, compressed) as f:
            head = f.read(_HEAD_BYTES)
            kind = _detect_format(name, head)
            if kind in ("parquet", "xlsx"):
                raise SummarizerError(f"{p}: a compressed {kind} file; decompress it first")
            cap = (limits.max_json_mb if kind == "json" else limits.max_text_mb) * _MiB
            if len(head) < _HEAD_BYTES:
                return kind, head, False
            _check_binary(p, head)  # before inflating more than the head
            if kind != "json":  # enough bytes for max_rows lines at the head's line length, with room
                if b"\n" not in head:
                    raise SummarizerError(
                        f"{p}: the first line is longer than {_HEAD_BYTES:,} bytes; not a table"
                    )
                per_line = len(head) / head.count(b"\n")
                cap = min(cap, int(per_line * (limits.max_rows + 2) * 1.5) + _HEAD_BYTES)
            if compressed is None:
                f.seek(0)
                data = f.read(cap + 1)
            else:
                chunks, got = [head], len(head)
                while got <= cap:
                    chunk = f.read(min(_CHUNK_BYTES, cap + 1 - got))
                    if not chunk:
                        break
                    chunks.append(chunk)
                    got += len(chunk)
                data = b"".join(chunks)
    except (OSError, EOFError, lzma.LZMAError, zlib.error) as exc:  # zlib.error: a corrupt gzip stream
        raise SummarizerError(f"{p}: cannot read file ({_one_line(exc)})") from exc
    if len(data) <= cap:
        return kind, data, False
    if kind == "json":
        raise SummarizerError(
            f"{p}: JSON document is over the {limits.max_json_mb:,} MB limit for one document "
            "(it is parsed whole); use JSON Lines or CSV, which are read up to a row limit"
        )
    end = data.rfind(b"\n", 0, cap)
    if end <= 0:
        raise SummarizerError(f"{p}: the first line is longer than {cap:,} bytes; not a table")
    return kind, data[: end + 1], True


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


def _check_binary(p: Path, data: bytes) -> None:
    if b"\x00" in data[:65536] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise SummarizerError(f"{p}: looks like a binary file (NUL bytes), not a text table")


def _decode(p: Path, data: bytes) -> tuple[str, str, str | None]:
    """utf-8 (with or without BOM), utf-16 with BOM, else a reported latin-1 (cp1252) fallback.

    Returns the text, the codec name that produced it, and a note when it was not plain utf-8."""
    _check_binary(p, data)
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


def _read_parquet(p: Path, limits: LoadLimits) -> RawTable:
    """Whole when the footer says the table fits the limits; else a sample of row groups, evenly spaced
    and the same every time, read batch by batch so no more than the sample is ever decoded."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        with p.open("rb") as f:
            f.seek(-8, 2)
            footer, magic = struct.unpack("<I4s", f.read(8))
        if magic != b"PAR1":
            raise SummarizerError(f"{p}: not a valid parquet file (no footer)")
        if footer > _MAX_PARQUET_FOOTER:
            raise SummarizerError(
                f"{p}: parquet footer of {footer:,} bytes is over the {_MAX_PARQUET_FOOTER:,}-byte limit"
            )
        pf = pq.ParquetFile(p)
        meta = pf.metadata
        rows, groups = meta.num_rows, meta.num_row_groups
        row_bytes = _parquet_row_bytes(pf.schema_arrow, meta)
        budget = max(1, min(limits.max_rows, limits.memory_bytes // row_bytes))
        if rows <= budget:
            return RawTable(pd.read_parquet(p))
        for g in range(groups):
            biggest = max(
                (meta.row_group(g).column(c).total_uncompressed_size for c in range(meta.num_columns)),
                default=0,
            )
            if biggest > limits.memory_bytes:
                raise SummarizerError(
                    f"{p}: a parquet column chunk decodes to {biggest / _MiB:,.0f} MB, over the {limits.max_memory_mb:,} MB limit"
                )
        group_rows = [meta.row_group(g).num_rows for g in range(groups)]
        wanted = min(groups, max(16, math.ceil(budget / max(1, rows // max(1, groups)))))
        chosen = sorted({g * groups // wanted for g in range(wanted)})
        quota = max(1, budget // len(chosen))
        batches: list[pa.RecordBatch] = []
        for g in chosen:
            taken = 0
            for batch in pf.iter_batches(batch_size=min(quota, 65_536), row_groups=[g], use_threads=False):
                part = batch.slice(0, min(batch.num_rows, quota - taken))
                batches.append(part)
                taken += part.num_rows
                if taken >= min(quota, group_rows[g]):
                    break
        frame = pa.Table.from_batches(batches, schema=pf.schema_arrow).to_pandas()
    except SummarizerError:
        raise
    except Exception as exc:  # pyarrow raises many types; all mean "not readable parquet"
        raise SummarizerError(f"{p}: cannot read parquet ({_one_line(exc)})") from exc
    estimate = rows * row_bytes / _MiB
    sample = (f"{len(frame):,} of {rows:,} rows (the first {quota:,} rows of {len(chosen)} of {groups} row "
              "groups, evenly spaced)")  # fmt: skip
    note = (f"read {sample} only: the whole file would take about {estimate:,.0f} MB in memory "
            f"(limits: {limits.max_memory_mb:,} MB, {limits.max_rows:,} rows)")  # fmt: skip
    return RawTable(frame.reset_index(drop=True), [note], sample=sample, file_rows=rows)


def _parquet_row_bytes(schema: Any, meta: Any) -> int:
    """Estimated bytes one row takes in pandas: fixed-width columns by their width, the rest by their
    share of the uncompressed size plus a Python object each (the footer's sizes can be tiny for
    dictionary- or run-length-encoded data, so they are not used alone)."""
    import pyarrow as pa

    fixed = variable = 0
    for fld in schema:
        if pa.types.is_dictionary(fld.type):
            fixed += 8
        else:
            try:
                fixed += max(1, fld.type.bit_width // 8)
            except ValueError:  # not a fixed-width type
                variable += 1
    encoded = sum(meta.row_group(g).total_byte_size for g in range(meta.num_row_groups))
    per_row = encoded / max(1, meta.num_rows) if variable else 0
    return max(1, fixed + variable * (8 + _OBJECT_OVERHEAD) + math.ceil(per_row))


def _read_xlsx(p: Path, limits: LoadLimits) -> RawTable:
    """An xlsx is a zip of XML: its members' declared sizes (which bound what zipfile will inflate) are
    checked before openpyxl opens it, so a zip bomb is refused unread."""
    try:
        with zipfile.ZipFile(p) as archive:
            inflated = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise SummarizerError(f"{p}: cannot read xlsx ({_one_line(exc)})") from exc
    cap = limits.memory_bytes // 4  # openpyxl keeps several times the XML's size as cell objects
    if inflated > cap:
        raise SummarizerError(
            f"{p}: the workbook inflates to {inflated / _MiB:,.0f} MB of XML, over the {cap / _MiB:,.0f} MB "
            f"limit (max_memory_mb={limits.max_memory_mb:,}); save the sheet as CSV or Parquet"
        )
    try:
        sheets = pd.ExcelFile(p, engine="openpyxl")
        frame = sheets.parse(sheets.sheet_names[0])
    except Exception as exc:  # openpyxl/zipfile raise many types; all mean "not a readable workbook"
        raise SummarizerError(f"{p}: cannot read xlsx ({_one_line(exc)})") from exc
    notes = []
    if len(sheets.sheet_names) > 1:
        notes.append(f"read the first of {len(sheets.sheet_names)} sheets ({sheets.sheet_names[0]!r})")
    return RawTable(frame, notes)


def json_depth(text: str) -> int:
    """How deep [ and { nest, outside strings, found without recursion (regex and numpy, C speed)."""
    brackets = _NOT_BRACKET.sub("", _JSON_STRING.sub("", text))
    if not brackets:
        return 0
    codes = np.frombuffer(brackets.encode("ascii"), dtype=np.uint8)
    steps = np.where((codes == ord("[")) | (codes == ord("{")), 1, -1)
    return int(np.cumsum(steps).max())


def _check_depth(p: Path, text: str, limits: LoadLimits, where: str = "") -> None:
    depth = json_depth(text)
    if depth > limits.max_json_depth:
        raise SummarizerError(
            f"{p}: JSON{where} nests {depth:,} levels deep, over the limit of {limits.max_json_depth} (not a table)"
        )


def _read_json(p: Path, text: str, limits: LoadLimits) -> pd.DataFrame:
    _check_depth(p, text, limits)
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SummarizerError(
            f"{p}: not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})"
        ) from exc
    except RecursionError as exc:  # the depth check above should make this unreachable
        raise SummarizerError(f"{p}: JSON nests too deeply to read") from exc
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


def _read_jsonl(p: Path, text: str, limits: LoadLimits, notes: list[str]) -> RawTable:
    rows: list[dict[str, Any]] = []
    sample = None
    for i, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        if len(rows) == limits.max_rows:
            sample = f"the first {len(rows):,} records"
            break
        if line.count("[") + line.count("{") > limits.max_json_depth:
            _check_depth(p, line, limits, f" on line {i}")
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            raise SummarizerError(f"{p}: line {i} is not valid JSON ({exc.msg})") from exc
        except RecursionError as exc:
            raise SummarizerError(f"{p}: line {i} nests too deeply to read") from exc
        if not isinstance(rec, dict):
            raise SummarizerError(f"{p}: line {i} is a {type(rec).__name__}, expected a JSON object")
        rows.append(rec)
    if not rows:
        raise SummarizerError(f"{p}: no JSON records")
    return RawTable(pd.DataFrame.from_records(rows), notes, sample=sample)


def _read_delimited(
    p: Path, data: bytes, head: str, encoding: str, notes: list[str], limits: LoadLimits
) -> RawTable:
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
        frame = pd.read_csv(
            io.BytesIO(data), low_memory=False, dtype=codes or None, nrows=limits.max_rows + 1, **options
        )
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
    sample = None
    if len(frame) > limits.max_rows:
        frame = frame.iloc[: limits.max_rows]
        sample = f"the first {limits.max_rows:,} rows"
    return RawTable(frame, notes, sample=sample)


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
