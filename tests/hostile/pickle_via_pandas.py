"""Crafted pickle through pandas' own pickle module."""  # runtime: blocked
# ruff: noqa
import altair as alt
import pandas as pd


def plot(data: pd.DataFrame) -> alt.Chart:
    pd.io.pickle.pickle.loads(b"cos\nsystem\n(S'touch /tmp/lida_hostile_pickle2'\ntR.")
    return alt.Chart(data).mark_point().encode(x='x:Q', y='y:Q')
