"""Do the forbidden thing from a thread."""  # runtime: blocked
# ruff: noqa
import altair as alt
import pandas as pd
import threading


def plot(data: pd.DataFrame) -> alt.Chart:
    t = threading.Thread(target=lambda: open('/tmp/lida_hostile_thread', 'w'))
    t.start()
    t.join()
    return alt.Chart(data).mark_point().encode(x='x:Q', y='y:Q')
