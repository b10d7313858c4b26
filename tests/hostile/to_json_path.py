"""DataFrame.to_json with a path (not caught by name: the audit hook stops it)."""  # runtime: blocked
# ruff: noqa
import altair as alt
import pandas as pd


def plot(data: pd.DataFrame) -> alt.Chart:
    data.to_json('/tmp/lida_hostile_to_json.json')
    return alt.Chart(data).mark_point().encode(x='x:Q', y='y:Q')
