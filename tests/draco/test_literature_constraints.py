"""Each constraint of soft_literature.lp fires on a chart built for it and not on a near twin.

The twin differs in the one thing the source is about (the task, the channel, the ramp, the stack),
and all specs are scored in one batched Draco.cost run.
"""

from __future__ import annotations

from typing import Any

import pytest
from helpers.vl import N, O, Q, T

from draco import DataSchema, Draco, FieldSchema
from draco.kb import ASP_DIR, parse_docs

F = FieldSchema
SCHEMA = DataSchema(
    num_rows=120,
    fields=(
        F("cat", "string", 5, 2.3),
        F("c8", "string", 8, 3.0),
        F("grp", "string", 3, 1.5),
        F("val", "number", 120, 6.0, 0, 100),
        F("val2", "number", 120, 6.0, 0, 100),
        F("sval", "number", 120, 6.0, -50, 50),
        F("time", "datetime", 120, 6.9),
    ),
)


def S(mark: Any, **channels: Any) -> dict[str, Any]:
    return {"mark": mark, "encoding": channels}


SUM = Q("val", aggregate="sum")
BAR = S("bar", x=N("cat"), y=SUM)
PIE = S("arc", theta=SUM, color=N("cat"))
STACKED = S("bar", x=N("cat"), y=SUM, color=N("grp"))
GROUPED = S("bar", x=N("cat"), y=SUM, color=N("grp"), xOffset=N("grp"))
SCATTER = S("point", x=Q("val"), y=Q("val2"))
LINE = S("line", x=T("time"), y=Q("val", aggregate="mean"))


def heat(scheme: str | None, field: str = "val") -> dict[str, Any]:
    colour = Q(field, aggregate="sum") if scheme is None else Q(field, aggregate="sum", scale={"scheme": scheme})
    return S("rect", x=O("cat"), y=O("grp"), color=colour)


#: name -> (fire spec, fire task, no-fire spec, no-fire task)
CASES: dict[str, tuple[dict[str, Any], str, dict[str, Any], str]] = {
    "lit_quantity_angle": (PIE, "compare", PIE, "part_to_whole"),
    "lit_quantity_area": (S("point", x=N("cat"), size=SUM), "compare", BAR, "compare"),
    "lit_quantity_colour": (S("rect", x=N("cat"), color=SUM), "compare", S("rect", x=N("cat"), color=SUM), "summary"),
    "lit_quantity_off_position": (S("point", x=N("cat"), size=SUM), "summary", BAR, "summary"),
    "lit_unaligned_facets": (S("bar", x=N("cat"), y=SUM, row=N("grp")), "summary", S("bar", x=N("cat"), y=SUM, column=N("grp")), "summary"),
    "lit_separated_compare": (S("bar", x=N("cat"), y=SUM, column=N("grp")), "compare", GROUPED, "compare"),
    "lit_stacked_judge": (STACKED, "compare", GROUPED, "compare"),
    "lit_normalized_judge": (S("bar", x=N("cat"), y=Q("val", aggregate="sum", stack="normalize"), color=N("grp")), "value", STACKED, "part_to_whole"),
    "lit_dodged_total": (GROUPED, "part_to_whole", GROUPED, "compare"),
    "lit_part_whole_hidden": (BAR, "part_to_whole", PIE, "part_to_whole"),
    "lit_radial_not_part_whole": (PIE, "trend", PIE, "part_to_whole"),
    "lit_radial_judge": (PIE, "extremes", BAR, "extremes"),
    "lit_shape_groups": (S("point", x=Q("val"), y=Q("val2"), shape=N("grp")), "summary", S("point", x=Q("val"), y=Q("val2"), color=N("grp")), "summary"),
    "lit_ordinal_size": (S("point", x=Q("val"), y=Q("val2"), size=O("grp")), "summary", S("point", x=Q("val"), y=Q("val2"), color=O("grp")), "summary"),
    "lit_groups_off_position": (S("point", y=Q("val"), color=N("grp")), "value", S("point", x=N("grp"), y=Q("val")), "value"),
    "lit_rainbow": (heat("rainbow"), "summary", heat("viridis"), "summary"),
    "lit_diverging_one_sided": (heat("redblue"), "summary", heat("redblue", "sval"), "summary"),
    "lit_sequential_two_sided": (heat("blues", "sval"), "summary", heat("redblue", "sval"), "summary"),
    "lit_categorical_ramp": (heat("category10"), "summary", heat("greens"), "summary"),
    "lit_ordered_ramp_nominal": (S("point", x=Q("val"), y=Q("val2"), color=N("grp", scale={"scheme": "blues"})), "summary", S("point", x=Q("val"), y=Q("val2"), color=N("grp", scale={"scheme": "set2"})), "summary"),
    "lit_trend_unconnected": (S("bar", x=T("time"), y=Q("val", aggregate="mean")), "trend", LINE, "trend"),
    "lit_trend_unordered": (BAR, "trend", LINE, "trend"),
    "lit_correlate_not_scatter": (S("point", x=Q("val"), color=Q("val2")), "correlate", SCATTER, "correlate"),
    "lit_correlate_connected": (S("line", x=Q("val"), y=Q("val2")), "correlate", SCATTER, "correlate"),
    "lit_correlate_aggregated": (S("point", x=Q("val", bin=True), y=Q("val2", aggregate="mean")), "correlate", SCATTER, "correlate"),
    "lit_distribution_hidden": (S("bar", x=N("cat"), y=Q("val", aggregate="mean")), "distribution", S("bar", x=Q("val", bin=True), y=Q("val", aggregate="count")), "distribution"),
    "lit_extremes_colour": (S("rect", x=T("time"), color=Q("val", aggregate="mean")), "extremes", LINE, "extremes"),
    "lit_extremes_split": (S("line", x=T("time"), y=Q("val", aggregate="mean"), row=N("grp")), "extremes", S("line", x=T("time"), y=Q("val", aggregate="mean"), color=N("grp")), "extremes"),
    "lit_unsorted_extremes": (S("bar", x=N("c8"), y=SUM), "extremes", S("bar", x=N("c8", sort="-y"), y=SUM), "extremes"),
}  # fmt: skip


def _documented() -> list[str]:
    return [d.name for d in parse_docs(ASP_DIR / "soft_literature.lp") if d.kind == "soft"]


@pytest.fixture(scope="module")
def fired() -> dict[str, tuple[set[str], set[str]]]:
    d = Draco()
    specs, tasks = [], []
    for fire, t1, nofire, t2 in CASES.values():
        specs += [fire, nofire]
        tasks += [t1, t2]
    scores = d.cost(specs, [SCHEMA] * len(specs), tasks)
    out = {}
    for i, name in enumerate(CASES):
        pair = scores[2 * i : 2 * i + 2]
        assert not pair[0].violations and not pair[1].violations, (name, pair[0].violations, pair[1].violations)
        out[name] = (set(pair[0].counts), set(pair[1].counts))
    return out


def test_every_literature_constraint_has_a_case_and_a_source() -> None:
    docs = {d.name: d.description for d in parse_docs(ASP_DIR / "soft_literature.lp") if d.kind == "soft"}
    assert sorted(docs) == sorted(CASES)
    for name, text in docs.items():
        assert "(" in text and any(ch.isdigit() for ch in text), f"{name}: the description must cite its source"


@pytest.mark.parametrize("name", sorted(CASES))
def test_literature_constraint_fires_and_does_not(name: str, fired: dict[str, tuple[set[str], set[str]]]) -> None:
    yes, no = fired[name]
    assert name in yes, f"{name} should fire"
    assert name not in no, f"{name} should not fire"


def test_every_literature_constraint_has_a_prior() -> None:
    from draco.kb import read_weights

    prior = read_weights(ASP_DIR / "weights_literature_prior.json")
    assert sorted(prior) == sorted(_documented())
    assert all(v > 0 for v in prior.values()), "a literature constraint with prior 0 would have no opinion"
