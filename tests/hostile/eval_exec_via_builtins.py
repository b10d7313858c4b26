"""exec through an allowed module's builtins."""  # runtime: blocked
# ruff: noqa
import altair as alt
import pandas as pd


def plot(data: pd.DataFrame) -> alt.Chart:
    alt.__builtins__['exec']("import os; os.system('touch /tmp/lida_hostile_exec')")
    return alt.Chart(data).mark_point().encode(x='x:Q', y='y:Q')
