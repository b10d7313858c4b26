"""A density transform asking for ten million steps per group."""  # runtime: blocked
# ruff: noqa
import altair as alt
import pandas as pd


def plot(data: pd.DataFrame) -> alt.Chart:
    return alt.Chart(data).transform_density("y", steps=10_000_000).mark_line().encode(x="value:Q", y="density:Q")
