"""pyarrow's C++ file I/O never raises an audit event: only the kernel rules stop it."""  # runtime: blocked
# ruff: noqa
import altair as alt
import pandas as pd


def plot(data: pd.DataFrame) -> alt.Chart:
    pd.core.arrays.arrow.array.pa.OSFile('/tmp/lida_hostile_pyarrow', 'w').write(b'pwned')
    return alt.Chart(data).mark_point().encode(x='x:Q', y='y:Q')
