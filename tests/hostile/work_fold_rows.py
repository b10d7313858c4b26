"""A fold under the width cap whose rows x width still blow the memory budget (inline data)."""  # runtime: blocked
# ruff: noqa
import altair as alt
import numpy as np
import pandas as pd


def plot(data: pd.DataFrame) -> alt.Chart:
    small = pd.DataFrame({f"c{i}": np.arange(4_000) for i in range(60)})
    return alt.Chart(small).transform_fold([f"c{i}" for i in range(60)] * 15).mark_point().encode(x="value:Q")
