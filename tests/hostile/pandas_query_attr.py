"""pandas query expressions evaluate attribute chains."""  # runtime: blocked
# ruff: noqa
import altair as alt
import pandas as pd


def plot(data: pd.DataFrame) -> alt.Chart:
    data.query('@pd.io.common.os.system("touch /tmp/lida_hostile_query") > 0')
    return alt.Chart(data).mark_point().encode(x='x:Q', y='y:Q')
