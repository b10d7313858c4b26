"""Synthetic tables with a planted answer: the ranker must put it where an analyst would."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from draco import Draco
from lida.explore.match import ChartKey
from lida.explore.plan import Planned, plan
from lida.explore.ranker import LinearRanker
from summarizer import load, summarize_loaded


@pytest.fixture(scope="module")
def draco() -> Draco:
    return Draco()


def _plan(frame: pd.DataFrame, draco: Draco, n: int = 5) -> list[Planned]:
    table = load(frame)
    _, planned = plan(summarize_loaded(table), table.frame, draco, LinearRanker.load(), n, spare=0)
    assert planned
    return planned


def _positions(key: ChartKey) -> frozenset[str]:
    return key.position_names()


def test_strong_correlation_among_noise_is_the_top_relation(draco):
    rng = np.random.default_rng(1)
    n = 300
    a = rng.normal(50, 10, n)
    frame = pd.DataFrame({f"noise_{i}": rng.normal(0, 1, n) for i in range(4)})
    frame["alpha"] = a
    frame["beta"] = 2 * a + rng.normal(0, 4, n)
    frame["noise_4"] = rng.normal(0, 1, n)
    planned = _plan(frame, draco)
    relations = [p for p in planned if p.ranked.kind == "relation"]
    assert relations, [str(p.key) for p in planned]
    assert {"alpha", "beta"} <= _positions(relations[0].key)
    assert "relation" in relations[0].ranked.insight and "rho = +0.9" in relations[0].ranked.insight


def test_planted_trend_ranks_the_time_chart_first(draco):
    rng = np.random.default_rng(2)
    dates = pd.date_range("2020-01-01", periods=200, freq="D")
    frame = pd.DataFrame({
        "day": dates,
        "sales": np.linspace(100, 400, 200) + rng.normal(0, 10, 200),
        "noise_a": rng.normal(0, 1, 200),
        "noise_b": rng.normal(0, 1, 200),
    })
    top = _plan(frame, draco)[0]
    assert "day" in _positions(top.key) and "sales" in _positions(top.key), str(top.key)
    assert top.ranked.kind == "trend"


def test_planted_group_difference_ranks_the_comparison_first(draco):
    rng = np.random.default_rng(3)
    groups = np.repeat(["north", "south", "east", "west"], 60)
    level = {"north": 10.0, "south": 30.0, "east": 50.0, "west": 70.0}
    frame = pd.DataFrame({
        "region": groups,
        "revenue": [level[g] + rng.normal(0, 5) for g in groups],
        "noise_a": rng.normal(0, 1, len(groups)),
        "noise_b": rng.normal(0, 1, len(groups)),
    })
    top = _plan(frame, draco)[0]
    assert _positions(top.key) == {"region", "revenue"}, str(top.key)
    assert top.ranked.kind in ("comparison", "distribution_by")
    assert "revenue differs most by region" in top.ranked.insight


def test_uniform_counts_never_give_a_count_chart(draco):
    rng = np.random.default_rng(4)
    rows = [(v, s, y) for v in "ABCDEFGHIJ" for s in ("s1", "s2", "s3", "s4", "s5", "s6") for y in ("1931", "1932")]
    frame = pd.DataFrame(rows, columns=["variety", "site", "year"])
    frame["yield"] = rng.normal(40, 8, len(frame))
    planned = _plan(frame, draco, n=8)
    for p in planned:  # a histogram counts rows per bin of a measure; counting the design's cells is the flaw
        counted = any(e.field is None for _, e in p.key.encoding)
        assert not counted or any(e.bin for _, e in p.key.encoding), f"count chart on a designed table: {p.key}"


def test_a_measure_split_by_a_category_is_never_pooled(draco):
    rng = np.random.default_rng(5)
    dates = pd.date_range("2001-01-01", periods=100, freq="MS")
    parts = []
    for symbol, base in (("AAA", 20.0), ("BBB", 120.0), ("CCC", 400.0), ("DDD", 60.0)):
        parts.append(pd.DataFrame({"symbol": symbol, "date": dates,
                                   "price": base + np.cumsum(rng.normal(0, 2, len(dates)))}))
    frame = pd.concat(parts, ignore_index=True)
    planned = _plan(frame, draco)
    for p in planned:
        if "price" in p.key.fields():
            assert "symbol" in p.key.fields(), f"price pooled over symbols: {p.key}"
    assert planned[0].ranked.kind == "trend" and planned[0].key.get("color") is not None


def test_near_uniform_shares_never_give_a_pie(draco):
    rng = np.random.default_rng(6)
    n = 400
    frame = pd.DataFrame({
        "segment": rng.choice(["a", "b", "c", "d"], n, p=[0.26, 0.25, 0.25, 0.24]),
        "value": rng.gamma(2.0, 10.0, n),
        "other": rng.normal(0, 1, n),
    })
    planned = _plan(frame, draco, n=8)
    assert all(p.key.mark != "arc" for p in planned), [str(p.key) for p in planned]


def test_uneven_few_shares_may_give_a_pie_candidate():
    from lida.explore.candidates import candidates
    from lida.explore.stats import table_stats

    rng = np.random.default_rng(7)
    frame = pd.DataFrame({"kind": rng.choice(["x", "y", "z"], 300, p=[0.7, 0.2, 0.1]),
                          "amount": rng.gamma(2.0, 5.0, 300)})
    table = load(frame)
    summary = summarize_loaded(table)
    kinds = {c.kind for c in candidates(summary, table_stats(table.frame, summary))}
    assert "part_to_whole" in kinds


def test_a_rounding_of_the_time_is_never_charted_against_it(draco):
    rng = np.random.default_rng(11)
    year = np.arange(1875, 1975)
    frame = pd.DataFrame({"year": year, "decade": (year // 10) * 10,
                          "level": 580 + np.cumsum(rng.normal(0, 0.5, year.size))})
    table = load(frame)
    from lida.explore.stats import table_stats

    stats = table_stats(table.frame, summarize_loaded(table))
    assert ("year", "decade") in stats.derived and ("decade", "year") not in stats.derived
    planned = _plan(frame, draco)
    assert all(_positions(p.key) != {"year", "decade"} for p in planned), [str(p.key) for p in planned]
    # level sits at different heights per decade, but a year axis shows the decade: the line is not pooled
    line = [p for p in planned if _positions(p.key) == {"year", "level"}]
    assert line and line[0].ranked.features["pooled"] == 0.0, [str(p.key) for p in planned]


def test_showing_one_of_two_splitting_categories_is_not_pooling():
    from lida.explore.features import featurize
    from lida.explore.match import Enc
    from lida.explore.stats import table_stats

    rng = np.random.default_rng(12)
    kind = rng.integers(0, 3, 400)
    frame = pd.DataFrame({"kind": np.array(["a", "b", "c"])[kind], "size": np.array(["s", "m", "l"])[kind],
                          "x": rng.normal(0, 1, 400)})
    frame["y"] = kind * 10 + frame["x"] + rng.normal(0, 0.5, 400)
    table = load(frame)
    stats = table_stats(table.frame, summarize_loaded(table))
    assert set(stats.splits("y")) >= {"kind", "size"}
    coloured = ChartKey("point", (("x", Enc("x", "quantitative")), ("y", Enc("y", "quantitative")),
                                  ("color", Enc("kind", "nominal"))))
    plain = ChartKey("point", (("x", Enc("x", "quantitative")), ("y", Enc("y", "quantitative"))))
    assert featurize(coloured, stats, None)["pooled"] == 0.0
    assert featurize(plain, stats, None)["pooled"] == 1.0


def test_a_measure_over_an_even_cross_of_two_categories_is_a_cells_chart():
    from lida.explore.features import featurize
    from lida.explore.match import Enc
    from lida.explore.stats import table_stats

    rng = np.random.default_rng(13)
    rows = [(v, s) for v in "ABCDEFGH" for s in ("north", "south", "east", "west", "hill")]
    frame = pd.DataFrame(rows, columns=["variety", "site"])
    frame["yield"] = rng.normal(40, 8, len(frame))
    table = load(frame)
    stats = table_stats(table.frame, summarize_loaded(table))
    two_way = ChartKey("bar", (("x", Enc("yield", "quantitative", aggregate="sum")),
                               ("y", Enc("variety", "nominal")), ("color", Enc("site", "nominal"))))
    one_way = ChartKey("bar", (("x", Enc("yield", "quantitative", aggregate="sum")), ("y", Enc("variety", "nominal"))))
    assert featurize(two_way, stats, None)["cells"] == 1.0
    assert featurize(one_way, stats, None)["cells"] == 0.0
    assert LinearRanker.load().weights["cells"] < 0  # a designed table's cells are worth showing
