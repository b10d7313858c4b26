"""Deep nesting inside the data: a cell holding 150 nested lists (Altair serializes it; the spec is then too deep)."""  # runtime: blocked
# ruff: noqa
import altair as alt
import pandas as pd


def plot(data: pd.DataFrame) -> alt.Chart:
    cell: list = []
    for _ in range(150):
        cell = [cell]
    return alt.Chart(alt.Data(values=[{"x": 1, "y": 2, "deep": cell}])).mark_point().encode(x="x:Q", y="y:Q")
