"""summarizer: read a table and describe it (types, semantics, statistics) for everything downstream."""

from summarizer.errors import SummarizerError
from summarizer.model import FieldSummary, NumericStats, Summary, TemporalStats, TopValue

__all__ = ["FieldSummary", "NumericStats", "SummarizerError", "Summary", "TemporalStats", "TopValue"]
