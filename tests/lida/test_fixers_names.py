"""The field-name matcher, the Altair parameter names read from Altair, and the foreign-library check:
pure functions, no sandbox."""

from __future__ import annotations

import pytest

from lida.fixers.api import altair_parameters, fix_parameter_names
from lida.fixers.inputs import foreign_library
from lida.fixers.model import FixContext
from lida.fixers.names import match_field, tokens

CARS = ["Name", "Miles_per_Gallon", "Cylinders", "Displacement", "Horsepower", "Weight_in_lbs", "Acceleration",
        "Year", "Origin"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Weight", "Weight_in_lbs"),  # the first word of a longer name
        ("lbs", "Weight_in_lbs"),
        ("MPG", "Miles_per_Gallon"),  # initials
        ("mpg", "Miles_per_Gallon"),
        ("miles gallon", "Miles_per_Gallon"),  # the same words without the small ones
        ("Gallon", "Miles_per_Gallon"),
        ("hp", "Horsepower"),  # a known abbreviation
        ("HP", "Horsepower"),
        ("disp", "Displacement"),  # prefixes
        ("accel", "Acceleration"),
        ("cyl", "Cylinders"),
        ("dspl", "Displacement"),  # letters in order
        ("yr", "Year"),
        ("Horse_power", "Horsepower"),  # spelling, as before
        ("count", None),  # Vega-Lite words are never read as abbreviations
        ("value", None),
        ("id", None),
        ("price", None),
        ("nm", None),
    ],
)
def test_match_field_reads_abbreviations(name, expected):
    assert match_field(name, CARS) == expected


def test_match_field_never_guesses_between_two_columns():
    assert match_field("temp", ["temp_max", "temp_min"]) is None
    assert match_field("sales", ["sales_2019", "sales_2020"]) is None  # numbers mean something
    assert match_field("count", ["Country", "Population"]) is None
    assert match_field("temp", ["temp_max", "weather"]) == "temp_max"
    assert match_field("age", ["Average_Grade", "Name"]) is None  # a word, not a shortening
    assert match_field("wght", ["Weight", "Height"]) == "Weight"


def test_tokens_split_separators_and_camel_case():
    assert tokens("WeightInLbs") == ["weight", "in", "lbs"]
    assert tokens("Miles_per_Gallon") == ["miles", "per", "gallon"]
    assert tokens("GDPGrowth rate") == ["gdp", "growth", "rate"]


def test_parameter_names_come_from_altair():
    assert {"width", "height", "title"} <= altair_parameters("*.properties")
    assert {"color", "x", "tooltip"} <= altair_parameters("*.encode")
    assert {"opacity", "strokeWidth"} <= altair_parameters("*.mark_point")
    assert {"type", "domain", "zero"} <= altair_parameters("alt.Scale")
    assert "title" in altair_parameters("alt.X")
    # calls whose keywords are free names (new fields, predicates) are never checked
    assert altair_parameters("*.transform_calculate") == frozenset()
    assert altair_parameters("*.transform_filter") == frozenset()
    assert altair_parameters("alt.value") == frozenset()


@pytest.mark.parametrize(
    ("code", "library"),
    [
        ("import matplotlib.pyplot as plt\ndef plot(data):\n    return plt.gca()\n", "matplotlib"),
        ("from matplotlib import pyplot as plt\n", "matplotlib"),
        ("import seaborn as sns\nsns.histplot(df)\n", "seaborn"),
        ("import plotly.express as px\n", "plotly"),
        ("import plotly.express as px\ndef plot(data)\n    px.bar(data)\n", "plotly"),  # does not even parse
        ("import altair as alt\nimport matplotlib\ndef plot(data):\n    return alt.Chart(data)\n", None),
        ("import altair as alt\ndef plot(data):\n    return alt.Chart(data).mark_bar()\n", None),
    ],
)
def test_foreign_library(code, library):
    assert foreign_library(code) == library


def test_parameter_fix_leaves_other_libraries_alone():
    code = "def plot(data):\n    label = 'x'.encode(errors='ignore')\n    return alt.Chart(data).mark_bar(colour='red')\n"
    fixed, repairs = fix_parameter_names(code, FixContext())
    assert "errors='ignore'" in fixed and "mark_bar(color='red')" in fixed
    assert [r.kind for r in repairs] == ["altair-api"]
