"""The one spec walker (draco.spec_walk): layers, concat, facet and repeat, and every user of it
(draco's cost, ranking, repair's data views, the sandbox's large-data rewrite) seeing the same views."""

from __future__ import annotations

import copy
from typing import Any

import pandas as pd
import pyarrow as pa
import pytest

from draco import DataSchema, Draco, DracoError
from draco.spec_walk import SpecShapeError, walk
from draco.vegalite import parse_views
from lida.rank import shown_fields, unit_views
from lida.repair.spec_data import iter_views
from lida.sandbox.bigdata import reduce_spec
from lida.sandbox.tables import TABLE_PREFIX
from summarizer import summarize

ROWS = [
    {"a": "x", "b": 1.0, "c": 10.0, "g": "p"},
    {"a": "y", "b": 3.0, "c": 20.0, "g": "q"},
    {"a": "x", "b": 5.0, "c": 30.0, "g": "q"},
]


def _enc(field: str, type_: str = "quantitative", **kw: Any) -> dict[str, Any]:
    return {"field": field, "type": type_, **kw}


LAYERED = {
    "data": {"values": ROWS},
    "transform": [{"calculate": "datum.b * 2", "as": "b2"}],
    "encoding": {"x": _enc("a", "nominal")},
    "layer": [
        {"mark": "bar", "encoding": {"y": _enc("b", aggregate="mean")}},
        {"mark": "rule", "encoding": {"x": _enc("g", "nominal"), "y": _enc("b2", aggregate="max")}},
    ],
}

CONCAT = {
    "data": {"values": ROWS},
    "transform": [{"filter": "datum.b > 0"}],
    "encoding": {"color": _enc("g", "nominal")},  # not inherited by concat parts
    "hconcat": [
        {"mark": "point", "encoding": {"x": _enc("b"), "y": _enc("c")}},
        {
            "data": {"values": [{"z": 1}]},  # own data: the parent's transforms no longer apply
            "vconcat": [{"mark": "tick", "encoding": {"x": _enc("z")}}],
        },
    ],
}

FACET = {
    "data": {"values": ROWS},
    "facet": {"row": _enc("g", "nominal"), "column": _enc("a", "nominal")},
    "spec": {"mark": "point", "encoding": {"x": _enc("b"), "y": _enc("c")}},
}

REPEAT = {
    "data": {"values": ROWS},
    "repeat": {"row": ["b", "c"], "column": ["a", "g"]},
    "spec": {"mark": "bar", "encoding": {"x": {"field": {"repeat": "column"}, "type": "nominal"},
                                         "y": {"field": {"repeat": "row"}, "type": "quantitative", "aggregate": "sum"}}},
}


def test_layer_inherits_encoding_data_and_transforms():
    units = list(walk(LAYERED))
    assert [u.mark for u in units] == ["bar", "rule"]
    bar, rule = units
    assert bar.encoding["x"]["field"] == "a" and bar.encoding["y"]["field"] == "b"
    assert rule.encoding["x"]["field"] == "g"  # a layer's own channel wins over the shared one
    assert bar.data is LAYERED["data"] and bar.data_owner is LAYERED
    assert bar.transforms == ({"calculate": "datum.b * 2", "as": "b2"},)
    assert bar.path == ("layer", 0) and rule.path == ("layer", 1)
    assert bar.parents == (LAYERED,) and bar.operators == ("layer",)
    assert bar.node is LAYERED["layer"][0]  # the node itself, for callers that edit in place
    assert "x" not in LAYERED["layer"][0]["encoding"]  # and the walk did not write into it


def test_concat_inherits_data_only_and_own_data_starts_over():
    point, tick = walk(CONCAT)
    assert "color" not in point.encoding
    assert point.transforms == ({"filter": "datum.b > 0"},)
    assert tick.data == {"values": [{"z": 1}]} and tick.transforms == ()
    assert tick.path == ("hconcat", 1, "vconcat", 0) and tick.operators == ("hconcat", "vconcat")


def test_facet_records_its_fields_and_the_view_shows_them():
    (unit,) = walk(FACET)
    assert unit.facet == {"row": FACET["facet"]["row"], "column": FACET["facet"]["column"]}
    assert unit.facet_fields == ["g", "a"]
    assert unit.view["encoding"].keys() == {"x", "y", "row", "column"}
    assert unit.operators == ("facet",) and unit.path == ("spec",)
    wrapped = {**FACET, "facet": _enc("g", "nominal")}
    (unit,) = walk(wrapped)
    assert unit.facet == {"facet": wrapped["facet"]}


def test_repeat_expands_every_combination_with_fields_substituted():
    before = copy.deepcopy(REPEAT)
    units = list(walk(REPEAT))
    assert [(u.repeat["row"], u.repeat["column"]) for u in units] == [("b", "a"), ("b", "g"), ("c", "a"), ("c", "g")]
    assert [(u.encoding["y"]["field"], u.encoding["x"]["field"]) for u in units] == [
        ("b", "a"), ("b", "g"), ("c", "a"), ("c", "g")
    ]
    assert all(u.data is REPEAT["data"] for u in units)
    assert before == REPEAT  # expanded copies, the input untouched
    listed = {"repeat": ["b", "c"], "spec": {"mark": "tick", "encoding": {"x": {"field": {"repeat": "repeat"}}}}}
    assert [u.encoding["x"]["field"] for u in walk(listed)] == ["b", "c"]


def test_repeat_unexpanded_yields_the_node_as_written():
    (unit,) = walk(REPEAT, expand_repeat=False)
    assert unit.node is REPEAT["spec"] and unit.operators == ("repeat",) and unit.repeat == {}


def test_nested_compositions():
    spec = {"vconcat": [FACET, {"layer": [LAYERED]}, REPEAT]}
    marks = [u.mark for u in walk(spec)]
    assert marks == ["point", "bar", "rule", "bar", "bar", "bar", "bar"]


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ({"layer": {"mark": "bar"}}, "layer must be a list of specs"),
        ({"hconcat": [1]}, "hconcat item must be an object"),
        ({"facet": "a", "spec": {"mark": "bar"}}, "facet must be an object"),
        ({"repeat": "a", "spec": {"mark": "bar"}}, "repeat must be a list or an object"),
        ({"encoding": {}}, "spec has no mark"),
    ],
)
def test_strict_mode_names_the_problem_and_lenient_mode_skips(spec, message):
    with pytest.raises(SpecShapeError, match=message):
        list(walk(spec, strict=True))
    assert list(walk(spec)) == []
    assert issubclass(SpecShapeError, DracoError)  # draco's callers keep catching DracoError


# ---- every user sees the same views --------------------------------------------------------------
def _schema(rows: list[dict[str, Any]]) -> DataSchema:
    return DataSchema.from_summary(summarize(pd.DataFrame(rows)))


@pytest.mark.parametrize("spec", [LAYERED, CONCAT["hconcat"][0], FACET, REPEAT], ids=["layer", "concat", "facet", "repeat"])
def test_ranking_and_draco_see_the_same_views(spec):
    views = unit_views(spec)
    draco_views, _ = parse_views(spec, _schema(ROWS))
    assert [v["mark"] for v in views] == [v.mark for v in draco_views]
    for view, dv in zip(views, draco_views, strict=True):
        fields = {e["field"] for e in view["encoding"].values() if isinstance(e.get("field"), str)}
        assert fields == {e.field for e in dv.encodings if e.field}


def test_ranking_uses_inherited_and_repeated_fields():
    assert shown_fields(LAYERED) == {"a", "b", "g", "b2"}
    assert shown_fields(REPEAT) == {"a", "b", "c", "g"}
    assert shown_fields(FACET) == {"b", "c", "g", "a"}


def test_draco_costs_layers_facets_and_repeats():
    costs = Draco().cost([LAYERED, FACET, REPEAT], _schema(ROWS))
    assert all(c.cost >= 0 for c in costs)


def test_repair_views_carry_data_transforms_and_facets():
    bar, rule = iter_views(LAYERED)
    assert bar.fields == {"a", "b", "c", "g", "b2"} and bar.rows == ROWS
    assert bar.spec is LAYERED["layer"][0] and rule.spec is LAYERED["layer"][1]  # editable in place
    (facet,) = iter_views(FACET)
    assert facet.facet_fields == ["g", "a"]
    point, tick = iter_views(CONCAT)
    assert tick.fields == {"z"} and point.transforms == [{"filter": "datum.b > 0"}]
    (repeated,) = iter_views(REPEAT)  # not expanded: a spec fix must land in the spec itself
    assert repeated.spec is REPEAT["spec"]


# ---- the sandbox's large-data rewrite -------------------------------------------------------------
NAME = f"{TABLE_PREFIX}0"


def _big(spec: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(spec)
    out["data"] = {"name": NAME}
    return out


def _tables() -> dict[str, Any]:
    return {NAME: pa.Table.from_pylist(ROWS)}


def test_big_layer_gets_shared_encoding_and_transforms_per_view():
    reduced = reduce_spec(_big(LAYERED), _tables())
    spec = reduced.spec
    assert "data" not in spec and "transform" not in spec and "encoding" not in spec
    bar, rule = spec["layer"]
    assert bar["encoding"]["x"]["field"] == "a" and rule["encoding"]["x"]["field"] == "g"
    bar_rows = spec["datasets"][bar["data"]["name"]]
    assert {r["a"]: r["b"] for r in bar_rows} == {"x": 3.0, "y": 3.0}
    rule_rows = spec["datasets"][rule["data"]["name"]]
    assert {r["g"]: r["b2"] for r in rule_rows} == {"p": 2.0, "q": 10.0}


def test_big_facet_puts_the_data_on_the_facet_node():
    spec = reduce_spec(_big({**FACET, "spec": {**FACET["spec"], "encoding": {
        "x": _enc("a", "nominal"), "y": _enc("b", aggregate="sum")}}}), _tables()).spec
    assert spec["data"]["name"] in spec["datasets"] and "data" not in spec["spec"]
    rows = spec["datasets"][spec["data"]["name"]]
    assert sorted((r["g"], r["a"], r["b"]) for r in rows) == [("p", "x", 1.0), ("q", "x", 5.0), ("q", "y", 3.0)]


def test_big_repeat_is_not_rewritten_but_sampled():
    reduced = reduce_spec(_big(REPEAT), _tables())
    assert reduced.spec["data"]["name"] in reduced.spec["datasets"]
    assert reduced.spec["repeat"] == REPEAT["repeat"]
