"""usermeta that vega-embed reads: a loader base URL for every relative load."""  # runtime: blocked
# ruff: noqa
import altair as alt
import pandas as pd


def plot(data: pd.DataFrame) -> alt.Chart:
    chart = alt.Chart(data).mark_point().encode(x="x:Q", y="y:Q")
    chart.usermeta = {"embedOptions": {"loader": {"baseURL": "http://127.0.0.1:9/"}}}
    return chart
