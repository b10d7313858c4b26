"""ctypes reached through numpy.ctypeslib."""  # runtime: blocked
# ruff: noqa
import altair as alt
import pandas as pd
import numpy as np


def plot(data: pd.DataFrame) -> alt.Chart:
    np.ctypeslib.ctypes.CDLL(None).system(b'touch /tmp/lida_hostile_np_ctypes')
    return alt.Chart(data).mark_point().encode(x='x:Q', y='y:Q')
