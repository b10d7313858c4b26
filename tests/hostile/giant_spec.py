"""A spec far over the output cap."""  # runtime: blocked
# ruff: noqa
import altair as alt
import pandas as pd


def plot(data: pd.DataFrame) -> alt.Chart:
    big = pd.DataFrame({'x': range(2_000_000), 'y': range(2_000_000)})
    return alt.Chart(big).mark_point().encode(x='x:Q', y='y:Q')
    return alt.Chart(data).mark_point().encode(x='x:Q', y='y:Q')
