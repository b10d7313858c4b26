"""Each perception constraint in soft_perception.lp fires on a spec built for it and not on a near twin.

Specs are built from the constraint's meaning (task, channel, field class), not from the rule text,
and all of them are scored in one batched Draco.cost run.
"""

from __future__ import annotations

from typing import Any

import pytest

from draco.kb import ASP_DIR
from draco.learn.perception import CARD_BANDS, CHANNELS, ENTROPY_BANDS, FACETS, TASKS, names, render

CARD_OF_BAND = {"few": (4, 10), "some": (10, 20), "many": (20, 4)}  # (fires, does not)
ENTROPY_OF_BAND = {"low": (1.0, 3.5), "high": (3.5, 1.0)}  # bits


def _spec(ch: str, kind: str) -> dict[str, Any]:
    typ = "quantitative" if kind == "continuous" else ("nominal" if ch != "size" else "ordinal")
    enc: dict[str, Any] = {ch: {"field": "f", "type": typ}}
    return {"mark": "point", "encoding": enc}


def _schema(kind: str, card: int = 10, entropy: float = 2.5, interesting: bool = False) -> Any:
    from draco.schema import DataSchema

    ftype = "number" if kind == "continuous" else "string"
    fields = [
        {"name": "f", "type": ftype, "cardinality": card, "entropy": entropy, "interesting": interesting}
    ]
    return DataSchema.from_draco1(fields, 100)


def _cases() -> list[tuple[str, tuple[Any, ...], tuple[Any, ...]]]:
    """(name, firing (spec, schema, task), non-firing (spec, schema, task))."""
    out = []
    for task in TASKS:
        other = "summary" if task == "value" else "value"
        for ch in CHANNELS:
            for kind in ("discrete",) if ch in FACETS else ("continuous", "discrete"):
                fire = (_spec(ch, kind), _schema(kind, interesting=True), task)
                out.append(
                    (f"p_{task}_{ch}_{kind}_interesting", fire, (_spec(ch, kind), _schema(kind), task))
                )
                out.append((f"p_{task}_{ch}_{kind}_interesting", fire, (fire[0], fire[1], other)))
            for band, _, _ in CARD_BANDS:
                yes, no = CARD_OF_BAND[band]
                fire = (_spec(ch, "discrete"), _schema("discrete", card=yes), task)
                out.append(
                    (f"p_{task}_{ch}_discrete_{band}", fire, (fire[0], _schema("discrete", card=no), task))
                )
            if ch in FACETS:
                continue
            for band, _, _ in ENTROPY_BANDS:
                yes, no = ENTROPY_OF_BAND[band]
                for who, flag in (("interesting", True), ("other", False)):
                    name = f"p_{task}_{ch}_entropy_{band}_{who}"
                    fire = (
                        _spec(ch, "continuous"),
                        _schema("continuous", entropy=yes, interesting=flag),
                        task,
                    )
                    out.append(
                        (name, fire, (fire[0], _schema("continuous", entropy=no, interesting=flag), task))
                    )
                    out.append(
                        (
                            name,
                            fire,
                            (fire[0], _schema("continuous", entropy=yes, interesting=not flag), task),
                        )
                    )
    return out


@pytest.fixture(scope="module")
def scored() -> list[tuple[str, dict[str, int], dict[str, int]]]:
    from draco.core import Draco

    cases = _cases()
    specs, schemas, tasks = [], [], []
    for _, fire, quiet in cases:
        for spec, schema, task in (fire, quiet):
            specs.append(spec)
            schemas.append(schema)
            tasks.append(task)
    scores = Draco().cost(specs, schemas, tasks)
    return [(name, scores[2 * i].counts, scores[2 * i + 1].counts) for i, (name, _, _) in enumerate(cases)]


def test_every_perception_constraint_has_a_case() -> None:
    assert {name for name, _, _ in _cases()} == set(names())


def test_fires_on_its_spec_and_not_on_the_twin(
    scored: list[tuple[str, dict[str, int], dict[str, int]]],
) -> None:
    wrong = [name for name, fire, quiet in scored if fire.get(name, 0) != 1 or quiet.get(name, 0) != 0]
    assert wrong == []


def test_shipped_file_is_the_generated_one() -> None:
    assert (ASP_DIR / "soft_perception.lp").read_text(encoding="utf-8") == render()


def test_knowledge_base_loads_the_perception_constraints() -> None:
    from draco.core import Draco

    soft = {c.name for c in Draco().constraints() if c.kind == "soft"}
    assert set(names()) <= soft
