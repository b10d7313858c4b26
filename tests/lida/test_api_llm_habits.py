"""The LLM path with answers like a small real model's (issue 13), through the scripted server and the
real sandbox: goals that name abbreviated columns are kept, code with abbreviations, misspelt
parameters and file reads is repaired without another LLM call, matplotlib code is marked for a new
chart, and a table with nothing worth drawing costs no call at all."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.llm_server import Reply, ScriptedServer, chat_body

from lida.api import Lida
from lida.llm import LLMConfig, TextGenerator

pytestmark = pytest.mark.slow  # starts sandbox workers (run the quick tests with -m 'not slow')

CARS = Path(__file__).resolve().parents[2] / "lida" / "examples" / "cars.json"

GOALS = {
    "goals": [
        {"question": "How does hp relate to MPG?", "visualization": "scatter of hp vs MPG", "rationale": "trade-off",
         "fields": ["hp", "MPG"], "chart": {"mark": "point"}},
        {"question": "How heavy are the cars by origin?", "visualization": "bar of mean Weight by origin",
         "rationale": "size", "fields": ["Weight", "origin"], "chart": {"mark": "bar"}},
        {"question": "How does accel vary with disp?", "visualization": "scatter of accel vs disp",
         "rationale": "engines", "fields": ["accel", "disp"], "chart": {"mark": "point"}},
    ]
}

# What the real model wrote: no fence, its own data file, short names, typos in parameter names.
CODES = [
    "import altair as alt\nimport pandas as pd\n\ndef plot(data):\n    df = pd.read_csv('cars.csv')\n"
    "    return alt.Chart(df).mark_point().encode(x='hp:Q', y='MPG:Q').properties(widht=400)\n",
    "import altair as alt\n\ndef plot(data):\n"
    "    return alt.Chart(data).mark_bar().encode(x='origin:N', y='mean(Weight):Q', colour='origin:N')\n",
    "import matplotlib.pyplot as plt\n\ndef plot(data):\n    fig, ax = plt.subplots()\n"
    "    ax.scatter(data['accel'], data['disp'])\n    return fig\n",
]


def _llm(server: ScriptedServer, tmp_path: Path) -> TextGenerator:
    return TextGenerator(LLMConfig(provider="openai-compatible", base_url=server.url, api_key="k", model="test-model",
                                   timeout=5.0, max_retries=0, cache_path=tmp_path / "c.sqlite"))


def test_small_model_answers_are_repaired_or_marked(llm_server: ScriptedServer, tmp_path: Path):
    llm_server.reply_json(GOALS)
    for code in CODES:
        llm_server.queue(Reply(body=chat_body(code)))
    with Lida(llm=_llm(llm_server, tmp_path), sandbox_workers=1, max_llm_repairs=0) as lida:
        # a persona keeps the run to the model's goals: a plain run also ranks the offline pool with them,
        # which may push every LLM chart out of the top 3 (see test_api_llm for that path)
        run = lida.run(CARS, n=3, persona="a car buyer")

    # abbreviated goal fields were mapped to real columns, so no goal was dropped
    assert [g.question for g in run.goals][:3] == [g["question"] for g in GOALS["goals"]]
    assert {"Horsepower", "Miles_per_Gallon"} <= {f for g in run.goals for f in g.fields}
    llm_charts = [c for c in run.charts if c.source == "llm"]
    assert len(llm_charts) == 2, [f.reason for f in run.failures]
    for chart in llm_charts:
        stages = [a.stage for a in chart.attempts]
        assert stages[0] == "initial" and "deterministic" in stages and "llm" not in stages
    repairs = " | ".join(r for c in llm_charts for a in c.attempts for r in a.repairs)
    for note in ("(widht=) -> width=", "(colour=) -> color=", "file-read:"):
        assert note in repairs, repairs
    # short names are fixed by the same matcher, on the answer (lida.llm.fields) or in the loop
    code = "\n".join(c.code for c in llm_charts)
    for real in ("Horsepower:Q", "Miles_per_Gallon:Q", "mean(Weight_in_lbs):Q", "Origin:N"):
        assert real in code, code
    scatter = [c for c in llm_charts if "width=400" in c.code]
    assert len(scatter) == 1 and scatter[0].spec.get("width") == 400
    # the matplotlib answer is not repaired: it is marked so that the goal is drawn again another way
    # and, with the offline generator standing in, the goal is drawn again and the chart says why
    assert not run.failures, [f.reason for f in run.failures]
    redrawn = [c for c in run.charts if c.goal.question == GOALS["goals"][2]["question"]]
    assert len(redrawn) == 1 and redrawn[0].source == "offline", [c.source for c in run.charts]
    assert redrawn[0].origin is not None and "matplotlib" in redrawn[0].origin
    assert llm_server.unscripted == 0 and len(llm_server.requests) == 4  # goals + three answers, no repair call


def test_nothing_to_draw_costs_no_llm_call(llm_server: ScriptedServer, tmp_path: Path):
    path = tmp_path / "one.csv"
    path.write_text("city,population\nLyon,522250\n", encoding="utf-8")
    with Lida(llm=_llm(llm_server, tmp_path), sandbox_workers=1) as lida:
        run = lida.run(path)
    assert run.charts == [] and run.note is not None and "single row" in run.note
    assert llm_server.requests == []
