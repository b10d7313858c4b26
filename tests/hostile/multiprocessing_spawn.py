"""multiprocessing."""  # runtime: blocked
# ruff: noqa
import altair as alt
import pandas as pd
import multiprocessing


def plot(data: pd.DataFrame) -> alt.Chart:
    multiprocessing.Process(target=print).start()
    return alt.Chart(data).mark_point().encode(x='x:Q', y='y:Q')
