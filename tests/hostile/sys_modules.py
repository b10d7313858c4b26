"""sys.modules['os']."""  # runtime: blocked
# ruff: noqa
import altair as alt
import pandas as pd
import sys


def plot(data: pd.DataFrame) -> alt.Chart:
    sys.modules['os'].system('touch /tmp/lida_hostile_sys_modules')
    return alt.Chart(data).mark_point().encode(x='x:Q', y='y:Q')
