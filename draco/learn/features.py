"""Preference pairs -> soft-constraint count matrices, all specs in one batched `Draco.cost` call.

Pairs whose specs cannot be converted or break a hard constraint are kept aside with the reason,
so reports can count them; they never silently disappear.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from draco.errors import DracoError
from draco.learn.pairs import PreferencePair

if TYPE_CHECKING:
    from draco.model import Score
    from draco.schema import DataSchema

Array = NDArray[np.float64]


@dataclass(frozen=True)
class RejectedPair:
    """A pair left out of learning and scoring, and why (conversion error or hard violation)."""

    pair: PreferencePair
    reason: str

    def to_dict(self) -> dict[str, str]:
        return {"pair": self.pair.key, "reason": self.reason}


@dataclass(frozen=True)
class PairFeatures:
    """Rows are the usable pairs, columns the soft constraints (`names`); costs under Draco's weights."""

    names: tuple[str, ...]
    negative: Array
    positive: Array
    negative_cost: Array
    positive_cost: Array
    pairs: tuple[PreferencePair, ...]
    rejected: tuple[RejectedPair, ...]

    @property
    def diffs(self) -> Array:
        """x_negative - x_positive: the worse chart should cost more, so w . diff > 0."""
        return self.negative - self.positive

    def subset(self, mask: NDArray[np.bool_]) -> PairFeatures:
        return PairFeatures(
            names=self.names,
            negative=self.negative[mask],
            positive=self.positive[mask],
            negative_cost=self.negative_cost[mask],
            positive_cost=self.positive_cost[mask],
            pairs=tuple(p for p, keep in zip(self.pairs, mask, strict=True) if keep),
            rejected=(),
        )

    def fired(self) -> list[str]:
        """Soft constraints that fire on at least one spec of these pairs."""
        any_fire = np.asarray((self.negative > 0).any(axis=0) | (self.positive > 0).any(axis=0))
        return [n for n, f in zip(self.names, any_fire.tolist(), strict=True) if f]


def soft_names(draco: Any) -> list[str]:
    """Names of every documented soft constraint the knowledge base loads, in its order."""
    return [c.name for c in draco.constraints() if c.kind == "soft"]


def featurize(pairs: Sequence[PreferencePair], draco: Any) -> PairFeatures:
    """Count matrices for `pairs` with one `draco.cost` run over every convertible spec."""
    from draco.schema import DataSchema

    specs: list[dict[str, Any]] = []
    schemas: list[DataSchema] = []
    tasks: list[str] = []
    kept: list[PreferencePair] = []
    rejected: list[RejectedPair] = []
    for pair in pairs:
        try:
            schema = DataSchema.from_draco1(pair.fields_as_dicts(), pair.num_rows)
            for side in (pair.negative, pair.positive):
                _check_convertible(side, schema, pair.task)
        except DracoError as exc:
            rejected.append(RejectedPair(pair, f"cannot convert: {exc}"))
            continue
        kept.append(pair)
        specs.extend((pair.negative, pair.positive))
        schemas.extend((schema, schema))
        tasks.extend((pair.task, pair.task))

    scores: list[Score] = list(draco.cost(specs, schemas, tasks)) if specs else []
    if len(scores) != len(specs):
        raise DracoError(f"Draco.cost returned {len(scores)} scores for {len(specs)} specs")

    names = soft_names(draco)
    extra = sorted({n for s in scores for n in s.counts} - set(names))
    names.extend(extra)
    column = {n: j for j, n in enumerate(names)}

    usable: list[PreferencePair] = []
    neg_rows: list[Array] = []
    pos_rows: list[Array] = []
    neg_cost: list[float] = []
    pos_cost: list[float] = []
    for i, pair in enumerate(kept):
        neg, pos = scores[2 * i], scores[2 * i + 1]
        broken = [
            f"{side}: {v.name}" for side, s in (("negative", neg), ("positive", pos)) for v in s.violations
        ]
        if broken:
            rejected.append(RejectedPair(pair, "hard violation: " + ", ".join(sorted(set(broken)))))
            continue
        usable.append(pair)
        neg_rows.append(_row(neg, column))
        pos_rows.append(_row(pos, column))
        neg_cost.append(float(neg.cost))
        pos_cost.append(float(pos.cost))

    width = len(names)
    return PairFeatures(
        names=tuple(names),
        negative=np.array(neg_rows, dtype=float).reshape(-1, width),
        positive=np.array(pos_rows, dtype=float).reshape(-1, width),
        negative_cost=np.array(neg_cost, dtype=float),
        positive_cost=np.array(pos_cost, dtype=float),
        pairs=tuple(usable),
        rejected=tuple(rejected),
    )


def _row(score: Score, column: dict[str, int]) -> Array:
    row = np.zeros(len(column))
    for name, count in score.counts.items():
        row[column[name]] = count
    return row


def _check_convertible(spec: dict[str, Any], schema: DataSchema, task: str) -> None:
    """Raise DracoError if the knowledge base cannot turn this spec into facts."""
    from draco.vegalite import to_facts

    to_facts(spec, schema, task)
