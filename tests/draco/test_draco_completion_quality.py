"""The best completions on a real table (examples/cars.json) with the mark free are the charts a person would draw."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from draco import DataSchema, Draco, EncodingHint, PartialSpec
from draco.errors import DracoError
from draco.schema import FieldSchema

CARS = Path(__file__).resolve().parents[2] / "lida" / "examples" / "cars.json"


@pytest.fixture(scope="module")
def schema() -> DataSchema:
    from summarizer import summarize

    return DataSchema.from_summary(summarize(CARS))


@pytest.fixture(scope="module")
def draco() -> Draco:
    return Draco()


def best(draco: Draco, schema: DataSchema, fields: tuple[str, ...], task: str) -> dict[str, Any]:
    out = draco.complete(PartialSpec(fields=fields, task=task), schema, k=3)
    assert out, f"no completion for {fields} ({task})"
    return out[0].spec


def _axis(spec: dict[str, Any], field: str | None) -> tuple[str, dict[str, Any]]:
    for ch, e in spec["encoding"].items():
        if e.get("field") == field:
            return ch, e
    raise AssertionError(f"{field!r} not encoded in {spec}")


def test_the_summary_carries_date_granularity(schema: DataSchema) -> None:
    assert schema.field("Year").granularity == "year"
    assert schema.field("Horsepower").granularity is None


def test_a_tooltip_neither_helps_nor_hurts(draco: Draco, schema: DataSchema) -> None:
    bar = {"mark": "bar", "encoding": {"x": {"field": "Origin", "type": "nominal"}, "y": {"field": "Horsepower", "type": "quantitative", "aggregate": "mean"}}}
    tips = [{"field": "Origin", "type": "nominal"}, {"field": "Horsepower", "type": "quantitative", "aggregate": "mean"}, {"aggregate": "count", "type": "quantitative"}]
    with_tip = {**bar, "encoding": {**bar["encoding"], "tooltip": tips}}
    scatter = {"mark": "point", "encoding": {"x": {"field": "Acceleration", "type": "quantitative"}, "y": {"field": "Horsepower", "type": "quantitative"}}}
    scatter_tip = {**scatter, "encoding": {**scatter["encoding"], "tooltip": [{"field": "Name", "type": "nominal"}, {"field": "Year", "type": "temporal"}], "detail": {"field": "Name", "type": "nominal"}}}
    for task in ("summary", "value"):
        a, b, c, d = draco.cost([bar, with_tip, scatter, scatter_tip], schema, task)
        assert a.cost == b.cost and a.counts == b.counts
        assert c.cost == d.cost and c.counts == d.counts


def test_one_measure_summarised_is_a_histogram(draco: Draco, schema: DataSchema) -> None:
    spec = best(draco, schema, ("Horsepower",), "summary")
    assert spec["mark"] == "bar"
    ch, e = _axis(spec, "Horsepower")
    assert ch == "x" and e.get("bin") and e["type"] == "quantitative"
    assert spec["encoding"]["y"].get("aggregate") == "count"


def test_one_measure_for_values_is_a_strip(draco: Draco, schema: DataSchema) -> None:
    spec = best(draco, schema, ("Horsepower",), "value")
    assert spec["mark"] == "tick"
    assert "bin" not in _axis(spec, "Horsepower")[1]


@pytest.mark.parametrize("measure", ["Horsepower", "Miles_per_Gallon"])
def test_a_measure_over_time_is_a_line_of_means(draco: Draco, schema: DataSchema, measure: str) -> None:
    spec = best(draco, schema, ("Year", measure), "summary")
    assert spec["mark"] == "line"
    assert _axis(spec, "Year")[0] == "x"
    assert _axis(spec, measure)[1].get("aggregate") == "mean"


def test_sum_of_a_non_additive_measure_costs_more_than_its_mean(draco: Draco, schema: DataSchema) -> None:
    def line(agg: str) -> dict[str, Any]:
        return {"mark": "line", "encoding": {"x": {"field": "Year", "type": "temporal"}, "y": {"field": "Horsepower", "type": "quantitative", "aggregate": agg}}}

    mean, total = draco.cost([line("mean"), line("sum")], schema, "summary")
    assert total.cost > mean.cost
    assert "sum_non_additive" in total.counts


def test_sum_of_an_amount_is_not_penalised(draco: Draco) -> None:
    s = DataSchema(num_rows=100, fields=(FieldSchema("region", "string", 4, 2.0), FieldSchema("sales", "number", 90, 6.0, 1, 900, semantic_type="amount")))
    spec = {"mark": "bar", "encoding": {"x": {"field": "region", "type": "nominal"}, "y": {"field": "sales", "type": "quantitative", "aggregate": "sum"}}}
    assert "sum_non_additive" not in draco.cost([spec], s, "summary")[0].counts


def test_no_time_unit_finer_than_the_data(draco: Draco, schema: DataSchema) -> None:
    month = {"mark": "line", "encoding": {"x": {"field": "Year", "type": "ordinal", "timeUnit": "yearmonth"}, "y": {"field": "Horsepower", "type": "quantitative", "aggregate": "mean"}}}
    assert [v.name for v in draco.check(month, schema)] == ["timeunit_finer_than_data"]
    for task in ("summary", "value"):
        for c in draco.complete(PartialSpec(fields=("Year", "Horsepower"), task=task), schema, k=8):
            assert _axis(c.spec, "Year")[1].get("timeUnit") in (None, "year")


def test_unknown_granularity_is_a_clear_error() -> None:
    with pytest.raises(DracoError, match="granularity"):
        FieldSchema("d", "datetime", granularity="fortnight")


def test_a_category_and_a_measure_is_a_bar(draco: Draco, schema: DataSchema) -> None:
    spec = best(draco, schema, ("Origin", "Horsepower"), "summary")
    assert spec["mark"] == "bar"
    assert _axis(spec, "Horsepower")[1].get("aggregate") == "mean"


def test_a_line_over_a_nominal_axis_never_beats_the_bar(draco: Draco, schema: DataSchema) -> None:
    for n in ("Horsepower", "Miles_per_Gallon", "Acceleration"):
        enc = {"x": {"field": "Origin", "type": "nominal"}, "y": {"field": n, "type": "quantitative", "aggregate": "mean"}}
        for task in ("summary", "value"):
            bar, line = draco.cost([{"mark": "bar", "encoding": enc}, {"mark": "line", "encoding": enc}], schema, task)
            assert line.cost > bar.cost, (n, task)
    for c in draco.complete(PartialSpec(fields=("Origin", "Horsepower"), task="summary"), schema, k=5):
        assert c.spec["mark"] != "line"


def test_origin_and_cylinders_never_sums_cylinders(draco: Draco, schema: DataSchema) -> None:
    out = draco.complete(PartialSpec(fields=("Origin", "Cylinders"), task="summary"), schema, k=3)
    top = out[0].spec
    assert _axis(top, "Cylinders")[1].get("aggregate") != "sum"
    assert top["mark"] in ("bar", "rect")
    assert all(_axis(c.spec, "Cylinders")[1].get("aggregate") != "sum" for c in out)


def test_completion_never_bins_into_categories(draco: Draco, schema: DataSchema) -> None:
    hint = EncodingHint(field="Cylinders", type="ordinal")
    out = draco.complete(PartialSpec(encodings=(hint, EncodingHint(field="Weight_in_lbs", aggregate="mean")), task="summary"), schema, k=5)
    assert out
    for c in out:
        assert not any(e.get("bin") and e.get("type") != "quantitative" for e in c.spec["encoding"].values())


def test_no_count_on_color_beside_a_hinted_mean(draco: Draco, schema: DataSchema) -> None:
    hints = (EncodingHint(field="Origin", channel="y"), EncodingHint(field="Horsepower", channel="x", aggregate="mean"))
    out = draco.complete(PartialSpec(encodings=hints, mark="bar", task="summary"), schema, k=5)
    assert out and all("color" not in c.spec["encoding"] and "size" not in c.spec["encoding"] for c in out)
    mean_bar = {"mark": "bar", "encoding": {"y": {"field": "Origin", "type": "nominal"}, "x": {"field": "Horsepower", "type": "quantitative", "aggregate": "mean"}}}
    with_count = {**mean_bar, "encoding": {**mean_bar["encoding"], "color": {"aggregate": "count", "type": "quantitative"}}}
    assert "count_beside_measure" in draco.cost([with_count], schema, "summary")[0].counts
