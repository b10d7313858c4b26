"""The expert chart collections in bench/galleries are what the ranker trains on; a key that names a
missing column, an unknown mark or a vega-datasets table would silently teach it the wrong thing."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

GALLERIES = Path(__file__).resolve().parents[2] / "bench" / "galleries"
COLLECTIONS = sorted(p.parent.name for p in GALLERIES.glob("*/references.json"))

MARKS = {"bar", "line", "point", "tick", "rect", "arc", "boxplot", "text"}
CHANNELS = {"x", "y", "color", "size", "shape", "theta", "row", "column"}
TYPES = {"quantitative", "nominal", "ordinal", "temporal"}
AGGREGATES = {None, "count", "sum", "mean", "median", "min", "max"}
TIME_UNITS = {None, "year", "quarter", "month", "yearmonth", "date", "day", "hours", "yearquarter"}
CHANNEL_KEYS = {"field", "type", "aggregate", "bin", "timeUnit"}

# Tables of gallery-dev and copies or variants of vega-datasets tables under other names.
GALLERY_DEV = {"car_crashes", "diamonds", "dots", "exercise", "flights", "fmri", "planets", "tips", "titanic"}
VEGA_VARIANTS = {
    "auto-mpg", "autompg", "cars", "penguins", "iris", "anscombe", "anscombe-quartet", "gapminder",
    "stocks", "seattle-weather", "barley", "movies", "population", "github", "unemployment", "jobs",
    "weather", "wheat", "burtin", "crimea", "driving", "iowa-electricity", "la-riots", "sp500",
    "us-employment", "zipcodes", "airports", "disasters", "earthquakes", "co2-concentration",
    "global-temp", "income", "obesity", "monarchs", "ohlc", "countries", "annual-precip",
}


def _norm(name: str) -> str:
    return name.lower().replace("_", "-")


def _vega_names() -> set[str]:
    from vega_datasets import data, local_data

    return {_norm(n) for n in data.list_datasets()} | {_norm(n) for n in local_data.list_datasets()}


def _vega_local_column_sets() -> list[tuple[str, frozenset[str]]]:
    """Column sets of the vega tables bundled with the package (read from disk, no network)."""
    from vega_datasets import local_data

    out = []
    for name in local_data.list_datasets():
        frame = getattr(local_data, name.replace("-", "_"))()
        out.append((name, frozenset(str(c).lower() for c in frame.columns)))
    return out


def _references(collection: str) -> list[dict[str, Any]]:
    return json.loads((GALLERIES / collection / "references.json").read_text(encoding="utf-8"))


def _datasets(collection: str) -> dict[str, Any]:
    return json.loads((GALLERIES / collection / "datasets.json").read_text(encoding="utf-8"))


def test_there_are_collections():
    assert len(COLLECTIONS) >= 1
    total = sum(len(_references(c)) for c in COLLECTIONS)
    assert total >= 20


@pytest.mark.parametrize("collection", COLLECTIONS)
def test_every_key_uses_the_vocabulary_and_real_columns(collection: str):
    folder = GALLERIES / collection
    refs = _references(collection)
    assert refs, f"{collection}: no references"
    columns: dict[str, set[str]] = {}
    for ref in refs:
        name = ref["dataset"]
        csv = folder / "data" / f"{name}.csv"
        assert csv.is_file(), f"{collection}/{ref['example']}: {csv.name} missing"
        if name not in columns:
            columns[name] = {str(c) for c in pd.read_csv(csv).columns}
        key = ref["key"]
        assert key["mark"] in MARKS, f"{ref['example']}: mark {key['mark']!r}"
        assert key["encoding"], f"{ref['example']}: empty encoding"
        for channel, enc in key["encoding"].items():
            where = f"{collection}/{ref['example']}.{channel}"
            assert channel in CHANNELS, where
            assert set(enc) == CHANNEL_KEYS, where
            assert enc["type"] in TYPES, where
            assert enc["aggregate"] in AGGREGATES, where
            assert enc["timeUnit"] in TIME_UNITS, where
            assert isinstance(enc["bin"], bool), where
            if enc["field"] is None:
                assert enc["aggregate"] == "count", f"{where}: only count() has no field"
            else:
                assert enc["field"] in columns[name], f"{where}: {enc['field']!r} not a column of {name}.csv"
        for other in key["other_fields"]:
            assert other in columns[name], f"{collection}/{ref['example']}: other field {other!r}"
        for text in ("description", "source", "notes"):
            assert isinstance(ref[text], str) and ref[text].strip(), f"{ref['example']}: {text}"


@pytest.mark.parametrize("collection", COLLECTIONS)
def test_examples_are_unique_and_keys_not_repeated(collection: str):
    refs = _references(collection)
    names = [r["example"] for r in refs]
    assert len(names) == len(set(names))
    seen = set()
    for ref in refs:
        sig = (ref["dataset"], json.dumps(ref["key"], sort_keys=True))
        assert sig not in seen, f"{collection}/{ref['example']}: same key twice on one table"
        seen.add(sig)


@pytest.mark.parametrize("collection", COLLECTIONS)
def test_datasets_json_matches_the_csv_files(collection: str):
    folder = GALLERIES / collection
    files = _datasets(collection)["files"]
    on_disk = {p.name for p in (folder / "data").glob("*.csv")}
    assert set(files) == on_disk
    used = {r["dataset"] for r in _references(collection)}
    assert {f.removesuffix(".csv") for f in files} == used, "every table has a chart and vice versa"
    for fname, meta in files.items():
        path = folder / "data" / fname
        raw = path.read_bytes()
        assert len(raw) < 5_000_000, fname
        assert hashlib.sha256(raw).hexdigest() == meta["source_sha256"], fname
        frame = pd.read_csv(path)
        assert len(frame) == meta["rows"], fname
        assert [str(c) for c in frame.columns] == meta["columns"], fname
        for prov in ("source_repo", "source_commit", "source_path"):
            assert meta.get(prov), f"{fname}: {prov}"
        assert len(meta["source_commit"]) == 40


def test_no_vega_datasets_or_gallery_dev_table():
    vega = _vega_names() | VEGA_VARIANTS
    vega_cols = _vega_local_column_sets()
    for collection in COLLECTIONS:
        for fname in _datasets(collection)["files"]:
            name = _norm(fname.removesuffix(".csv"))
            assert name not in vega, f"{collection}/{fname} is a vega-datasets table"
            assert name.replace("-", "_") not in GALLERY_DEV, f"{collection}/{fname} is a gallery-dev table"
            cols = frozenset(
                str(c).lower() for c in pd.read_csv(GALLERIES / collection / "data" / fname, nrows=1).columns
            )
            for vname, vset in vega_cols:
                assert cols != vset, f"{collection}/{fname} has the columns of vega's {vname}"


def test_a_table_name_means_one_table_across_collections():
    """Leave-one-table-out groups by dataset name, so a name must not hide two different files."""
    digests: dict[str, set[str]] = {}
    for collection in COLLECTIONS:
        for meta in _datasets(collection)["files"].values():
            digests.setdefault(meta["dataset"], set()).add(meta["source_sha256"])
    clashes = {name: d for name, d in digests.items() if len(d) > 1}
    assert not clashes


def test_no_expert_chart_counts_twice_across_collections():
    seen: dict[tuple[str, str], str] = {}
    for collection in COLLECTIONS:
        for ref in _references(collection):
            sig = (ref["dataset"], json.dumps(ref["key"], sort_keys=True))
            assert sig not in seen, f"{collection}/{ref['example']} repeats {seen.get(sig)}"
            seen[sig] = f"{collection}/{ref['example']}"


def test_total_size_under_budget():
    total = sum(p.stat().st_size for p in GALLERIES.glob("*/data/*.csv"))
    assert total < 25_000_000


def test_held_out_tables_never_appear_in_training_collections():
    """A held-out table that is also in a training collection would be trained on, and its held-out
    figure would no longer measure tables never seen."""
    from lida.explore.collections import HELD_OUT

    assert HELD_OUT & set(COLLECTIONS), "some held-out collection exists on disk"
    tables: dict[str, set[str]] = {}
    for collection in COLLECTIONS:
        for ref in _references(collection):
            tables.setdefault(ref["dataset"], set()).add(collection)
    mixed = {t: sorted(c) for t, c in tables.items() if (c & HELD_OUT) and (c - HELD_OUT)}
    assert not mixed, f"tables both held out and trained on: {mixed}"


@pytest.mark.parametrize("collection", COLLECTIONS)
def test_quantitative_fields_are_numeric_columns(collection: str):
    """A quantitative channel on a text column (dates, '[209]'-style numbers) is a key no candidate can
    draw, and the learner's featurizer expects such fields to be measures of the table."""
    folder = GALLERIES / collection
    frames: dict[str, pd.DataFrame] = {}
    bad = []
    for ref in _references(collection):
        name = ref["dataset"]
        frame = frames.setdefault(name, pd.read_csv(folder / "data" / f"{name}.csv"))
        for channel, enc in ref["key"]["encoding"].items():
            field = enc["field"]
            if enc["type"] == "quantitative" and field is not None and not pd.api.types.is_numeric_dtype(frame[field]):
                bad.append(f"{ref['example']}: {channel}={field} is {frame[field].dtype}")
    assert not bad, bad
