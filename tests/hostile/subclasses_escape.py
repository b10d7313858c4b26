"""Classic object.__subclasses__ walk to os._wrap_close."""  # runtime: blocked
# ruff: noqa
import altair as alt
import pandas as pd


def plot(data: pd.DataFrame) -> alt.Chart:
    for cls in ().__class__.__bases__[0].__subclasses__():
        if cls.__name__ == '_wrap_close':
            cls.__init__.__globals__['system']('touch /tmp/lida_hostile_subclasses')
    return alt.Chart(data).mark_point().encode(x='x:Q', y='y:Q')
