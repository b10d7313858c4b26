"""Catch the refusal and carry on: the run still fails."""  # runtime: blocked
# ruff: noqa
import altair as alt
import pandas as pd


def plot(data: pd.DataFrame) -> alt.Chart:
    try:
        open('/tmp/lida_hostile_swallow', 'w')
    except BaseException:
        pass
    return alt.Chart(data).mark_point().encode(x='x:Q', y='y:Q')
