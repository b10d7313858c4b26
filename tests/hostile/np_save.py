"""numpy writes a file."""  # runtime: blocked
# ruff: noqa
import altair as alt
import pandas as pd
import numpy as np


def plot(data: pd.DataFrame) -> alt.Chart:
    np.save('/tmp/lida_hostile_np_save.npy', np.arange(3))
    return alt.Chart(data).mark_point().encode(x='x:Q', y='y:Q')
