"""Part-to-whole and count goals only where they say something: no dominant slice, not all counts equal."""

from __future__ import annotations

import numpy as np
import pandas as pd

from lida.offline import goals
from summarizer import summarize


def _pies(frame: pd.DataFrame) -> list[str]:
    return [g.question for g in goals(summarize(frame), 8) if g.intent.mark == "arc"]


def _frame(groups: list[str]) -> pd.DataFrame:
    rng = np.random.default_rng(0)
    return pd.DataFrame({"group": groups, "value": rng.normal(50, 10, len(groups))})


def test_uneven_shares_get_a_pie():
    assert _pies(_frame(["a"] * 50 + ["b"] * 30 + ["c"] * 20))


def test_one_dominant_slice_gets_no_pie():
    assert not _pies(_frame(["a"] * 95 + ["b"] * 3 + ["c"] * 2))


def test_equal_slices_get_no_pie():
    assert not _pies(_frame(["a", "b", "c", "d"] * 25))


def _count_charts(frame: pd.DataFrame) -> list[str]:
    questions = [g.question for g in goals(summarize(frame), 8)]
    return [q for q in questions if "most common" in q or "share of the records" in q]


def test_equal_counts_get_no_count_chart():
    assert not _count_charts(_frame(["a", "b", "c", "d"] * 25))
    assert _count_charts(_frame(["a"] * 50 + ["b"] * 30 + ["c"] * 20))
