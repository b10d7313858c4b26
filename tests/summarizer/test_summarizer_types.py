"""Type and semantic inference on the bundled examples and on small synthetic columns."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from summarizer import load, summarize
from summarizer.model import SEMANTIC_TYPES


def test_cars(cars_path: Path) -> None:
    s = summarize(cars_path)
    assert (s.name, s.rows, s.columns) == ("cars", 406, 9)
    assert s.field_names == [
        "Name", "Miles_per_Gallon", "Cylinders", "Displacement", "Horsepower", "Weight_in_lbs",
        "Acceleration", "Year", "Origin",
    ]  # fmt: skip
    mpg = s.field("Miles_per_Gallon")
    assert mpg.vl_type == "quantitative" and mpg.missing == 8 and mpg.numeric is not None
    assert mpg.numeric.min == 9.0 and mpg.numeric.max == 46.6
    assert mpg.numeric.q1 <= mpg.numeric.median <= mpg.numeric.q3
    year = s.field("Year")
    assert year.vl_type == "temporal" and year.temporal is not None
    assert year.temporal.granularity == "year" and year.temporal.min == "1970-01-01"
    assert year.dtype.startswith("datetime64") and year.parsed_from is not None
    origin = s.field("Origin")
    assert origin.semantic_type == "category" and origin.vl_type == "nominal"
    assert [(t.value, t.count) for t in origin.top_values] == [("USA", 254), ("Japan", 79), ("Europe", 73)]
    assert s.field("Cylinders").vl_type == "ordinal"
    assert s.field("Name").semantic_type == "name"
    assert all(f.semantic_type in SEMANTIC_TYPES for f in s.fields)


def test_examples_are_typed(examples_dir: Path) -> None:
    weather = summarize(examples_dir / "seattle-weather.csv")
    assert weather.field("date").temporal is not None and weather.field("date").temporal.granularity == "day"
    assert weather.field("weather").unique == 5
    stocks = summarize(examples_dir / "stocks.csv")
    assert stocks.field("date").temporal is not None and stocks.field("date").temporal.granularity == "month"
    assert stocks.field("price").semantic_type == "amount"


def test_summary_describes_the_loaded_frame(cars_path: Path) -> None:
    loaded = load(cars_path)
    s = summarize(cars_path)
    assert list(loaded.frame.columns) == s.field_names
    assert [str(loaded.frame[c].dtype) for c in loaded.frame.columns] == [f.dtype for f in s.fields]


def _one(values: list[object], name: str) -> tuple[str, str]:
    f = summarize(pd.DataFrame({name: values})).field(name)
    return f.semantic_type, f.vl_type


N = 60
rng = np.random.default_rng(3)


@pytest.mark.parametrize(
    ("name", "values", "semantic", "vl"),
    [
        ("year", list(range(1970, 1970 + N)), "year", "ordinal"),
        ("fiscal_year", [2000 + i % 20 for i in range(N)], "year", "ordinal"),
        ("customer_id", list(range(1000, 1000 + N)), "id", "nominal"),
        ("userId", [f"u{i:04d}" for i in range(N)], "id", "nominal"),
        ("lat", list(np.linspace(-40, 60, N)), "latitude", "quantitative"),
        ("longitude", list(np.linspace(-120, 150, N)), "longitude", "quantitative"),
        ("unit_price", list(rng.uniform(1, 100, N)), "amount", "quantitative"),
        ("pct_done", list(rng.uniform(0, 100, N)), "percent", "quantitative"),
        ("count", list(rng.integers(0, 500, N)), "count", "quantitative"),
        ("n_items", list(rng.integers(0, 500, N)), "count", "quantitative"),
        ("temperature", list(rng.normal(20, 5, N)), "measure", "quantitative"),
        ("homepage", [f"https://example.org/p/{i}" for i in range(N)], "url", "nominal"),
        ("contact", [f"user{i}@example.com" for i in range(N)], "email", "nominal"),
        ("country", ["France", "Peru", "Japan"] * (N // 3), "geo_name", "nominal"),
        ("segment", ["a", "b", "c", "d"] * (N // 4), "category", "nominal"),
        ("iata", [f"K{i:03d}" for i in range(N)], "id", "nominal"),
        ("net_generation", list(rng.uniform(1000, 5000, N)), "measure", "quantitative"),
        ("active", ["yes", "no"] * (N // 2), "boolean", "nominal"),
        ("flag", [True, False, True] * (N // 3), "boolean", "nominal"),
        ("start", [f"{h % 24:02d}:{m % 60:02d}" for h, m in zip(range(N), range(0, 3 * N, 3), strict=True)],
         "time", "ordinal"),
        ("review", [f"this product number {i} was quite good and arrived on time" for i in range(N)],
         "text", "nominal"),
        ("const", [7.5] * N, "constant", "quantitative"),
        ("nothing", [None] * N, "empty", "nominal"),
    ],
)  # fmt: skip
def test_semantic_types(name: str, values: list[object], semantic: str, vl: str) -> None:
    assert _one(values, name) == (semantic, vl)


def test_percent_text_is_parsed() -> None:
    df = pd.DataFrame({"growth": ["12%", "3.5%", "-1%", "40%"]})
    f = summarize(df).field("growth")
    assert f.semantic_type == "percent" and f.numeric is not None and f.numeric.max == 40.0


def test_dollar_text_is_amount_whatever_the_name() -> None:
    df = pd.DataFrame({"x": ["$1,200", "$300", "$45"]})
    f = summarize(df).field("x")
    assert f.semantic_type == "amount" and f.dtype == "int64"


def test_year_numbers_named_otherwise_are_not_years() -> None:
    assert _one(list(range(1970, 1970 + N)), "weight")[0] != "year"


def test_python_dates_in_object_column() -> None:
    import datetime as dt

    df = pd.DataFrame({"d": [dt.date(2020, 1, i) for i in range(1, 11)]})
    f = summarize(df).field("d")
    assert f.vl_type == "temporal" and f.temporal is not None and f.temporal.granularity == "day"


def test_quarterly_and_weekly_granularity() -> None:
    q = pd.DataFrame({"d": pd.date_range("2020-01-01", periods=8, freq="QS")})
    w = pd.DataFrame({"d": pd.date_range("2020-01-06", periods=8, freq="W-MON")})
    assert summarize(q).field("d").temporal.granularity == "quarter"  # type: ignore[union-attr]
    assert summarize(w).field("d").temporal.granularity == "week"  # type: ignore[union-attr]


def test_ordered_categorical_is_ordinal() -> None:
    cat = pd.Categorical(["low", "high", "mid", "low"], categories=["low", "mid", "high"], ordered=True)
    f = summarize(pd.DataFrame({"level": cat})).field("level")
    assert f.vl_type == "ordinal" and f.top_values[0].value == "low"
    unused = pd.Categorical(["a", "b", "a"], categories=["a", "b", "c", "d"])
    assert summarize(pd.DataFrame({"u": unused})).field("u").unique == 2


def test_entropy_is_shannon_bits() -> None:
    f = summarize(pd.DataFrame({"c": ["a", "b", "c", "d"] * 10})).field("c")
    assert f.entropy == pytest.approx(2.0)


def test_infinite_values_do_not_break_stats() -> None:
    f = summarize(pd.DataFrame({"v": [1.0, 2.0, np.inf, -np.inf, 3.0]})).field("v")
    assert f.numeric is not None and (f.numeric.min, f.numeric.max) == (1.0, 3.0)
