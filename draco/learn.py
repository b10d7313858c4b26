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

This module is numbers in, numbers out; learn_features.py turns pairs into the matrices.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import minimize

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
    margins = np.asarray(diffs, dtype=float) @ np.asarray(w, dtype=float)
    correct = int(np.sum(margins > tol))
    ties = int(np.sum(np.abs(margins) <= tol))
    return Tally(correct=correct, ties=ties, wrong=int(margins.size) - correct - ties)


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
    judge essential keeps at least that weight whatever the pairs say."""
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
    """Fold number of each of n items: a fixed-seed shuffle, dealt round-robin."""
    if n < folds:
        raise LearnError(f"need at least {folds} usable pairs for {folds}-fold cross-validation, got {n}")
    order = np.random.default_rng(seed).permutation(n)
    ids = np.empty(n, dtype=np.int64)
    ids[order] = np.arange(n) % folds
    return ids


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
    """Held-out accuracy. With c=None each outer fold picks C by an inner CV on its training part (nested)."""
    d = np.asarray(diffs, dtype=float)
    ids = fold_ids(d.shape[0], folds, seed)
    margins = np.zeros(d.shape[0])
    chosen: list[float] = []
    for k in range(folds):
        train, test = ids != k, ids == k
        ck = (
            c
            if c is not None
            else choose_c(d[train], prior, nonnegative=nonnegative, seed=seed + 1, grid=grid, floor=floor)
        )
        w = fit_weights(d[train], prior, ck, nonnegative=nonnegative, floor=floor)
        margins[test] = d[test] @ w
        chosen.append(ck)
    return CVResult(
        tally=tally(margins[:, None], np.ones(1)), chosen_c=tuple(chosen), per_pair_margin=margins
    )


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
    """The C with the best held-out accuracy; ties go to the smaller C (closer to the prior). `grid` ascending."""
    d = np.asarray(diffs, dtype=float)
    n_folds = min(folds, d.shape[0])
    if n_folds < 2:
        return float(grid[0])
    ids = fold_ids(d.shape[0], n_folds, seed)
    correct = np.zeros(len(grid))
    for k in range(n_folds):
        train, test = ids != k, ids == k
        w: Array | None = None
        for j, c in enumerate(grid):  # ascending C, each fit warm-started from the previous one
            w = fit_weights(d[train], prior, c, nonnegative=nonnegative, start=w, floor=floor)
            correct[j] += tally(d[test], w).correct
    return float(grid[int(np.argmax(correct))])  # argmax takes the first best: the smallest C


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
