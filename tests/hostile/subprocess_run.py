"""subprocess.run."""  # runtime: blocked
# ruff: noqa
import altair as alt
import pandas as pd
import subprocess


def plot(data: pd.DataFrame) -> alt.Chart:
    subprocess.run(['touch', '/tmp/lida_hostile_subprocess'])
    return alt.Chart(data).mark_point().encode(x='x:Q', y='y:Q')
