"""A thread is refused, catches it and exits quietly; the main thread returns a chart."""  # runtime: blocked
# ruff: noqa
import altair as alt
import pandas as pd


def plot(data: pd.DataFrame) -> alt.Chart:
    def attempt() -> None:
        try:
            open('/tmp/lida_hostile_thread_swallow', 'w')
        except BaseException:
            pass

    worker = alt.utils.deprecation.threading.Thread(target=attempt)
    worker.start()
    worker.join()
    return alt.Chart(data).mark_point().encode(x='x:Q', y='y:Q')
