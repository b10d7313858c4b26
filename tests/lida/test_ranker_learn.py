"""The ranker's featurizer, chart keys and learner: same features from any source, deterministic weights."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from lida.explore.collections import VEGA_TABLES, Table, load_collection
from lida.explore.features import NAMES, SIGNS, featurize, infer_kind
from lida.explore.learn import FLOORS, TableData, collect, fit, learn
from lida.explore.match import key_of_reference, key_of_spec, relaxed_match, strict_match
from lida.explore.ranker import PRIOR, LinearRanker
from lida.explore.stats import table_stats
from summarizer import load, summarize_loaded


def _frame() -> pd.DataFrame:
    rng = np.random.default_rng(0)
    n = 120
    x = rng.normal(0, 1, n)
    return pd.DataFrame({"group": rng.choice(["a", "b", "c"], n, p=[0.6, 0.3, 0.1]),
                         "x": x, "y": 3 * x + rng.normal(0, 0.5, n), "z": rng.normal(0, 1, n)})


def _stats():
    table = load(_frame())
    summary = summarize_loaded(table)
    return table_stats(table.frame, summary)


def test_key_of_spec_reads_altair_style_specs_and_facets():
    spec = {"facet": {"column": {"field": "group", "type": "nominal"}},
            "spec": {"mark": {"type": "circle"}, "encoding": {
                "x": {"field": "x", "type": "quantitative"}, "y": {"field": "y", "type": "quantitative"},
                "tooltip": [{"field": "z"}]}}}
    key = key_of_spec(spec)
    assert key is not None and key.mark == "point"
    assert key.get("column") is not None and key.get("column").field == "group"  # type: ignore[union-attr]
    assert str(key) == "point[x=x, y=y, column=group]"
    big = {"mark": "bar", "encoding": {"x": {"field": "price", "bin": True, "type": "quantitative"},
                                       "y": {"field": "__count", "aggregate": "sum", "type": "quantitative"}}}
    assert str(key_of_spec(big)) == "bar[x=bin(price), y=count()]"  # plot()'s pre-aggregated count


def test_relaxed_and_strict_match():
    expert = key_of_reference({"mark": "line", "encoding": {
        "x": {"field": "t", "type": "quantitative"}, "y": {"field": "v", "type": "quantitative", "aggregate": "mean"},
        "color": {"field": "g", "type": "nominal"}}})
    swapped = key_of_spec({"mark": "line", "encoding": {"y": {"field": "t", "type": "quantitative"},
                                                         "x": {"field": "v", "type": "quantitative"},
                                                         "color": {"field": "g", "type": "nominal"}}})
    assert swapped is not None and relaxed_match(swapped, expert) and not strict_match(swapped, expert)
    no_color = key_of_spec({"mark": "line", "encoding": {"x": {"field": "t", "type": "quantitative"},
                                                          "y": {"field": "v", "aggregate": "mean"}}})
    assert no_color is not None and not relaxed_match(no_color, expert)
    other_mark = key_of_spec({"mark": "bar", "encoding": {"x": {"field": "t"}, "y": {"field": "v"},
                                                           "color": {"field": "g"}}})
    assert other_mark is not None and not relaxed_match(other_mark, expert)


def test_features_are_the_same_for_an_expert_key_and_an_equal_spec():
    stats = _stats()
    ref = key_of_reference({"mark": "point", "encoding": {"x": {"field": "x", "type": "quantitative"},
                                                          "y": {"field": "y", "type": "quantitative"}}})
    ours = key_of_spec({"mark": {"type": "point"}, "encoding": {"x": {"field": "x", "type": "quantitative",
                                                                      "title": "X"},
                                                                "y": {"field": "y", "type": "quantitative"}}})
    assert ours is not None
    assert featurize(ref, stats, 200.0) == featurize(ours, stats, 200.0)
    f = featurize(ref, stats, 200.0)
    assert set(f) == set(NAMES) and f["kind_relation"] == 1.0 and f["strength"] > 0.9 and f["design"] == 2.0
    noise = key_of_reference({"mark": "point", "encoding": {"x": {"field": "x", "type": "quantitative"},
                                                            "y": {"field": "z", "type": "quantitative"}}})
    assert featurize(noise, stats)["strength"] < 0.3 and featurize(noise, stats)["weak"] in (0.0, 1.0)


def test_kinds_are_inferred_from_the_key():
    stats = _stats()
    cases = {
        "bar[x=bin(x), y=count()]": ({"mark": "bar", "encoding": {"x": {"field": "x", "bin": True, "type": "quantitative"},
                                                                  "y": {"aggregate": "count", "type": "quantitative"}}}, "distribution"),
        "boxplot": ({"mark": "boxplot", "encoding": {"x": {"field": "group", "type": "nominal"},
                                                     "y": {"field": "y", "type": "quantitative"}}}, "distribution_by"),
        "bar mean": ({"mark": "bar", "encoding": {"y": {"field": "group", "type": "nominal"},
                                                  "x": {"field": "y", "aggregate": "mean", "type": "quantitative"}}}, "comparison"),
        "pie": ({"mark": "arc", "encoding": {"theta": {"aggregate": "count", "type": "quantitative"},
                                             "color": {"field": "group", "type": "nominal"}}}, "part_to_whole"),
    }
    for name, (spec, kind) in cases.items():
        key = key_of_spec(spec)
        assert key is not None and infer_kind(key, stats) == kind, name


def test_every_feature_has_a_sign_and_a_prior():
    assert set(SIGNS) == set(NAMES) == set(PRIOR)
    for name, sign in SIGNS.items():
        if sign > 0:
            assert PRIOR[name] >= 0, name
        if sign < 0:
            assert PRIOR[name] <= 0, name


def _toy() -> list[TableData]:
    """Experts are strong relations, negatives weak ones: the learner must not lower strength's weight."""
    def vec(**kw: float) -> list[float]:
        return [kw.get(n, 0.0) for n in NAMES]

    return [TableData("toy", f"t{i}", [vec(kind_relation=1, strength=0.9, encodings=2)],
                      [vec(kind_relation=1, strength=0.1 * j, encodings=2) for j in range(4)]
                      + [vec(kind_distribution=1, strength=0.2, encodings=2, binned=1)])
            for i in range(3)]


def test_fit_is_deterministic_signed_and_floored():
    a = fit(_toy())
    b = fit(list(reversed(_toy())))
    assert a == b
    assert a["strength"] <= -FLOORS["strength"]  # something to see lowers the cost, at least by the floor
    assert a["uniform_count"] >= FLOORS["uniform_count"]
    ranker = LinearRanker(a)
    assert ranker.cost({"kind_relation": 1, "strength": 0.9}) < ranker.cost({"kind_relation": 1, "strength": 0.1})


def test_weights_file_is_reproducible_and_loads(tmp_path: Path):
    rng = np.random.default_rng(0)
    data = tmp_path / "coll" / "data"
    data.mkdir(parents=True)
    x = rng.normal(0, 1, 80)
    pd.DataFrame({"kind": rng.choice(["p", "q", "r"], 80), "x": x, "y": x * 2 + rng.normal(0, 0.3, 80)}).to_csv(
        data / "toy.csv", index=False)
    refs = [{"dataset": "toy", "example": "e", "key": {"mark": "point", "encoding": {
        "x": {"field": "x", "type": "quantitative"}, "y": {"field": "y", "type": "quantitative"}}}}]
    (tmp_path / "coll" / "references.json").write_text(json.dumps(refs))
    tables = load_collection(tmp_path / "coll")
    assert [t.name for t in tables] == ["toy"]
    one = learn(tables, tmp_path / "w1.json")
    two = learn(tables, tmp_path / "w2.json")
    assert one == two and (tmp_path / "w1.json").read_bytes() == (tmp_path / "w2.json").read_bytes()
    loaded = LinearRanker.load(tmp_path / "w1.json")
    assert loaded.weights["strength"] == one["strength"] and loaded.source.endswith("w1.json")


def test_vega_tables_are_never_collected(tmp_path: Path):
    from draco import Draco

    assert "cars" in VEGA_TABLES and "stocks" in VEGA_TABLES and "barley" in VEGA_TABLES
    with pytest.raises(ValueError, match="vega-datasets"):
        collect(Table("x", "cars", tmp_path / "cars.csv", ()), Draco())
    data = tmp_path / "coll" / "data"
    data.mkdir(parents=True)
    (data / "stocks.csv").write_text("a,b\n1,2\n")
    (tmp_path / "coll" / "references.json").write_text(json.dumps(
        [{"dataset": "stocks", "key": {"mark": "point", "encoding": {"x": {"field": "a"}, "y": {"field": "b"}}}}]))
    assert load_collection(tmp_path / "coll") == []


def test_shipped_weights_load_and_bad_files_are_clear_errors(tmp_path: Path):
    from lida.errors import LidaError

    shipped = LinearRanker.load()
    assert shipped.source == "package" and set(shipped.weights) == set(NAMES)
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    with pytest.raises(LidaError, match="cannot read ranker weights"):
        LinearRanker.load(bad)
