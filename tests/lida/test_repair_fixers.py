"""Each deterministic fixer on a real broken snippet: the original fails (or draws a wrong chart),
the fixed code runs and passes validation, and the fixer says what it did."""

from __future__ import annotations

import pandas as pd
import pytest
from helpers.repair_helpers import cars, dates_as_text, open_sandbox, problems, years

from lida.fixers.deterministic import deterministic_repair
from lida.fixers.model import FixContext
from lida.fixers.names import match_field

pytestmark = pytest.mark.slow  # starts sandbox workers (run the quick tests with -m 'not slow')


@pytest.fixture(scope="module")
def box():
    with open_sandbox() as runner:
        yield runner


CARS = cars()
YEARS = years()
DATES = dates_as_text()

# (name, broken code, data, repair kind expected)
BROKEN = [
    (
        "markdown-fence",
        'Here is the chart you asked for:\n\n```python\nimport altair as alt\n\ndef plot(data):\n'
        '    return alt.Chart(data).mark_point().encode(x="Horsepower:Q", y="Miles_per_Gallon:Q")\n```\n'
        "This scatter plot shows how horsepower relates to fuel economy.",
        CARS,
        "markdown",
    ),
    (
        "prose-no-fence",
        "Sure! The following code creates the chart.\nimport altair as alt\ndef plot(data):\n"
        '    return alt.Chart(data).mark_bar().encode(x="Origin:N", y="count():Q")\n'
        "I hope this chart helps you understand the data better.",
        CARS,
        "markdown",
    ),
    (
        "tabs",
        'import altair as alt\ndef plot(data):\n\tc = alt.Chart(data).mark_point().encode(x="Horsepower:Q", y="Acceleration:Q")\n'
        "        return c\n",
        CARS,
        "indentation",
    ),
    (
        "field-case-and-spacing",
        "import altair as alt\ndef plot(data):\n"
        '    return alt.Chart(data).mark_point().encode(x="horsepower:Q", y=alt.Y("miles per gallon", type="quantitative"),\n'
        '                                               color="origin:N", tooltip=["name", "Weight_In_Lbs"])\n',
        CARS,
        "field-name",
    ),
    (
        "field-typo-in-transforms",
        "import altair as alt\ndef plot(data):\n"
        "    return (alt.Chart(data).transform_filter(alt.datum.horsepower > 100)\n"
        '            .transform_aggregate(mean_mpg="mean(Miles_per_Galon)", groupby=["origin"])\n'
        '            .mark_bar().encode(x="origin:N", y="mean_mpg:Q"))\n',
        CARS,
        "field-name",
    ),
    (
        "field-in-pandas",
        "import altair as alt\nimport pandas as pd\ndef plot(data):\n"
        '    agg = data.groupby("origin")["horsepower"].mean().reset_index()\n'
        '    return alt.Chart(agg).mark_bar().encode(x="origin:N", y="horsepower:Q")\n',
        CARS,
        "field-name",
    ),
    (
        "field-in-expression",
        "import altair as alt\ndef plot(data):\n"
        "    return alt.Chart(data).transform_calculate(ratio=\"datum.horsepower / datum['weight_in_lbs']\")"
        '.mark_point().encode(x="Weight_in_lbs:Q", y="ratio:Q")\n',
        CARS,
        "field-name",
    ),
    (
        "missing-imports",
        "def plot(data):\n"
        '    data = data[data["Horsepower"] > np.percentile(data["Horsepower"].dropna(), 10)]\n'
        '    return alt.Chart(data).mark_point().encode(x="Horsepower:Q", y="Miles_per_Gallon:Q")\n',
        CARS,
        "missing-import",
    ),
    (
        "missing-return",
        "import altair as alt\ndef plot(data):\n"
        '    chart = alt.Chart(data).mark_bar().encode(x=alt.X("Origin:N"), y=alt.Y("mean(Horsepower):Q"))\n'
        "    chart.show()\n",
        CARS,
        "missing-return",
    ),
    (
        "top-level-script",
        "import altair as alt\nimport pandas as pd\n\n"
        'df = pd.read_csv("cars.csv")\n'
        'chart = alt.Chart(df).mark_point().encode(x="Horsepower", y="Miles_per_Gallon")\n'
        'chart.save("chart.html")\n'
        "chart\n",
        CARS,
        "wrap",
    ),
    (
        "function-with-other-name",
        "import altair as alt\n\ndef create_chart(df):\n"
        '    return alt.Chart(df).mark_point().encode(x="Horsepower", y="Miles_per_Gallon")\n\n'
        "chart = create_chart(df)\nchart.display()\n",
        CARS,
        "wrap",
    ),
    (
        "undefined-df",
        "import altair as alt\nimport pandas as pd\n\ndef plot(data: pd.DataFrame) -> alt.Chart:\n"
        '    chart = alt.Chart(df).mark_point().encode(x="Horsepower:Q", y="Miles_per_Gallon:Q")\n'
        "    return chart\n",
        CARS,
        "undefined-data",
    ),
    (
        "renderer-and-vegafusion",
        'import altair as alt\nalt.renderers.enable("notebook")\nalt.data_transformers.enable("vegafusion")\n\n'
        "def plot(data):\n"
        '    return alt.Chart(data).mark_point().encode(x="Horsepower:Q", y="Miles_per_Gallon:Q")\n',
        CARS,
        "side-effect",
    ),
    (
        "altair4-selections",
        "import altair as alt\ndef plot(data):\n"
        '    sel = alt.selection_single(fields=["Origin"], bind=alt.binding_select(options=["USA", "Europe", "Japan"]),\n'
        '                               init={"Origin": "USA"})\n'
        '    brush = alt.selection(type="interval")\n'
        '    return (alt.Chart(data).mark_point().encode(x="Horsepower:Q", y="Miles_per_Gallon:Q",\n'
        "            opacity=alt.condition(sel, alt.value(1), alt.value(0.2)))\n"
        "            .add_selection(sel).properties(selection=brush))\n",
        CARS,
        "altair-api",
    ),
    (
        "scale-options",
        "import altair as alt\ndef plot(data):\n"
        '    return alt.Chart(data).mark_point().encode(x=alt.X("Horsepower:Q", scale=alt.Scale(type="logarithmic", zero="false")),\n'
        '        y="Miles_per_Gallon:Q", color=alt.Color("Origin:N", scale=alt.Scale(scheme="Category10")))\n',
        CARS,
        "altair-api",
    ),
    (
        "snake-case-options",
        "import altair as alt\ndef plot(data):\n"
        '    return alt.Chart(data).mark_line(stroke_dash=[4, 2], stroke_width=2).encode(x="Year:T", y="mean(Horsepower):Q")\n',
        CARS,
        "altair-api",
    ),
    (
        "configure-inside-layer",
        "import altair as alt\ndef plot(data):\n"
        '    points = alt.Chart(data).mark_point().encode(x="Horsepower:Q", y="Miles_per_Gallon:Q").configure_axis(grid=False)\n'
        '    line = alt.Chart(data).transform_regression("Horsepower", "Miles_per_Gallon").mark_line().encode(x="Horsepower:Q", y="Miles_per_Gallon:Q")\n'
        "    return points + line\n",
        CARS,
        "altair-api",
    ),
    (
        "type-words",
        "import altair as alt\ndef plot(data):\n"
        '    return alt.Chart(data).mark_bar().encode(x=alt.X("Origin:categorical"), y=alt.Y("mean(Horsepower):q"),\n'
        '        color=alt.Color("Cylinders", type="categorical"))\n',
        CARS,
        "encoding-type",
    ),
    (
        "aggregate-names",
        "import altair as alt\ndef plot(data):\n"
        '    return alt.Chart(data).mark_bar().encode(x="Origin:N", y="avg(Horsepower):Q", color=alt.Color("Acceleration:Q", aggregate="std"))\n',
        CARS,
        "aggregate",
    ),
    (
        "dotted-field-name",
        "import altair as alt\ndef plot(data):\n"
        '    return alt.Chart(data).mark_point().encode(x="price.usd:Q", y=alt.Y(field="weight.kg", type="quantitative"))\n',
        pd.DataFrame({"price.usd": [1.0, 2.5, 3.1], "weight.kg": [3.0, 1.0, 2.0]}),
        "field-escape",
    ),
    (
        "int-year-as-temporal",
        "import altair as alt\ndef plot(data):\n"
        '    return alt.Chart(data).mark_line().encode(x="Year:T", y="sum(Sales):Q")\n',
        YEARS,
        "dates",
    ),
    (
        "text-dates-as-temporal",
        "import altair as alt\ndef plot(data):\n"
        '    return alt.Chart(data).mark_line().encode(x=alt.X("month(day)", title="Month"), y="sum(visits):Q")\n',
        DATES,
        "dates",
    ),
]


@pytest.mark.parametrize(("name", "code", "data", "kind"), BROKEN, ids=[b[0] for b in BROKEN])
def test_fixer_turns_broken_snippet_into_valid_chart(name, code, data, kind, box):
    before = problems(code, data, box)
    assert before is not None, f"{name}: the snippet was meant to be broken"
    fixed = deterministic_repair(code, FixContext.from_frame(data, before))
    assert kind in {r.kind for r in fixed.repairs}, fixed.repairs
    after = problems(fixed.code, data, box)
    if after is not None and name == "configure-inside-layer":
        # the first error hid the second: the loop reruns with the new error, so do the same here
        fixed = deterministic_repair(fixed.code, FixContext.from_frame(data, after))
        after = problems(fixed.code, data, box)
    assert after is None, f"{name}: still broken after {fixed.repairs}:\n{fixed.code}"


def test_text_dates_fix_inserts_to_datetime():
    code = BROKEN[-1][1]
    fixed = deterministic_repair(code, FixContext.from_frame(DATES))
    assert 'data["day"] = pd.to_datetime(data["day"], errors="coerce")' in fixed.code


def test_year_fix_converts_with_format():
    fixed = deterministic_repair(BROKEN[-2][1], FixContext.from_frame(YEARS))
    assert 'pd.to_datetime(data["Year"].astype(str), format="%Y")' in fixed.code


def test_valid_code_is_left_alone():
    code = (
        "import altair as alt\n\ndef plot(data):\n"
        "    # mean horsepower by origin\n"
        '    return alt.Chart(data).mark_bar().encode(x="Origin:N", y=alt.Y("mean(Horsepower):Q", title="horsepower"))\n'
    )
    fixed = deterministic_repair(code, FixContext.from_frame(CARS))
    assert fixed.code == code
    assert fixed.repairs == []


def test_field_fix_keeps_comments_and_titles():
    code = (
        "import altair as alt\n\ndef plot(data):\n"
        "    # horsepower by origin\n"
        '    return alt.Chart(data).mark_bar().encode(x="origin:N", y=alt.Y("mean(horsepower):Q", title="horsepower"))\n'
    )
    fixed = deterministic_repair(code, FixContext.from_frame(CARS)).code
    assert "# horsepower by origin" in fixed
    assert 'title="horsepower"' in fixed
    assert '"mean(Horsepower):Q"' in fixed and '"Origin:N"' in fixed


def test_derived_names_are_not_renamed():
    code = (
        "import altair as alt\n\ndef plot(data):\n"
        '    data["origin_count"] = data.groupby("Origin")["Name"].transform("count")\n'
        '    return alt.Chart(data).transform_calculate(power="datum.Horsepower * 2").mark_point().encode(\n'
        '        x="power:Q", y="origin_count:Q")\n'
    )
    fixed = deterministic_repair(code, FixContext.from_frame(CARS))
    assert fixed.code == code


@pytest.mark.parametrize(
    ("name", "fields", "expected"),
    [
        ("horsepower", ["Horsepower", "Name"], "Horsepower"),
        ("Horse_power", ["Horsepower", "Name"], "Horsepower"),
        ("miles per gallon", ["Miles_per_Gallon"], "Miles_per_Gallon"),
        ("Miles_per_Galon", ["Miles_per_Gallon", "Acceleration"], "Miles_per_Gallon"),
        ("sales_2019", ["sales_2020", "sales_2018"], None),  # numbers mean something: never guessed
        ("a_b", ["A B", "a-b"], None),  # two fields normalise the same: ambiguous
        ("price", ["Horsepower", "Name"], None),  # nothing close
    ],
)
def test_match_field(name, fields, expected):
    assert match_field(name, fields) == expected
