"""A raw field in a tooltip is fine next to aggregates when it is also a group-by key on another channel."""

from __future__ import annotations

from draco import DataSchema, Draco, FieldSchema

SCHEMA = DataSchema(
    num_rows=100,
    fields=(
        FieldSchema(name="year", type="number", cardinality=20, entropy=4.3, min=1990, max=2009),
        FieldSchema(name="wheat", type="number", cardinality=90, entropy=6.1, min=1, max=99),
    ),
)


def _line(tooltip: list[dict], x: dict) -> dict:
    return {
        "mark": "line",
        "encoding": {"x": x, "y": {"field": "wheat", "type": "quantitative", "aggregate": "mean"}, "tooltip": tooltip},
    }


def test_group_key_in_tooltip_is_not_arbitrary():
    x = {"field": "year", "type": "quantitative"}
    spec = _line([{"field": "year", "type": "quantitative"}], x)
    assert not [v for v in Draco().check(spec, SCHEMA) if v.name == "aggregate_mixed_raw_detail"]


def test_binned_group_still_makes_a_raw_tooltip_arbitrary():
    x = {"field": "year", "type": "quantitative", "bin": True}
    spec = _line([{"field": "year", "type": "quantitative"}], x)
    assert [v for v in Draco().check(spec, SCHEMA) if v.name == "aggregate_mixed_raw_detail"]
