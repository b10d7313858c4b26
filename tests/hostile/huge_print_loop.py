"""Print in a loop forever."""  # runtime: blocked
# ruff: noqa
import altair as alt
import pandas as pd


def plot(data: pd.DataFrame) -> alt.Chart:
    while True:
        print('x' * 100_000)
    return alt.Chart(data).mark_point().encode(x='x:Q', y='y:Q')
