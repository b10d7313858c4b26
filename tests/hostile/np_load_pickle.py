"""numpy load with pickles allowed."""  # runtime: blocked
# ruff: noqa
import altair as alt
import pandas as pd
import numpy as np


def plot(data: pd.DataFrame) -> alt.Chart:
    np.load('/etc/hostname', allow_pickle=True)
    return alt.Chart(data).mark_point().encode(x='x:Q', y='y:Q')
