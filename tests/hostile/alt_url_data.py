"""Chart that loads a local file by URL: vl-convert would read file:// when rendering."""  # runtime: blocked
# ruff: noqa
import altair as alt
import pandas as pd


def plot(data: pd.DataFrame) -> alt.Chart:
    return alt.Chart(alt.UrlData('file:///etc/passwd', format=alt.DataFormat(type='dsv', delimiter=':'))).mark_text().encode(text='root:N')
