"""The offline question parser on a cars-like table and on awkward column names."""

from __future__ import annotations

import pytest

from draco.partial import EncodingHint
from lida.errors import LidaError
from lida.model import Goal
from lida.offline.question import interpret, parse_question
from lida.offline.question_fields import field_words, find_mentions, tokenize
from summarizer.model import FieldSummary, NumericStats, Summary, TemporalStats, TopValue


def _num(name: str, lo: float, hi: float, unique: int = 50, dtype: str = "float64") -> FieldSummary:
    mid = (lo + hi) / 2
    return FieldSummary(name, dtype, "quantitative", "measure", 0, unique, 5.0, [lo, mid, hi],
                        NumericStats(lo, hi, mid, (hi - lo) / 4, lo, mid, hi))


def _cat(name: str, values: list[str]) -> FieldSummary:
    return FieldSummary(name, "object", "nominal", "category", 0, len(values), 1.5, values[:5],
                        top_values=[TopValue(v, 10) for v in values])


@pytest.fixture(scope="module")
def cars() -> Summary:
    fields = [
        FieldSummary("Name", "object", "nominal", "name", 0, 300, 8.0, ["ford pinto", "vw rabbit"]),
        _num("Miles_per_Gallon", 9, 46.6),
        _num("Cylinders", 3, 8, unique=5, dtype="int64"),
        _num("Horsepower", 46, 230),
        _num("Weight_in_lbs", 1613, 5140, dtype="int64"),
        FieldSummary("Year", "datetime64[ns]", "temporal", "date", 0, 12, 3.5, ["1970-01-01", "1982-01-01"],
                     temporal=TemporalStats("1970-01-01", "1982-01-01", "year")),
        _cat("Origin", ["USA", "Europe", "Japan"]),
    ]
    return Summary("cars", "cars.json", 406, len(fields), fields)


def _enc(goal: Goal, channel: str) -> EncodingHint:
    found = [e for e in goal.intent.encodings if e.channel == channel]
    assert found, f"no {channel} in {goal.intent.encodings}"
    return found[0]


def test_average_by_category(cars: Summary) -> None:
    g = parse_question(cars, "average horsepower by origin")
    assert g.source == "query"
    assert g.intent.mark == "bar"
    assert (_enc(g, "y").field, _enc(g, "y").aggregate) == ("Horsepower", "mean")
    assert _enc(g, "x").field == "Origin"
    assert set(g.fields) == {"Horsepower", "Origin"}


def test_count_per_year_is_a_line_over_time(cars: Summary) -> None:
    goals = interpret(cars, "how many cars per year")
    g = goals[0]
    assert g.intent.mark == "line"
    assert _enc(g, "y").aggregate == "count" and _enc(g, "y").field is None
    assert _enc(g, "x").field == "Year" and _enc(g, "x").time_unit == "year"
    assert "bar" in {x.intent.mark for x in goals[1:]}  # the other plausible reading is offered too


def test_top_n_pie(cars: Summary) -> None:
    g = parse_question(cars, "top 5 origins by total weight as a pie")
    assert g.intent.mark == "arc"
    assert g.intent.top_n == 5
    assert (_enc(g, "theta").field, _enc(g, "theta").aggregate) == ("Weight_in_lbs", "sum")
    assert _enc(g, "color").field == "Origin"
    assert g.intent.filters == ()  # the 5 of "top 5" is not a value filter


def test_histogram_with_acronym(cars: Summary) -> None:
    g = parse_question(cars, "histogram of mpg")
    assert g.intent.mark == "bar"
    assert _enc(g, "x").field == "Miles_per_Gallon" and _enc(g, "x").bin
    assert _enc(g, "y").aggregate == "count"


def test_scatter_colored(cars: Summary) -> None:
    g = parse_question(cars, "scatter of horsepower vs weight colored by origin")
    assert g.intent.mark == "point"
    assert {_enc(g, "x").field, _enc(g, "y").field} == {"Horsepower", "Weight_in_lbs"}
    assert _enc(g, "color").field == "Origin"


def test_numeric_filter(cars: Summary) -> None:
    g = parse_question(cars, "average mpg by origin for cars with more than 4 cylinders")
    assert g.intent.filters == ({"field": "Cylinders", "op": "gt", "value": 4},)
    assert _enc(g, "x").field == "Origin"
    assert "Cylinders" not in {e.field for e in g.intent.encodings}  # only the filter's subject


def test_value_filter_and_range(cars: Summary) -> None:
    g = parse_question(cars, "number of cars from Europe or Japan by year")
    assert {"field": "Origin", "op": "in", "value": ["Europe", "Japan"]} in g.intent.filters
    g = parse_question(cars, "line chart of average mpg by year for horsepower between 100 and 150")
    assert {"field": "Horsepower", "op": "range", "value": [100, 150]} in g.intent.filters
    g = parse_question(cars, "bar chart of mean weight by origin where cylinders is at least 6")
    assert {"field": "Cylinders", "op": "gte", "value": 6} in g.intent.filters


def test_sort(cars: Summary) -> None:
    g = parse_question(cars, "bar chart of total weight by origin sorted from highest to lowest")
    assert _enc(g, "x").sort == "-y"
    g = parse_question(cars, "bar chart of total weight by origin in ascending order")
    assert _enc(g, "x").sort == "y"


def test_box_plot_and_heatmap(cars: Summary) -> None:
    g = parse_question(cars, "box plot of horsepower by origin")
    assert g.intent.mark == "boxplot"
    assert (_enc(g, "x").field, _enc(g, "y").field) == ("Origin", "Horsepower")
    g = parse_question(cars, "heatmap of origin and cylinders")
    assert g.intent.mark == "rect"
    assert {_enc(g, "x").field, _enc(g, "y").field} == {"Origin", "Cylinders"}
    assert _enc(g, "color").aggregate == "count"


def test_ranked_interpretations_are_distinct(cars: Summary) -> None:
    goals = interpret(cars, "average horsepower", k=5)
    assert 2 <= len(goals) <= 5
    keys = {(g.intent.mark, g.intent.encodings) for g in goals}
    assert len(keys) == len(goals)
    assert all(_enc(g, "y").field == "Horsepower" for g in goals if g.intent.mark in ("bar", "line"))
    assert [g.index for g in goals] == list(range(len(goals)))


def test_no_field_raises(cars: Summary) -> None:
    with pytest.raises(LidaError, match="zebras"):
        interpret(cars, "why do zebras have stripes")
    with pytest.raises(LidaError):
        interpret(cars, "   ")


def test_odd_column_names() -> None:
    fields = [
        _num("Température moyenne (°C)", -5, 35),
        _cat("région", ["Île-de-France", "Bretagne", "Occitanie"]),
        _num("sales.total", 0, 1e6),
        _num("unitPrice", 1, 99),
        _cat("customer segment", ["Consumer", "Corporate"]),
    ]
    s = Summary("odd", "odd.csv", 100, len(fields), fields)
    g = parse_question(s, "average temperature by region")
    assert (_enc(g, "y").field, _enc(g, "x").field) == ("Température moyenne (°C)", "région")
    g = parse_question(s, "total sales by customer segment")
    assert (_enc(g, "y").field, _enc(g, "y").aggregate, _enc(g, "x").field) == ("sales.total", "sum", "customer segment")
    g = parse_question(s, "mean unit prices per customer segment for Île-de-France")
    assert _enc(g, "y").field == "unitPrice"
    assert {"field": "région", "op": "eq", "value": "Île-de-France"} in g.intent.filters


def test_field_words_and_mentions() -> None:
    assert field_words("Miles_per_Gallon") == ("mile", "per", "gallon")
    assert field_words("unitPrice") == ("unit", "price")
    assert field_words("authid") == ("authid",)
    names = ["authid", "instid", "paperid", "authorder"]
    ms = find_mentions(tokenize("number of entries by institution ID and author order"), names)
    assert [m.field for m in ms] == ["instid", "authorder"]
    ms = find_mentions(tokenize("the paper identifiers"), names)
    assert [m.field for m in ms] == ["paperid"]


def test_ambiguous_mention_keeps_both_readings() -> None:
    s = Summary("claims", "c.csv", 50, 3, [_num("settlement_amount", 10, 900), _cat("claim_id", ["1", "2"]),
                                           _cat("settlement_id", ["7", "8"])])
    goals = interpret(s, "box plot of the settlement amount by ID", k=5)
    xs = {_enc(g, "x").field for g in goals}
    assert xs == {"claim_id", "settlement_id"}
