"""The url channel as a datum, injected by to_dict (Altair's Url channel class has no datum)."""  # runtime: blocked
# ruff: noqa
import altair as alt
import pandas as pd


class WithDatum(alt.Chart):
    def to_dict(self, *args, **kwargs):
        spec = super().to_dict(*args, **kwargs)
        spec["encoding"]["url"] = {"datum": "file:///etc/hostname"}
        return spec


def plot(data: pd.DataFrame) -> alt.Chart:
    return WithDatum(data).mark_image(width=20, height=20).encode(x="x:Q", y="y:Q")
