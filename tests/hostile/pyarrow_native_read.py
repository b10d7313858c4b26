"""pyarrow's C++ reads /etc/passwd past the audit hook: the kernel rules stop it."""  # runtime: blocked
# ruff: noqa
import altair as alt
import pandas as pd


def plot(data: pd.DataFrame) -> alt.Chart:
    text = pd.core.arrays.arrow.array.pa.OSFile('/etc/passwd').read()
    print(text)
    return alt.Chart(data).mark_point().encode(x='x:Q', y='y:Q')
