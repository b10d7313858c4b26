"""The url channel as a constant value."""  # runtime: blocked
# ruff: noqa
import altair as alt
import pandas as pd


def plot(data: pd.DataFrame) -> alt.Chart:
    return alt.Chart(data).mark_image(width=20, height=20).encode(
        x="x:Q", y="y:Q", url=alt.value("http://127.0.0.1:9/exfil")
    )
