"""An axis asking for a billion ticks."""  # runtime: blocked
# ruff: noqa
import altair as alt
import pandas as pd


def plot(data: pd.DataFrame) -> alt.Chart:
    return alt.Chart(data).mark_point().encode(x=alt.X("x:Q", axis=alt.Axis(tickCount=1_000_000_000)), y="y:Q")
