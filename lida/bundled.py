"""The example tables shipped inside the lida package (lida/examples/, package data in the wheel).

One place for the folder, so the demo command and the app find the same files whether lida runs from a
checkout or from an installed wheel."""

from __future__ import annotations

from pathlib import Path

#: Shipped with their sources and licenses in EXAMPLES_DIR / "README.md".
EXAMPLES_DIR = Path(__file__).resolve().parent / "examples"

