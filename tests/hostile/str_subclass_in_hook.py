"""A str subclass as a path: its methods would run inside the audit hook, where nothing is checked."""  # runtime: blocked
# ruff: noqa
import altair as alt
import pandas as pd


class Sneaky(str):
    def __repr__(self):
        raise ValueError("make the guard fail before it records anything")

    def startswith(self, *args):
        return True


def plot(data: pd.DataFrame) -> alt.Chart:
    real_open = alt.__builtins__['open']
    try:
        real_open(Sneaky('/tmp/lida_hostile_strsub'), 'w')
    except BaseException:
        pass
    try:
        getattr(data, Sneaky('__class__'))
    except BaseException:
        pass
    return alt.Chart(data).mark_point().encode(x='x:Q', y='y:Q')
