"""Leave-one-study-out on synthetic count matrices: a study is judged by weights fit without it."""

from __future__ import annotations

import numpy as np

from draco.learn.features import PairFeatures
from draco.learn.heldout import held_out
from draco.learn.pairs import PairField, PreferencePair


def _pair(source: str, i: int) -> PreferencePair:
    spec = {"mark": "point", "encoding": {}}
    return PreferencePair(source, i, "value", 10, (PairField("f", "number"),), spec, spec)


def _features(rows: list[tuple[str, list[float]]]) -> PairFeatures:
    """Each row: (source, x_negative); x_positive is zero, so the diff is x_negative."""
    neg = np.array([r for _, r in rows], dtype=float)
    return PairFeatures(
        names=("a", "b", "c"),
        negative=neg,
        positive=np.zeros_like(neg),
        negative_cost=np.zeros(len(rows)),
        positive_cost=np.zeros(len(rows)),
        pairs=tuple(_pair(s, i) for i, (s, _) in enumerate(rows)),
        rejected=(),
    )


def test_a_study_is_scored_without_its_own_pairs() -> None:
    # Kim-like pairs want a over b; study "s1" wants b over a (it contradicts them); "s2" only uses c.
    rows = [("kim2018", [1.0, -1.0, 0.0])] * 20 + [("s1", [-1.0, 1.0, 0.0])] * 3 + [("s2", [0.0, 0.0, 1.0])] * 3
    f = _features(rows)
    ho = held_out(f, {"a": 1, "b": 1, "c": 1}, fixed_c=1.0)
    assert set(ho.loso) == {"s1", "s2"} and set(ho.base_only) == {"s1", "s2"}
    # without s1 nothing supports b over a: its pairs are wrong held out, though training on them could fit them
    assert ho.loso["s1"].wrong == 3
    # c is exercised only by s2: left out, it keeps its prior weight (> 0), so s2 stays right
    assert ho.loso["s2"].correct == 3
    assert ho.prior["s1"].ties == 3  # the prior (a = b) cannot tell s1's charts apart
    assert ho.cv["kim2018"].correct == 20
    assert ho.loso_total.total == 6
    assert ho.to_dict()["loso_total"]["correct"] == 3


def test_check_sources_are_never_trained_on() -> None:
    rows = [("kim2018", [1.0, 0.0, 0.0])] * 10 + [("handwritten", [0.0, 1.0, 0.0])] * 5 + [("s1", [0.0, 0.0, 1.0])] * 5
    ho = held_out(_features(rows), {"a": 1, "b": 1, "c": 1}, fixed_c=1.0)
    assert "handwritten" not in ho.cv and "handwritten" not in ho.loso
