"""transform_pivot on a unique key of 20,000 rows: 20,000 columns."""  # runtime: blocked
# ruff: noqa
import altair as alt
import numpy as np
import pandas as pd


def plot(data: pd.DataFrame) -> alt.Chart:
    big = pd.DataFrame({"k": np.arange(20_000).astype(str), "v": np.arange(20_000)})
    return alt.Chart(big).transform_pivot("k", value="v").mark_point().encode(x="v:Q")
