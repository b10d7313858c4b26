"""A chart whose to_dict adds 900 levels of nested usermeta, over 6,000 rows (crashed the host's deepcopy)."""  # runtime: blocked
# ruff: noqa
import altair as alt
import numpy as np
import pandas as pd


class Deep(alt.Chart):
    def to_dict(self, *args, **kwargs):
        spec = super().to_dict(*args, **kwargs)
        meta: dict = {}
        for _ in range(900):
            meta = {"m": meta}
        spec["usermeta"] = meta
        return spec


def plot(data: pd.DataFrame) -> alt.Chart:
    big = pd.DataFrame({"x": np.arange(6_000), "y": np.arange(6_000) % 11})
    return Deep(big).mark_point().encode(x="x:Q", y="y:Q")
