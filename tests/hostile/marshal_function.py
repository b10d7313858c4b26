"""marshal + types.FunctionType to build code."""  # runtime: blocked
# ruff: noqa
import altair as alt
import pandas as pd
import marshal
import types


def plot(data: pd.DataFrame) -> alt.Chart:
    code = marshal.loads(marshal.dumps((lambda: 0).__code__))
    types.FunctionType(code, {})()
    return alt.Chart(data).mark_point().encode(x='x:Q', y='y:Q')
