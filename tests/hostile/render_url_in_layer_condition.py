"""A URL hidden in a condition of the url channel, inside a layer."""  # runtime: blocked
# ruff: noqa
import altair as alt
import pandas as pd


def plot(data: pd.DataFrame) -> alt.Chart:
    base = alt.Chart(data).encode(x="x:Q", y="y:Q")
    img = base.mark_image(width=20, height=20).encode(
        url=alt.condition(alt.datum.x > 1, alt.value("http://127.0.0.1:9/a"), alt.value("data:image/png;base64,AAAA"))
    )
    return base.mark_point() + img
