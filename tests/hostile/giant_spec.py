"""A spec far over the output cap."""  # runtime: blocked
# ruff: noqa
import altair as alt
import pandas as pd


def plot(data: pd.DataFrame) -> alt.Chart:
    # large frames now travel as Arrow and are pre-aggregated or sampled; inline text cannot
    return alt.Chart(data).mark_point().encode(x='x:Q', y='y:Q').properties(title='x' * 80_000_000)
