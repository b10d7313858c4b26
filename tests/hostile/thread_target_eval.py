"""A thread whose target is the real exec: no chart code is on that thread's stack."""  # runtime: blocked
# ruff: noqa
import altair as alt
import pandas as pd


def plot(data: pd.DataFrame) -> alt.Chart:
    threading = alt.utils.deprecation.threading
    worker = threading.Thread(target=alt.__builtins__['exec'], args=("import sys; sys.modules",))
    worker.start()
    worker.join()
    return alt.Chart(data).mark_point().encode(x='x:Q', y='y:Q')
