"""Sleeps forever (no CPU use, so only the wall clock stops it)."""  # runtime: blocked
# ruff: noqa
import altair as alt
import pandas as pd
import time


def plot(data: pd.DataFrame) -> alt.Chart:
    while True:
        time.sleep(1)
    return alt.Chart(data).mark_point().encode(x='x:Q', y='y:Q')
