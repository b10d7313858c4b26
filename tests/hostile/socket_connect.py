"""Open a TCP connection."""  # runtime: blocked
# ruff: noqa
import altair as alt
import pandas as pd
import socket


def plot(data: pd.DataFrame) -> alt.Chart:
    socket.create_connection(('127.0.0.1', 22), timeout=1)
    return alt.Chart(data).mark_point().encode(x='x:Q', y='y:Q')
