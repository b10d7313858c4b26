"""One Draco shared by threads (the sandbox executes candidates side by side) gives correct answers."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from draco import DataSchema, Draco, EncodingHint, FieldSchema, PartialSpec

SCHEMA = DataSchema(
    num_rows=300,
    fields=(
        FieldSchema(name="a", type="string", cardinality=4, entropy=1.9),
        FieldSchema(name="b", type="number", cardinality=250, entropy=7.5, min=0, max=100),
        FieldSchema(name="c", type="number", cardinality=200, entropy=7.2, min=1, max=9),
    ),
)
BAR = {"mark": "bar", "encoding": {"x": {"field": "a", "type": "nominal"},
                                   "y": {"field": "b", "type": "quantitative", "aggregate": "mean"}}}  # fmt: skip


def test_shared_instance_from_threads():
    draco = Draco()
    expected_cost = draco.cost([BAR], SCHEMA)[0].cost
    partial = PartialSpec(encodings=(EncodingHint(field="b"), EncodingHint(field="c")))
    expected_completion = draco.complete(partial, SCHEMA, k=1)[0].spec

    def work(i: int) -> bool:
        if i % 2:
            return draco.cost([BAR], SCHEMA)[0].cost == expected_cost
        return draco.complete(partial, SCHEMA, k=1)[0].spec == expected_completion

    with ThreadPoolExecutor(max_workers=8) as pool:
        assert all(pool.map(work, range(400)))
    assert draco.cost([BAR], SCHEMA)[0].cost == expected_cost  # and the instance is still sound
