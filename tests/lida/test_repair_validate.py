"""Validation after execution catches charts that ran but are wrong; spec fixes repair some of them."""

from __future__ import annotations

from collections.abc import Iterator

import altair as alt
import pandas as pd
import pytest
from helpers.repair_helpers import cars, years

from draco import Draco
from lida.repair.specfix import fix_spec
from lida.repair.validate import Validator, empty_chart_issue, epoch_date_issues, field_issues
from lida.sandbox import Sandbox

pytestmark = pytest.mark.slow  # starts sandbox workers (run the quick tests with -m 'not slow')

CARS = cars()


@pytest.fixture(scope="module")
def validator() -> Iterator[Validator]:
    with Sandbox(workers=1) as box:  # the empty-chart check renders in its locked-down renderer
        yield Validator(draco=Draco(), sandbox=box)


def kinds(issues) -> list[str]:
    return [i.kind for i in issues]


def test_valid_charts_pass(validator):
    for chart in (
        alt.Chart(CARS).mark_point().encode(x="Horsepower:Q", y="Miles_per_Gallon:Q"),
        alt.Chart(CARS).mark_bar().encode(x="Origin:N", y="mean(Horsepower):Q"),
        alt.Chart(CARS).transform_fold(["Horsepower", "Acceleration"]).mark_boxplot().encode(x="key:N", y="value:Q"),
        alt.Chart(CARS).mark_point().encode(x="Horsepower:Q", y="Miles_per_Gallon:Q").facet(column="Origin:N"),
        alt.Chart(CARS).mark_point().encode(x="Horsepower:Q", y="Miles_per_Gallon:Q")
        + alt.Chart(CARS).mark_line().encode(x="Horsepower:Q", y="mean(Miles_per_Gallon):Q"),
    ):
        assert validator.validate(chart.to_dict()) == []


def test_wrong_case_field_is_caught_with_a_suggestion():
    spec = alt.Chart(CARS).mark_point().encode(x="horsepower:Q", y="Miles_per_Gallon:Q").to_dict()
    issues = field_issues(spec)
    assert kinds(issues) == ["unknown-field"]
    assert "'horsepower'" in issues[0].message and "did you mean 'Horsepower'" in issues[0].message


def test_wrong_field_on_a_bar_is_caught_although_vega_draws_a_bar():
    # Vega-Lite draws one "undefined" bar here, so the empty-chart check alone would pass it
    spec = alt.Chart(CARS).mark_bar().encode(x="origin:N", y="mean(Horsepower):Q").to_dict()
    assert empty_chart_issue(spec) is None
    assert kinds(field_issues(spec)) == ["unknown-field"]


def test_field_dropped_by_an_aggregate_transform_is_caught():
    spec = (alt.Chart(CARS).transform_aggregate(m="mean(Horsepower)", groupby=["Origin"])
            .mark_bar().encode(x="Origin:N", y="m:Q", color="Cylinders:N").to_dict())
    issues = field_issues(spec)
    assert [i.field for i in issues] == ["Cylinders"]


def test_dotted_field_needs_escaping():
    df = pd.DataFrame({"a.b": [1, 2, 3], "c": [3, 4, 5]})
    bad = alt.Chart(df).mark_point().encode(x="a.b:Q", y="c:Q").to_dict()
    good = alt.Chart(df).mark_point().encode(x="a\\.b:Q", y="c:Q").to_dict()
    assert "nested path" in field_issues(bad)[0].message
    assert field_issues(good) == []


def test_integer_years_on_a_temporal_axis_are_1970_dates():
    spec = alt.Chart(years()).mark_line().encode(x="Year:T", y="Sales:Q").to_dict()
    issues = epoch_date_issues(spec)
    assert kinds(issues) == ["epoch-dates"] and "1970" in issues[0].message
    fine = alt.Chart(years()).mark_line().encode(x="Year:O", y="Sales:Q").to_dict()
    assert epoch_date_issues(fine) == []


def test_empty_chart_after_filter_is_caught():
    spec = (alt.Chart(CARS).mark_point().encode(x="Horsepower:Q", y="Miles_per_Gallon:Q")
            .transform_filter(alt.datum.Horsepower > 10_000).to_dict())
    assert field_issues(spec) == []
    issue = empty_chart_issue(spec)
    assert issue is not None and issue.kind == "empty-chart"


def test_unparseable_dates_on_a_line_draw_nothing():
    df = pd.DataFrame({"day": ["13.01.2024", "21.02.2024", "15.03.2024"], "v": [1, 2, 3]})
    spec = alt.Chart(df).mark_line().encode(x="day:T", y="v:Q").to_dict()
    assert kinds([empty_chart_issue(spec)]) == ["empty-chart"]


@pytest.mark.parametrize(
    ("chart", "violation", "repair"),
    [
        (alt.Chart(CARS).mark_bar().encode(x="Origin:N", y=alt.Y("mean(Horsepower):Q", scale=alt.Scale(zero=False))),
         "draco:bar_area_without_zero", "spec:zero-baseline"),
        (alt.Chart(pd.DataFrame({"a": [0, 1, 10, 100], "b": [1, 2, 3, 4]})).mark_point()
         .encode(x=alt.X("a:Q", scale=alt.Scale(type="log")), y="b:Q"), "draco:log_nonpositive", "spec:log-scale"),
        (alt.Chart(CARS).mark_arc().encode(theta="count():Q", color="Name:N"), "draco:pie_too_many_slices", "spec:pie-to-bar"),
        (alt.Chart(CARS).mark_point().encode(x="Horsepower:Q", y="Miles_per_Gallon:Q", color="Name:N"),
         "draco:color_too_many_categories", "spec:top-color"),
    ],
    ids=["bar-zero", "log-over-zero", "pie-too-many", "too-many-colors"],
)
def test_spec_fix_resolves_draco_violation(validator, chart, violation, repair):
    spec = chart.to_dict()
    issues = validator.validate(spec)
    assert violation in kinds(issues)
    fixed = fix_spec(spec, issues)
    assert repair in {r.kind for r in fixed.repairs}
    assert fixed.unfixed == []
    assert validator.validate(fixed.spec) == []
    assert validator.validate(spec) == issues  # the original spec is not touched


def test_overplotted_scatter_gets_opacity_or_heatmap(validator):
    alt.data_transformers.disable_max_rows()
    try:
        mid = alt.Chart(pd.DataFrame({"a": range(3000), "b": [i % 97 for i in range(3000)]})).mark_point().encode(x="a:Q", y="b:Q")
        big = alt.Chart(pd.DataFrame({"a": range(8000), "b": [i % 89 for i in range(8000)]})).mark_point().encode(x="a:Q", y="b:Q")
        mid_spec, big_spec = mid.to_dict(), big.to_dict()
    finally:
        alt.data_transformers.enable("default")
    for spec, expected_mark in ((mid_spec, "point"), (big_spec, "rect")):
        issues = validator.validate(spec)
        assert kinds(issues) == ["overplotted"] and not issues[0].hard
        fixed = fix_spec(spec, issues)
        mark = fixed.spec["mark"]
        assert (mark["type"] if isinstance(mark, dict) else mark) == expected_mark
        assert validator.validate(fixed.spec) == []
