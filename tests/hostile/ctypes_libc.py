"""libc system() through ctypes."""  # runtime: blocked
# ruff: noqa
import altair as alt
import pandas as pd
import ctypes


def plot(data: pd.DataFrame) -> alt.Chart:
    ctypes.CDLL(None).system(b'touch /tmp/lida_hostile_ctypes')
    return alt.Chart(data).mark_point().encode(x='x:Q', y='y:Q')
