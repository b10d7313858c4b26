"""A ForwardRef built from run-time text compiles it; typing.List[...] builds one too."""  # runtime: blocked
# ruff: noqa
import altair as alt
import pandas as pd
import typing


def plot(data: pd.DataFrame) -> alt.Chart:
    text = "op" + "en('/tmp/lida_hostile_forwardref', 'w')"
    for build in (lambda: typing.ForwardRef(text), lambda: typing.List[text]):
        try:
            ref = build()
            typing.get_type_hints(type("T", (), {"__annotations__": {"x": ref}}))
        except BaseException:
            pass
    return alt.Chart(data).mark_point().encode(x='x:Q', y='y:Q')
