"""HTTP through urllib."""  # runtime: blocked
# ruff: noqa
import altair as alt
import pandas as pd
import urllib.request


def plot(data: pd.DataFrame) -> alt.Chart:
    urllib.request.urlopen('http://127.0.0.1:9/?leak=1', timeout=1)
    return alt.Chart(data).mark_point().encode(x='x:Q', y='y:Q')
