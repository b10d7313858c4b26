"""A library generator's frame holds the real builtins."""  # runtime: blocked
# ruff: noqa
import altair as alt
import pandas as pd


def plot(data: pd.DataFrame) -> alt.Chart:
    gen = pd.core.common.flatten([1])
    real = gen.gi_frame.f_builtins
    real['open']('/tmp/lida_hostile_gi_frame', 'w')
    return alt.Chart(data).mark_point().encode(x='x:Q', y='y:Q')
