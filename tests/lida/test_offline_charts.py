"""The offline path end to end: goals -> draco completion -> Altair code that runs and renders, for every
bundled vega_datasets table. Code is exec'd in-process here only; the product runs it in the sandbox."""

from __future__ import annotations

from functools import cache, lru_cache
from typing import Any

import altair as alt
import pandas as pd
import pytest
from vega_datasets import local_data

from draco import Draco
from lida.model import SCAFFOLD_SIGNATURE, CandidateChart, Goal
from lida.offline.charts import visualize
from lida.offline.codegen import escape_field, write_code
from lida.offline.goals import goals
from summarizer.model import Summary
from summarizer.summarize import load, summarize_loaded

DATASETS = sorted(local_data.list_datasets())
#: Rendering to PNG is the slow part: a sample of (dataset, goal index) pairs is rendered, the rest to_dict'ed.
RENDER = {("cars", 0), ("seattle-weather", 3), ("sf-temps", 3), ("wheat", 0), ("airports", 0), ("barley", 4),
          ("stocks", 0), ("la-riots", 2)}


@cache
def _table(name: str) -> tuple[pd.DataFrame, Summary]:
    raw = getattr(local_data, name.replace("-", "_"))()
    t = load(raw, name=name)
    return t.frame, summarize_loaded(t)


@lru_cache(maxsize=1)
def _draco() -> Draco:
    return Draco()


def run_code(code: str, frame: pd.DataFrame) -> alt.TopLevelMixin:
    ns: dict[str, Any] = {}
    exec(compile(code, "<chart>", "exec"), ns)
    return ns["plot"](frame.copy())


def referenced_fields(spec: Any) -> set[str]:
    """Every `field` in encodings and tooltips of a Vega-Lite dict, unescaped."""
    out: set[str] = set()
    if isinstance(spec, dict):
        for k, v in spec.items():
            if k == "field" and isinstance(v, str):
                out.add(v.replace("\\", ""))
            elif k != "datasets":
                out |= referenced_fields(v)
    elif isinstance(spec, list):
        for v in spec:
            out |= referenced_fields(v)
    return out


def data_columns(vl: dict[str, Any]) -> set[str]:
    cols: set[str] = set()
    for rows in (vl.get("datasets") or {}).values():
        for row in rows[:50]:
            cols |= set(row)
    return cols


def check_chart(chart: CandidateChart, frame: pd.DataFrame, render: bool) -> dict[str, Any]:
    assert chart.code.startswith("import altair as alt\nimport pandas as pd\n\n\n" + SCAFFOLD_SIGNATURE)
    assert chart.code.rstrip().endswith("return chart")
    obj = run_code(chart.code, frame)
    vl = obj.to_dict()
    missing = referenced_fields(vl) - data_columns(vl)
    assert not missing, f"{chart.goal.question}: fields not in the data {missing}\n{chart.code}"
    if render:
        import vl_convert as vlc

        png = vlc.vegalite_to_png(vl, scale=1)
        assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 8000, chart.code
    return vl


@pytest.mark.parametrize("name", DATASETS)
def test_every_dataset_gets_five_distinct_goals_that_render(name: str) -> None:
    frame, summary = _table(name)
    gs = goals(summary, 5)
    assert len(gs) == 5
    assert len({g.question for g in gs}) == 5
    assert len({(g.intent.mark, g.intent.encodings) for g in gs}) == 5
    for g in gs:
        assert g.source == "offline" and g.fields and all(f in summary.field_names for f in g.fields)
        assert any(f in g.question for f in g.fields), g.question
        [chart] = visualize(summary, g, draco=_draco())
        assert chart.spec is not None
        vl = check_chart(chart, frame, render=(name, g.index) in RENDER)
        assert vl.get("title"), chart.code


def test_year_ints_are_never_raw_temporal() -> None:
    frame, summary = _table("driving")
    for g in goals(summary, 5):
        [chart] = visualize(summary, g, draco=_draco())
        if "year" in g.fields and '"year:T"' in chart.code:
            assert 'pd.to_datetime(data["year"], format="%Y")' in chart.code
            vl = run_code(chart.code, frame).to_dict()
            rows = next(iter(vl["datasets"].values()))
            assert str(rows[0]["year"]).startswith("19")  # dates, not 1970 epoch offsets


def test_big_tables_are_reduced_in_pandas_before_embedding() -> None:
    frame, summary = _table("seattle-temps")
    assert summary.rows > 5000
    for g in goals(summary, 5):
        [chart] = visualize(summary, g, draco=_draco())
        vl = run_code(chart.code, frame).to_dict()
        rows = next(iter(vl["datasets"].values()))
        assert len(rows) <= 5000, chart.code


def _odd_table() -> tuple[pd.DataFrame, Summary]:
    rng = list(range(60))
    frame = pd.DataFrame({
        "price.usd": [float(i * 3 % 17) + 0.5 for i in rng],
        "a:b [x]": [float(i % 7) * 1.5 for i in rng],
        'say "hi"': ["north", "south", "east", "west"] * 15,
    })
    t = load(frame, name="odd")
    return t.frame, summarize_loaded(t)


def test_field_names_with_dots_colons_brackets_and_quotes_render() -> None:
    frame, summary = _odd_table()
    gs = goals(summary, 5)
    assert gs
    for g in gs:
        for chart in visualize(summary, g, draco=_draco()):
            check_chart(chart, frame, render=True)


def test_escape_field_follows_vega_lite() -> None:
    assert escape_field("a.b") == "a\\.b"
    assert escape_field("x[0]") == "x\\[0\\]"
    assert escape_field("plain name") == "plain name"


def test_top_n_filter_for_many_categories() -> None:
    frame, summary = _table("airports")
    g = Goal(question="Top states", visualization="bar", rationale="", fields=["state"],
             intent=goals(summary, 5)[1].intent)
    [chart] = visualize(summary, g, draco=_draco())
    assert "nlargest(15)" in chart.code
    vl = run_code(chart.code, frame).to_dict()
    rows = next(iter(vl["datasets"].values()))
    assert len({r["state"] for r in rows}) == 15


def test_bars_of_categories_are_sorted_by_value() -> None:
    frame, summary = _table("cars")
    spec = {"mark": "bar", "encoding": {"y": {"field": "Origin", "type": "nominal"},
                                        "x": {"field": "Horsepower", "type": "quantitative", "aggregate": "mean"}}}
    code = write_code(spec, summary, title="Horsepower by origin")
    assert 'sort="-x"' in code
    vl = run_code(code, frame).to_dict()
    assert vl["encoding"]["y"]["sort"] == "-x"


def test_visualize_n_returns_distinct_specs() -> None:
    _, summary = _table("cars")
    g = goals(summary, 5)[2]
    charts = visualize(summary, g, n=3, draco=_draco())
    assert 1 <= len(charts) <= 3
    assert len({str(c.spec) for c in charts}) == len(charts)
