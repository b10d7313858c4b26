"""getattr on __builtins__ to find the real import."""  # runtime: blocked
# ruff: noqa
import altair as alt
import pandas as pd


def plot(data: pd.DataFrame) -> alt.Chart:
    imp = getattr(__builtins__, '__import__', None) or __builtins__['__import__']
    imp('os').system('touch /tmp/lida_hostile_getattr_builtins')
    return alt.Chart(data).mark_point().encode(x='x:Q', y='y:Q')
