"""A generated sequence of a billion rows."""  # runtime: blocked
# ruff: noqa
import altair as alt
import pandas as pd


def plot(data: pd.DataFrame) -> alt.Chart:
    return alt.Chart(alt.sequence(0, 1_000_000_000, as_="n")).mark_point().encode(x="n:Q")
