"""A dataclass field typed by a string; get_type_hints evaluates it against chart-made globals."""  # runtime: blocked
# ruff: noqa
import altair as alt
import dataclasses
import pandas as pd
import typing


def plot(data: pd.DataFrame) -> alt.Chart:
    Row = dataclasses.make_dataclass("Row", [("x", "E")])
    hints = typing.get_type_hints(Row, {"E": "list(" + "op" + "en('/etc/passwd'))"})
    return alt.Chart(data).mark_point().encode(x='x:Q', y='y:Q').properties(title=str(hints)[:200])
