"""Chart code asks for postponed annotations itself, then has typing evaluate one with its own globals."""  # runtime: blocked
# ruff: noqa
from __future__ import annotations

import altair as alt
import pandas as pd
import typing


def probe(x: E) -> None:
    return None


def plot(data: pd.DataFrame) -> alt.Chart:
    text = "op" + "en('/tmp/lida_hostile_future', 'w')"
    typing.get_type_hints(probe, {"E": text})
    return alt.Chart(data).mark_point().encode(x='x:Q', y='y:Q')
