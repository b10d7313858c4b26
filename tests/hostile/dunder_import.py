"""__import__('os')."""  # runtime: blocked
# ruff: noqa
import altair as alt
import pandas as pd


def plot(data: pd.DataFrame) -> alt.Chart:
    __import__('os').system('touch /tmp/lida_hostile_dunder_import')
    return alt.Chart(data).mark_point().encode(x='x:Q', y='y:Q')
