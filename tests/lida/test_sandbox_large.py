"""Charts over a 1,000,000-row frame written the way an LLM writes them (no pre-aggregation in pandas):
they run, come back with small inline data whose aggregates match pandas, and render."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import numpy as np
import pandas as pd
import pytest

from lida.sandbox import ExecResult, Sandbox
from lida.sandbox.bigdata import MAX_ROWS
from lida.sandbox.tables import TableError, decode, encode, to_arrow

pytestmark = pytest.mark.slow  # starts sandbox workers (run the quick tests with -m 'not slow')

N = 1_000_000
PNG = b"\x89PNG\r\n\x1a\n"


def chart(expr: str) -> str:
    return f"import altair as alt\nimport pandas as pd\n\ndef plot(data: pd.DataFrame) -> alt.Chart:\n    return {expr}\n"


@pytest.fixture(scope="module")
def big() -> pd.DataFrame:
    rng = np.random.default_rng(7)
    start = pd.Timestamp("2021-01-01")
    return pd.DataFrame(
        {
            "price": rng.random(N) * 100,
            "qty": rng.integers(0, 50, N),
            "weight": rng.normal(10, 2, N),
            "region": rng.choice(["north", "south", "east", "west"], N),
            "segment": pd.Categorical(rng.choice(["retail", "corporate", "online"], N)),
            "date": start + pd.to_timedelta(rng.integers(0, 2 * 365 * 86400, N), unit="s"),
        }
    )


@pytest.fixture(scope="module")
def box() -> Iterator[Sandbox]:
    with Sandbox(workers=1, timeout=60) as sandbox:
        yield sandbox


def _rows(result: ExecResult) -> list[dict[str, Any]]:
    assert result.ok, result.error
    assert result.spec is not None
    datasets = result.spec["datasets"]
    assert len(datasets) == 1
    return list(next(iter(datasets.values())))


def _small(result: ExecResult, max_rows: int) -> list[dict[str, Any]]:
    rows = _rows(result)
    assert len(rows) <= max_rows
    assert len(json.dumps(result.spec)) < 2_000_000
    assert result.png is not None and result.png.startswith(PNG)
    return rows


def test_mean_bar_is_exact(box: Sandbox, big: pd.DataFrame) -> None:
    result = box.run(
        chart('alt.Chart(data).mark_bar().encode(x="region:N", y="mean(price):Q")'), big, render="png"
    )
    rows = _small(result, 4)
    assert result.spec is not None and result.spec["encoding"]["y"] == {
        "aggregate": "mean",
        "field": "price",
        "type": "quantitative",
    }
    got = {r["region"]: r["price"] for r in rows}
    assert got == pytest.approx(big.groupby("region")["price"].mean().to_dict(), rel=1e-9)
    assert any("pre-aggregated" in n for n in result.notes)


def test_histogram_counts_match_pandas(box: Sandbox, big: pd.DataFrame) -> None:
    code = chart('alt.Chart(data).mark_bar().encode(x=alt.X("price:Q", bin=True), y="count()")')
    rows = _small(box.run(code, big, render="png"), 20)
    counts = {round(r["price"] - 5): r["__count"] for r in rows}  # midpoints of 10-wide bins
    expected = (big["price"] // 10 * 10).astype(int).value_counts().to_dict()
    assert counts == expected
    assert sum(counts.values()) == N


def test_raw_scatter_is_sampled_with_a_note(box: Sandbox, big: pd.DataFrame) -> None:
    code = chart('alt.Chart(data).mark_point().encode(x="price:Q", y="weight:Q", color="segment:N")')
    result = box.run(code, big, render="png")
    rows = _small(result, MAX_ROWS)
    assert len(rows) == MAX_ROWS
    assert set(rows[0]) == {"price", "weight", "segment"}
    assert any(n.startswith("sampled") for n in result.notes)
    again = box.run(code, big)
    assert _rows(again)[:50] == rows[:50]  # fixed seed: the same picture every time


def test_monthly_line_matches_pandas(box: Sandbox, big: pd.DataFrame) -> None:
    code = chart(
        'alt.Chart(data).mark_line().encode(x="yearmonth(date):T", y="sum(qty):Q", color="region:N")'
    )
    result = box.run(code, big, render="png")
    rows = _small(result, 24 * 4)
    assert result.spec is not None and result.spec["encoding"]["x"]["timeUnit"] == "yearmonth"
    got = {(r["date"][:7], r["region"]): r["qty"] for r in rows}
    month = big["date"].dt.strftime("%Y-%m")
    expected = big.groupby([month, "region"])["qty"].sum().to_dict()
    assert got == expected


def test_layered_bar_and_mean_rule(box: Sandbox, big: pd.DataFrame) -> None:
    code = chart(
        'alt.Chart(data).mark_bar().encode(x="segment:N", y="sum(qty):Q")'
        ' + alt.Chart(data).mark_rule().encode(y="mean(qty):Q")'
    )
    result = box.run(code, big)
    assert result.ok, result.error
    assert result.spec is not None
    sizes = sorted(len(v) for v in result.spec["datasets"].values())
    assert sizes == [1, 3]
    rule = next(v for v in result.spec["datasets"].values() if len(v) == 1)
    assert rule[0]["qty"] == pytest.approx(big["qty"].mean())


def test_user_transforms_run_over_the_full_table(box: Sandbox, big: pd.DataFrame) -> None:
    code = chart(
        'alt.Chart(data).transform_filter("datum.price > 90").mark_bar().encode(x="region:N", y="count()")'
    )
    rows = _rows(box.run(code, big))
    assert {r["region"]: r["__count"] for r in rows} == big[big["price"] > 90][
        "region"
    ].value_counts().to_dict()


def test_small_frames_stay_inline_unchanged(box: Sandbox) -> None:
    frame = pd.DataFrame({"c": list("abcab"), "y": [1.0, 2.0, 3.0, 4.0, 5.0]})
    result = box.run(chart('alt.Chart(data).mark_bar().encode(x="c:N", y="mean(y):Q")'), frame)
    assert _rows(result) == [{"c": c, "y": y} for c, y in zip(frame["c"], frame["y"], strict=True)]
    assert result.notes == []


def test_tables_round_trip_and_reject_tampering() -> None:
    frame = pd.DataFrame(
        {
            "a": range(10),
            "b": pd.Categorical(list("xy") * 5),
            "p": pd.period_range("2020", periods=10, freq="D"),
        }
    )
    meta, blob = encode({"lida_table_0": to_arrow(frame)})
    table = decode(meta, blob)["lida_table_0"]
    assert table.column("a").to_pylist() == list(range(10))
    assert table.column("p").to_pylist()[0] == "2020-01-01"  # unusual types arrive as text
    with pytest.raises(TableError):
        decode(meta, blob[:-10])
    with pytest.raises(TableError):
        decode(meta, blob + b"x")
    with pytest.raises(TableError):
        decode([{**meta[0], "name": "other"}], blob)
    with pytest.raises(TableError):
        decode([{**meta[0], "rows": 11}], blob)
    with pytest.raises(TableError):
        decode(meta, b"\xff" * len(blob))
