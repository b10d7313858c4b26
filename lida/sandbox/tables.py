"""Large chart data crosses the process boundary as Arrow IPC, not as JSON rows.

The run process swaps every DataFrame of at least `ARROW_MIN_ROWS` rows in a chart for a named data
reference and ships the frame as a compressed Arrow IPC stream (1M rows x 6 columns: about 20 MB and
0.1 s, against several seconds and hundreds of MB as JSON records). The host decodes it with full
validation and only plain column types; Arrow IPC is data, never code, so nothing is unpickled."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: Frames with fewer rows stay inline JSON (the fast path: small charts pay nothing for this module).
ARROW_MIN_ROWS = 5_000
#: Prefix of the dataset names that stand for shipped tables.
TABLE_PREFIX = "lida_table_"


class TableError(ValueError):
    """A shipped table is malformed or has a column type the host does not accept."""


@dataclass
class Collector:
    """An Altair data transformer for the run process: large frames become `{"name": ...}` references
    and are kept here as Arrow tables; everything else goes to `inline` (Altair's own JSON transformer)."""

    inline: Any
    min_rows: int = ARROW_MIN_ROWS
    tables: dict[str, Any] = field(default_factory=dict)
    _by_id: dict[int, tuple[Any, str]] = field(default_factory=dict)

    def __call__(self, data: Any) -> dict[str, Any]:
        import pandas as pd

        if not isinstance(data, pd.DataFrame) or len(data) < self.min_rows:
            return dict(self.inline(data))
        known = self._by_id.get(id(data))
        if known is not None and known[0] is data:  # the same frame in several layers is shipped once
            return {"name": known[1]}
        table = to_arrow(data)
        name = f"{TABLE_PREFIX}{len(self.tables)}"
        self.tables[name] = table
        self._by_id[id(data)] = (data, name)
        return {"name": name}


def _plain(pa: Any, dtype: Any) -> bool:
    t = pa.types
    if t.is_dictionary(dtype):
        return bool(t.is_string(dtype.value_type) or t.is_large_string(dtype.value_type))
    return bool(
        t.is_integer(dtype) or t.is_floating(dtype) or t.is_boolean(dtype) or t.is_string(dtype)
        or t.is_large_string(dtype) or t.is_timestamp(dtype) or t.is_date(dtype) or t.is_null(dtype)
    )  # fmt: skip


def to_arrow(frame: Any) -> Any:
    """A DataFrame as an Arrow table of plain column types (anything else is sent as text)."""
    import pyarrow as pa

    frame = frame.reset_index(drop=True)
    columns, names = [], []
    for i in range(frame.shape[1]):
        col = frame.iloc[:, i]
        try:  # one thread: a thread pool made in the warm worker would not survive the fork
            arr = pa.array(col, from_pandas=True)
        except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError, TypeError, ValueError):
            arr = None
        if arr is None or not _plain(pa, arr.type):
            arr = pa.array(col.astype(str).where(col.notna(), None), type=pa.string())
        if pa.types.is_string(arr.type) and len(arr):
            coded = arr.dictionary_encode()  # repeated labels (regions, categories) ship once
            arr = coded if len(coded.dictionary) <= len(arr) // 2 else arr
        columns.append(arr)
        names.append(str(frame.columns[i]))
    return pa.Table.from_arrays(columns, names=names)


def encode(tables: dict[str, Any]) -> tuple[list[dict[str, Any]], bytes]:
    """(metadata, blob): one zstd-compressed Arrow IPC stream per table, back to back."""
    import pyarrow as pa
    import pyarrow.ipc as ipc

    meta: list[dict[str, Any]] = []
    parts: list[bytes] = []
    options = ipc.IpcWriteOptions(compression="zstd", use_threads=False)
    for name, table in tables.items():
        sink = pa.BufferOutputStream()
        with ipc.new_stream(sink, table.schema, options=options) as writer:
            writer.write_table(table)
        body = sink.getvalue().to_pybytes()
        meta.append({"name": name, "rows": table.num_rows, "size": len(body)})
        parts.append(body)
    return meta, b"".join(parts)


def decode(meta: Any, blob: bytes) -> dict[str, Any]:
    """The tables a run process shipped, checked: sizes add up, full Arrow validation, plain types only."""
    import pyarrow as pa
    import pyarrow.ipc as ipc

    if not isinstance(meta, list) or len(meta) > 64:
        raise TableError("table metadata is not a short list")
    tables: dict[str, Any] = {}
    offset = 0
    for item in meta:
        name, rows, size = (item.get(k) if isinstance(item, dict) else None for k in ("name", "rows", "size"))
        if not (
            isinstance(name, str)
            and name.startswith(TABLE_PREFIX)
            and isinstance(size, int)
            and isinstance(rows, int)
        ):
            raise TableError("table metadata is malformed")
        if size < 0 or offset + size > len(blob):
            raise TableError(f"table {name!r} runs past the end of the payload")
        try:
            table = ipc.open_stream(pa.py_buffer(blob[offset : offset + size])).read_all()
            table.validate(full=True)
        except (pa.ArrowException, ValueError, OSError) as exc:
            raise TableError(f"table {name!r} is not valid Arrow IPC: {str(exc)[:200]}") from exc
        bad = [f.name for f in table.schema if not _plain(pa, f.type)]
        if bad or table.num_rows != rows:
            raise TableError(f"table {name!r} has unexpected columns or row count ({bad[:3]})")
        tables[name] = table.replace_schema_metadata(None)
        offset += size
    if offset != len(blob):
        raise TableError("the payload has bytes no table accounts for")
    return tables
