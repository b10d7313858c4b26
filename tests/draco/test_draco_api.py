"""Draco's public API: facts round-trip, schema constructors, cost batching, completion, errors, CLI."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import altair as alt
import pandas as pd
import pytest

from draco import (
    DataSchema,
    Draco,
    DracoError,
    EncodingHint,
    FieldSchema,
    PartialSpec,
    to_facts,
    to_vegalite,
)
from draco.cli import main as draco_main
from draco.kb import ASP_DIR
from draco.vegalite import normalize
from summarizer.model import FieldSummary, NumericStats, Summary, TemporalStats

PRIOR = ASP_DIR / "weights_prior.json"

SCHEMA = DataSchema(
    num_rows=300,
    fields=(
        FieldSchema("price", "number", 250, 7.5, 1, 900),
        FieldSchema("qty", "number", 40, 5.0, 0, 60),
        FieldSchema("region", "string", 6, 2.4),
        FieldSchema("date", "datetime", 300, 8.0),
        FieldSchema("ok", "boolean", 2, 1.0),
    ),
)

ROUND_TRIP: dict[str, dict[str, Any]] = {
    "point": {"mark": "point", "encoding": {"x": {"field": "price", "type": "quantitative"}, "y": {"field": "qty", "type": "quantitative", "scale": {"zero": False}}, "color": {"field": "region", "type": "nominal"}, "size": {"field": "qty", "type": "quantitative"}}},
    "circle": {"mark": "circle", "encoding": {"x": {"field": "price", "type": "quantitative", "scale": {"type": "log"}}, "y": {"field": "qty", "type": "quantitative"}, "opacity": {"field": "qty", "type": "quantitative"}}},
    "square": {"mark": "square", "encoding": {"x": {"field": "price", "type": "quantitative", "scale": {"type": "sqrt"}}, "y": {"field": "region", "type": "nominal"}, "shape": {"field": "ok", "type": "nominal"}}},
    "tick": {"mark": "tick", "encoding": {"x": {"field": "price", "type": "quantitative"}, "y": {"field": "region", "type": "ordinal", "scale": {"type": "band"}}}},
    "bar": {"mark": "bar", "encoding": {"x": {"field": "region", "type": "nominal", "sort": "-y"}, "y": {"field": "price", "type": "quantitative", "aggregate": "sum", "stack": "normalize"}, "color": {"field": "ok", "type": "nominal"}}},
    "histogram": {"mark": "bar", "encoding": {"x": {"field": "price", "type": "quantitative", "bin": {"maxbins": 30}}, "y": {"type": "quantitative", "aggregate": "count"}}},
    "line": {"mark": "line", "encoding": {"x": {"field": "date", "type": "temporal", "timeUnit": "yearmonth", "scale": {"type": "time"}}, "y": {"field": "price", "type": "quantitative", "aggregate": "mean"}, "color": {"field": "region", "type": "nominal"}}},
    "area": {"mark": "area", "encoding": {"x": {"field": "date", "type": "temporal", "timeUnit": "year"}, "y": {"field": "qty", "type": "quantitative", "aggregate": "sum", "stack": "zero"}, "color": {"field": "region", "type": "nominal"}}},
    "rect": {"mark": "rect", "encoding": {"x": {"field": "region", "type": "nominal"}, "y": {"field": "date", "type": "ordinal", "timeUnit": "month"}, "color": {"field": "price", "type": "quantitative", "aggregate": "median"}}},
    "text": {"mark": "text", "encoding": {"x": {"field": "region", "type": "nominal"}, "y": {"field": "ok", "type": "nominal"}, "text": {"type": "quantitative", "aggregate": "count"}}},
    "rule": {"mark": "rule", "encoding": {"y": {"field": "price", "type": "quantitative", "aggregate": "max"}, "x": {"field": "date", "type": "temporal", "timeUnit": "quarter"}, "x2": {"field": "date", "timeUnit": "quarter"}}},
    "pie": {"mark": "arc", "encoding": {"theta": {"field": "qty", "type": "quantitative", "aggregate": "stdev"}, "color": {"field": "region", "type": "nominal"}}},
    "donut": {"mark": {"type": "arc", "innerRadius": 50}, "encoding": {"theta": {"field": "region", "type": "quantitative", "aggregate": "distinct"}, "color": {"field": "ok", "type": "nominal"}}},
    "boxplot": {"mark": "boxplot", "encoding": {"x": {"field": "region", "type": "nominal", "sort": "ascending"}, "y": {"field": "price", "type": "quantitative"}}},
    "facets": {"mark": "point", "encoding": {"x": {"field": "price", "type": "quantitative", "aggregate": "min"}, "y": {"field": "date", "type": "temporal", "timeUnit": "date"}, "row": {"field": "region", "type": "nominal"}, "column": {"field": "ok", "type": "nominal"}, "detail": {"field": "qty", "type": "ordinal", "bin": True}, "tooltip": [{"field": "price", "type": "quantitative"}, {"field": "region", "type": "nominal"}]}},
    "day_hours": {"mark": "rect", "encoding": {"x": {"field": "date", "type": "ordinal", "timeUnit": "day"}, "y": {"field": "date", "type": "ordinal", "timeUnit": "hours"}, "color": {"type": "quantitative", "aggregate": "count"}}},
    "y2": {"mark": "bar", "encoding": {"x": {"field": "region", "type": "nominal"}, "y": {"field": "qty", "type": "quantitative", "aggregate": "min"}, "y2": {"field": "price", "aggregate": "max"}}},
}


@pytest.fixture(scope="module")
def draco() -> Draco:
    return Draco(weights=PRIOR)


@pytest.mark.parametrize("name", sorted(ROUND_TRIP))
def test_round_trip(name: str) -> None:
    spec = ROUND_TRIP[name]
    facts = to_facts(spec, SCHEMA, "value")
    back = to_vegalite(facts)
    assert back == spec
    assert to_facts(back, SCHEMA, "value") == facts


def test_round_trip_specs_render_in_altair() -> None:
    for spec in ROUND_TRIP.values():
        chart = alt.Chart.from_dict({**to_vegalite(to_facts(spec, SCHEMA)), "data": {"values": []}})
        assert chart.to_dict()["encoding"]


def test_real_altair_spec_is_accepted(draco: Draco) -> None:
    df = pd.DataFrame({"region": ["a", "b"], "price": [1.0, 2.0]})
    chart = alt.Chart(df, title="t").mark_bar(tooltip=True).encode(
        x=alt.X("region:N", axis=alt.Axis(title="R")), y="mean(price):Q", color=alt.value("red")
    ).properties(width=200).configure_axis(grid=False)
    spec = chart.to_dict()
    assert "$schema" in spec and "config" in spec
    assert normalize(spec, SCHEMA) == {"mark": "bar", "encoding": {"x": {"field": "region", "type": "nominal"}, "y": {"field": "price", "type": "quantitative", "aggregate": "mean"}}}
    assert draco.check(spec, SCHEMA) == []


def test_layer_concat_facet_operator_are_costed_per_unit_view(draco: Draco) -> None:
    point = {"mark": "point", "encoding": {"x": {"field": "price", "type": "quantitative"}, "y": {"field": "qty", "type": "quantitative"}}}
    bad_bar = {"mark": "bar", "encoding": {"x": {"field": "region", "type": "nominal"}, "y": {"field": "price", "type": "quantitative", "aggregate": "sum", "scale": {"zero": False}}}}
    one = draco.score(point, SCHEMA)
    layer = draco.score({"layer": [point, point]}, SCHEMA)
    assert layer.cost == 2 * one.cost
    assert {k: 2 * v for k, v in one.counts.items()} == layer.counts
    concat = draco.score({"hconcat": [point, bad_bar]}, SCHEMA)
    assert [v.name for v in concat.violations] == ["bar_area_without_zero"]
    facet = {"facet": {"row": {"field": "region", "type": "nominal"}}, "spec": point}
    assert draco.score(facet, SCHEMA).counts.get("row_facet") == 1
    repeat = {"repeat": {"column": ["price", "qty"]}, "spec": {"mark": "tick", "encoding": {"x": {"field": {"repeat": "column"}, "type": "quantitative"}}}}
    assert draco.score(repeat, SCHEMA).counts.get("tick_c") == 2


def test_fields_derived_by_transforms_are_known(draco: Draco) -> None:
    spec = {"transform": [{"calculate": "datum.price * 2", "as": "double"}], "mark": "point", "encoding": {"x": {"field": "double", "type": "quantitative"}, "y": {"field": "qty", "type": "quantitative"}}}
    assert draco.check(spec, SCHEMA) == []


def test_from_draco1_and_training_pair_format(draco: Draco) -> None:
    fields = [
        {"name": "n", "type": "string", "cardinality": 10, "entropy": 1, "interesting": True},
        {"name": "q1", "type": "number", "cardinality": 30, "entropy": 3.84},
        {"name": "q2", "type": "number", "cardinality": 30, "entropy": 0.9},
    ]
    schema = DataSchema.from_draco1(fields, 30)
    assert schema.field("n").interesting and schema.field("q1").type == "number"
    a = {"mark": "point", "encoding": {"x": {"field": "n", "type": "nominal"}, "y": {"field": "q2", "type": "quantitative", "scale": {"zero": True}}, "color": {"field": "q1", "type": "quantitative", "scale": {"zero": True}}}}
    b = {"mark": "point", "encoding": {"y": {"field": "n", "type": "nominal"}, "x": {"field": "q2", "type": "quantitative", "scale": {"zero": True}}, "size": {"field": "q1", "type": "quantitative", "scale": {"zero": True}}}}
    sa, sb = draco.cost([a, b], schema, "value")
    assert sa.valid and sb.valid
    assert sa.counts != sb.counts
    assert sa.counts["interesting_x"] == 1 and "interesting_y" in sb.counts


def test_preference_pairs_give_distinct_feature_vectors(draco: Draco) -> None:
    pairs = []
    for name in ("kim2018.json", "saket2018.json"):  # bundled copies (BSD-3, see draco/data/LICENSE-preferences.md)
        path = Path(__file__).resolve().parents[2] / "draco" / "data" / name
        if not path.exists():
            pytest.skip(f"{path} is absent")
        pairs += json.loads(path.read_text())["data"]
    assert len(pairs) > 800
    specs, schemas, tasks = [], [], []
    for p in pairs:
        s = DataSchema.from_draco1(p["fields"], p["num_rows"])
        specs += [p["negative"], p["positive"]]
        schemas += [s, s]
        tasks += [p["task"], p["task"]]
    scores = draco.cost(specs, schemas, tasks)
    same = sum(1 for i in range(0, len(scores), 2) if scores[i].counts == scores[i + 1].counts)
    assert same == 0
    assert all(s.valid for s in scores)


def test_from_summary() -> None:
    summary = Summary(
        name="t",
        source="<DataFrame>",
        rows=100,
        columns=4,
        fields=[
            FieldSummary("amount €", "float64", "quantitative", "amount", 3, 90, 6.1, numeric=NumericStats(-5, 50, 10, 3, 1, 9, 20)),
            FieldSummary("when", "datetime64[ns]", "temporal", "date", 0, 100, 6.6, temporal=TemporalStats("2020-01-01", "2020-04-09", "day")),
            FieldSummary("cat", "object", "nominal", "category", 0, 4, 1.9),
            FieldSummary("flag", "bool", "nominal", "boolean", 0, 2, 1.0),
        ],
    )
    s = DataSchema.from_summary(summary)
    assert s.num_rows == 100
    amount = s.field("amount €")
    assert (amount.type, amount.min, amount.max, amount.has_nulls, amount.semantic_type) == ("number", -5, 50, True, "amount")
    assert [f.type for f in s.fields] == ["number", "datetime", "string", "boolean"]
    assert DataSchema.from_dict(s.to_dict()) == s
    assert DataSchema.from_dict(summary.to_dict()) == s


@pytest.mark.parametrize("name", ['a b', 'a.b', 'quo"te', "l'apo", "naïve ü", "x). hard(x,0,0", "back\\slash"])
def test_odd_field_names_are_quoted_never_spliced(draco: Draco, name: str) -> None:
    schema = DataSchema(num_rows=10, fields=(FieldSchema(name, "number", 10, 3.0, 1, 9), FieldSchema("c", "string", 3, 1.5)))
    spec = {"mark": "bar", "encoding": {"x": {"field": "c", "type": "nominal"}, "y": {"field": name, "type": "quantitative", "aggregate": "mean"}}}
    facts = to_facts(spec, schema)
    assert to_vegalite(facts) == spec
    assert draco.check(spec, schema) == []
    comps = draco.complete(PartialSpec(fields=(name, "c")), schema, k=2)
    assert comps and all({e["field"] for e in c.spec["encoding"].values() if "field" in e} == {name, "c"} for c in comps)


@pytest.mark.parametrize(
    "spec, message",
    [
        ({"mark": "pyramid", "encoding": {}}, "unknown mark"),
        ({"mark": "point", "encoding": {"colour": {"field": "price", "type": "quantitative"}}}, "unknown channel"),
        ({"mark": "point", "encoding": {"x": {"field": "nope", "type": "quantitative"}}}, "'nope' is not in the data"),
        ("{not json", "not valid JSON"),
        ({"mark": "point", "encoding": {"x": {"field": "price", "type": "quantity"}}}, "unknown type"),
        ({"encoding": {}}, "no mark"),
    ],
)
def test_bad_input_is_a_clear_error(draco: Draco, spec: Any, message: str) -> None:
    with pytest.raises(DracoError, match=message):
        draco.check(spec, SCHEMA)


def test_bad_partial_and_task(draco: Draco) -> None:
    with pytest.raises(DracoError, match="unknown channel"):
        draco.complete(PartialSpec(encodings=(EncodingHint(field="price", channel="colour"),)), SCHEMA)
    with pytest.raises(DracoError, match="not in the data"):
        draco.complete(PartialSpec(fields=("nope",)), SCHEMA)
    with pytest.raises(DracoError, match="unknown task"):
        draco.check(ROUND_TRIP["bar"], SCHEMA, "explore")


def test_cost_is_weighted_counts_and_explain_sorts(draco: Draco) -> None:
    spec = ROUND_TRIP["point"]
    score = draco.score(spec, SCHEMA)
    assert score.cost == sum(n * draco.weights[k] for k, n in score.counts.items())
    prefs = draco.explain(spec, SCHEMA)
    assert [p.contribution for p in prefs] == sorted((p.contribution for p in prefs), reverse=True)
    assert all(p.description for p in prefs)
    assert sum(p.contribution for p in prefs) == score.cost


def test_weights_mapping_path_and_fallback(tmp_path: Path) -> None:
    d1 = Draco(weights={"encoding": 100})
    assert d1.weights["encoding"] == 100
    prior = json.loads(PRIOR.read_text())
    assert d1.weights["log_scale"] == prior["log_scale"]  # missing names fall back to the prior
    p = tmp_path / "w.json"
    p.write_text(json.dumps({"log_scale": 42}))
    assert Draco(weights=p).weights["log_scale"] == 42
    with pytest.raises(DracoError):
        Draco(weights=tmp_path / "missing.json")


def test_constraints_are_documented(draco: Draco) -> None:
    docs = draco.constraints()
    names = [d.name for d in docs]
    assert len(names) == len(set(names))
    assert {"bar_area_without_zero", "continuous_color"} <= set(names)
    assert all(d.description and d.kind in ("hard", "soft") and d.file.endswith(".lp") for d in docs)


def _key(spec: dict[str, Any]) -> str:
    return json.dumps(spec, sort_keys=True)


def test_complete_fixed_fields(draco: Draco) -> None:
    comps = draco.complete(PartialSpec(fields=("region", "price")), SCHEMA, k=5)
    assert len(comps) == 5
    assert len({_key(c.spec) for c in comps}) == 5
    assert [c.cost for c in comps] == sorted(c.cost for c in comps)
    for c in comps:
        fields = {e.get("field") for e in c.spec["encoding"].values()} - {None}
        assert fields == {"region", "price"}
        assert draco.check(c.spec, SCHEMA) == []
        assert draco.score(c.spec, SCHEMA).cost == c.cost


def test_complete_respects_hints(draco: Draco) -> None:
    partial = PartialSpec(mark="line", encodings=(EncodingHint(field="date", channel="x", time_unit="year"), EncodingHint(field="price", aggregate="mean")))
    comps = draco.complete(partial, SCHEMA, k=3)
    assert comps
    for c in comps:
        assert c.spec["mark"] == "line"
        assert c.spec["encoding"]["x"] == {"field": "date", "type": "temporal", "timeUnit": "year"} or c.spec["encoding"]["x"]["timeUnit"] == "year"
        assert any(e.get("aggregate") == "mean" and e.get("field") == "price" for e in c.spec["encoding"].values())


def test_complete_count_histogram_pie(draco: Draco) -> None:
    pie = draco.complete(PartialSpec(mark="arc", fields=("region",)), SCHEMA, k=1)[0].spec
    assert pie["encoding"]["color"]["field"] == "region" and pie["encoding"]["theta"]["aggregate"] == "count"
    donut = draco.complete(PartialSpec(mark="arc", donut=True, fields=("region",)), SCHEMA, k=1)[0].spec
    assert donut["mark"] == {"type": "arc", "innerRadius": 50}
    hist = draco.complete(PartialSpec(mark="bar", encodings=(EncodingHint(field="price", bin=True),)), SCHEMA, k=1)[0].spec
    assert hist["encoding"]["x"].get("bin") is True or hist["encoding"].get("y", {}).get("bin") is True


def test_complete_without_fields_picks_few_informative(draco: Draco) -> None:
    comps = draco.complete(PartialSpec(), SCHEMA, k=3)
    assert len(comps) == 3
    for c in comps:
        assert 1 <= len(c.spec["encoding"]) <= 3


def test_complete_no_symmetric_duplicates(draco: Draco) -> None:
    partial = PartialSpec(encodings=(EncodingHint(type="quantitative"), EncodingHint(type="quantitative")), fields=("price", "qty"))
    comps = draco.complete(partial, SCHEMA, k=6)
    keys = [_key(c.spec) for c in comps]
    assert len(keys) == len(set(keys))
    canon = [_key({"m": c.spec["mark"], "e": sorted(c.spec["encoding"].items())}) for c in comps]
    assert len(canon) == len(set(canon))


def test_complete_impossible_gives_empty(draco: Draco) -> None:
    assert draco.complete(PartialSpec(mark="arc", encodings=(EncodingHint(field="region", channel="x"),)), SCHEMA, k=3) == []


def _cli(capsys: pytest.CaptureFixture[str], tmp_path: Path, args: list[str], payload: dict[str, Any] | None = None) -> tuple[int, str, str]:
    if payload is not None:
        p = tmp_path / "in.json"
        p.write_text(json.dumps(payload))
        args = [*args, str(p)]
    code = draco_main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_cli(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    schema = SCHEMA.to_dict()
    code, out, _ = _cli(capsys, tmp_path, ["check"], {"spec": ROUND_TRIP["bar"], "schema": schema})
    assert code == 0 and json.loads(out)["valid"] is True
    code, out, _ = _cli(capsys, tmp_path, ["cost", "--weights", str(PRIOR)], {"specs": [ROUND_TRIP["bar"], ROUND_TRIP["line"]], "schema": schema, "task": "value"})
    assert code == 0 and len(json.loads(out)) == 2
    code, out, _ = _cli(capsys, tmp_path, ["explain"], {"spec": ROUND_TRIP["bar"], "schema": schema})
    assert code == 0 and json.loads(out)["preferences"]
    code, out, _ = _cli(capsys, tmp_path, ["complete", "-k", "2"], {"partial": {"fields": ["region"]}, "schema": schema})
    assert code == 0 and len(json.loads(out)) == 2
    code, out, _ = _cli(capsys, tmp_path, ["constraints"])
    assert code == 0 and "bar_area_without_zero" in out
    code, out, err = _cli(capsys, tmp_path, ["check"], {"spec": {"mark": "nope"}, "schema": schema})
    assert code == 2 and err.startswith("error: ") and "unknown mark" in err and len(err.strip().splitlines()) == 1


def test_cli_schema_from_data_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    data = tmp_path / "t.csv"
    data.write_text("a,b\nx,1\ny,2\nx,3\n")
    code, out, err = _cli(capsys, tmp_path, ["check"], {"spec": {"mark": "bar", "encoding": {"x": {"field": "a", "type": "nominal"}, "y": {"field": "b", "type": "quantitative", "aggregate": "sum"}}}, "schema": "t.csv"})
    assert code == 0, err
    assert json.loads(out)["valid"] is True


def test_unmodeled_vega_lite_options_are_approximated_not_fatal(draco: Draco) -> None:
    spec = {
        "mark": "area",
        "encoding": {
            "x": {"field": "date", "type": "temporal", "timeUnit": "yearmonthdatehoursminutes"},
            "y": {"field": "price", "type": "quantitative", "aggregate": "q3", "stack": "center", "scale": {"type": "symlog"}},
            "color": {"field": "region", "type": "nominal", "sort": ["b", "a"]},
            "tooltip": {"field": "qty", "type": "quantitative", "aggregate": {"argmax": "price"}},
        },
    }
    assert normalize(spec, SCHEMA) == {
        "mark": "area",
        "encoding": {
            "x": {"field": "date", "type": "temporal", "timeUnit": "hours"},
            "y": {"field": "price", "type": "quantitative", "aggregate": "median", "stack": "zero"},
            "color": {"field": "region", "type": "nominal"},
            "tooltip": {"field": "qty", "type": "quantitative"},
        },
    }
    assert draco.score(spec, SCHEMA).cost > 0
