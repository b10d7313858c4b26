"""Write a file with open(..., 'w')."""  # runtime: blocked
# ruff: noqa
import altair as alt
import pandas as pd


def plot(data: pd.DataFrame) -> alt.Chart:
    with open('/tmp/lida_hostile_write_open', 'w') as f:
        f.write('pwned')
    return alt.Chart(data).mark_point().encode(x='x:Q', y='y:Q')
