"""os reached through pandas.io.common."""  # runtime: blocked
# ruff: noqa
import altair as alt
import pandas as pd


def plot(data: pd.DataFrame) -> alt.Chart:
    pd.io.common.os.system('touch /tmp/lida_hostile_pd_io_common')
    return alt.Chart(data).mark_point().encode(x='x:Q', y='y:Q')
