"""Read an API key from the environment and put it in the chart."""  # runtime: blocked
# ruff: noqa
import altair as alt
import pandas as pd
import os


def plot(data: pd.DataFrame) -> alt.Chart:
    key = os.environ['OPENAI_API_KEY']
    return alt.Chart(data).mark_point().encode(x='x:Q').properties(title=key)
    return alt.Chart(data).mark_point().encode(x='x:Q', y='y:Q')
