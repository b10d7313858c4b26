"""Read /etc/passwd with open()."""  # runtime: blocked
# ruff: noqa
import altair as alt
import pandas as pd


def plot(data: pd.DataFrame) -> alt.Chart:
    text = open('/etc/passwd').read()
    data = pd.DataFrame({'x': [1], 'y': [1], 'leak': [text]})
    return alt.Chart(data).mark_point().encode(x='x:Q', y='y:Q')
