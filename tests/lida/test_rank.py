"""Ranking: duplicates count once, cost orders, and the top n are not all about the same fields."""

from __future__ import annotations

from lida.rank import chart_key, deduplicate, rank, shown_fields


def bar(x: str, y: str, agg: str | None = "mean", title: str = "") -> dict:
    enc = {"x": {"field": x, "type": "nominal"}, "y": {"field": y, "type": "quantitative"}}
    if agg:
        enc["y"]["aggregate"] = agg
    return {"mark": {"type": "bar", "tooltip": True}, "encoding": enc, "title": title}


def test_same_chart_with_different_titles_and_axes_swapped_has_one_key():
    a = bar("Origin", "Horsepower", title="one")
    b = {"mark": "bar", "encoding": {"y": dict(a["encoding"]["x"]), "x": dict(a["encoding"]["y"])}, "title": "two"}
    assert chart_key(a) == chart_key(b)


def test_different_aggregate_is_a_different_chart():
    assert chart_key(bar("Origin", "Horsepower", "mean")) != chart_key(bar("Origin", "Horsepower", "sum"))


def test_layers_are_part_of_the_key_and_fields():
    layered = {"layer": [bar("a", "b"), {"mark": "text", "encoding": {"text": {"field": "b"}}}]}
    assert len(chart_key(layered)) == 2
    assert shown_fields(layered) == {"a", "b"}


def test_deduplicate_keeps_cheapest():
    items = [(bar("a", "b", title="x"), 5.0), (bar("a", "b", title="y"), 2.0), (bar("a", "c"), 3.0)]
    kept = deduplicate(items, spec=lambda t: t[0], cost=lambda t: t[1])
    assert [c for _, c in kept] == [2.0, 3.0]


def test_rank_prefers_new_fields_over_a_slightly_cheaper_repeat():
    items = [
        (bar("a", "b", "mean"), 1.0),
        (bar("a", "b", "sum"), 1.1),
        (bar("c", "d", "mean"), 1.2),
    ]
    top = rank(items, spec=lambda t: t[0], cost=lambda t: t[1], n=2)
    assert [c for _, c in top] == [1.0, 1.2]


def test_rank_without_diversity_is_cost_order():
    items = [(bar("a", "b", "sum"), 1.1), (bar("a", "b", "mean"), 1.0), (bar("c", "d"), 1.2)]
    top = rank(items, spec=lambda t: t[0], cost=lambda t: t[1], n=3, diversity=0.0)
    assert [c for _, c in top] == [1.0, 1.1, 1.2]


def test_rank_empty():
    assert rank([], spec=lambda t: t, cost=lambda t: 0.0) == []


def test_rank_has_no_one_of_each_mark_rule():
    """What to show across questions is the learned ranker's job; by draco cost alone, a second cheap
    histogram of other fields is not pushed behind a costlier chart just because its mark repeats."""
    def hist(field: str) -> dict:
        return {"mark": "bar", "encoding": {"x": {"field": field, "bin": True, "type": "quantitative"},
                                            "y": {"aggregate": "count", "type": "quantitative"}}}  # fmt: skip

    line = {"mark": "line", "encoding": {"x": {"field": "month", "type": "temporal"},
                                         "y": {"field": "sales", "aggregate": "mean", "type": "quantitative"}}}  # fmt: skip
    items = [(hist("sales"), 1.0), (hist("units"), 1.0), (line, 1.5)]
    top = rank(items, spec=lambda t: t[0], cost=lambda t: t[1], n=2)
    assert [c for _, c in top] == [1.0, 1.0]
