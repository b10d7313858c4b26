"""str.format attribute traversal to read module globals."""  # runtime: blocked
# ruff: noqa
import altair as alt
import pandas as pd


def plot(data: pd.DataFrame) -> alt.Chart:
    leak = '{0.__class__.__init__.__globals__}'.format(data)
    print(leak)
    return alt.Chart(data).mark_point().encode(x='x:Q', y='y:Q')
