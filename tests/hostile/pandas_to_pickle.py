"""DataFrame.to_pickle to a path."""  # runtime: blocked
# ruff: noqa
import altair as alt
import pandas as pd


def plot(data: pd.DataFrame) -> alt.Chart:
    data.to_pickle('/tmp/lida_hostile_to_pickle.pkl')
    return alt.Chart(data).mark_point().encode(x='x:Q', y='y:Q')
