"""Chart records: to_dict/from_dict round trips (through JSON too), clear errors, and the Vega-Lite MIME type."""

from __future__ import annotations

import json

import altair as alt
import pytest

from draco.partial import EncodingHint, PartialSpec
from lida.chart import VEGALITE_MIME, AttemptRecord, Chart, Cost, vegalite_mime
from lida.errors import LidaError
from lida.model import Explanation, Goal

SPEC = {
    "$schema": "https://vega.github.io/schema/vega-lite/v6.4.1.json",
    "data": {"values": [{"a": "x", "b": 1}, {"a": "y", "b": 3}]},
    "mark": {"type": "bar"},
    "encoding": {"x": {"field": "a", "type": "nominal"}, "y": {"field": "b", "type": "quantitative"}},
}


def _full_chart() -> Chart:
    goal = Goal(
        question="Which a has the most b?",
        visualization="bar chart of b by a",
        rationale="compare",
        fields=["a", "b"],
        intent=PartialSpec(mark="bar", encodings=(EncodingHint(field="a", channel="x"), EncodingHint(field="b"))),
        index=2,
        source="llm",
        persona="analyst",
    )
    return Chart(
        goal=goal,
        code="def plot(data):\n    return None\n",
        spec=SPEC,
        source="llm",
        cost=7.0,
        costs=[Cost("x_nominal", 1, 3, "nominal on x"), Cost("bar", 2, 2, "a bar mark")],
        rank=2,
        attempts=[
            AttemptRecord("initial", False, "KeyError: 'B'"),
            AttemptRecord("deterministic", True, None, ("field-name: B -> b", "missing-import: import altair as alt")),
        ],
        explanation=Explanation(what="b by a", how_to_read="longer bars, more b", alt_text="Bar chart.", source="llm"),
        design={"mark": "bar"},
    )


def test_round_trip_keeps_every_field():
    chart = _full_chart()
    assert Chart.from_dict(chart.to_dict()) == chart


def test_round_trip_through_json():
    chart = _full_chart()
    text = json.dumps(chart.to_dict())
    assert "png" not in json.loads(text)  # images are rendered from the spec, never stored
    again = Chart.from_dict(json.loads(text))
    assert again == chart
    assert again.attempts[1].repairs == ("field-name: B -> b", "missing-import: import altair as alt")
    assert again.goal.intent == chart.goal.intent and again.costs[0].contribution == 3
    assert again.why == chart.why


def test_round_trip_of_a_bare_chart():
    chart = Chart(goal=Goal("q", "v", "r", []), code="c", spec={"mark": "point"})
    record = chart.to_dict()
    assert record["cost"] is None and record["explanation"] is None and record["costs"] == []
    assert Chart.from_dict(json.loads(json.dumps(record))) == chart


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ([1, 2], "must be a JSON object"),
        ({"goal": {}, "code": "c"}, "needs spec"),
        ({"goal": {"question": "q"}, "code": "c", "spec": {}}, "not a chart record"),
        ({"goal": Goal("q", "v", "r", []).to_dict(), "code": "c", "spec": {}, "costs": [{"name": "x"}]}, "not a chart record"),
        ({"goal": Goal("q", "v", "r", []).to_dict(), "code": "c", "spec": {}, "cost": "high"}, "not a chart record"),
    ],
)
def test_bad_records_are_one_line_errors(record, message):
    with pytest.raises(LidaError, match=message) as info:
        Chart.from_dict(record)
    assert "\n" not in str(info.value)


def test_mime_follows_the_specs_schema_version():
    assert vegalite_mime(SPEC) == "application/vnd.vegalite.v6+json"
    assert vegalite_mime({"$schema": "https://vega.github.io/schema/vega-lite/v5.json"}) == "application/vnd.vegalite.v5+json"
    assert vegalite_mime({"$schema": "https://vega.github.io/schema/vega-lite/v10.1.0.json"}).endswith("v10+json")


def test_mime_without_schema_is_the_one_altair_writes():
    altair_spec = alt.Chart(alt.Data(values=[{"a": 1}])).mark_point().encode(x="a:Q").to_dict()
    assert vegalite_mime({"mark": "point"}) == vegalite_mime(altair_spec)
    major = alt.SCHEMA_VERSION.lstrip("v").split(".")[0]
    assert vegalite_mime({"mark": "point"}) == VEGALITE_MIME.format(major=major)


def test_jupyter_bundle_labels_the_spec_with_its_version():
    chart = _full_chart()
    bundle = chart._repr_mimebundle_()
    assert bundle["application/vnd.vegalite.v6+json"] == SPEC
    assert not any("v5" in key for key in bundle)
