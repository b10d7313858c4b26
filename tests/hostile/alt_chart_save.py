"""Chart.save writes a file."""  # runtime: blocked
# ruff: noqa
import altair as alt
import pandas as pd


def plot(data: pd.DataFrame) -> alt.Chart:
    alt.Chart(data).mark_point().save('/tmp/lida_hostile_alt_save.html')
    return alt.Chart(data).mark_point().encode(x='x:Q', y='y:Q')
