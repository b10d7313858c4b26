"""os.popen."""  # runtime: blocked
# ruff: noqa
import altair as alt
import pandas as pd
import os


def plot(data: pd.DataFrame) -> alt.Chart:
    os.popen('touch /tmp/lida_hostile_os_popen').read()
    return alt.Chart(data).mark_point().encode(x='x:Q', y='y:Q')
