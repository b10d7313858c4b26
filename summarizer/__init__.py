"""summarizer: read a table and describe it (types, semantics, statistics) for everything downstream."""

from summarizer.errors import SummarizerError
from summarizer.io import read_table
from summarizer.model import FieldSummary, NumericStats, Summary, TemporalStats, TopValue
from summarizer.summarize import DEFAULT_SAMPLE_ROWS, LoadedTable, load, summarize, summarize_loaded

__all__ = [
    "DEFAULT_SAMPLE_ROWS",
    "FieldSummary",
    "LoadedTable",
    "NumericStats",
    "SummarizerError",
    "Summary",
    "TemporalStats",
    "TopValue",
    "load",
    "read_table",
    "summarize",
    "summarize_loaded",
]
