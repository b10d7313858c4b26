"""How well a set of weights ranks preference pairs: correct, ties, wrong; overall, per source, per task."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from draco.learn.features import PairFeatures, RejectedPair, featurize
from draco.learn.fit import Tally, tally_margins
from draco.learn.pairs import PreferencePair


@dataclass(frozen=True)
class PairEvaluation:
    """Outcomes of the scorable pairs; `rejected` pairs (not convertible, hard violations) are listed apart."""

    overall: Tally
    by_source: dict[str, Tally] = field(default_factory=dict)
    by_task: dict[str, Tally] = field(default_factory=dict)
    rejected: tuple[RejectedPair, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = dict(self.overall.to_dict())
        out["rejected"] = len(self.rejected)
        out["by_source"] = {k: v.to_dict() for k, v in self.by_source.items()}
        out["by_task"] = {k: v.to_dict() for k, v in self.by_task.items()}
        out["rejected_pairs"] = [r.to_dict() for r in self.rejected]
        return out


def evaluate_features(features: PairFeatures) -> PairEvaluation:
    """Judge pairs by the costs Draco itself computed (so its weight fallbacks count)."""
    margins = features.negative_cost - features.positive_cost
    return _group(features.pairs, margins, features.rejected)


def evaluate_weights(features: PairFeatures, w: np.ndarray) -> PairEvaluation:
    """Judge pairs by a weight vector over `features.names`, without another solver run."""
    margins = features.diffs @ np.asarray(w, dtype=float)
    return _group(features.pairs, margins, features.rejected)


def evaluate_pairs(pairs: Sequence[PreferencePair], weights: Any = None) -> PairEvaluation:
    """Load Draco with `weights` (mapping, path or None for its default) and judge every pair."""
    from draco.core import Draco

    draco = Draco() if weights is None else Draco(weights=weights)
    return evaluate_features(featurize(pairs, draco))


def _group(
    pairs: Sequence[PreferencePair], margins: np.ndarray, rejected: tuple[RejectedPair, ...]
) -> PairEvaluation:
    def sub(mask: np.ndarray) -> Tally:
        return tally_margins(margins[mask])

    srcs = np.array([p.source for p in pairs], dtype=object)
    tasks = np.array([p.task for p in pairs], dtype=object)
    return PairEvaluation(
        overall=sub(np.ones(len(pairs), dtype=bool)),
        by_source={s: sub(srcs == s) for s in dict.fromkeys(srcs.tolist())},
        by_task={t: sub(tasks == t) for t in sorted(set(tasks.tolist()))},
        rejected=rejected,
    )
