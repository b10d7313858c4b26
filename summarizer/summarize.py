"""The public entry points: load a table (typed, cleaned) and summarize it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from summarizer.clean import clean_frame
from summarizer.errors import SummarizerError
from summarizer.io import LoadLimits, read_raw
from summarizer.model import Summary
from summarizer.profile import profile_column

#: Rows used for the expensive statistics (unique counts, quartiles, top values) on larger tables.
DEFAULT_SAMPLE_ROWS = 100_000
DATAFRAME_SOURCE = "<DataFrame>"


@dataclass
class LoadedTable:
    """A table ready for charts: `frame` has cleaned types and the user's column names."""

    frame: pd.DataFrame
    name: str
    source: str
    notes: list[str] = field(default_factory=list)
    parsed_from: dict[str, str] = field(default_factory=dict)  # column -> what it was converted from
    read_sample: str | None = None  # how rows were chosen when the file was over a load limit


def load(
    data: str | Path | pd.DataFrame,
    name: str | None = None,
    *,
    seed: int = 0,
    limits: LoadLimits | None = None,
) -> LoadedTable:
    """Read (if a path, within `limits`) and type-clean a table. Never mutates a DataFrame it is given."""
    if isinstance(data, pd.DataFrame):
        source = DATAFRAME_SOURCE
        raw, notes, read_sample = data, [], None
        label = name or "dataframe"
        if raw.shape[1] == 0:
            raise SummarizerError(f"{source}: no columns")
        if len(raw) == 0:
            raise SummarizerError(f"{source}: no data rows")
    elif isinstance(data, (str, Path)):
        path = Path(data)
        source = str(path)
        table = read_raw(path, limits)
        raw, notes, read_sample = table.frame, list(table.notes), table.sample
        label = name or path.stem
    else:
        raise SummarizerError(f"expected a file path or a pandas DataFrame, got {type(data).__name__}")
    if isinstance(raw.columns, pd.MultiIndex):
        raise SummarizerError(f"{source}: multi-level column headers are not supported; flatten them first")
    cleaned = clean_frame(raw, seed=seed)
    return LoadedTable(
        frame=cleaned.frame,
        name=label,
        source=source,
        notes=notes + cleaned.notes,
        parsed_from=cleaned.parsed_from,
        read_sample=read_sample,
    )


def summarize(
    data: str | Path | pd.DataFrame,
    name: str | None = None,
    *,
    sample_rows: int = DEFAULT_SAMPLE_ROWS,
    seed: int = 0,
    limits: LoadLimits | None = None,
) -> Summary:
    """Describe a table. Counts of rows and missing values and min/max/mean/std are exact; the rest uses
    a fixed-seed uniform row sample when the table has more than `sample_rows` rows."""
    return summarize_loaded(load(data, name, seed=seed, limits=limits), sample_rows=sample_rows, seed=seed)


def summarize_loaded(table: LoadedTable, *, sample_rows: int = DEFAULT_SAMPLE_ROWS, seed: int = 0) -> Summary:
    """Summary of an already loaded table (describes exactly `table.frame`)."""
    if sample_rows < 1:
        raise SummarizerError(f"{table.source}: sample_rows must be positive, got {sample_rows}")
    frame = table.frame
    n = len(frame)
    sampled = n > sample_rows
    if sampled:
        rng = np.random.default_rng(seed)
        idx = np.sort(rng.choice(n, size=sample_rows, replace=False))
        sample = frame.iloc[idx]
    else:
        sample = frame
    fields = [
        profile_column(col, frame[col], sample[col], table.parsed_from.get(col)) for col in frame.columns
    ]
    notes = list(table.notes)
    empty = [f.name for f in fields if f.semantic_type == "empty"]
    if empty:
        notes.append("all-missing columns: " + ", ".join(empty))
    method = f"uniform random rows without replacement, seed {seed}" if sampled else None
    if table.read_sample:  # the file itself was over a load limit: every statistic is on a sample
        method = f"read {table.read_sample}" + (f"; then {method}" if method else "")
    return Summary(
        name=table.name,
        source=table.source,
        rows=n,
        columns=frame.shape[1],
        fields=fields,
        sampled=sampled or table.read_sample is not None,
        sample_rows=min(n, sample_rows) if sampled or table.read_sample else None,
        sample_method=method,
        notes=notes,
    )
