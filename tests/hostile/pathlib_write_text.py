"""pathlib write_text."""  # runtime: blocked
# ruff: noqa
import altair as alt
import pandas as pd
import pathlib


def plot(data: pd.DataFrame) -> alt.Chart:
    pathlib.Path('/tmp/lida_hostile_pathlib').write_text('pwned')
    return alt.Chart(data).mark_point().encode(x='x:Q', y='y:Q')
