"""pandas reads /etc/passwd."""  # runtime: blocked
# ruff: noqa
import altair as alt
import pandas as pd


def plot(data: pd.DataFrame) -> alt.Chart:
    data = pd.read_csv('/etc/passwd', sep=':', header=None)
    return alt.Chart(data).mark_point().encode(x='x:Q', y='y:Q')
