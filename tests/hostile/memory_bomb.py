"""Allocate until something gives."""  # runtime: blocked
# ruff: noqa
import altair as alt
import pandas as pd


def plot(data: pd.DataFrame) -> alt.Chart:
    hog = []
    while True:
        hog.append(bytearray(50 * 1024 * 1024))
    return alt.Chart(data).mark_point().encode(x='x:Q', y='y:Q')
