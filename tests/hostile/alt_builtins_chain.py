"""Real builtins through an allowed module's __builtins__."""  # runtime: blocked
# ruff: noqa
import altair as alt
import pandas as pd


def plot(data: pd.DataFrame) -> alt.Chart:
    alt.__builtins__['__import__']('os').system('touch /tmp/lida_hostile_alt_builtins')
    return alt.Chart(data).mark_point().encode(x='x:Q', y='y:Q')
