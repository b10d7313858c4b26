"""href as a mark property."""  # runtime: blocked
# ruff: noqa
import altair as alt
import pandas as pd


def plot(data: pd.DataFrame) -> alt.Chart:
    return alt.Chart(data).mark_point(href="file:///etc/passwd").encode(x="x:Q", y="y:Q")
