"""Attribute names built at run time to dodge a static check."""  # runtime: blocked
# ruff: noqa
import altair as alt
import pandas as pd


def plot(data: pd.DataFrame) -> alt.Chart:
    name = '__' + 'class' + '__'
    base = getattr(getattr(data, name), '__' + 'mro' + '__')[-1]
    for cls in getattr(base, '__' + 'subclasses' + '__')():
        if cls.__name__ == 'Popen':
            cls(['touch', '/tmp/lida_hostile_getattr_concat'])
    return alt.Chart(data).mark_point().encode(x='x:Q', y='y:Q')
