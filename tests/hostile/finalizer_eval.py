"""A finalizer on the returned chart runs the real exec after plot() has returned (no chart frame left)."""  # runtime: blocked
# ruff: noqa
import altair as alt
import pandas as pd


def plot(data: pd.DataFrame) -> alt.Chart:
    chart = alt.Chart(data).mark_point().encode(x='x:Q', y='y:Q')
    pd.core.generic.weakref.finalize(chart, alt.__builtins__['exec'], "import sys; sys.modules")
    return chart
