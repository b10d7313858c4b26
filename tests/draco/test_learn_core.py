"""The learner on synthetic difference matrices whose answer is known, and the pair loader."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from draco.learn import (
    Tally,
    choose_scale,
    cross_validate,
    fit_weights,
    fold_ids,
    integer_weights,
    tally,
)
from draco.learn.pairs import (
    BUNDLED_PAIR_FILES,
    HANDWRITTEN_PAIR_FILE,
    PairsError,
    bundled_path,
    load_pair_file,
    load_pairs,
    parse_pairs,
)


def _separable(seed: int = 3, n: int = 300, d: int = 6) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    truth = np.array([4.0, 2.0, 1.0, 0.0, 3.0, 0.5])[:d]
    diffs = (rng.poisson(1.0, (n, d)) - rng.poisson(1.0, (n, d))).astype(float)
    margins = diffs @ truth
    diffs = diffs[np.abs(margins) > 0.25]
    return diffs * np.sign(diffs @ truth)[:, None], truth


def test_tiny_training_set_has_the_known_answer() -> None:
    # Feature 0 is always worse on the negative side, feature 1 always on the positive side:
    # the learner must raise w0 and push w1 down to its bound.
    diffs = np.array([[1.0, -1.0], [2.0, -1.0], [1.0, 0.0]])
    w = fit_weights(diffs, np.array([0.0, 0.2]), c=10.0)
    assert w[0] > 0.9
    assert w[1] == 0.0  # unconstrained it would go below zero
    assert fit_weights(diffs, np.array([0.0, 0.2]), c=10.0, nonnegative=False)[1] < 0.0
    assert tally(diffs, w) == Tally(correct=3, ties=0, wrong=0)


def test_zero_c_returns_the_prior_and_untouched_features_keep_it() -> None:
    diffs = np.array([[1.0, 0.0, 0.0], [0.0, -1.0, 0.0]])
    prior = np.array([2.0, 3.0, 7.0])
    assert np.allclose(fit_weights(diffs, prior, c=0.0), prior)
    w = fit_weights(diffs, prior, c=5.0)
    assert w[2] == pytest.approx(7.0)  # never fires: stays at the prior
    assert w[1] < 3.0


def test_weights_are_non_negative_even_when_data_pulls_below_zero() -> None:
    rng = np.random.default_rng(0)
    diffs = rng.normal(size=(200, 5))
    diffs[:, 2] = -np.abs(diffs[:, 2]) - 1.0  # feature 2 would want a large negative weight
    w_bounded = fit_weights(diffs, np.ones(5), c=10.0)
    w_free = fit_weights(diffs, np.ones(5), c=10.0, nonnegative=False)
    assert np.all(w_bounded >= 0.0)
    assert w_free[2] < 0.0
    assert np.all(integer_weights(w_free, 10.0) >= 0)


def test_recovers_a_separable_ranking_and_is_deterministic() -> None:
    diffs, truth = _separable()
    a = cross_validate(diffs, np.zeros(truth.size), c=1.0)
    b = cross_validate(diffs, np.zeros(truth.size), c=1.0)
    assert a.tally.accuracy > 0.97
    assert np.array_equal(a.per_pair_margin, b.per_pair_margin)
    nested = cross_validate(diffs, np.ones(truth.size))
    assert nested.tally.accuracy > 0.95
    assert len(nested.chosen_c) == 5


def test_identical_features_are_ties_not_correct() -> None:
    diffs = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0]])
    t = tally(diffs, np.array([1.0, 0.0]))
    assert (t.correct, t.ties, t.wrong) == (1, 2, 0)
    assert t.accuracy == pytest.approx(1 / 3)


def test_fold_ids_are_fixed_and_balanced() -> None:
    ids = fold_ids(23)
    assert np.array_equal(ids, fold_ids(23))
    assert sorted(np.bincount(ids).tolist()) == [4, 4, 5, 5, 5]


def test_integer_scale_keeps_accuracy() -> None:
    diffs, truth = _separable()
    w = fit_weights(diffs, np.zeros(truth.size), c=1.0)
    scale = choose_scale(diffs, w)
    assert tally(diffs, integer_weights(w, scale).astype(float)).accuracy >= tally(diffs, w).accuracy - 0.002


def test_bundled_pairs_load() -> None:
    pairs = load_pairs(bundled_path(n) for n in BUNDLED_PAIR_FILES)
    assert len(pairs) == 874
    assert {p.source for p in pairs} == {"kim2018", "saket2018"}
    assert {p.task for p in pairs} == {"value", "summary"}
    hand = load_pair_file(bundled_path(HANDWRITTEN_PAIR_FILE))
    assert 20 <= len(hand) <= 30
    assert all(p.source == "handwritten" for p in hand)


def test_shared_pairs_match_the_bundled_copy() -> None:
    shared = Path(__file__).resolve().parents[3] / "shared" / "data" / "preferences" / "kim2018.json"
    if not shared.exists():
        pytest.skip("no ../shared data on this machine")
    assert json.loads(shared.read_text()) == json.loads(bundled_path("kim2018.json").read_text())


@pytest.mark.parametrize(
    ("doc", "message"),
    [
        ([], "'data' list"),
        ({"data": []}, "source"),
        ({"source": "x", "data": [{"fields": [], "negative": {}, "positive": {}}]}, "non-empty"),
        (
            {"source": "x", "data": [{"fields": [{"name": "a", "type": "number"}], "positive": {}}]},
            "negative",
        ),
        (
            {
                "source": "x",
                "data": [
                    {
                        "fields": [{"name": "a", "type": "number"}],
                        "task": "explore",
                        "negative": {"mark": "bar"},
                        "positive": {"mark": "bar"},
                    }
                ],
            },
            "task",
        ),
        (
            {
                "source": "x",
                "data": [
                    {
                        "fields": [{"name": "a", "type": "number"}],
                        "negative": {"mark": "bar", "encoding": {"x": {"field": "zz"}}},
                        "positive": {"mark": "bar"},
                    }
                ],
            },
            "unknown field",
        ),
    ],
)
def test_malformed_pairs_raise_one_clear_error(doc: object, message: str) -> None:
    with pytest.raises(PairsError, match=message):
        parse_pairs(doc, origin="t.json")


def test_unreadable_file_is_a_pairs_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    with pytest.raises(PairsError, match="not JSON"):
        load_pair_file(bad)
    with pytest.raises(PairsError, match="no such"):
        load_pair_file(tmp_path / "missing.json")


def test_a_floor_keeps_an_essential_weight_up_where_the_pairs_pull_it_down() -> None:
    diffs = np.array([[1.0, -1.0], [2.0, -1.0], [1.0, 0.0]])
    w = fit_weights(diffs, np.array([0.0, 0.2]), c=10.0, floor=np.array([0.0, 0.5]))
    assert w[1] == pytest.approx(0.5)  # without the floor it goes to 0
    assert w[0] > 0.9


def test_shipped_floors_hold_in_the_shipped_weights() -> None:
    from draco.kb import ASP_DIR, read_weights
    from draco.learn import load_floors

    floors, shipped, prior = load_floors(), read_weights(ASP_DIR / "weights.json"), read_weights(ASP_DIR / "weights_prior.json")
    assert floors, "weights_floor.json lists the essential preferences"
    scale = shipped["encoding"] / prior["encoding"]  # encoding is never exercised by the pairs: scaled prior
    for name, lo in floors.items():
        assert shipped[name] >= lo * scale, name


def test_ranksvm_is_a_scikit_learn_estimator() -> None:
    from sklearn.base import clone

    from draco.learn import RankSVM

    diffs, truth = _separable()
    est = RankSVM(C=2.0, prior=np.ones(truth.size), floor=np.zeros(truth.size))
    assert est.get_params()["C"] == 2.0 and est.get_params()["nonnegative"] is True
    twin = clone(est)
    assert twin is not est and twin.get_params()["C"] == 2.0
    assert not hasattr(twin, "coef_")
    assert est.fit(diffs) is est  # fit returns self
    assert np.allclose(est.coef_, fit_weights(diffs, np.ones(truth.size), 2.0, floor=np.zeros(truth.size)))
    assert np.array_equal(est.decision_function(diffs), diffs @ est.coef_)
    assert est.score(diffs) == pytest.approx(tally(diffs, est.coef_).accuracy)
    assert est.set_params(C=0.0).fit(diffs).coef_.tolist() == np.ones(truth.size).tolist()  # C=0: the prior


def test_ranksvmcv_picks_c_on_fixed_folds_and_cross_validate_uses_model_selection(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import sklearn.model_selection
    from sklearn.base import clone

    from draco.learn import RankSVM, RankSVMCV, fold_ids, folds_of

    diffs, truth = _separable()
    search = RankSVMCV(RankSVM(prior=np.zeros(truth.size)), Cs=(0.01, 0.1, 1.0))
    assert clone(search).get_params()["Cs"] == (0.01, 0.1, 1.0)
    cv = search.fit(diffs)
    assert cv is search and cv.C_ in cv.Cs and cv.cv_correct_.shape == (3,)
    assert search.estimator.get_params()["C"] == 1.0 and not hasattr(search.estimator, "coef_")  # left unfitted
    assert np.allclose(cv.coef_, fit_weights(diffs, np.zeros(truth.size), cv.C_))
    assert cv.score(diffs) == pytest.approx(tally(diffs, cv.coef_).accuracy)
    split = folds_of(23)
    assert isinstance(split, sklearn.model_selection.PredefinedSplit)
    tests = [t for _, t in split.split()]
    assert sorted(len(t) for t in tests) == [4, 4, 5, 5, 5]
    assert all(np.all(fold_ids(23)[t] == fold_ids(23)[t[0]]) for t in tests)

    calls: list[object] = []
    real = sklearn.model_selection.cross_validate

    def spy(*args: object, **kwargs: object) -> object:
        calls.append(kwargs.get("cv"))
        return real(*args, **kwargs)

    monkeypatch.setattr("draco.learn.fit.sk_cross_validate", spy)
    res = cross_validate(diffs, np.zeros(truth.size))
    assert len(calls) == 1 and isinstance(calls[0], sklearn.model_selection.PredefinedSplit)
    assert len(res.chosen_c) == 5 and res.tally.total == diffs.shape[0]


def test_read_weights_takes_integers_only(tmp_path: Path) -> None:
    from draco.errors import DracoError
    from draco.kb import read_weights, weights_json

    good = tmp_path / "w.json"
    good.write_text(weights_json({"b": 2, "a": 1}))
    assert read_weights(good) == {"a": 1, "b": 2}
    assert good.read_text().index('"a"') < good.read_text().index('"b"')  # canonical: sorted names
    for bad in ({"a": 1.5}, {"a": 2.0}, {"a": -1}, {"a": True}, {"a": "3"}):
        path = tmp_path / "bad.json"
        path.write_text(json.dumps(bad))
        with pytest.raises(DracoError, match="non-negative integer"):
            read_weights(path)
        with pytest.raises(DracoError, match="non-negative integer"):
            read_weights(bad)  # a mapping is held to the same rule as a file
    with pytest.raises(DracoError, match="no such weights file"):
        read_weights(tmp_path / "missing.json")


def test_one_prior_for_draco_and_for_learning() -> None:
    from draco.core import Draco
    from draco.kb import ASP_DIR, load_prior, read_weights

    prior = load_prior()
    assert set(read_weights(ASP_DIR / "weights_prior.json")) <= set(prior)
    assert set(read_weights(ASP_DIR / "weights_perception_prior.json")) <= set(prior)
    d = Draco(weights={})  # every name falls back to the same prior learning starts from
    assert d.weights == {n: prior.get(n, 0) for n in d.weights}
