"""Walk up the stack from a traceback to the runner's globals."""  # runtime: blocked
# ruff: noqa
import altair as alt
import pandas as pd


def plot(data: pd.DataFrame) -> alt.Chart:
    try:
        1 / 0
    except ZeroDivisionError as exc:
        frame = exc.__traceback__.tb_frame.f_back
        frame.f_globals['os'].system('touch /tmp/lida_hostile_frames')
    return alt.Chart(data).mark_point().encode(x='x:Q', y='y:Q')
