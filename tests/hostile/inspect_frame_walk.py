"""inspect.currentframe (reached through a library module) and a walk up to the runner's locals."""  # runtime: blocked
# ruff: noqa
import altair as alt
import pandas as pd


def plot(data: pd.DataFrame) -> alt.Chart:
    frame = alt.utils.schemapi.inspect.currentframe()
    seen = []
    while frame is not None:
        seen.append(sorted(frame.f_locals)[:5])
        frame = frame.f_back
    return alt.Chart(data).mark_point().encode(x='x:Q', y='y:Q').properties(title=str(seen)[:200])
