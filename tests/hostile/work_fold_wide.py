"""transform_fold of one column 3,000 times over 20,000 rows: 60M rows in whoever evaluates it."""  # runtime: blocked
# ruff: noqa
import altair as alt
import numpy as np
import pandas as pd


def plot(data: pd.DataFrame) -> alt.Chart:
    big = pd.DataFrame({"a": np.arange(20_000), "b": np.arange(20_000) % 7})
    return alt.Chart(big).transform_fold(["a"] * 3000).mark_point().encode(x="value:Q", y="b:Q")
