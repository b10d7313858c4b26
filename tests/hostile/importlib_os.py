"""importlib.import_module('os')."""  # runtime: blocked
# ruff: noqa
import altair as alt
import pandas as pd
import importlib


def plot(data: pd.DataFrame) -> alt.Chart:
    importlib.import_module('os').system('touch /tmp/lida_hostile_importlib')
    return alt.Chart(data).mark_point().encode(x='x:Q', y='y:Q')
