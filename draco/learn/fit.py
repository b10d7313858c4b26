"""Learn soft-constraint weights from preference pairs: a non-negative RankSVM pulled toward the prior.

Each pair gives a difference vector d = x_negative - x_positive of soft-constraint violation counts;
the worse chart must cost more, so we want w . d > 0. We minimise

    1/2 ||w - w_prior||^2 + C * sum_i max(0, margin - w . d_i)^2      subject to  w >= 0

Why this form: regularising toward the hand-set prior (not toward zero) keeps the design knowledge
the pairs never exercise, since Kim's pairs cover a narrow design space; w >= 0 keeps the rule that a
chart never gains from violating one more preference; the squared hinge is smooth, so L-BFGS-B with
bounds solves the constrained problem exactly and deterministically (no random restarts, no intercept).
The symmetric RankSVM set ((d, +1) and (-d, -1)) gives each pair the same loss twice; we keep one copy,
which only rescales C.

This module is numbers in, numbers out (features.py turns pairs into the matrices). `RankSVM` is the
scikit-learn-style estimator (fit returns self, weights in coef_), `RankSVMCV` picks C by K-fold CV
like GridSearchCV over C, and `cross_validate` nests it in sklearn.model_selection.cross_validate.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import minimize
from sklearn.base import BaseEstimator, clone
from sklearn.model_selection import PredefinedSplit
from sklearn.model_selection import cross_validate as sk_cross_validate
from sklearn.utils.validation import check_is_fitted

from draco.errors import DracoError

Array = NDArray[np.float64]

#: C values tried by cross-validation, small (stay near the prior) to large (fit the pairs).
C_GRID: tuple[float, ...] = (0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
FOLDS = 5
SEED = 0
MARGIN = 1.0


class LearnError(DracoError):
    """The pairs cannot be learned from (no usable pair, mismatched matrices)."""


@dataclass(frozen=True)
class Tally:
    """Pairwise outcomes. A tie (equal cost) is not correct."""

    correct: int = 0
    ties: int = 0
    wrong: int = 0

    @property
    def total(self) -> int:
        return self.correct + self.ties + self.wrong

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0

    @property
    def tie_share(self) -> float:
        return self.ties / self.total if self.total else 0.0

    def __add__(self, other: Tally) -> Tally:
        return Tally(self.correct + other.correct, self.ties + other.ties, self.wrong + other.wrong)

    def to_dict(self) -> dict[str, float | int]:
        return {
            "correct": self.correct,
            "ties": self.ties,
            "wrong": self.wrong,
            "total": self.total,
            "accuracy": round(self.accuracy, 6),
        }


def tally(diffs: Array, w: Array, tol: float = 1e-9) -> Tally:
    """Outcomes of the pairs whose cost differences (negative minus positive) are diffs @ w."""
    return tally_margins(np.asarray(diffs, dtype=float) @ np.asarray(w, dtype=float), tol)


def tally_margins(margins: Array, tol: float = 1e-9) -> Tally:
    """Outcomes from cost margins (negative minus positive): > tol correct, within tol a tie."""
    m = np.asarray(margins, dtype=float)
    correct = int(np.sum(m > tol))
    ties = int(np.sum(np.abs(m) <= tol))
    return Tally(correct=correct, ties=ties, wrong=int(m.size) - correct - ties)


def fit_weights(
    diffs: Array,
    prior: Array,
    c: float,
    *,
    nonnegative: bool = True,
    margin: float = MARGIN,
    start: Array | None = None,
    floor: Array | None = None,
) -> Array:
    """Weights minimising 1/2||w - prior||^2 + c * sum squared hinge(margin - diffs @ w), w >= 0 if asked.

    `floor` (with nonnegative) raises the lower bound of chosen weights above zero: a preference we
    judge essential keeps at least that weight whatever the pairs say. `start` warm-starts the solver."""
    d = np.asarray(diffs, dtype=float)
    w0 = np.asarray(prior, dtype=float)
    if d.ndim != 2 or d.shape[1] != w0.shape[0]:
        raise LearnError(f"difference matrix {d.shape} does not match {w0.shape[0]} weights")
    if c < 0:
        raise LearnError("C must be non-negative")
    lo = np.zeros_like(w0) if floor is None else np.maximum(np.asarray(floor, dtype=float), 0.0)
    if lo.shape != w0.shape:
        raise LearnError(f"floor has {lo.shape[0]} weights, prior has {w0.shape[0]}")

    # Columns that never differ within a pair get no gradient from the loss: they keep the prior
    # (clipped at zero). Solving only over the active columns is the same optimum, much faster.
    active = np.flatnonzero(np.any(d != 0.0, axis=0))
    w = np.maximum(w0, lo) if nonnegative else w0.copy()
    if active.size == 0 or c == 0.0:
        return w
    da, wa0 = d[:, active], w0[active]

    def objective(wa: Array) -> tuple[float, Array]:
        slack = np.maximum(0.0, margin - da @ wa)
        delta = wa - wa0
        value = 0.5 * float(delta @ delta) + c * float(slack @ slack)
        grad = delta - 2.0 * c * (da.T @ slack)
        return value, grad

    x0 = w[active] if start is None else np.asarray(start, dtype=float)[active]
    res = minimize(
        objective,
        np.maximum(x0, lo[active]) if nonnegative else x0,
        jac=True,
        method="L-BFGS-B",
        bounds=[(float(b), None) for b in lo[active]] if nonnegative else None,
        options={"maxiter": 5000, "ftol": 1e-12, "gtol": 1e-8},
    )
    w[active] = np.asarray(res.x, dtype=float)
    return np.maximum(w, lo) if nonnegative else w


def fold_ids(n: int, folds: int = FOLDS, seed: int = SEED) -> NDArray[np.int64]:
    """Fold number of each of n items: a fixed-seed shuffle, dealt round-robin (sizes differ by <= 1)."""
    if n < folds:
        raise LearnError(f"need at least {folds} usable pairs for {folds}-fold cross-validation, got {n}")
    order = np.random.default_rng(seed).permutation(n)
    ids = np.empty(n, dtype=np.int64)
    ids[order] = np.arange(n) % folds
    return ids


def folds_of(n: int, folds: int = FOLDS, seed: int = SEED) -> PredefinedSplit:
    """The sklearn splitter over `fold_ids`. Why not KFold(shuffle=True): its permutation differs, and on
    Kim's pairs that moves the chosen C (1 -> 0.3) and so every shipped weight; these folds are the ones
    the shipped weights.json and docs/learning.md were measured with."""
    return PredefinedSplit(fold_ids(n, folds, seed))


class RankSVM(BaseEstimator):
    """A linear RankSVM on pair differences, pulled toward `prior` (None: toward zero).

    scikit-learn conventions: constructor arguments are stored as given (so get_params/clone work),
    `fit(X)` returns self with the weights in `coef_`, `decision_function(X)` is each pair's cost margin
    (negative minus positive: > 0 means ranked right) and `score(X)` the share ranked right (ties
    are not right). X holds one difference row per pair, so there is no y: every row is a "positive".
    With warm_start a refit starts from the previous coef_, which makes walking a C path cheap."""

    def __init__(
        self,
        C: float = 1.0,
        *,
        prior: Array | None = None,
        nonnegative: bool = True,
        floor: Array | None = None,
        margin: float = MARGIN,
        warm_start: bool = False,
    ) -> None:
        self.C = C
        self.prior = prior
        self.nonnegative = nonnegative
        self.floor = floor
        self.margin = margin
        self.warm_start = warm_start

    def fit(self, X: Array, y: Any = None) -> RankSVM:
        d = _matrix(X)
        prior = np.zeros(d.shape[1]) if self.prior is None else np.asarray(self.prior, dtype=float)
        start = getattr(self, "coef_", None) if self.warm_start else None
        self.coef_: Array = fit_weights(
            d, prior, float(self.C), nonnegative=self.nonnegative, margin=self.margin, start=start, floor=self.floor
        )
        self.n_features_in_ = d.shape[1]
        return self

    def decision_function(self, X: Array) -> Array:
        check_is_fitted(self, "coef_")
        return np.asarray(X, dtype=float) @ self.coef_

    def score(self, X: Array, y: Any = None) -> float:
        return tally_margins(self.decision_function(X)).accuracy


class RankSVMCV(BaseEstimator):
    """A RankSVM whose C is chosen by K-fold CV on the training pairs (like GridSearchCV over C).

    `estimator` carries the model (prior, floor, w >= 0); its C is ignored. Each fold walks `Cs`
    ascending on a warm-started clone; the C with the most held-out pairs right wins, ties going to
    the smaller C (closer to the prior). Then one clone is fit on all of X with that C: `best_estimator_`,
    whose `C_` and `coef_` this exposes."""

    def __init__(
        self, estimator: RankSVM | None = None, *, Cs: Sequence[float] = C_GRID, folds: int = FOLDS, seed: int = SEED
    ) -> None:
        self.estimator = estimator
        self.Cs = Cs
        self.folds = folds
        self.seed = seed

    def fit(self, X: Array, y: Any = None) -> RankSVMCV:
        d = _matrix(X)
        grid = [float(c) for c in self.Cs]
        if not grid or grid != sorted(grid):
            raise LearnError("Cs must be a non-empty ascending list")
        base = self.estimator if self.estimator is not None else RankSVM()
        n_folds = min(self.folds, d.shape[0])
        correct = np.zeros(len(grid))
        if n_folds >= 2:
            for train, test in folds_of(d.shape[0], n_folds, self.seed).split():
                est = clone(base).set_params(warm_start=True)
                for j, c in enumerate(grid):
                    margins = est.set_params(C=c).fit(d[train]).decision_function(d[test])
                    correct[j] += tally_margins(margins).correct
        self.C_ = grid[int(np.argmax(correct))]  # argmax takes the first best: the smallest C
        self.cv_correct_ = correct
        self.best_estimator_: RankSVM = clone(base).set_params(C=self.C_, warm_start=False).fit(d)
        self.coef_: Array = self.best_estimator_.coef_
        return self

    def decision_function(self, X: Array) -> Array:
        check_is_fitted(self, "best_estimator_")
        return self.best_estimator_.decision_function(X)

    def score(self, X: Array, y: Any = None) -> float:
        return tally_margins(self.decision_function(X)).accuracy


def _matrix(X: Any) -> Array:
    d = np.asarray(X, dtype=float)
    if d.ndim != 2:
        raise LearnError(f"expected a 2-D difference matrix (pairs x constraints), got shape {d.shape}")
    return d


def choose_c(
    diffs: Array,
    prior: Array,
    *,
    nonnegative: bool = True,
    folds: int = FOLDS,
    seed: int = SEED,
    grid: Sequence[float] = C_GRID,
    floor: Array | None = None,
) -> float:
    """The C with the best held-out accuracy (see RankSVMCV); ties go to the smaller C."""
    model = RankSVM(prior=prior, nonnegative=nonnegative, floor=floor)
    est = RankSVMCV(model, Cs=grid, folds=folds, seed=seed)
    return float(est.fit(diffs).C_)


@dataclass(frozen=True)
class CVResult:
    """Held-out outcomes summed over the folds, and the C each fold chose."""

    tally: Tally
    chosen_c: tuple[float, ...]
    per_pair_margin: Array = field(repr=False)


def cross_validate(
    diffs: Array,
    prior: Array,
    *,
    c: float | None = None,
    nonnegative: bool = True,
    folds: int = FOLDS,
    seed: int = SEED,
    grid: Sequence[float] = C_GRID,
    floor: Array | None = None,
) -> CVResult:
    """Held-out accuracy over fixed-seed folds (`folds_of`), run by sklearn.model_selection.cross_validate. With c=None each outer fold picks C by
    an inner CV on its training part (nested: RankSVMCV with seed + 1)."""
    d = np.asarray(diffs, dtype=float)
    model = RankSVM(prior=prior, nonnegative=nonnegative, floor=floor)
    est = RankSVMCV(model, Cs=grid, seed=seed + 1) if c is None else model.set_params(C=c)
    outer = folds_of(d.shape[0], folds, seed)
    res = sk_cross_validate(est, d, cv=outer, return_estimator=True, return_indices=True)
    margins = np.zeros(d.shape[0])
    for fitted, test in zip(res["estimator"], res["indices"]["test"], strict=True):
        margins[test] = fitted.decision_function(d[test])
    chosen = tuple(float(e.C_) if c is None else float(c) for e in res["estimator"])
    return CVResult(tally=tally_margins(margins), chosen_c=chosen, per_pair_margin=margins)


def integer_weights(w: Array, scale: float = 1.0) -> NDArray[np.int64]:
    """Weights as the integers clingo optimises over: scale, round half away from zero, never negative."""
    scaled = np.asarray(w, dtype=float) * scale
    rounded = np.sign(scaled) * np.floor(np.abs(scaled) + 0.5)
    return np.maximum(rounded, 0).astype(np.int64)


def choose_scale(
    diffs: Array,
    w: Array,
    scales: Sequence[float] = (1, 2, 5, 10, 20, 50, 100),
    max_loss: float = 0.002,
) -> float:
    """Smallest scale at which rounding to integers loses at most max_loss accuracy on these pairs."""
    reference = tally(diffs, w).accuracy
    for s in scales:
        if tally(diffs, integer_weights(w, s).astype(float)).accuracy >= reference - max_loss:
            return float(s)
    return float(scales[-1])


def vector(weights: Mapping[str, float], names: Sequence[str], default: float = 0.0) -> Array:
    """The weights of `names` in order, `default` for a name the mapping lacks."""
    return np.array([float(weights.get(n, default)) for n in names], dtype=float)
