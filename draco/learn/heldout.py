"""Held-out figures: Kim's pairs under cross-validation, and each study under leave-one-study-out.

A weight must be judged on pairs it was not fit on. For Kim & Heer's pairs that is 5-fold CV over all
training pairs (the studies in every training part), split by source. For a study it is
leave-one-study-out (LOSO): learn as `draco learn` does (toward the prior, w >= floor, integer scale)
on every pair except that study's, then score the study with the resulting integer weights. We also
score each study with weights learned from Kim and Saket alone (no study at all), and with the
prior, so the report shows what the prior contributes and what learning adds or forgets.

C: by default every fit uses the one C that `draco learn` chose by CV on all pairs (`fixed_c`), so
the whole report is ~25 fits instead of ~1,200 (minutes on a loaded 2-core machine, not an hour).
The study's pairs still never touch the weights; they only took part in choosing that one scalar.
`nested=True` picks C inside every training part instead (the CV then is nested, as in `draco learn
--report`), which is the stricter and much slower check.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from draco.learn.features import PairFeatures
from draco.learn.fit import RankSVM, Tally, cross_validate, tally, tally_margins, vector
from draco.learn.pairs import BASE_SOURCES, CHECK_SOURCES
from draco.learn.train import load_floors, train_on, weights_from


@dataclass(frozen=True)
class HeldOut:
    """Per-source held-out tallies; `loso` has one entry per study (every source not in BASE_SOURCES)."""

    cv: dict[str, Tally]  # 5-fold CV over all training pairs, split by source
    cv_chosen_c: tuple[float, ...]
    nested: bool
    loso: dict[str, Tally]  # study -> its pairs under weights learned without it (integers, as shipped)
    loso_c: dict[str, float]
    base_only: dict[str, Tally]  # study -> its pairs under weights learned from Kim and Saket only
    prior: dict[str, Tally]  # study -> its pairs under the prior

    @property
    def loso_total(self) -> Tally:
        return sum(self.loso.values(), Tally())

    def to_dict(self) -> dict[str, Any]:
        def tallies(d: Mapping[str, Tally]) -> dict[str, Any]:
            return {k: v.to_dict() for k, v in d.items()}

        return {
            "cv": tallies(self.cv),
            "cv_chosen_c": list(self.cv_chosen_c),
            "nested": self.nested,
            "loso": tallies(self.loso),
            "loso_total": self.loso_total.to_dict(),
            "loso_c": dict(self.loso_c),
            "base_only": tallies(self.base_only),
            "prior": tallies(self.prior),
        }


def _sources(features: PairFeatures) -> np.ndarray:
    return np.array([p.source for p in features.pairs], dtype=object)


def canonical(features: PairFeatures) -> PairFeatures:
    """Rows in `draco learn`'s order (Kim, Saket, the studies in STUDIES order, then any other source by
    name; each file's pairs in file order). CV folds deal rows by position, so the C chosen here is
    the shipped C whatever order the files were given in."""
    from draco.learn.studies import STUDIES

    rank = {s: i for i, s in enumerate([*BASE_SOURCES, *(st.source for st in STUDIES)])}
    keys = [(rank.get(p.source, len(rank)), p.source, p.index) for p in features.pairs]
    order = sorted(range(len(keys)), key=keys.__getitem__)
    return PairFeatures(
        names=features.names,
        negative=features.negative[order],
        positive=features.positive[order],
        negative_cost=features.negative_cost[order],
        positive_cost=features.positive_cost[order],
        pairs=tuple(features.pairs[i] for i in order),
        rejected=features.rejected,
    )


def held_out(
    features: PairFeatures,
    prior_map: Mapping[str, int],
    *,
    studies: Sequence[str] | None = None,
    fixed_c: float | None = None,
    nested: bool = False,
) -> HeldOut:
    """CV by source, then LOSO over `studies` (default: every source but Kim and Saket).

    Pairs of CHECK_SOURCES (hand-written) are never trained on, so they are dropped here."""
    features = canonical(features.subset(~np.isin(_sources(features), list(CHECK_SOURCES))))
    src = _sources(features)
    names = features.names
    w0 = vector(prior_map, names)
    floor = vector(load_floors(), names)
    order = list(dict.fromkeys(src.tolist()))
    held = [s for s in order if s not in BASE_SOURCES] if studies is None else list(studies)

    c: float | None = None  # nested: chosen inside each training part
    if not nested:
        c = fixed_c if fixed_c is not None else train_on(features, prior_map).c
    res = cross_validate(features.diffs, w0, floor=floor, c=c)
    cv = {s: tally_margins(res.per_pair_margin[src == s]) for s in order}

    def learn(mask: np.ndarray) -> tuple[np.ndarray, float]:
        part = features.subset(mask)
        if c is None:
            result = train_on(part, prior_map)
            return vector(result.weights, names), result.c
        w = RankSVM(c, prior=w0, floor=floor).fit(part.diffs).coef_
        return vector(weights_from(w, names, prior_map), names), c

    loso: dict[str, Tally] = {}
    loso_c: dict[str, float] = {}
    prior: dict[str, Tally] = {}
    for study in held:
        mask = src == study
        w_int, loso_c[study] = learn(~mask)
        loso[study] = tally(features.diffs[mask], w_int)
        prior[study] = tally(features.diffs[mask], w0)

    base_mask = np.isin(src, list(BASE_SOURCES))
    base_only: dict[str, Tally] = {}
    if held and base_mask.any():
        wb, _ = learn(base_mask)
        base_only = {s: tally(features.diffs[src == s], wb) for s in held}
    return HeldOut(
        cv=cv, cv_chosen_c=res.chosen_c, nested=nested, loso=loso, loso_c=loso_c, base_only=base_only, prior=prior
    )
