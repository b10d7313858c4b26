"""Image mark that draws a local file into the PNG (file:// URL as a mark property)."""  # runtime: blocked
# ruff: noqa
import altair as alt
import pandas as pd


def plot(data: pd.DataFrame) -> alt.Chart:
    return alt.Chart(data).mark_image(url="file:///etc/hostname", width=20, height=20).encode(x="x:Q", y="y:Q")
