"""Crafted pickle payload."""  # runtime: blocked
# ruff: noqa
import altair as alt
import pandas as pd
import pickle


def plot(data: pd.DataFrame) -> alt.Chart:
    pickle.loads(b"cos\nsystem\n(S'touch /tmp/lida_hostile_pickle'\ntR.")
    return alt.Chart(data).mark_point().encode(x='x:Q', y='y:Q')
