"""Expert chart collections on disk: references.json + data/*.csv, as in gallery-dev.

Used by the ranker's learner and by bench/gallery.py. The product never needs them: the learned
weights ship as package data.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from lida.errors import LidaError
from lida.explore.match import ChartKey, key_of_reference

#: Tables shipped in vega-datasets: never trained on (a held-out check uses charts on them).
VEGA_TABLES = frozenset({
    "airports", "annual-precip", "anscombe", "barley", "birdstrikes", "budget", "budgets", "burtin", "cars",
    "climate", "co2-concentration", "countries", "crimea", "disasters", "driving", "earthquakes", "ffox",
    "flare", "flare-dependencies", "flights-10k", "flights-200k", "flights-20k", "flights-2k", "flights-3m",
    "flights-5k", "flights-airport", "gapminder", "gapminder-health-income", "gimp", "github", "graticule",
    "income", "iowa-electricity", "iris", "jobs", "la-riots", "londonboroughs", "londoncentroids",
    "londontubelines", "lookup_groups", "lookup_people", "miserables", "monarchs", "movies", "normal-2d",
    "obesity", "ohlc", "penguins", "platformer-terrain", "points", "political-contributions", "population",
    "population_engineers_hurricanes", "seattle-temps", "seattle-weather", "seattle-weather-hourly-normalized",
    "sf-temps", "sp500", "sp500-2000", "stocks", "udistrict", "unemployment", "unemployment-across-industries",
    "uniform-2d", "us-10m", "us-employment", "us-state-capitals", "volcano", "weather", "weball26", "wheat",
    "windvectors", "world-110m", "zipcodes",
})


@dataclass(frozen=True)
class Table:
    collection: str
    name: str
    csv: Path
    experts: tuple[ChartKey, ...]


def load_collection(folder: Path) -> list[Table]:
    """The tables of one collection with their expert chart keys; vega-datasets tables are left out."""
    ref_file = folder / "references.json"
    if not ref_file.is_file():
        raise LidaError(f"{folder} has no references.json")
    refs = json.loads(ref_file.read_text(encoding="utf-8"))
    by_table: dict[str, list[ChartKey]] = {}
    for ref in refs:
        by_table.setdefault(str(ref["dataset"]), []).append(key_of_reference(ref["key"]))
    out = []
    for name in sorted(by_table):
        if name in VEGA_TABLES:
            continue
        csv = folder / "data" / f"{name}.csv"
        if csv.is_file():
            out.append(Table(folder.name, name, csv, tuple(by_table[name])))
    return out


#: Collections the ranker is never trained on: they are held out whole, for evaluation only.
HELD_OUT = frozenset({"observable-plot", "ggforce", "observable-framework"})


def default_collections(root: Path, *, training: bool = False) -> list[Path]:
    """gallery-dev from ../shared/data (when present, searched upward from root) and bench/galleries/*;
    with `training`, without the HELD_OUT collections."""
    found: list[Path] = []
    for parent in [root, *root.parents]:
        dev = parent / "shared" / "data" / "gallery-dev"
        if (dev / "references.json").is_file():
            found.append(dev)
            break
    galleries = root / "bench" / "galleries"
    if galleries.is_dir():
        found.extend(sorted(p for p in galleries.iterdir() if (p / "references.json").is_file()))
    return [p for p in found if not (training and p.name in HELD_OUT)]
