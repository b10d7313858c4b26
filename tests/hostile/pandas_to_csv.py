"""DataFrame.to_csv to a path."""  # runtime: blocked
# ruff: noqa
import altair as alt
import pandas as pd


def plot(data: pd.DataFrame) -> alt.Chart:
    data.to_csv('/tmp/lida_hostile_to_csv.csv')
    return alt.Chart(data).mark_point().encode(x='x:Q', y='y:Q')
