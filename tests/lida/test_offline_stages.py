"""edit, explain, evaluate, recommend, personas and persona-biased goals of the offline generator."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from test_offline_charts import check_chart

from draco import Draco
from lida.errors import LidaError
from lida.model import CandidateChart, Persona
from lida.offline import edit, evaluate, explain, goals, personas, recommend, visualize
from summarizer.model import Summary
from summarizer.summarize import load, summarize_loaded


@cache
def _cars() -> tuple[pd.DataFrame, Summary]:
    t = load(Path(__file__).resolve().parents[2] / "lida" / "examples" / "cars.json")
    return t.frame, summarize_loaded(t)


@cache
def _draco() -> Draco:
    return Draco()


def _bar() -> CandidateChart:
    _, s = _cars()
    g = next(g for g in goals(s, 5) if g.intent.mark == "bar" and g.intent.encodings[0].channel == "y")
    return visualize(s, g, draco=_draco())[0]


def _enc(chart: CandidateChart) -> dict[str, Any]:
    assert chart.spec is not None
    return dict(chart.spec["encoding"])


@pytest.mark.parametrize(
    ("instruction", "check"),
    [
        ("make it a line chart", lambda c: c.spec["mark"] == "line" and _enc(c)["x"]["type"] != "quantitative"),
        ("swap axes", lambda c: _enc(c)["x"]["type"] != "quantitative"),
        ("color by Origin", lambda c: _enc(c)["color"]["field"] == "Origin"),
        ("use a log scale", lambda c: _enc(c)["x"]["scale"]["type"] == "log"),
        ("sort ascending", lambda c: _enc(c)["y"]["sort"] == "x"),
        ('title "Heavy cars"', lambda c: c.spec["title"] == "Heavy cars" and '"Heavy cars"' in c.code),
        ("top 3", lambda c: c.goal.intent.top_n == 3 and "nlargest(3)" in c.code),
        ("total", lambda c: _enc(c)["x"]["aggregate"] == "sum"),
        ("show the count", lambda c: _enc(c)["x"]["aggregate"] == "count"),
        ("pie", lambda c: c.spec["mark"] == "arc" and "theta" in _enc(c)),
        ("color by Origin, remove legend", lambda c: "legend=None" in c.code),
    ],
)
def test_edits_change_the_spec_and_the_code_still_runs(instruction: str, check: Any) -> None:
    frame, s = _cars()
    before = _bar()
    after = edit(s, before, instruction)
    assert check(after), (instruction, after.spec)
    assert after.code != before.code
    check_chart(after, frame, render=False)


def test_unknown_edit_is_one_clear_error() -> None:
    _, s = _cars()
    with pytest.raises(LidaError, match=r"cannot apply 'make it sparkle', nothing changed: 'sparkle' .*columns"):
        edit(s, _bar(), "make it sparkle")
    with pytest.raises(LidaError, match=r"'Nonexistent' .*not .* a column of"):
        edit(s, _bar(), "color by Nonexistent")


def test_explain_names_the_encodings() -> None:
    _, s = _cars()
    c = _bar()
    e = explain(s, c, draco=_draco())
    assert c.goal.question in e.what
    fields = [f for f in c.goal.fields]
    assert all(f.replace("_", " ").split()[0] in e.how_to_read for f in fields), e.how_to_read
    assert e.alt_text and "406" in e.alt_text


def test_evaluate_scores_all_dimensions_and_flags_bad_charts() -> None:
    _, s = _cars()
    good = evaluate(s, _bar(), draco=_draco())
    assert set(good.scores) == {"bugs", "transformation", "encoding", "type", "aesthetics", "goal"}
    assert all(1 <= v <= 10 for v in good.scores.values()) and all(good.rationales.values())
    bad_spec = {"mark": "arc", "encoding": {"theta": {"aggregate": "count", "type": "quantitative"},
                                            "color": {"field": "Name", "type": "nominal"}}}
    bad = CandidateChart(goal=_bar().goal, code="", spec=bad_spec)
    worse = evaluate(s, bad, draco=_draco())
    assert worse.overall < good.overall
    assert worse.scores["type"] < good.scores["type"]


def test_recommend_returns_distinct_alternatives() -> None:
    frame, s = _cars()
    c = _bar()
    recs = recommend(s, c, 3, draco=_draco())
    assert 1 <= len(recs) <= 3
    keys = {str(r.spec) for r in recs}
    assert len(keys) == len(recs) and str(c.spec) not in keys
    for r in recs:
        check_chart(r, frame, render=False)


def test_personas_mention_the_data_and_bias_goals() -> None:
    _, s = _cars()
    ps = personas(s, 3)
    assert [p.name for p in ps] == ["analyst", "executive", "data scientist"]
    assert any(f in ps[0].rationale for f in s.field_names)
    plain = goals(s, 5)
    biased = goals(s, 5, Persona("fuel economist", "cares about Miles_per_Gallon and efficiency"))
    assert "Miles_per_Gallon" in biased[0].fields
    assert biased[0].persona == "fuel economist"
    assert [g.question for g in plain] != [g.question for g in biased]


def test_goals_are_deterministic() -> None:
    _, s = _cars()
    assert [g.to_dict() for g in goals(s, 5)] == [g.to_dict() for g in goals(s, 5)]
