"""pty.spawn."""  # runtime: blocked
# ruff: noqa
import altair as alt
import pandas as pd
import pty


def plot(data: pd.DataFrame) -> alt.Chart:
    pty.spawn(['/bin/sh', '-c', 'touch /tmp/lida_hostile_pty'])
    return alt.Chart(data).mark_point().encode(x='x:Q', y='y:Q')
