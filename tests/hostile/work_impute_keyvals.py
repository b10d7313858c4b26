"""An impute over a billion generated key values."""  # runtime: blocked
# ruff: noqa
import altair as alt
import pandas as pd


def plot(data: pd.DataFrame) -> alt.Chart:
    return (
        alt.Chart(data)
        .transform_impute("y", "x", keyvals=alt.ImputeSequence(start=0, stop=1_000_000_000), value=0)
        .mark_line()
        .encode(x="x:Q", y="y:Q")
    )
