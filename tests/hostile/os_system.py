"""Shell command through os.system."""  # runtime: blocked
# ruff: noqa
import altair as alt
import pandas as pd
import os


def plot(data: pd.DataFrame) -> alt.Chart:
    os.system('touch /tmp/lida_hostile_os_system')
    return alt.Chart(data).mark_point().encode(x='x:Q', y='y:Q')
