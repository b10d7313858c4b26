"""Tables from uploaded bytes or the bundled examples, without keeping user files on disk."""

from __future__ import annotations

import hashlib
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from lida.bundled import EXAMPLES_DIR
from summarizer import SummarizerError, Summary, load, summarize_loaded
from summarizer.io import FORMATS

#: Formats offered in the uploader (the summarizer reads a few more aliases, also accepted).
UPLOAD_TYPES: tuple[str, ...] = ("csv", "tsv", "json", "parquet", "xlsx")
ACCEPTED_SUFFIXES: tuple[str, ...] = tuple(sorted(FORMATS))



@dataclass
class Table:
    """A loaded table: the cleaned frame chart code receives and its summary."""

    name: str
    frame: pd.DataFrame
    summary: Summary


def examples() -> list[str]:
    """File names of the bundled example tables (lida/examples; empty if the folder is missing)."""
    if not EXAMPLES_DIR.is_dir():
        return []
    return sorted(p.name for p in EXAMPLES_DIR.iterdir() if p.suffix.lower() in FORMATS)


def example_bytes(name: str) -> bytes:
    """The bytes of one bundled example; the name must be one `examples()` lists."""
    if name not in examples():
        raise SummarizerError(f"{name}: not a bundled example (choose one of {', '.join(examples())})")
    return (EXAMPLES_DIR / name).read_bytes()


def digest(data: bytes) -> str:
    """Content hash that keys caches and session state, so equal files share work and different ones never do."""
    return hashlib.sha256(data).hexdigest()


def load_bytes(name: str, data: bytes) -> Table:
    """Read a file given as its name and bytes (what an upload is).

    The summarizer reads paths, so the bytes go to a private temporary directory that is removed
    before this returns; the summary names the file, not the temporary path.
    """
    safe = Path(name).name.strip() or "data"
    suffix = Path(safe).suffix.lower()
    if suffix not in FORMATS:
        kinds = ", ".join(UPLOAD_TYPES)
        raise SummarizerError(
            f"{safe}: cannot read {suffix or 'files without an extension'}; upload one of {kinds}"
        )
    if not data:
        raise SummarizerError(f"{safe}: the file is empty")
    with tempfile.TemporaryDirectory(prefix="lida-app-") as tmp:
        path = Path(tmp) / safe
        path.write_bytes(data)
        try:
            table = load(path, name=Path(safe).stem)
        except SummarizerError as exc:  # name the user's file, not our temporary copy of it
            raise SummarizerError(str(exc).replace(str(path), safe).replace(tmp, "")) from None
    table.source = safe
    summary = summarize_loaded(table)
    summary.source = safe
    return Table(name=Path(safe).stem, frame=table.frame, summary=summary)
