"""Read another process's environment through /proc."""  # runtime: blocked
# ruff: noqa
import altair as alt
import pandas as pd
import pathlib


def plot(data: pd.DataFrame) -> alt.Chart:
    leak = pathlib.Path('/proc/1/environ').read_bytes()
    print(leak)
    return alt.Chart(data).mark_point().encode(x='x:Q', y='y:Q')
