"""Every documented hard and soft constraint of our .lp files fires on one spec and not on a close one.

All cases go through a single batched `Draco.cost` call (one grounding), so this stays fast.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from helpers.vl import N, O, Q, T, enc

from draco import DataSchema, Draco, FieldSchema
from draco.kb import ASP_DIR, parse_docs

OUR_FILES = ("hard.lp", "soft.lp")

F = FieldSchema
BASE_FIELDS = (
    F("n", "number", 100, 5.5, 1, 1000),
    F("n2", "number", 100, 5.0, 1, 500),
    F("neg", "number", 100, 5.0, -50, 50),
    F("zero", "number", 100, 5.0, 0, 50),
    F("few", "number", 5, 2.0, 1, 5),
    F("hi", "number", 100, 3.5, 1, 100),
    F("lo", "number", 100, 1.0, 1, 100),
    F("iq", "number", 100, 2.5, 1, 100, interesting=True),
    F("big", "number", 100, 5.0, 1, 1_000_000),
    F("nul", "number", 90, 5.0, 1, 100, has_nulls=True),
    F("id", "number", 200, 7.6, 1, 200, semantic_type="id"),
    F("yr", "number", 20, 4.0, 2000, 2020, semantic_type="year"),
    F("c", "string", 5, 2.0),
    F("ic", "string", 5, 2.0, interesting=True),
    F("c10", "string", 10, 3.0),
    F("c15", "string", 15, 3.5),
    F("c30", "string", 30, 4.5),
    F("c60", "string", 60, 5.5),
    F("b", "boolean", 2, 1.0),
    F("d", "datetime", 200, 7.0),
    F("s", "string", 200, 7.6),
    F("m", "number", 100, 5.0, 1, 100, semantic_type="measure"),
    F("amt", "number", 100, 5.0, 1, 100, semantic_type="amount"),
    F("dy", "datetime", 20, 4.0, granularity="year"),
)
SCHEMA = DataSchema(num_rows=200, fields=BASE_FIELDS)
BIG = DataSchema(num_rows=5000, fields=BASE_FIELDS)
HUGE = DataSchema(num_rows=50000, fields=BASE_FIELDS)


def CNT(**kw: Any) -> dict[str, Any]:
    return enc(None, "quantitative", aggregate="count", **kw)


def S(mark: Any, **encoding: Any) -> dict[str, Any]:
    return {"mark": mark, "encoding": encoding}


Case = tuple[dict[str, Any], dict[str, Any], str, str, DataSchema, DataSchema]  # fire, nofire, their tasks and schemas


def case(
    fire: dict[str, Any],
    nofire: dict[str, Any],
    task: str = "summary",
    task2: str | None = None,
    schema: DataSchema = SCHEMA,
    schema2: DataSchema | None = None,
) -> Case:
    return (fire, nofire, task, task2 or task, schema, schema2 or SCHEMA)


BAR = S("bar", x=N("c"), y=Q("n", aggregate="mean"))
SCATTER = S("point", x=Q("n"), y=Q("n2"))

HARD: dict[str, Case] = {
    "timeunit_finer_than_data": case(S("line", x=T("dy", time_unit="yearmonth"), y=Q("n", aggregate="mean")), S("line", x=T("dy", time_unit="year"), y=Q("n", aggregate="mean"))),
    "encoding_no_field": case(S("point", x=Q("n"), y={"type": "quantitative", "aggregate": "sum"}), S("point", x=Q("n"), y=CNT())),
    "duplicate_channel": case(S("point", x=Q("n"), y=Q("n2"), color=[N("c"), N("c10")]), S("point", x=Q("n"), y=Q("n2"), tooltip=[Q("n"), Q("n2")])),
    "x2_without_x": case(S("bar", y=N("c"), x2=Q("n")), S("bar", y=N("c"), x=Q("n2"), x2=Q("n"))),
    "y2_without_y": case(S("bar", x=N("c"), y2=Q("n")), S("bar", x=N("c"), y=Q("n2"), y2=Q("n"))),
    "no_encoding": case(S("point"), SCATTER),
    "bar_area_without_zero": case(S("bar", x=N("c"), y=Q("n", aggregate="sum", scale={"zero": False})), BAR),
    "shape_continuous": case(S("point", x=Q("n"), y=Q("n2"), shape=Q("hi")), S("point", x=Q("n"), y=Q("n2"), shape=N("c"))),
    "log_nonpositive": case(S("point", x=Q("zero", scale={"type": "log"}), y=Q("n")), S("point", x=Q("n", scale={"type": "log"}), y=Q("n2"))),
    "sqrt_negative": case(S("point", x=Q("neg", scale={"type": "sqrt"}), y=Q("n")), S("point", x=Q("zero", scale={"type": "sqrt"}), y=Q("n"))),
    "log_with_zero": case(S("point", x=Q("n", scale={"type": "log", "zero": True}), y=Q("n2")), S("point", x=Q("n", scale={"type": "log"}), y=Q("n2"))),
    "color_too_many_categories": case(S("point", x=Q("n"), y=Q("n2"), color=N("c30")), S("point", x=Q("n"), y=Q("n2"), color=N("c15"))),
    "shape_too_many_categories": case(S("point", x=Q("n"), y=Q("n2"), shape=N("c10")), S("point", x=Q("n"), y=Q("n2"), shape=N("c"))),
    "stat_on_categorical_field": case(S("bar", x=N("c"), y=Q("c10", aggregate="mean")), BAR),
    "aggregate_discrete_type": case(S("bar", x=N("c"), y=O("n", aggregate="mean")), BAR),
    "count_not_quantitative": case(S("bar", x=N("c"), y=enc(None, "ordinal", aggregate="count")), S("bar", x=N("c"), y=CNT())),
    "minmax_nominal": case(S("bar", x=N("c"), y=N("c10", aggregate="max")), S("bar", x=N("c"), y=Q("n", aggregate="max"))),
    "quantitative_string": case(S("point", x=Q("c"), y=Q("n")), S("point", x=N("c"), y=Q("n"))),
    "temporal_boolean": case(S("point", x=T("b"), y=Q("n")), S("point", x=T("d"), y=Q("n"))),
    "bin_non_numeric": case(S("bar", x=N("c", bin=True), y=CNT()), S("bar", x=Q("n", bin=True), y=CNT())),
    "bin_and_aggregate": case(S("bar", x=Q("n", bin=True, aggregate="mean"), y=CNT()), S("bar", x=Q("n", bin=True), y=CNT())),
    "timeunit_non_temporal": case(S("line", x=T("n", time_unit="month"), y=Q("n2")), S("line", x=T("d", time_unit="month"), y=Q("n2"))),
    "timeunit_with_bin": case(S("bar", x=T("d", time_unit="year", bin=True), y=CNT()), S("bar", x=T("d", time_unit="year"), y=CNT())),
    "text_mark_without_text": case(S("text", x=Q("n"), y=Q("n2")), S("text", x=Q("n"), y=Q("n2"), text=N("c"))),
    "text_channel_without_text_mark": case(S("point", x=Q("n"), y=Q("n2"), text=N("c")), S("point", x=Q("n"), y=Q("n2"))),
    "arc_without_theta": case(S("arc", color=N("c")), S("arc", theta=Q("n", aggregate="sum"), color=N("c"))),
    "theta_without_arc": case(S("point", theta=Q("n"), color=N("c")), S("arc", theta=Q("n"), color=N("c"))),
    "arc_with_position": case(S("arc", theta=Q("n"), color=N("c"), x=N("c10")), S("arc", theta=Q("n"), color=N("c"))),
    "theta_not_quantitative": case(S("arc", theta=N("c10"), color=N("c")), S("arc", theta=CNT(), color=N("c"))),
    "pie_negative": case(S("arc", theta=Q("neg", aggregate="sum"), color=N("c")), S("arc", theta=Q("n", aggregate="sum"), color=N("c"))),
    "pie_too_many_slices": case(S("arc", theta=CNT(), color=N("c15")), S("arc", theta=CNT(), color=N("c10"))),
    "pie_without_categories": case(S("arc", theta=CNT()), S("arc", theta=CNT(), color=N("c"))),
    "pie_continuous_color": case(S("arc", theta=CNT(), color=Q("n")), S("arc", theta=CNT(), color=Q("n", bin=True))),
    "line_area_without_xy": case(S("line", x=Q("n")), S("line", x=Q("n"), y=Q("n2"))),
    "rule_without_position": case(S("rule", color=N("c")), S("rule", y=Q("n", aggregate="mean"))),
    "bar_tick_rect_without_position": case(S("rect", color=N("c")), S("rect", x=N("c"), y=N("c10"), color=CNT())),
    "size_invalid_mark": case(S("bar", x=N("c"), y=CNT(), size=Q("n", aggregate="mean")), S("point", x=N("c"), y=CNT(), size=Q("n", aggregate="mean"))),
    "facet_continuous": case(S("point", x=Q("n"), y=Q("n2"), row=Q("hi")), S("point", x=Q("n"), y=Q("n2"), row=O("hi", bin=True))),
    "facet_aggregate": case(S("bar", x=N("c"), y=CNT(), row=CNT()), S("bar", x=N("c"), y=CNT(), row=N("c10"))),
    "stack_invalid_mark": case(S("point", x=N("c"), y=Q("n", aggregate="sum", stack="zero")), S("bar", x=N("c"), y=Q("n", aggregate="sum", stack="zero"))),
    "stack_discrete": case(S("bar", x=N("c", stack="zero"), y=CNT()), S("bar", x=N("c"), y=CNT(stack="zero"))),
    "stack_log": case(S("bar", x=N("c"), y=Q("n", aggregate="sum", stack="zero", scale={"type": "log"})), S("bar", x=N("c"), y=Q("n", aggregate="sum", stack="zero"))),
    "continuous_scale_discrete": case(S("point", x=N("c", scale={"type": "log"}), y=Q("n")), S("point", x=Q("n", scale={"type": "log"}), y=Q("n2"))),
    "discrete_scale_continuous": case(S("point", x=Q("n", scale={"type": "band"}), y=Q("n2")), S("point", x=N("c", scale={"type": "band"}), y=Q("n2"))),
    "time_scale_non_temporal": case(S("point", x=Q("n", scale={"type": "time"}), y=Q("n2")), S("point", x=T("d", scale={"type": "time"}), y=Q("n2"))),
    "log_sqrt_temporal": case(S("point", x=T("d", scale={"type": "log"}), y=Q("n2")), S("point", x=T("d"), y=Q("n2"))),
    "sort_continuous": case(S("point", x=Q("n", sort="descending"), y=Q("n2")), S("bar", x=N("c", sort="descending"), y=CNT())),
    "sort_by_missing_channel": case(S("bar", x=N("c", sort="-color"), y=CNT()), S("bar", x=N("c", sort="-y"), y=CNT())),
    "boxplot_without_continuous": case(S("boxplot", x=N("c"), y=N("c10")), S("boxplot", x=N("c"), y=Q("n"))),
    "boxplot_aggregate": case(S("boxplot", x=N("c"), y=Q("n"), color=CNT()), S("boxplot", x=N("c"), y=Q("n"))),
    "aggregate_mixed_raw_detail": case(S("bar", x=N("c"), y=CNT(), tooltip=Q("n")), S("bar", x=N("c"), y=CNT(), tooltip=Q("n", aggregate="mean"))),
    "x_y_identical": case(S("point", x=Q("n"), y=Q("n")), S("bar", x=Q("n", bin=True), y=Q("n", aggregate="count"))),
    "opacity_nominal": case(S("point", x=Q("n"), y=Q("n2"), opacity=N("c")), S("point", x=Q("n"), y=Q("n2"), opacity=O("c"))),
    "size_nominal": case(S("point", x=Q("n"), y=Q("n2"), size=N("c")), S("point", x=Q("n"), y=Q("n2"), size=O("c"))),
    "no_continuous_axis": case(S("bar", x=N("c"), y=N("c10")), S("bar", x=N("c"), y=CNT())),
}

SOFT: dict[str, Case] = {
    "temporal_not_x": case(S("point", y=T("d"), x=Q("n")), S("point", x=T("d"), y=Q("n"))),
    "ordinal_color": case(S("point", x=Q("n"), y=Q("n2"), color=O("c")), S("point", x=Q("n"), y=Q("n2"), color=N("c"))),
    "nominal_y_many": case(S("bar", x=N("c15"), y=CNT()), S("bar", y=N("c15"), x=CNT())),
    "quantitative_color": case(S("point", x=Q("n"), y=Q("n2"), color=Q("hi")), S("point", x=Q("n"), y=Q("n2"), color=N("c"))),
    "continuous_x_discrete_y_bar": case(S("bar", y=N("c"), x=CNT()), S("bar", x=N("c"), y=CNT())),
    "interesting_not_position": case(S("point", x=Q("n"), y=Q("n2"), color=Q("iq")), S("point", x=Q("iq"), y=Q("n2"))),
    "line_temporal_x": case(S("line", x=T("d"), y=Q("n")), S("line", x=Q("n2"), y=Q("n"))),
    "line_nominal_axis": case(S("line", x=N("c"), y=Q("n", aggregate="mean")), S("line", x=O("c"), y=Q("n", aggregate="mean"))),
    "circle_mark": case(S("circle", x=Q("n"), y=Q("n2")), SCATTER),
    "square_mark": case(S("square", x=Q("n"), y=Q("n2")), SCATTER),
    "raw_1d_overlap": case(S("tick", x=Q("n")), S("bar", x=Q("n", bin=True), y=CNT())),
    "line_discrete_y": case(S("line", y=O("c"), x=Q("n", aggregate="mean")), S("line", x=O("c"), y=Q("n", aggregate="mean"))),
    "temporal_trend_not_line": case(S("point", x=T("d"), y=Q("n", aggregate="mean")), S("line", x=T("d"), y=Q("n", aggregate="mean"))),
    "arc_mark": case(S("arc", theta=CNT(), color=N("c")), BAR),
    "donut_mark": case(S({"type": "arc", "innerRadius": 40}, theta=CNT(), color=N("c")), S("arc", theta=CNT(), color=N("c"))),
    "arc_many_slices": case(S("arc", theta=CNT(), color=N("c10")), S("arc", theta=CNT(), color=N("c"))),
    "boxplot_mark": case(S("boxplot", x=N("c"), y=Q("n")), S("tick", x=N("c"), y=Q("n"))),
    "boxplot_value_task": case(S("boxplot", x=N("c"), y=Q("n")), S("boxplot", x=N("c"), y=Q("n")), "value", "summary"),
    "rect_without_color": case(S("rect", x=N("c"), y=N("c10")), S("rect", x=N("c"), y=N("c10"), color=CNT())),
    "tick_two_discrete": case(S("tick", x=N("c"), y=N("c10")), S("tick", x=N("c"), y=Q("n"))),
    "summary_raw": case(SCATTER, BAR),
    "value_aggregate": case(BAR, BAR, "value", "summary"),
    "value_bin": case(S("bar", x=Q("n", bin=True), y=CNT()), S("bar", x=Q("n", bin=True), y=CNT()), "value", "summary"),
    "summary_aggregate": case(BAR, SCATTER),
    "bin": case(S("bar", x=Q("n", bin=True), y=CNT()), BAR),
    "bin_few_bins": case(S("bar", x=Q("n", bin={"maxbins": 5}), y=CNT()), S("bar", x=Q("n", bin=True), y=CNT())),
    "bin_many_bins": case(S("bar", x=Q("n", bin={"maxbins": 50}), y=CNT()), S("bar", x=Q("n", bin=True), y=CNT())),
    "bin_low_cardinality": case(S("bar", x=Q("few", bin=True), y=CNT()), S("bar", x=Q("n", bin=True), y=CNT())),
    "bin_not_position": case(S("point", x=Q("n"), y=Q("n2"), color=Q("hi", bin=True)), S("bar", x=Q("n", bin=True), y=CNT())),
    "timeunit": case(S("line", x=T("d", time_unit="year"), y=Q("n", aggregate="mean")), S("line", x=T("d"), y=Q("n"))),
    "timeunit_cyclic": case(S("line", x=T("d", time_unit="month"), y=Q("n", aggregate="mean")), S("line", x=T("d", time_unit="year"), y=Q("n", aggregate="mean"))),
    "aggregate_without_group": case(S("bar", y=CNT()), BAR),
    "aggregate_both_positions": case(S("point", x=Q("n", aggregate="mean"), y=Q("n2", aggregate="mean"), color=N("c")), BAR),
    "raw_bar_overlap": case(S("bar", x=N("c"), y=Q("n")), BAR),
    "aggregate_raw_axis": case(S("line", x=Q("n"), y=Q("n2", aggregate="mean")), S("line", x=O("few"), y=Q("n2", aggregate="mean"))),
    "overplotting": case(SCATTER, SCATTER, schema=BIG),
    "overplotting_heavy": case(S("bar", x=N("c"), y=Q("n")), BAR, schema=HUGE),
    "point_discrete_overlap": case(S("point", x=N("c"), y=N("c10")), S("point", x=N("c"), y=N("c10"), size=CNT())),
    "text_many_rows": case(S("text", x=Q("n"), y=Q("n2"), text=N("c")), S("text", x=N("c"), y=N("c10"), text=CNT())),
    "zero_excluded_position": case(S("point", x=Q("n", scale={"zero": False}), y=Q("n2")), SCATTER),
    "zero_size": case(S("point", x=Q("n"), y=Q("n2"), size=Q("hi", scale={"zero": False})), S("point", x=Q("n"), y=Q("n2"), size=Q("hi"))),
    "log_scale": case(S("point", x=Q("n", scale={"type": "log"}), y=Q("n2")), SCATTER),
    "sqrt_scale": case(S("point", x=Q("n", scale={"type": "sqrt"}), y=Q("n2")), S("point", x=Q("n"), y=Q("n2"), size=Q("hi", scale={"type": "sqrt"}))),
    "skewed_linear": case(S("point", x=Q("big"), y=Q("n2")), S("point", x=Q("big", scale={"type": "log"}), y=Q("n2"))),
    "encoding": case(SCATTER, S("point")),
    "encoding_field": case(SCATTER, S("bar", y=CNT())),
    "same_field_twice": case(S("point", x=Q("n"), y=Q("n2"), color=Q("n")), S("point", x=Q("n"), y=Q("n2"), color=Q("hi"))),
    "count_twice": case(S("point", x=CNT(), y=CNT(), color=N("c")), BAR),
    "no_position": case(S("text", text=N("c")), S("arc", theta=CNT(), color=N("c"))),
    "y_without_x": case(S("tick", y=Q("n")), S("tick", x=Q("n"))),
    "x_without_y": case(S("tick", x=Q("n")), S("tick", y=Q("n"))),
    "row_facet": case(S("point", x=Q("n"), y=Q("n2"), row=N("c")), S("point", x=Q("n"), y=Q("n2"), column=N("c"))),
    "column_facet": case(S("point", x=Q("n"), y=Q("n2"), column=N("c")), S("point", x=Q("n"), y=Q("n2"), row=N("c"))),
    "facet_many": case(S("point", x=Q("n"), y=Q("n2"), row=N("c15")), S("point", x=Q("n"), y=Q("n2"), row=N("c10"))),
    "color_many_categories": case(S("point", x=Q("n"), y=Q("n2"), color=N("c15")), S("point", x=Q("n"), y=Q("n2"), color=N("c10"))),
    "shape_many_categories": case(S("point", x=Q("n"), y=Q("n2"), shape=O("yr", bin={"maxbins": 7})), S("point", x=Q("n"), y=Q("n2"), shape=N("c"))),
    "nominal_number": case(S("bar", x=N("n"), y=CNT()), S("bar", x=N("few"), y=CNT())),
    "ordinal_number": case(S("bar", x=O("n"), y=CNT()), S("bar", x=O("yr"), y=CNT())),
    "date_as_discrete": case(S("bar", x=O("d"), y=CNT()), S("bar", x=O("d", time_unit="month"), y=CNT())),
    "number_as_temporal": case(S("line", x=T("n"), y=Q("n2")), S("line", x=T("yr"), y=Q("n2"))),
    "string_as_temporal": case(S("line", x=T("c"), y=Q("n2")), S("line", x=T("d"), y=Q("n2"))),
    "id_field": case(S("point", x=Q("id"), y=Q("n2")), S("bar", x=N("c"), y=Q("id", aggregate="distinct"))),
    "nulls_on_position": case(S("point", x=Q("nul"), y=Q("n2")), S("point", x=Q("n"), y=Q("n2"), color=Q("nul"))),
    "opacity_channel": case(S("point", x=Q("n"), y=Q("n2"), opacity=Q("hi")), SCATTER),
    "size_with_line_mark": case(S("tick", x=Q("n"), y=N("c"), size=Q("hi")), S("point", x=Q("n"), y=N("c"), size=Q("hi"))),
    "color_redundant": case(S("bar", x=N("c"), y=CNT(), color=N("c")), S("bar", x=N("c"), y=CNT(), color=N("c10"))),
    "stack_zero": case(S("bar", x=N("c"), y=CNT(), color=N("c10")), S("bar", x=N("c"), y=CNT())),
    "stack_normalize": case(S("bar", x=N("c"), y=CNT(stack="normalize"), color=N("c10")), S("bar", x=N("c"), y=CNT(stack="zero"), color=N("c10"))),
    "summary_stack_normalize": case(S("bar", x=N("c"), y=CNT(stack="normalize"), color=N("c10")), S("bar", x=N("c"), y=CNT(stack="normalize"), color=N("c10")), "summary", "value"),
    "unsorted_bars": case(S("bar", x=N("c10"), y=CNT()), S("bar", x=N("c10", sort="-y"), y=CNT())),
    "sort_by_value": case(S("bar", x=N("c10", sort="-y"), y=CNT()), S("bar", x=N("c10"), y=CNT())),
    "discrete_many_x": case(S("bar", x=N("c60"), y=CNT()), S("bar", x=N("c30"), y=CNT())),
    "discrete_many_y": case(S("bar", y=N("s"), x=CNT()), S("bar", y=N("c30"), x=CNT())),
    # a detail splits lines (visual) but is invisible on raw points: there it only feeds a tooltip
    "continuous_detail": case(S("line", x=Q("n2"), y=Q("n"), detail=Q("hi")), S("point", x=Q("n2"), y=Q("n"), detail=Q("hi"))),
    "discrete_detail": case(S("line", x=Q("n2"), y=Q("n"), detail=N("c")), S("point", x=Q("n2"), y=Q("n"), detail=N("c"))),
    "interesting_detail": case(S("line", x=Q("n2"), y=Q("n"), detail=O("ic")), S("point", x=Q("n2"), y=Q("n"), detail=O("ic"))),
    "sum_non_additive": case(S("bar", x=N("c"), y=Q("m", aggregate="sum")), S("bar", x=N("c"), y=Q("amt", aggregate="sum"))),
    "summary_strip": case(S("tick", x=Q("n")), S("tick", x=Q("n")), "summary", "value"),
    "histogram_not_bar": case(S("tick", x=Q("n", bin=True), y=CNT()), S("bar", x=Q("n", bin=True), y=CNT())),
    "bin_discrete_type": case(S("bar", x=O("n", bin=True), y=CNT()), S("bar", x=Q("n", bin=True), y=CNT())),
    "histogram_horizontal": case(S("bar", y=Q("n", bin=True), x=CNT()), S("bar", x=Q("n", bin=True), y=CNT())),
    "raw_few_positions": case(S("point", x=N("c"), y=Q("few")), S("point", x=N("c"), y=Q("n"))),
    "count_beside_measure": case(S("bar", x=N("c"), y=Q("n", aggregate="mean"), color=CNT()), S("rect", x=N("c"), y=N("c10"), color=CNT())),
    "sort_nominal_alpha": case(S("bar", x=N("c10", sort="descending"), y=CNT()), S("bar", x=N("c10", sort="ascending"), y=CNT())),
}

_POS_FOR = {"theta": "arc", "text": "text"}
_CAT_FIELD = {"few": "c", "some": "c10", "many": "c30"}
_COMBO = {
    "cc": {"x": Q("n"), "y": Q("n2")},
    "cd": {"x": N("c"), "y": Q("n")},
    "dd": {"x": N("c"), "y": N("c10")},
    "c": {"x": Q("n")},
    "d": {"x": N("c")},
    "none": {"text": N("c")},
}


def _with(channel: str, e: dict[str, Any]) -> dict[str, Any]:
    """A spec that puts `e` on `channel`, with a sensible mark and a position beside it."""
    mark = _POS_FOR.get(channel, "point")
    base: dict[str, Any] = {} if channel in ("x", "y", "theta") else {"x": Q("n2"), "y": Q("n")}
    if channel == "x":
        base = {"y": Q("n2")}
    if channel == "y":
        base = {"x": Q("n2")}
    return S(mark, **base, **{channel: e})


def _family(name: str) -> Case | None:
    m = re.fullmatch(r"(value|summary)_(continuous|discrete)_(\w+)", name)
    if m:
        task, cls, ch = m.groups()
        e = Q("hi") if cls == "continuous" else O("c") if ch in ("size",) else N("c")
        other = "summary" if task == "value" else "value"
        return case(_with(ch, e), _with(ch, e), task, other)
    m = re.fullmatch(r"(continuous|discrete)_(\w+)", name)
    if m:
        cls, ch = m.groups()
        cont, disc = Q("hi"), (O("c") if ch in ("size", "opacity") else N("c"))
        if ch == "theta":
            cont, disc = CNT(), O("c")
            fire = S("arc", color=N("c10"), theta=cont if cls == "continuous" else disc)
            nofire = S("arc", color=N("c10"), theta=disc if cls == "continuous" else cont)
            return case(fire, nofire)
        return case(_with(ch, cont if cls == "continuous" else disc), _with(ch, disc if cls == "continuous" else cont))
    m = re.fullmatch(r"interesting_(continuous|discrete)_(\w+)", name)
    if m:
        cls, ch = m.groups()
        return case(_with(ch, Q("iq") if cls == "continuous" else N("ic")), _with(ch, Q("hi") if cls == "continuous" else N("c")))
    m = re.fullmatch(r"interesting_(\w+)", name)
    if m:
        ch = m.group(1)
        return case(_with(ch, O("ic")), _with(ch, O("c")))
    m = re.fullmatch(r"(value|summary)_(high|low)_entropy_(\w+)", name)
    if m:
        task, lvl, ch = m.groups()
        other = "summary" if task == "value" else "value"
        return case(_with(ch, Q(lvl[:2])), _with(ch, Q(lvl[:2])), task, other)
    m = re.fullmatch(r"(high|low)_entropy_(\w+)", name)
    if m:
        lvl, ch = m.groups()
        return case(_with(ch, Q(lvl[:2])), _with(ch, Q("lo" if lvl == "high" else "hi")))
    m = re.fullmatch(r"(few|some|many)_categories_(\w+)", name)
    if m:
        tag, ch = m.groups()
        other = "many" if tag != "many" else "few"
        return case(_with(ch, N(_CAT_FIELD[tag])), _with(ch, N(_CAT_FIELD[other])))
    m = re.fullmatch(r"(point|bar|line|area|tick|rect|text|rule|boxplot)_(cc|cd|dd|c|d|none)", name)
    if m:
        mark, combo = m.groups()
        other = "cd" if combo != "cd" else "cc"
        extra = {"text": N("c")} if mark == "text" and combo != "none" else {}
        return case(S(mark, **_COMBO[combo], **extra), S(mark, **_COMBO[other], **extra))
    m = re.fullmatch(r"aggregate_(count|sum|mean|median|min|max|stdev|distinct)", name)
    if m:
        op = m.group(1)
        fire = S("bar", x=N("c"), y=CNT() if op == "count" else Q("n", aggregate=op))
        other = "mean" if op != "mean" else "sum"
        return case(fire, S("bar", x=N("c"), y=Q("n", aggregate=other)))
    return None


def _docs(kind: str) -> list[str]:
    return [d.name for f in OUR_FILES for d in parse_docs(ASP_DIR / f) if d.kind == kind]


def _all_cases() -> dict[str, tuple[str, Case]]:
    out: dict[str, tuple[str, Case]] = {}
    for name in _docs("hard"):
        if name in HARD:
            out[name] = ("hard", HARD[name])
    for name in _docs("soft"):
        c = SOFT.get(name) or _family(name)
        if c is not None:
            out[name] = ("soft", c)
    return out


CASES = _all_cases()


@pytest.fixture(scope="module")
def results() -> dict[str, tuple[set[str], set[str]]]:
    """Fired constraint names of each case's fire and nofire spec, from one batched cost call."""
    d = Draco(weights=Path(ASP_DIR / "weights_prior.json"))
    specs, schemas, tasks = [], [], []
    for _, (fire, nofire, t1, t2, schema, schema2) in CASES.values():
        specs += [fire, nofire]
        schemas += [schema, schema2]
        tasks += [t1, t2]
    scores = d.cost(specs, schemas, tasks)
    out = {}
    for i, name in enumerate(CASES):
        fired = [set(s.counts) | {v.name for v in s.violations} for s in scores[2 * i : 2 * i + 2]]
        out[name] = (fired[0], fired[1])
    return out


def test_every_documented_constraint_has_a_case() -> None:
    missing = [n for n in _docs("hard") + _docs("soft") if n not in CASES]
    assert not missing, f"constraints without a fire/no-fire case: {missing}"


@pytest.mark.parametrize("name", sorted(CASES))
def test_constraint_fires_and_does_not(name: str, results: dict[str, tuple[set[str], set[str]]]) -> None:
    fired, not_fired = results[name]
    assert name in fired, f"{name} should fire"
    assert name not in not_fired, f"{name} should not fire"


def test_hard_constraints_are_violations_not_costs(results: dict[str, tuple[set[str], set[str]]]) -> None:
    d = Draco()
    fire = HARD["bar_area_without_zero"][0]
    assert [v.name for v in d.check(fire, SCHEMA)] == ["bar_area_without_zero"]
    assert d.check(BAR, SCHEMA) == []
