"""Plain-words edits: each kind of request, partial application, and edits that change nothing."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from test_offline_charts import check_chart

from draco import Draco
from draco.partial import PartialSpec
from lida.errors import LidaError
from lida.model import CandidateChart, Goal
from lida.offline import edit
from lida.offline.charts import chart_from_spec
from summarizer.model import Summary
from summarizer.summarize import load, summarize_loaded

EXAMPLES = Path(__file__).resolve().parents[2] / "lida" / "examples"


@cache
def _table(name: str) -> tuple[pd.DataFrame, Summary]:
    t = load(EXAMPLES / name)
    return t.frame, summarize_loaded(t)


@cache
def _draco() -> Draco:
    return Draco()


def _chart(name: str, mark: str, **enc: dict[str, Any]) -> CandidateChart:
    _, s = _table(name)
    goal = Goal(question="start", visualization="start", rationale="", fields=[], intent=PartialSpec(mark=mark))
    return chart_from_spec(s, goal, {"mark": {"type": mark}, "encoding": enc})


def _hist() -> CandidateChart:
    return _chart("cars.json", "bar", x={"field": "Miles_per_Gallon", "type": "quantitative", "bin": True},
                  y={"aggregate": "count", "type": "quantitative"})


def _bar() -> CandidateChart:
    return _chart("cars.json", "bar", x={"field": "Origin", "type": "nominal"},
                  y={"field": "Horsepower", "aggregate": "mean", "type": "quantitative"})


def _stocks() -> CandidateChart:
    return _chart("stocks.csv", "line", x={"field": "date", "type": "temporal"},
                  y={"field": "price", "type": "quantitative"}, color={"field": "symbol", "type": "nominal"})


def _edit(start: CandidateChart, words: str, table: str = "cars.json") -> CandidateChart:
    frame, s = _table(table)
    out = edit(s, start, words, draco=_draco())
    check_chart(out, frame, render=False)  # the code runs on the data and uses only its columns
    return out


def _enc(c: CandidateChart) -> dict[str, Any]:
    assert c.spec is not None
    return dict(c.spec["encoding"])


def _mark(c: CandidateChart) -> str:
    assert c.spec is not None
    m = c.spec["mark"]
    return str(m["type"] if isinstance(m, dict) else m)


def _axes(c: CandidateChart) -> set[tuple[str | None, str | None]]:
    e = _enc(c)
    return {(e[ch].get("field"), e[ch].get("aggregate")) for ch in ("x", "y") if ch in e}


def _not_applied(c: CandidateChart) -> list[str]:
    return [n for n in c.notes if n.startswith("not applied")]


def test_fields_by_the_names_people_use_several_in_one_request() -> None:
    out = _edit(_hist(), "make it a scatter plot of weight against mpg")
    assert _mark(out) == "point"
    assert _axes(out) == {("Weight_in_lbs", None), ("Miles_per_Gallon", None)}
    out = _edit(_hist(), "weight against mpg by origin")
    assert _axes(out) == {("Weight_in_lbs", None), ("Miles_per_Gallon", None)}
    assert _enc(out)["color"]["field"] == "Origin"
    out = _edit(_bar(), "hp by cylinders")
    assert ("Cylinders", None) in _axes(out)
    assert out.notes[0].startswith("applied:") and not _not_applied(out)


def test_mark_and_aggregate_words_rebuild_the_chart() -> None:
    out = _edit(_hist(), "show average Horsepower by Origin as a bar chart")
    assert _mark(out) == "bar" and _axes(out) == {("Origin", None), ("Horsepower", "mean")}
    out = _edit(_hist(), "heatmap of counts by Cylinders and Origin")
    assert _mark(out) == "rect" and {_enc(out)["x"]["field"], _enc(out)["y"]["field"]} == {"Cylinders", "Origin"}
    assert _enc(out)["color"]["aggregate"] == "count"
    out = _edit(_bar(), "show the total instead")  # a bare aggregate changes the chart's measure
    assert _axes(out) == {("Origin", None), ("Horsepower", "sum")}
    out = _edit(_bar(), "median weight")  # a measure alone keeps the grouping
    assert _axes(out) == {("Origin", None), ("Weight_in_lbs", "median")}


def test_box_plot_by_a_category_renders() -> None:
    frame, _ = _table("cars.json")
    out = _edit(_hist(), "box plot of Miles_per_Gallon by Cylinders")
    assert _mark(out) == "boxplot" and _axes(out) == {("Cylinders", None), ("Miles_per_Gallon", None)}
    check_chart(out, frame, render=True)


def test_time_units_and_bins() -> None:
    out = _edit(_stocks(), "average price per year", "stocks.csv")
    e = _enc(out)
    assert e["x"]["field"] == "date" and e["x"]["timeUnit"] == "year" and e["y"]["aggregate"] == "mean"
    out = _edit(_bar(), "histogram of horsepower")
    assert _enc(out)["x"]["field"] == "Horsepower" and _enc(out)["x"]["bin"]
    assert _enc(out)["y"]["aggregate"] == "count"


def test_filters_from_values_and_years_run_on_the_data() -> None:
    out = _edit(_stocks(), "only AAPL", "stocks.csv")
    assert out.goal.intent.filters == ({"field": "symbol", "op": "eq", "value": "AAPL"},)
    assert 'data = data[data["symbol"] == "AAPL"]' in out.code
    assert out.spec is not None and "AAPL" in out.spec["title"]
    out = _edit(_stocks(), "line of price over date, only AAPL", "stocks.csv")
    assert _mark(out) == "line" and out.goal.intent.filters[0]["value"] == "AAPL"
    out = _edit(_stocks(), "in 2008", "stocks.csv")
    assert 'data["date"].dt.year == 2008' in out.code
    out = _edit(_bar(), "only cars from Europe")
    assert 'data = data[data["Origin"] == "Europe"]' in out.code
    out = _edit(_bar(), "only USA and Japan")
    assert out.goal.intent.filters[0]["op"] == "in" and set(out.goal.intent.filters[0]["value"]) == {"USA", "Japan"}


def test_sort_top_n_facets_scales_titles_legends() -> None:
    out = _edit(_bar(), "sort descending")
    assert _enc(out)["x"]["sort"] == "-y"
    out = _edit(_bar(), "top 2")
    assert out.goal.intent.top_n == 2 and "nlargest(2)" in out.code
    out = _edit(_hist(), "one panel per Origin")
    assert _enc(out)["column"]["field"] == "Origin" and _enc(out)["x"]["bin"]
    out = _edit(_stocks(), "log scale", "stocks.csv")
    assert _enc(out)["y"]["scale"]["type"] == "log"
    scatter = _chart("cars.json", "point", x={"field": "Horsepower", "type": "quantitative"},
                     y={"field": "Miles_per_Gallon", "type": "quantitative"})
    out = _edit(scatter, "scatter of Weight_in_lbs vs Acceleration with a log scale on the x axis")
    assert _mark(out) == "point" and _enc(out)["x"]["scale"]["type"] == "log"
    assert {_enc(out)["x"]["field"], _enc(out)["y"]["field"]} == {"Weight_in_lbs", "Acceleration"}
    out = _edit(_bar(), 'title "Power by region"')
    assert out.spec is not None and out.spec["title"] == "Power by region"
    out = _edit(_bar(), "remove the legend and color by Origin")
    assert _enc(out)["color"]["field"] == "Origin" and _enc(out)["color"]["legend"] is None
    assert "legend=None" in out.code
    out = _edit(_bar(), "make it horizontal")
    assert _enc(out)["y"]["field"] == "Origin"


def test_everything_not_named_is_kept() -> None:
    out = _edit(_stocks(), "make it an area chart", "stocks.csv")
    assert _mark(out) == "area" and _enc(out)["color"]["field"] == "symbol"
    out = _edit(_stocks(), "only AAPL", "stocks.csv")
    out2 = _edit(out, "make it a bar chart", "stocks.csv")  # the filter stays through later edits
    assert out2.goal.intent.filters == out.goal.intent.filters


def test_partial_application_says_which_words_were_not_applied() -> None:
    out = _edit(_hist(), "color by Origin and make it sparkle")
    assert _enc(out)["color"]["field"] == "Origin"
    assert out.notes[0].startswith("applied:") and "colour by Origin" in out.notes[0]
    [missing] = _not_applied(out)
    assert "'sparkle'" in missing and "Miles_per_Gallon" in missing  # says why: here are the columns


def test_size_on_bars_is_refused_with_the_reason() -> None:
    _, s = _table("cars.json")
    with pytest.raises(LidaError, match="only points have a size"):
        edit(s, _bar(), "size by weight")


def test_an_edit_that_changes_nothing_is_an_error_that_says_why() -> None:
    _, s = _table("cars.json")
    with pytest.raises(LidaError, match="nothing changed: 'sparkle'"):
        edit(s, _bar(), "make it sparkle")
    with pytest.raises(LidaError, match=r"'Population' .*columns: Name"):
        edit(s, _bar(), "color by Population")
    with pytest.raises(LidaError, match="already looks like that"):
        edit(s, _bar(), "make it a bar chart")
    with pytest.raises(LidaError, match="no edit instructions"):
        edit(s, _bar(), "  ")


def test_people_words_time_words_and_split_colour_phrases() -> None:
    out = _edit(_bar(), "show it for European cars only")  # "European" names the value Europe
    assert out.goal.intent.filters == ({"field": "Origin", "op": "eq", "value": "Europe"},)
    bars = _chart("stocks.csv", "bar", x={"field": "symbol", "type": "nominal"},
                  y={"field": "price", "aggregate": "mean", "type": "quantitative"})
    out = _edit(bars, "price of AAPL over time", "stocks.csv")  # "over time" is the date column
    assert _enc(out)["x"]["field"] == "date" and _enc(out)["y"]["field"] == "price"
    assert out.goal.intent.filters[0]["value"] == "AAPL"
    scatter = _chart("cars.json", "point", x={"field": "Horsepower", "type": "quantitative"},
                     y={"field": "Miles_per_Gallon", "type": "quantitative"})
    out = _edit(scatter, "color the points by cylinders")
    assert _enc(out)["color"]["field"] == "Cylinders" and _axes(out) == {("Horsepower", None), ("Miles_per_Gallon", None)}


def test_query_uses_the_same_parser_and_its_filters_reach_the_code() -> None:
    from lida.offline import visualize
    from lida.offline.question import interpret

    frame, s = _table("stocks.csv")
    goal = interpret(s, "line of price over date, only AAPL", k=1)[0]
    assert goal.intent.mark == "line" and goal.intent.filters[0]["value"] == "AAPL"
    [chart] = visualize(s, goal, draco=_draco())
    assert 'data = data[data["symbol"] == "AAPL"]' in chart.code
    vl = check_chart(chart, frame, render=False)
    rows = vl["datasets"][next(iter(vl["datasets"]))]
    assert rows and {r["symbol"] for r in rows} == {"AAPL"}


def test_comparisons_signs_years_and_quoted_values() -> None:
    out = _edit(_bar(), "where Horsepower > 100")
    assert out.goal.intent.filters == ({"field": "Horsepower", "op": "gt", "value": 100.0},)
    assert _axes(out) == {("Origin", None), ("Horsepower", "mean")}  # a filter does not regroup the chart
    out = _edit(_bar(), "only cars heavier than 3000 lbs")
    assert out.goal.intent.filters[0]["op"] == "gt" and not _not_applied(out)
    assert _axes(out) == {("Origin", None), ("Horsepower", "mean")}
    out = _edit(_bar(), "lighter than 2500")
    assert out.goal.intent.filters[0]["op"] == "lt"
    out = _edit(_bar(), "in 1970")  # a year of the date column, not a weight of 1970 lbs
    assert out.goal.intent.filters == ({"field": "Year", "op": "eq", "value": 1970},)
    assert 'data["Year"].dt.year == 1970' in out.code
    out = _edit(_bar(), "only 'Europe'")
    assert out.goal.intent.filters == ({"field": "Origin", "op": "eq", "value": "Europe"},)


def test_titles_sorting_by_name_histograms_and_refusals_with_reasons() -> None:
    _, s = _table("cars.json")
    out = _edit(_bar(), "title 'Power' and color by Cylinders")
    assert out.spec is not None and out.spec["title"] == "Power" and _enc(out)["color"]["field"] == "Cylinders"
    out = _edit(_bar(), "sort by name")
    assert _enc(out)["x"] == {"field": "Origin", "type": "nominal", "sort": "ascending"}
    out = _edit(_bar(), "histogram")  # of the number the chart shows
    assert _enc(out)["x"]["field"] == "Horsepower" and _enc(out)["x"]["bin"]
    with pytest.raises(LidaError, match="only the largest categories"):
        edit(s, _bar(), "bottom 3")  # top-N keeps the largest; the smallest are not offered, and it says so
    with pytest.raises(LidaError, match="too many panels"):
        edit(s, _bar(), "facet by Name")
    with pytest.raises(LidaError, match="no numeric x"):
        edit(s, _bar(), "log scale on x")
