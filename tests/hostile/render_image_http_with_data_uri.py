"""Data URIs are allowed, but one http row among them still refuses the chart."""  # runtime: blocked
# ruff: noqa
import altair as alt
import pandas as pd

SVG = "data:image/svg+xml;utf8,<svg xmlns='http://www.w3.org/2000/svg' width='4' height='4'/>"


def plot(data: pd.DataFrame) -> alt.Chart:
    frame = data.assign(img=[SVG, SVG, "http://127.0.0.1:9/x.svg"])
    return alt.Chart(frame).mark_image(width=20, height=20).encode(x="x:Q", y="y:Q", url="img:N")
