"""summarizer: read a table and describe it (types, semantics, statistics) for everything downstream.

    load(path_or_frame).frame   # the cleaned table the chart code uses
    summarize(path_or_frame)    # the Summary of exactly that frame
    prompt_text(summary)      # its compact text for LLM prompts
    read_table(path)            # the raw pandas read, no cleaning

Decisions (each one shows up in Summary.notes or FieldSummary.parsed_from when it applies):
* Column names are the user's, byte for byte. The only renames: duplicate names get pandas-style
  ".1", ".2" suffixes (data kept, rename noted), non-string names (DataFrame input) become strings, and
  a CSV whose first row is all numbers gets column_1..column_N (noted).
* Text numbers ("1,234", "$2,500", "12%", "1.234,5") become numbers, text dates become datetimes, when
  at least 95% of a fixed-seed probe parses; leftovers become missing and are counted in parsed_from.
  Numbers with leading zeros (zip codes) stay text. Percent text keeps its written 0-100 scale.
* Integer years are semantic "year" with vl_type "ordinal" (never temporal: see summarizer.semantics).
* Encodings: utf-8, utf-8 with BOM, utf-16 with BOM, else latin-1 (cp1252 when it decodes), noted.
* Header-only, empty, binary and undecodable files raise SummarizerError (one line naming the file).
* Reading is bounded (LoadLimits): Parquet is sized from its footer and, over the limits, read as an
  evenly spaced sample of row groups; CSV/JSON Lines (also gzip/bz2/xz) are read up to a row and byte
  cap; a JSON document over its size or nesting limit and an xlsx that inflates too far are refused.
  A sampled read is in Summary.sampled/sample_method and a note.
* Tables longer than `sample_rows` (default 100,000): row count, missing counts, min/max/mean/std are
  exact; unique counts, entropy, quartiles, top values (their counts) and samples come from a uniform
  fixed-seed row sample, reported in Summary.sampled/sample_rows/sample_method.
"""

from summarizer.errors import SummarizerError
from summarizer.io import LoadLimits, read_table
from summarizer.model import FieldSummary, NumericStats, Summary, TemporalStats, TopValue
from summarizer.prompt import prompt_text
from summarizer.summarize import DEFAULT_SAMPLE_ROWS, LoadedTable, load, summarize, summarize_loaded

__all__ = [
    "DEFAULT_SAMPLE_ROWS",
    "FieldSummary",
    "LoadLimits",
    "LoadedTable",
    "NumericStats",
    "SummarizerError",
    "Summary",
    "TemporalStats",
    "TopValue",
    "load",
    "prompt_text",
    "read_table",
    "summarize",
    "summarize_loaded",
]
