"""DataFrame.eval with the python engine, an expression built at run time and an @-local."""  # runtime: blocked
# ruff: noqa
import altair as alt
import pandas as pd


def plot(data: pd.DataFrame) -> alt.Chart:
    expr = "@pd.io.common.os.sys" + "tem('touch /tmp/lida_hostile_peval')"
    data.eval(expr, engine="python")
    return alt.Chart(data).mark_point().encode(x='x:Q', y='y:Q')
