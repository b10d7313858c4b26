"""Which fields the explorer measures, steps along or keys by: ids, evenly spaced axes, one row per cell,
and the diversity of the picked charts. Synthetic tables with the answer planted."""

from __future__ import annotations

import numpy as np
import pandas as pd

from lida.explore.candidates import candidates
from lida.explore.match import ChartKey, Enc
from lida.explore.ranker import pick
from lida.explore.stats import TableStats, table_stats
from summarizer import load, summarize_loaded


def _stats(frame: pd.DataFrame) -> tuple[object, TableStats]:
    table = load(frame)
    summary = summarize_loaded(table)
    return summary, table_stats(table.frame, summary)


def test_a_subject_key_and_a_row_number_are_ids_not_measures():
    rng = np.random.default_rng(21)
    subject = np.repeat(np.arange(1, 21), 3)
    frame = pd.DataFrame({"subject": subject, "trial_no": np.arange(1, 61), "solutions": np.tile([1, 2, 3], 20),
                          "score": rng.normal(5, 1, 60).round(1), "weight": rng.normal(70, 8, 60)})
    summary, stats = _stats(frame)
    assert {"subject", "trial_no"} <= stats.ids
    measures = {m.name for m in stats.roles.measures}
    assert "subject" not in measures and "trial_no" not in measures
    assert "score" in measures and "weight" in measures
    for c in candidates(summary, stats):  # type: ignore[arg-type]
        assert "subject" not in c.fields and "trial_no" not in c.fields, c.visualization


def test_a_plain_integer_measure_is_not_an_id():
    rng = np.random.default_rng(22)
    frame = pd.DataFrame({"visits": rng.integers(0, 40, 200), "spend": rng.gamma(2.0, 20.0, 200)})
    _, stats = _stats(frame)
    assert not stats.ids
    assert {m.name for m in stats.roles.measures} == {"visits", "spend"}


def test_a_sorted_evenly_spaced_axis_gives_a_raw_profile_line():
    rng = np.random.default_rng(23)
    distance = np.round(np.arange(0, 50, 0.1), 1)
    frame = pd.DataFrame({"distance": distance, "elevation": 300 + np.cumsum(rng.normal(0, 2, distance.size))})
    summary, stats = _stats(frame)
    assert stats.fields["distance"].ordered and not stats.fields["elevation"].ordered
    lines = [c for c in candidates(summary, stats) if c.intent.mark == "line"]  # type: ignore[arg-type]
    assert lines, "no line along the distance"
    y = next(e for e in lines[0].intent.encodings if e.channel == "y")
    assert y.field == "elevation" and y.aggregate is None  # one row per distance: nothing to average


def test_a_measure_on_a_full_grid_gives_a_grid_heatmap():
    a, b = np.meshgrid(np.linspace(1.0, 5.0, 30), np.linspace(40.0, 90.0, 30))
    frame = pd.DataFrame({"a": a.ravel(), "b": b.ravel()})
    frame["density"] = np.exp(-((frame["a"] - 3) ** 2) - ((frame["b"] - 65) / 10) ** 2)
    summary, stats = _stats(frame)
    assert stats.fields["a"].ordered and stats.fields["b"].ordered
    assert stats.one_per(("a", "b")) and not stats.one_per(("a",))
    grids = [c for c in candidates(summary, stats) if c.intent.mark == "rect"]  # type: ignore[arg-type]
    assert any({"a", "b", "density"} == set(c.fields) for c in grids), [c.visualization for c in grids]


def test_near_identical_measures_get_no_scatter():
    rng = np.random.default_rng(24)
    total = rng.gamma(3.0, 1000.0, 300)
    frame = pd.DataFrame({"total": total, "main_part": total * 0.9 + rng.normal(0, 1, 300),
                          "other": rng.normal(0, 1, 300) + total / 2000})
    summary, stats = _stats(frame)
    pairs = {frozenset(c.fields[:2]) for c in candidates(summary, stats) if c.kind == "relation"}  # type: ignore[arg-type]
    assert frozenset(("total", "main_part")) not in pairs
    assert frozenset(("total", "other")) in pairs


def _key(mark: str, **chans: Enc) -> ChartKey:
    return ChartKey(mark, tuple(chans.items()))


def test_pick_never_repeats_the_same_fields_and_spreads_colour():
    q = "quantitative"
    box = _key("boxplot", x=Enc("cut", "nominal"), y=Enc("price", q))
    hist = _key("bar", x=Enc("price", q, bin=True), y=Enc(None, q, "count"), color=Enc("cut", "nominal"))
    by_cut = _key("point", x=Enc("carat", q), y=Enc("depth", q), color=Enc("cut", "nominal"))
    again_cut = _key("point", x=Enc("x", q), y=Enc("y", q), color=Enc("cut", "nominal"))
    by_clarity = _key("point", x=Enc("table", q), y=Enc("z", q), color=Enc("clarity", "nominal"))
    items = [(box, 0.0), (hist, 0.05), (by_cut, 0.1), (again_cut, 0.15), (by_clarity, 0.25)]
    keys = [t[0] for t in pick(items, key=lambda t: t[0], cost=lambda t: t[1], n=5, repeat_kind=0.0)]
    assert hist not in keys  # the same question as the box plot: how price is spread by cut
    # charts split by cut again pay for it: the clarity scatter goes before them although it costs more
    assert keys == [box, by_clarity, by_cut, again_cut]


def test_twins_ask_one_question_and_thin_groups_are_a_flaw():
    from lida.explore.features import featurize

    rng = np.random.default_rng(25)
    carat = rng.gamma(2.0, 0.4, 400)
    frame = pd.DataFrame({"price": carat * 4000 + rng.normal(0, 900, 400), "carat": carat,
                          "width": carat * 6 + rng.normal(0, 0.05, 400), "depth": rng.normal(60, 2, 400)})
    _, stats = _stats(frame)
    assert stats.twin("width") == stats.twin("carat")  # near-copies of one size
    assert stats.twin("depth") == "depth"
    q = "quantitative"
    by_carat = _key("point", x=Enc("carat", q), y=Enc("price", q))
    by_width = _key("point", x=Enc("width", q), y=Enc("price", q))
    by_depth = _key("point", x=Enc("depth", q), y=Enc("price", q))
    items = [(by_carat, 0.0), (by_width, 0.1), (by_depth, 0.5)]
    keys = [t[0] for t in pick(items, key=lambda t: t[0], cost=lambda t: t[1], n=3, twin=stats.twin)]
    assert keys == [by_carat, by_depth]

    medals = pd.DataFrame({"nation": np.repeat(["A", "B", "C", "D", "E"], 3),
                           "medal": np.tile(["gold", "silver", "bronze"], 5), "count": rng.integers(1, 40, 15)})
    _, small = _stats(medals)
    box = _key("boxplot", x=Enc("nation", "nominal"), y=Enc("count", q))
    bars = _key("bar", x=Enc("nation", "nominal"), y=Enc("count", q, "sum"), color=Enc("medal", "nominal"))
    assert featurize(box, small, None)["thin_groups"] == 1.0
    assert featurize(bars, small, None)["thin_groups"] == 0.0
