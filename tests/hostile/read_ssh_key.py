"""Read the user's SSH key."""  # runtime: blocked
# ruff: noqa
import altair as alt
import pandas as pd
import pathlib


def plot(data: pd.DataFrame) -> alt.Chart:
    key = (pathlib.Path.home() / '.ssh' / 'id_rsa').read_text()
    print(key)
    return alt.Chart(data).mark_point().encode(x='x:Q', y='y:Q')
