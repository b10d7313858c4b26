"""Candidate generation reaches the charts experts draw: each test plants one case in a synthetic table
(strips per category, points over time, stacked counts of a survey, a colour column, a 0/1 outcome,
value grids, a bar per label, a strong split of a late measure) and checks the chart is generated."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from lida.explore.candidates import Candidate, candidates
from lida.explore.match import ChartKey, Enc, key_of_spec, relaxed_match
from lida.explore.stats import TableStats, table_stats
from lida.offline.complete import complete_locally
from summarizer import load, summarize_loaded
from summarizer.model import Summary

Q = "quantitative"


def _cands(frame: pd.DataFrame) -> tuple[Summary, TableStats, list[Candidate]]:
    table = load(frame)
    summary = summarize_loaded(table)
    stats = table_stats(table.frame, summary)
    return summary, stats, candidates(summary, stats)


def _keys(summary: Summary, cands: list[Candidate]) -> list[ChartKey]:
    out = []
    for c in cands:
        k = key_of_spec(complete_locally(c.intent, summary))
        if k is not None:
            out.append(k)
    return out


def _has(keys: list[ChartKey], expert: ChartKey) -> bool:
    return any(relaxed_match(k, expert) for k in keys)


def _key(mark: str, **chans: Enc) -> ChartKey:
    return ChartKey(mark, tuple(chans.items()))


def test_a_category_with_dozens_of_levels_gets_tick_strips_and_boxes_on_the_rows():
    rng = np.random.default_rng(31)
    places = [f"site {i:02d}" for i in range(36)]
    level = dict(zip(places, rng.uniform(20, 400, len(places)), strict=True))
    loc = np.repeat(places, 150)
    frame = pd.DataFrame({"location": loc, "hour": np.tile(np.arange(150), len(places)),
                          "vehicles": [max(0.0, rng.normal(level[p], 30)) for p in loc]})
    summary, _, cands = _cands(frame)
    keys = _keys(summary, cands)
    tick = _key("tick", x=Enc("vehicles", Q), y=Enc("location", "nominal"))
    assert _has(keys, tick), [str(k) for k in keys]
    strip = next(k for k in keys if relaxed_match(k, tick))
    assert strip.get("y") is not None and strip.get("y").field == "location"  # type: ignore[union-attr]
    assert _has(keys, _key("boxplot", x=Enc("vehicles", Q), y=Enc("location", "nominal")))


def test_a_late_measure_that_a_category_splits_strongly_gets_a_box_plot():
    rng = np.random.default_rng(32)
    n = 400
    state = rng.choice(["IL", "IN", "MI", "OH", "WI"], n)
    frame = pd.DataFrame({f"m{i}": rng.gamma(2.0, 10.0 + i, n) for i in range(10)})
    frame["state"] = state
    frame["area"] = pd.Series(state).map({"IL": 1.0, "IN": 2.0, "MI": 4.0, "OH": 2.5, "WI": 5.0}).to_numpy() \
        + rng.normal(0, 0.5, n)
    summary, stats, cands = _cands(frame)
    assert "area" not in [m.name for m in stats.roles.measures[:6]]  # not among the first measures used
    assert stats.effect("state", "area") > 0.5
    assert _has(_keys(summary, cands), _key("boxplot", x=Enc("state", "nominal"), y=Enc("area", Q)))


def test_irregular_events_over_time_are_points_but_a_regular_series_stays_a_line():
    rng = np.random.default_rng(33)
    days = np.sort(rng.choice(np.arange(5000), 300, replace=False))
    dates = pd.Timestamp("1990-01-01") + pd.to_timedelta(days, unit="D")
    frame = pd.DataFrame({"date": dates, "raised": rng.lognormal(3, 1, 300), "return": rng.normal(0, 30, 300)})
    summary, stats, cands = _cands(frame)
    assert stats.events
    keys = _keys(summary, cands)
    assert _has(keys, _key("point", x=Enc("date", "temporal"), y=Enc("raised", Q)))

    # a weekly show with summer breaks is a series with gaps, not events
    weeks = pd.date_range("1990-01-07", periods=30 * 52, freq="7D")
    aired = weeks[(weeks.month < 6) | (weeks.month > 8)][:600]
    show = pd.DataFrame({"aired": aired, "rating": rng.normal(7, 0.5, aired.size), "viewers": rng.gamma(5, 3, aired.size)})
    assert not _cands(show)[1].events

    months = pd.date_range("1970-01-01", periods=400, freq="MS")
    series = pd.DataFrame({"date": months, "saving": 10 + np.cumsum(rng.normal(0, 0.5, 400)),
                           "jobless": 5 + np.cumsum(rng.normal(0, 0.2, 400))})
    summary, stats, cands = _cands(series)
    assert not stats.events and stats.time_key == "date"
    keys = _keys(summary, cands)
    assert _has(keys, _key("line", x=Enc("date", "temporal"), y=Enc("saving", Q)))
    # the same question as points would only compete with the line an analyst draws for a regular series
    assert not _has(keys, _key("point", x=Enc("date", "temporal"), y=Enc("saving", Q)))


def test_a_long_format_survey_gets_normalized_stacked_counts_per_question():
    rng = np.random.default_rng(34)
    answers = ["Strongly disagree", "Disagree", "Neutral", "Agree", "Strongly agree"]
    rows = []
    for q in range(5):
        p = rng.dirichlet(np.ones(5) * 2)
        for resp in range(100):
            rows.append({"Question": f"Q{q + 1}", "ID": resp, "Response": answers[rng.choice(5, p=p)]})
    summary, _, cands = _cands(pd.DataFrame(rows))
    stacked = [c for c in cands if c.intent.mark == "bar" and {"Question", "Response"} == set(c.fields)]
    assert stacked, [c.visualization for c in cands]
    per_question = next(c for c in stacked if any(e.field == "Question" and e.channel == "y" for e in c.intent.encodings))
    count = next(e for e in per_question.intent.encodings if e.aggregate == "count")
    assert count.stack == "normalize"  # every question has 100 answers: the shares are what differs
    # the expert draws it as rows of single stacked bars; one band per question on y is the same chart
    expert = _key("bar", x=Enc(None, Q, "count"), color=Enc("Response", "ordinal"), row=Enc("Question", "nominal"))
    assert _has(_keys(summary, [per_question]), expert)


def test_two_categories_get_stacked_count_bars_coloured_by_the_smaller():
    rng = np.random.default_rng(35)
    n = 300
    frame = pd.DataFrame({"class": rng.choice(["compact", "suv", "pickup", "midsize", "minivan"], n, p=[.3, .3, .2, .1, .1]),
                          "drive": rng.choice(["f", "4", "r"], n), "hwy": rng.normal(25, 4, n)})
    summary, _, cands = _cands(frame)
    expert = _key("bar", x=Enc("class", "nominal"), y=Enc(None, Q, "count"), color=Enc("drive", "nominal"))
    assert _has(_keys(summary, cands), expert)


def test_a_column_of_colours_paints_the_scatter_and_is_no_category():
    rng = np.random.default_rng(36)
    n = 400
    cols = [f"#{r:02x}{g:02x}{b:02x}" for r, g, b in rng.integers(0, 256, (n, 3))]
    frame = pd.DataFrame({"L": rng.uniform(0, 100, n), "u": rng.normal(0, 40, n), "v": rng.normal(0, 40, n), "col": cols})
    summary, stats, cands = _cands(frame)
    assert stats.palette == "col"
    keys = _keys(summary, cands)
    assert _has(keys, _key("point", x=Enc("u", Q), y=Enc("v", Q), color=Enc("col", "nominal")))
    # never counted or compared as hundreds of categories
    assert not any(k.mark in ("bar", "arc", "rect") and "col" in k.fields() for k in keys)

    names = pd.DataFrame({"x": rng.normal(0, 1, 60), "y": rng.normal(0, 1, 60),
                          "colour": rng.choice(["steelblue", "gray47", "antiquewhite2", "tomato", "navyblue"], 60)})
    _, named, _ = _cands(names)
    assert named.palette == "colour"
    plain = pd.DataFrame({"x": rng.normal(0, 1, 60), "kind": rng.choice(["apple", "pear", "plum tree"], 60)})
    assert _cands(plain)[1].palette is None


def test_a_binary_outcome_against_a_measure_is_coloured_by_what_moves_it_not_by_its_relabel():
    rng = np.random.default_rng(37)
    n = 800
    sex = rng.choice(["male", "female"], n)
    age = rng.uniform(1, 80, n)
    p = np.where(sex == "female", 0.75, 0.2) - 0.002 * age
    survived = (rng.uniform(0, 1, n) < p).astype(int)
    frame = pd.DataFrame({"survived": survived, "age": age.round(), "fare": rng.gamma(2, 15, n), "sex": sex,
                          "alive": np.where(survived == 1, "yes", "no"), "port": rng.choice(["S", "C", "Q"], n)})
    summary, stats, cands = _cands(frame)
    assert "survived" in stats.binary
    keys = _keys(summary, cands)
    assert _has(keys, _key("point", x=Enc("age", Q), y=Enc("survived", Q), color=Enc("sex", "nominal")))
    outcome = [k for k in keys if k.mark == "point" and "survived" in k.position_names()]
    assert outcome and not any(k.get("color") is not None and k.get("color").field == "alive"  # type: ignore[union-attr]
                               for k in outcome)
    # 32 rows show no rate along a measure: a small table's 0/1 columns get no strips
    summary, stats, cands = _cands(frame.head(32))
    assert not any(c.intent.mark == "point" and any(e.field == "survived" and e.type == Q for e in c.intent.encodings)
                   for c in cands)


def test_one_value_per_cell_gives_a_raw_value_grid_and_integer_steps_make_a_grid():
    rng = np.random.default_rng(38)
    models = [f"model{i}" for i in range(8)]
    tasks = [f"task{j}" for j in range(8)]
    frame = pd.DataFrame([{"Model": m, "Task": t, "Score": round(float(rng.uniform(40, 95)), 1)}
                          for m in models for t in tasks])
    summary, stats, cands = _cands(frame)
    assert stats.one_per(("Model", "Task"))
    grids = [c for c in cands if c.intent.mark == "rect" and set(c.fields) == {"Model", "Task", "Score"}]
    assert grids
    colour = next(e for e in grids[0].intent.encodings if e.channel == "color")
    assert colour.field == "Score" and colour.aggregate is None  # nothing to average in a one-row cell
    # three by three cells read better as grouped bars: no raw grid to compete with them
    small = frame[frame["Model"].isin(models[:3]) & frame["Task"].isin(tasks[:3])]
    summary, stats, cands = _cands(small)
    assert not any(c.intent.mark == "rect" and any(e.channel == "color" and e.field == "Score" and e.aggregate is None
                                                   for e in c.intent.encodings) for c in cands)

    episodes = pd.DataFrame([{"season": s, "episode": e, "rating": round(float(7 + rng.normal(0, 0.6) - 0.05 * s), 1),
                              "viewers": float(rng.gamma(5, 3))}
                             for s in range(1, 26) for e in range(1, 23)]).sample(frac=1.0, random_state=1)
    summary, stats, cands = _cands(episodes)
    assert {"season", "episode"} <= set(stats.grid_axes)
    expert = _key("rect", x=Enc("season", "ordinal"), y=Enc("episode", "ordinal"), color=Enc("rating", Q))
    assert _has(_keys(summary, cands), expert)


def test_one_row_per_label_gives_a_sorted_bar_of_the_main_measure_per_label():
    rng = np.random.default_rng(39)
    labels = [f"S{i:02d}" for i in range(50)]
    speeding, alcohol, other = rng.gamma(3, 1, 50), rng.gamma(4, 1, 50), rng.gamma(6, 1, 50)
    frame = pd.DataFrame({"speeding": speeding, "alcohol": alcohol, "total": speeding + alcohol + other,
                          "premium": rng.normal(900, 150, 50), "abbrev": labels})
    summary, _, cands = _cands(frame)
    label_bars = [c for c in cands if c.intent.mark == "bar" and "abbrev" in c.fields]
    # one bar chart per label, of the main measure: the total its parts add up to, not each part
    assert [set(c.fields) for c in label_bars] == [{"abbrev", "total"}]
    bars = label_bars
    label = next(e for e in bars[0].intent.encodings if e.field == "abbrev")
    assert label.sort == "-x"  # sorted, so the leaders stand out
    assert _has(_keys(summary, bars), _key("bar", x=Enc("total", Q), y=Enc("abbrev", "nominal")))


def test_the_candidate_count_stays_bounded_on_a_wide_table():
    rng = np.random.default_rng(40)
    n = 500
    frame = pd.DataFrame({f"m{i}": rng.gamma(2.0, 5.0 + i, n) for i in range(20)})
    for j in range(6):
        frame[f"c{j}"] = rng.choice([f"v{k}" for k in range(3 + 4 * j)], n)
    frame["when"] = pd.date_range("2000-01-01", periods=n, freq="D")
    _, _, cands = _cands(frame)
    assert 30 <= len(cands) <= 600


def test_a_strong_seasonal_cycle_gets_a_month_of_year_chart_and_a_flat_one_does_not():
    rng = np.random.default_rng(41)
    days = pd.date_range("2012-01-01", periods=4 * 365, freq="D")
    season = 10 * np.sin(2 * np.pi * (days.dayofyear.to_numpy() - 100) / 365.25)
    frame = pd.DataFrame({"date": days, "temp": 12 + season + rng.normal(0, 2, days.size),
                          "noise": rng.normal(0, 1, days.size)})
    _, stats, cands = _cands(frame)
    assert stats.cycles[("date", "month", "temp")] > 0.6
    assert stats.cycles[("date", "month", "noise")] < 0.1
    monthly = [c for c in cands if any(e.time_unit == "month" for e in c.intent.encodings)]
    assert [set(c.fields) for c in monthly] == [{"date", "temp"}]
    y = next(e for e in monthly[0].intent.encodings if e.channel == "y")
    assert y.aggregate == "mean"


def test_a_colour_column_is_painted_as_is_in_the_chart_code():
    from lida.offline.codegen import write_code

    rng = np.random.default_rng(42)
    n = 300
    cols = [f"#{r:02x}{g:02x}{b:02x}" for r, g, b in rng.integers(0, 256, (n, 3))]
    frame = pd.DataFrame({"u": rng.normal(0, 40, n), "v": rng.normal(0, 40, n), "col": cols})
    table = load(frame)
    summary = summarize_loaded(table)
    spec = {"mark": "point", "encoding": {"x": {"field": "u", "type": Q}, "y": {"field": "v", "type": Q},
                                          "color": {"field": "col", "type": "nominal"}}}
    code = write_code(spec, summary, title="u and v")
    assert "scale=None" in code and "legend=None" in code
    assert "nlargest" not in code  # every colour drawn, not the most common fifteen
    ns: dict[str, Any] = {}
    exec(compile(code, "<chart>", "exec"), ns)
    vl = ns["plot"](table.frame.copy()).to_dict()
    assert vl["encoding"]["color"]["scale"] is None
    assert len(next(iter(vl["datasets"].values()))) == n


def test_colour_names_with_shade_numbers_become_css_colours():
    from lida.offline.codegen import write_code

    rng = np.random.default_rng(43)
    names = ["gray47", "grey100", "tan3", "steelblue", "antiquewhite1", "tomato", "navy", "gray0"] * 10
    frame = pd.DataFrame({"u": rng.normal(0, 1, 80), "v": rng.normal(0, 1, 80), "col": names})
    table = load(frame)
    summary = summarize_loaded(table)
    spec = {"mark": "point", "encoding": {"x": {"field": "u", "type": Q}, "y": {"field": "v", "type": Q},
                                          "color": {"field": "col", "type": "nominal"}}}
    ns: dict[str, Any] = {}
    exec(compile(write_code(spec, summary, title="u and v"), "<chart>", "exec"), ns)
    rows = next(iter(ns["plot"](table.frame.copy()).to_dict()["datasets"].values()))
    assert {r["col"] for r in rows} == {"#787878", "#ffffff", "tan", "steelblue", "antiquewhite", "tomato", "navy",
                                        "#000000"}


def test_a_dot_plot_of_labels_is_coloured_by_the_category_that_moves_the_measure():
    rng = np.random.default_rng(44)
    models = [f"model{i}" for i in range(8)]
    rows = []
    for m in models:
        base = rng.uniform(50, 90)
        for task in ["t1", "t2", "t3", "t4", "t5"]:
            for year in (2019, 2020):
                rows.append({"Model": m, "Task": task, "Era": f"y{year}", "Score": base + (8 if year == 2020 else 0)
                             + rng.normal(0, 1)})
    summary, _, cands = _cands(pd.DataFrame(rows))
    expert = _key("point", x=Enc("Score", Q), y=Enc("Model", "nominal"), color=Enc("Era", "nominal"))
    assert _has(_keys(summary, cands), expert)
    # two levels on the axis make no dot plot: a box or a strip shows them
    assert not any(c.intent.mark == "point" and len(c.fields) == 3 and c.fields[0] == "Era" for c in cands)


def test_a_tally_per_ordered_step_gets_bars_of_its_total_stacked_by_a_category():
    rng = np.random.default_rng(45)
    rows = [{"year": y, "age": a, "sex": s, "people": int(rng.integers(1_000_000, 12_000_000) * (1.3 if s == "women" else 1.0))}
            for y in (1900, 2000) for a in range(0, 95, 5) for s in ("men", "women")]
    summary, stats, cands = _cands(pd.DataFrame(rows))
    assert stats.fields["age"].ordered and stats.fields["people"].tally
    expert = _key("bar", x=Enc("age", "ordinal"), y=Enc("people", Q, "sum"), color=Enc("sex", "nominal"))
    assert _has(_keys(summary, cands), expert)
    # an average is no tally: no totals of it
    frame = pd.DataFrame({"age": np.repeat(np.arange(0, 100, 5), 20), "response": rng.normal(3.2, 1.0, 400)})
    summary, stats, cands = _cands(frame)
    assert stats.fields["age"].ordered and not stats.fields["response"].tally
    assert not any(c.intent.mark == "bar" and "age" in c.fields
                   and any(e.aggregate == "sum" and e.field == "response" for e in c.intent.encodings) for c in cands)


def test_a_weekly_rhythm_gets_a_weekday_by_hour_grid_and_a_daily_cycle_alone_does_not():
    rng = np.random.default_rng(46)
    hours = pd.date_range("2024-01-01", periods=8 * 7 * 24, freq="h")
    office = (hours.dayofweek < 5) & (hours.hour >= 9) & (hours.hour < 18)
    frame = pd.DataFrame({"time": hours, "commits": rng.poisson(np.where(office, 20, 2))})
    summary, stats, cands = _cands(frame)
    assert stats.cycles[("time", "dayhours", "commits")] > stats.cycles[("time", "hours", "commits")] + 0.1
    expert = _key("rect", x=Enc("time", "ordinal", time_unit="hours"), y=Enc("time", "ordinal", time_unit="day"),
                  color=Enc("commits", Q, "sum"))
    assert _has(_keys(summary, cands), expert)

    daily = pd.DataFrame({"time": hours, "load": 10 + 5 * np.sin(2 * np.pi * hours.hour.to_numpy() / 24)
                          + rng.normal(0, 0.5, hours.size)})
    _, stats, cands = _cands(daily)
    assert stats.cycles[("time", "hours", "load")] > 0.8
    assert any(e.time_unit == "hours" for c in cands for e in c.intent.encodings)  # the daily cycle
    assert not any(e.time_unit == "day" for c in cands for e in c.intent.encodings)  # no weekly grid to add


def test_a_bar_per_label_keeps_the_labels_with_the_largest_values_not_the_first_ones():
    from lida.offline.codegen import write_code

    rng = np.random.default_rng(47)
    labels = [f"S{i:02d}" for i in range(50)]
    total = rng.permutation(np.arange(1.0, 51.0)) + 0.5
    frame = pd.DataFrame({"abbrev": labels, "total": total, "part": total * 0.4 + rng.normal(0, 2, 50),
                          "rest": total * 0.6 + rng.normal(0, 2, 50)})
    table = load(frame)
    summary = summarize_loaded(table)
    cands = _cands(frame)[2]
    bar = next(c for c in cands if c.intent.mark == "bar" and set(c.fields) == {"abbrev", "total"})
    assert bar.intent.top_n is not None
    spec = {"mark": "bar", "encoding": {"y": {"field": "abbrev", "type": "nominal", "sort": "-x"},
                                        "x": {"field": "total", "type": Q}}}
    ns: dict[str, Any] = {}
    exec(compile(write_code(spec, summary, bar.goal()), "<chart>", "exec"), ns)
    rows = next(iter(ns["plot"](table.frame.copy()).to_dict()["datasets"].values()))
    assert sorted(r["total"] for r in rows) == [v + 0.5 for v in range(51 - bar.intent.top_n, 51)]
