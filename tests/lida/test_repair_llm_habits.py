"""What real models write (issue 13), each through the real repair loop and sandbox: the snippet fails
or draws a wrong chart as written, a deterministic fixer makes it a valid chart, and the attempt
history says what was done. Code for another plotting library is not repaired but marked for a new
chart; a chart that encodes nothing is rejected."""

from __future__ import annotations

import pandas as pd
import pytest
from helpers.repair_helpers import cars, open_sandbox

from draco import Draco
from lida.repair.loop import RepairLoop, repair_and_run
from lida.repair.validate import no_encoding_issues

pytestmark = pytest.mark.slow  # starts sandbox workers (run the quick tests with -m 'not slow')

CARS = cars()
GAPPY_YEARS = pd.DataFrame({"Year": [2001, None, 2003, 2004, 2005], "Sales": [3.0, 4.5, 4.1, 5.2, 6.0]})
DATED = pd.DataFrame({"date": pd.date_range("2001-01-01", periods=6, freq="YS"), "Sales": [3.0, 4.5, 4.1, 5.2, 6.0, 5.5]})
INT_YEARS = pd.DataFrame({"Year": [2001, 2002, 2003, 2004, 2005], "Sales": [3.0, 4.5, 4.1, 5.2, 6.0]})


@pytest.fixture(scope="module")
def box():
    """The product's sandbox, and the product's design check with it (as Lida runs the loop)."""
    with open_sandbox() as runner:
        yield runner


@pytest.fixture(scope="module")
def loop(box) -> RepairLoop:
    return RepairLoop(box, draco=Draco())


# (name, code as a model wrote it, data, repair kind the history must show, text the fixed code must hold)
HABITS = [
    (
        "abbreviated-fields",
        "import altair as alt\ndef plot(data):\n"
        "    return alt.Chart(data).mark_point().encode(x='hp:Q', y='MPG:Q', color='Weight:Q', size='disp:Q',\n"
        "                                               tooltip=['accel', 'Name'])\n",
        CARS, "field-name", "x=\"Horsepower:Q\", y=\"Miles_per_Gallon:Q\", color=\"Weight_in_lbs:Q\", size=\"Displacement:Q\"",
    ),
    (
        "abbreviated-fields-in-pandas",
        "import altair as alt\ndef plot(data):\n"
        "    agg = data.groupby('origin')['mpg'].mean().reset_index()\n"
        "    return alt.Chart(agg).mark_bar().encode(x='origin:N', y='mpg:Q')\n",
        CARS, "field-name", "data.groupby(\"Origin\")[\"Miles_per_Gallon\"]",
    ),
    (
        "int-years-as-temporal",
        "import altair as alt\ndef plot(data):\n    return alt.Chart(data).mark_line().encode(x='Year:T', y='Sales:Q')\n",
        INT_YEARS, "dates", 'pd.to_datetime(data["Year"].astype(str), format="%Y")',
    ),
    (
        "years-with-a-gap-as-temporal",
        "import altair as alt\ndef plot(data):\n"
        "    return alt.Chart(data).mark_line().encode(x=alt.X('Year', type='temporal'), y='Sales:Q')\n",
        GAPPY_YEARS, "dates", 'astype("Int64").astype(str), format="%Y", errors="coerce"',
    ),
    (
        "derived-years-as-temporal",
        "import altair as alt\ndef plot(data):\n    data['year'] = data['date'].dt.year\n"
        "    return alt.Chart(data).mark_line().encode(x='year:T', y='sum(Sales):Q')\n",
        DATED, "dates", 'x="year:O"',
    ),
    (
        "derived-years-as-temporal-channel",
        "import altair as alt\ndef plot(data):\n    data['year'] = data['date'].dt.year\n"
        "    return alt.Chart(data).mark_bar().encode(x=alt.X('year', type='temporal', timeUnit='year'), y='sum(Sales):Q')\n",
        DATED, "dates", "x=alt.X('year', type=\"ordinal\")",
    ),
    (
        "misspelt-parameters",
        "import altair as alt\ndef plot(data):\n"
        "    return (alt.Chart(data).mark_point(opactiy=0.6)\n"
        "            .encode(x=alt.X('Horsepower:Q', tittle='Horsepower (hp)'), y='Miles_per_Gallon:Q', colour='Origin:N')\n"
        "            .properties(widht=300, heigth=200))\n",
        CARS, "altair-api", "mark_point(opacity=0.6)",
    ),
    (
        "read-csv-inside-plot",
        "import altair as alt\nimport pandas as pd\n\ndef plot(data):\n"
        "    df = pd.read_csv('cars.csv')\n"
        "    return alt.Chart(df).mark_point().encode(x='Horsepower:Q', y='Miles_per_Gallon:Q')\n",
        CARS, "file-read", "    df = data\n",
    ),
    (
        "read-overwrites-the-parameter",
        "import altair as alt\nimport pandas as pd\n\ndef plot(data):\n"
        "    data = pd.read_json('cars.json')\n"
        "    return alt.Chart(data).mark_point().encode(x='Horsepower:Q', y='Miles_per_Gallon:Q')\n",
        CARS, "file-read", "def plot(data):\n    return alt.Chart(data)",
    ),
    (
        "with-open-file",
        "import altair as alt\nimport pandas as pd\n\ndef plot(data):\n    with open('cars.csv') as f:\n"
        "        df = pd.read_csv(f)\n"
        "    return alt.Chart(df).mark_point().encode(x='Horsepower:Q', y='Miles_per_Gallon:Q')\n",
        CARS, "file-read", "def plot(data):\n    df = data\n",
    ),
    (
        "json-load-of-a-file",
        "import altair as alt\nimport json\nimport pandas as pd\n\ndef plot(data):\n"
        "    df = pd.DataFrame(json.load(open('cars.json')))\n"
        "    return alt.Chart(df).mark_point().encode(x='Horsepower:Q', y='Miles_per_Gallon:Q')\n",
        CARS, "file-read", "df = pd.DataFrame(data)",
    ),
    (
        "vega-datasets-sample",
        "import altair as alt\nfrom vega_datasets import data\n\ndef plot(data):\n"
        "    source = data.cars()\n"
        "    return alt.Chart(source).mark_point().encode(x='Horsepower:Q', y='Miles_per_Gallon:Q')\n",
        CARS, "file-read", "    source = data\n",
    ),
    (
        "top-level-read-used-in-plot",
        "import altair as alt\nimport pandas as pd\ncars = pd.read_csv('cars.csv')\n\ndef plot(data):\n"
        "    return alt.Chart(cars).mark_point().encode(x='Horsepower:Q', y='Miles_per_Gallon:Q')\n",
        CARS, "file-read", "    cars = data\n",
    ),
    (
        "global-df-without-plot",
        "import altair as alt\nchart = alt.Chart(df).mark_bar().encode(x='Origin:N', y='mean(Horsepower):Q')\n",
        CARS, "wrap", "def plot(data):",
    ),
    (
        "global-data-expression-without-plot",
        "import altair as alt\nalt.Chart(data).mark_bar().encode(x='Origin:N', y='count()')\n",
        CARS, "wrap", "    return alt.Chart(data)",
    ),
    (
        "plot-without-parameter",
        "import altair as alt\n\ndef plot():\n    return alt.Chart(df).mark_bar().encode(x='Origin:N', y='count()')\n",
        CARS, "data-parameter", "def plot(data):",
    ),
    (
        "script-that-runs-plot",
        "import altair as alt\n\ndef plot(data):\n    return alt.Chart(data).mark_bar().encode(x='Origin:N', y='count()')\n\n"
        "chart = plot(df)\nchart.show()\n",
        CARS, "plot-run", "y='count()')\n",
    ),
    (
        "main-block",
        "import altair as alt\nimport pandas as pd\n\ndef plot(data):\n"
        "    return alt.Chart(data).mark_bar().encode(x='Origin:N', y='count()')\n\n"
        "if __name__ == '__main__':\n    df = pd.read_csv('cars.csv')\n    plot(df).save('chart.html')\n",
        CARS, "plot-run", "y='count()')\n",
    ),
    (
        "returns-the-spec-dict",
        "import altair as alt\n\ndef plot(data):\n    chart = alt.Chart(data).mark_bar().encode(x='Origin:N', y='count()')\n"
        "    return chart.to_dict()\n",
        CARS, "return-chart", "    return chart\n",
    ),
    (
        "returns-show",
        "import altair as alt\n\ndef plot(data):\n    chart = alt.Chart(data).mark_bar().encode(x='Origin:N', y='count()')\n"
        "    return chart.show()\n",
        CARS, "return-chart", "    return chart\n",
    ),
]


CODE = {h[0]: h[1] for h in HABITS}


@pytest.mark.parametrize(("name", "code", "data", "kind", "expected"), HABITS, ids=[h[0] for h in HABITS])
def test_loop_repairs_what_models_write(name, code, data, kind, expected, loop):
    out = loop.run(code, data)
    assert out.ok, f"{name}: {out.reason}\n{out.code}"
    first = out.attempts[0]
    assert first.stage == "initial" and not first.ok, f"{name}: the snippet was meant to be broken"
    assert out.attempts[-1].stage == "deterministic"
    assert kind in {r.kind for r in out.repairs}, out.repairs
    assert expected.replace("'", '"') in out.code.replace("'", '"'), out.code
    history = [line for record in out.records() for line in record.repairs]
    assert any(line.startswith(kind + ":") for line in history), history


def test_abbreviations_are_named_in_the_history(box):
    out = repair_and_run(CODE['abbreviated-fields'], CARS, None, box)
    details = {r.detail for r in out.repairs if r.kind == "field-name"}
    for short, real in [("hp", "Horsepower"), ("MPG", "Miles_per_Gallon"), ("Weight", "Weight_in_lbs"),
                        ("disp", "Displacement"), ("accel", "Acceleration")]:
        assert any(d.startswith(f"{short!r} -> {real!r}") for d in details), details


def test_misspelt_parameters_are_each_noted(box):
    out = repair_and_run(CODE['misspelt-parameters'], CARS, None, box)
    notes = " | ".join(r.detail for r in out.repairs if r.kind == "altair-api")
    for wrong, right in [("widht", "width"), ("heigth", "height"), ("colour", "color"), ("opactiy", "opacity"),
                         ("tittle", "title")]:
        assert f"({wrong}=) -> {right}=" in notes, notes
    assert out.spec["width"] == 300 and out.spec["height"] == 200


FOREIGN = [
    ("matplotlib", "import matplotlib.pyplot as plt\n\ndef plot(data):\n    fig, ax = plt.subplots()\n"
                   "    ax.scatter(data['Horsepower'], data['Miles_per_Gallon'])\n    return fig\n"),
    ("seaborn", "import seaborn as sns\n\ndef plot(data):\n    return sns.barplot(data=data, x='Origin', y='Horsepower')\n"),
    ("plotly", "import plotly.express as px\nfig = px.scatter(df, x='Horsepower', y='Miles_per_Gallon')\nfig.show()\n"),
]


@pytest.mark.parametrize(("library", "code"), FOREIGN, ids=[f[0] for f in FOREIGN])
def test_other_plotting_library_is_marked_for_a_new_chart(library, code, box):
    asked: list[str] = []

    def llm_repair(summary, code, error):  # must not be called: no repair turns this into Altair
        asked.append(code)
        return code

    out = RepairLoop(box, llm_repair=llm_repair).run(code, CARS)
    assert not out.ok and out.regenerate and out.foreign == library
    assert asked == []
    assert library in (out.reason or "") and "draw this goal again" in (out.reason or "")
    assert [a.stage for a in out.attempts] == ["initial", "deterministic"]
    note = out.records()[-1]
    assert any(r.startswith("foreign-library:") for r in note.repairs)
    assert out.to_dict()["foreign"] == library


def test_altair_code_with_a_stray_import_is_not_foreign(box):
    code = ("import altair as alt\nimport matplotlib\n\ndef plot(data):\n"
            "    return alt.Chart(data).mark_point().encode(x='Horsepower:Q', y='Miles_per_Gallon:Q')\n")
    out = repair_and_run(code, CARS, None, box)
    assert out.foreign is None and not out.regenerate


def test_bare_mark_is_rejected_with_a_clear_message(box):
    code = "import altair as alt\n\ndef plot(data):\n    return alt.Chart(data).mark_point()\n"
    out = repair_and_run(code, CARS, None, box)  # no draco: the validator alone must catch it
    assert not out.ok
    issues = out.attempts[0].issues
    assert [i.kind for i in issues] == ["no-encoding"]
    assert "encodes no data" in issues[0].message and "Horsepower" in issues[0].message


def test_encoding_check_accepts_counts_facets_and_reference_layers():
    data = {"values": [{"a": 1, "b": "x"}]}
    assert no_encoding_issues({"data": data, "mark": "point"})
    assert no_encoding_issues({"data": data, "mark": "rule", "encoding": {"y": {"datum": 3}}})
    assert not no_encoding_issues({"data": data, "mark": "bar", "encoding": {"y": {"aggregate": "count", "type": "quantitative"}}})
    assert not no_encoding_issues({"data": data, "layer": [
        {"mark": "rule", "encoding": {"y": {"datum": 3}}},
        {"mark": "point", "encoding": {"x": {"field": "a", "type": "quantitative"}}},
    ]})
    assert not no_encoding_issues({"data": data, "facet": {"field": "b", "type": "nominal"}, "spec": {"mark": "point"}})
