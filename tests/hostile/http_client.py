"""HTTP through http.client."""  # runtime: blocked
# ruff: noqa
import altair as alt
import pandas as pd
import http.client


def plot(data: pd.DataFrame) -> alt.Chart:
    conn = http.client.HTTPConnection('127.0.0.1', 9, timeout=1)
    conn.request('GET', '/')
    return alt.Chart(data).mark_point().encode(x='x:Q', y='y:Q')
