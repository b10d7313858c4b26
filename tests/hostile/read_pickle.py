"""pandas read_pickle (arbitrary code on load)."""  # runtime: blocked
# ruff: noqa
import altair as alt
import pandas as pd


def plot(data: pd.DataFrame) -> alt.Chart:
    data = pd.read_pickle('/etc/hostname')
    return alt.Chart(data).mark_point().encode(x='x:Q', y='y:Q')
