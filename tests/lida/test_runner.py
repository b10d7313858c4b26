"""Runners keep going past failures and return every item once."""

from __future__ import annotations

import pytest

from lida.runner import PoolRunner, SerialRunner


def _square_or_fail(x: int) -> int:
    if x == 3:
        raise ValueError("three")
    return x * x


@pytest.mark.parametrize("runner", [SerialRunner(), PoolRunner(2, processes=False), PoolRunner(2, processes=True)])
def test_runner_returns_results_and_errors(runner):
    out = dict(runner.map(_square_or_fail, [1, 2, 3, 4]))
    assert out[1] == 1 and out[2] == 4 and out[4] == 16
    assert isinstance(out[3], ValueError) and str(out[3]) == "three"
