"""From pairs to the shipped integer weights, and the measurements that justify them.

`train` is what `draco learn` runs: featurize once, pick C by fixed-seed CV, fit toward the prior
with w >= 0, scale and round. `measure` adds the report's numbers (nested CV with and without the
prior, the cost of non-negativity, the hand-written check); it reuses the same feature matrices.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from draco.core import Draco
from draco.kb import ASP_DIR, load_prior, read_weights
from draco.learn.features import PairFeatures, RejectedPair, featurize
from draco.learn.fit import (
    Array,
    LearnError,
    RankSVM,
    RankSVMCV,
    Tally,
    cross_validate,
    integer_weights,
    tally,
    vector,
)
from draco.learn.pairs import PreferencePair

#: Minimum weights (prior units) for preferences we judge essential; learning cannot go below them.
FLOOR_FILE = "weights_floor.json"
#: Integer scale of the shipped weights. Fixed, not chosen per run: lida's ranker reads draco's cost as a
#: feature (cost / 100) and its weights were learned on costs at this scale, so a rescale (the smallest
#: lossless scale rose from 20 to 50 with the study pairs, 1,081 vs 1,083 of 1,122 right) would change
#: every ranking. choose_scale still reports what each scale would lose (docs/learning.md).
COST_SCALE = 20.0


def load_floors() -> dict[str, int]:
    """Floors of essential preferences (empty without the file); each must name a prior weight."""
    path = ASP_DIR / FLOOR_FILE
    return read_weights(path) if path.exists() else {}


@dataclass(frozen=True)
class TrainResult:
    """Learned integer weights for every soft constraint, and how they were chosen."""

    weights: dict[str, int]
    c: float
    scale: float
    train_float: Tally
    train_int: Tally
    features: PairFeatures
    prior: Array
    w_float: Array
    floor: Array

    @property
    def rejected(self) -> tuple[RejectedPair, ...]:
        return self.features.rejected


def make_draco(prior: Mapping[str, int]) -> Draco:
    """A Draco whose counts we read; the weights only matter for its cost column, so use the prior."""
    return Draco(weights=dict(prior))


def train(pairs: Sequence[PreferencePair], *, prior: Mapping[str, int] | None = None) -> TrainResult:
    """Learn non-negative weights near the prior from `pairs` (deterministic)."""
    prior_map = dict(prior) if prior is not None else load_prior()
    if not prior_map:
        raise LearnError("no prior weights found in draco/asp")
    features = featurize(pairs, make_draco(prior_map))
    return train_on(features, prior_map)


def train_on(features: PairFeatures, prior_map: Mapping[str, int]) -> TrainResult:
    if features.negative.shape[0] < 2:
        raise LearnError(f"only {features.negative.shape[0]} usable pairs: nothing to learn from")
    names = features.names
    w0 = vector(prior_map, names)
    floors = load_floors()
    unknown = sorted(set(floors) - set(names))
    if unknown:
        raise LearnError(f"{FLOOR_FILE}: floors for unknown soft constraints: {', '.join(unknown)}")
    lo = vector(floors, names)
    diffs = features.diffs
    model = RankSVMCV(RankSVM(prior=w0, floor=lo)).fit(diffs)
    c, w = model.C_, model.coef_
    scale = COST_SCALE
    ints = integer_weights(w, scale)
    weights = weights_from(w, names, prior_map, scale)
    return TrainResult(
        weights=weights,
        c=c,
        scale=scale,
        train_float=tally(diffs, w),
        train_int=tally(diffs, ints.astype(float)),
        features=features,
        prior=w0,
        w_float=w,
        floor=lo,
    )


def weights_from(
    w: Array, names: Sequence[str], prior_map: Mapping[str, int], scale: float | None = None
) -> dict[str, int]:
    """Float weights -> the integer weights file: scale (COST_SCALE unless given), round, and give
    names the KB no longer loads their scaled prior."""
    s = COST_SCALE if scale is None else scale
    ints = integer_weights(w, s)
    weights = {n: int(v) for n, v in zip(names, ints, strict=True)}
    for name, value in prior_map.items():
        weights.setdefault(name, int(integer_weights(np.array([float(value)]), s)[0]))
    return weights


@dataclass(frozen=True)
class Measurements:
    """The report's numbers. CV tallies are nested (C picked inside each outer fold)."""

    pairs: int
    usable: int
    rejected: int
    soft_constraints: int
    fired: int
    structural_ties: int
    prior: Tally
    cv_with_prior: Tally
    cv_without_prior: Tally
    cv_with_prior_unconstrained: Tally
    cv_without_prior_unconstrained: Tally
    train_float: Tally
    train_int: Tally
    c: float
    scale: float
    chosen_c: tuple[float, ...]
    handwritten: dict[str, Tally]
    handwritten_rejected: int

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in self.__dict__.items():
            if isinstance(value, Tally):
                out[key] = value.to_dict()
            elif isinstance(value, dict):
                out[key] = {k: v.to_dict() for k, v in value.items()}
            else:
                out[key] = list(value) if isinstance(value, tuple) else value
        return out


def measure(result: TrainResult, handwritten: Sequence[PreferencePair] = ()) -> Measurements:
    """Cross-validate the choices `train` made, and check the hand-written pairs."""
    f = result.features
    diffs, w0 = f.diffs, result.prior
    zero = np.zeros_like(w0)
    nested_prior = cross_validate(diffs, w0, floor=result.floor)
    hand_scores: dict[str, Tally] = {}
    hand_rejected = 0
    if handwritten:
        hf = featurize(handwritten, make_draco({n: int(v) for n, v in zip(f.names, w0, strict=True)}))
        hand_rejected = len(hf.rejected)
        if hf.names != f.names:
            raise LearnError("hand-written pairs produced a different constraint list")
        w_free = RankSVMCV(RankSVM(prior=zero)).fit(diffs).coef_
        hd = hf.diffs
        hand_scores = {
            "prior": tally(hd, w0),
            "learned_without_prior": tally(hd, w_free),
            "learned_with_prior": tally(hd, result.w_float),
            "shipped": tally(hd, vector(result.weights, f.names)),
        }
    return Measurements(
        pairs=len(f.pairs) + len(f.rejected),
        usable=len(f.pairs),
        rejected=len(f.rejected),
        soft_constraints=len(f.names),
        fired=len(f.fired()),
        structural_ties=int(np.sum(~diffs.any(axis=1))),
        prior=tally(diffs, w0),
        cv_with_prior=nested_prior.tally,
        cv_without_prior=cross_validate(diffs, zero).tally,
        cv_with_prior_unconstrained=cross_validate(diffs, w0, nonnegative=False).tally,
        cv_without_prior_unconstrained=cross_validate(diffs, zero, nonnegative=False).tally,
        train_float=result.train_float,
        train_int=result.train_int,
        c=result.c,
        scale=result.scale,
        chosen_c=nested_prior.chosen_c,
        handwritten=hand_scores,
        handwritten_rejected=hand_rejected,
    )
