"""The one Python API, offline: ranked charts that carry code, spec, cost, history, and save themselves."""

from __future__ import annotations

import json
from pathlib import Path

import altair as alt
import pytest

from lida.api import Lida
from lida.chart import Chart
from lida.errors import LidaError
from lida.rank import chart_key, shown_fields
from summarizer import summarize

pytestmark = pytest.mark.slow  # starts sandbox workers (run the quick tests with -m 'not slow')


@pytest.fixture(scope="module")
def lida():
    with Lida(sandbox_workers=1) as instance:
        yield instance


@pytest.fixture(scope="module")
def cars_run(lida, cars_path_module):
    return lida.run(cars_path_module, n=4)


@pytest.fixture(scope="module")
def cars_path_module() -> Path:
    return Path(__file__).resolve().parents[2] / "lida" / "examples" / "cars.json"


def test_run_returns_ranked_distinct_diverse_charts(cars_run):
    charts = cars_run.charts
    assert len(charts) == 4
    assert [c.rank for c in charts] == [1, 2, 3, 4]
    assert all(isinstance(c.cost, float) and c.cost < 10_000 for c in charts)  # all scored
    assert len({chart_key(c.spec) for c in charts}) == 4
    assert len({shown_fields(c.spec) for c in charts}) >= 3  # not all about the same fields
    for c in charts:
        assert "def plot(data: pd.DataFrame) -> alt.Chart:" in c.code
        assert c.attempts and c.attempts[-1].ok
        assert c.explanation is not None and c.explanation.alt_text
        assert all(cost.contribution > 0 for cost in c.costs)
    assert set(cars_run.timings) >= {"summarize", "goals", "complete", "execute", "render", "rank", "total"}
    assert cars_run.llm_usage is None


def test_chart_saves_every_format(cars_run, tmp_path: Path):
    chart: Chart = cars_run.charts[0]
    assert chart.save(tmp_path / "c.png").read_bytes()[:4] == b"\x89PNG"
    assert "<svg" in chart.save(tmp_path / "c.svg").read_text()
    assert "<html" in chart.save(tmp_path / "c.html").read_text().lower()
    assert json.loads(chart.save(tmp_path / "c.json").read_text())["$schema"].startswith("https://vega.github.io")
    assert chart.save(tmp_path / "c.py").read_text() == chart.code
    with pytest.raises(LidaError, match="unknown format"):
        chart.save(tmp_path / "c.gif")


def test_chart_displays_in_jupyter(cars_run):
    bundle = cars_run.charts[0]._repr_mimebundle_()
    major = alt.SCHEMA_VERSION.lstrip("v").split(".")[0]  # the version Altair writes, not a fixed v5
    assert f"application/vnd.vegalite.v{major}+json" in bundle and "image/png" in bundle


def test_edit_explain_evaluate_recommend(lida, cars_run, cars_path_module):
    summary = cars_run.summary
    chart = next(c for c in cars_run.charts if "line" not in json.dumps(c.spec.get("mark")))
    edited = lida.edit(chart, "make it a line chart", cars_path_module, summary)
    assert "mark_line" in edited.code and edited.cost is not None
    assert lida.explain(chart, summary).what
    evaluation = lida.evaluate(chart, summary)
    assert set(evaluation.scores) >= {"bugs", "encoding", "goal"} and 1 <= evaluation.overall <= 10
    recs = lida.recommend(chart, cars_path_module, summary, n=2)
    assert 1 <= len(recs) <= 2 and all(r.rank for r in recs)


def test_unknown_edit_is_a_clear_error(lida, cars_run, cars_path_module):
    with pytest.raises(LidaError):
        lida.edit(cars_run.charts[0], "sing me a song", cars_path_module, cars_run.summary)


def test_repair_fixes_a_wrong_field_name(lida, cars_path_module):
    code = (
        "import altair as alt\nimport pandas as pd\n\n\ndef plot(data: pd.DataFrame) -> alt.Chart:\n"
        "    return alt.Chart(data).mark_point().encode(x='horsepower:Q', y='Miles_per_Gallon:Q')\n"
    )
    outcome = lida.repair(code, cars_path_module, summarize(cars_path_module))
    assert outcome.ok
    assert "Horsepower" in outcome.code and outcome.repairs


def test_query_answers_the_question(lida, cars_path_module):
    run = lida.run(cars_path_module, n=2, query="average horsepower by origin")
    top = run.charts[0]
    fields = shown_fields(top.spec)
    assert {"Horsepower", "Origin"} <= fields or any("Horsepower" in f for f in fields)


def test_n_below_one_is_refused(lida, cars_path_module):
    with pytest.raises(LidaError, match="at least 1"):
        lida.run(cars_path_module, n=0)
