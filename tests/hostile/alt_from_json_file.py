"""alt.Chart.from_json on a file's contents."""  # runtime: blocked
# ruff: noqa
import altair as alt
import pandas as pd


def plot(data: pd.DataFrame) -> alt.Chart:
    return alt.Chart.from_json(open('/etc/passwd').read())
    return alt.Chart(data).mark_point().encode(x='x:Q', y='y:Q')
