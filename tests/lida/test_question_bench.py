"""The nl2vis bench: its F1@k metric on hand-computed cases and a full run on a tiny nvBench-format file."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "tests" / "data_nl2vis" / "sample.json"


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_nl2vis", ROOT / "bench" / "nl2vis.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules["bench_nl2vis"] = mod
    spec.loader.exec_module(mod)
    return mod


def _bar(x: str, y: str | None, agg: str | None = None, color: str | None = None) -> dict:
    enc: dict = {"x": {"field": x}, "y": {"aggregate": agg} if y is None else {"field": y}}
    if agg and y is not None:
        enc["y"]["aggregate"] = agg
    if color:
        enc["color"] = {"field": color}
    return {"mark": "bar", "encoding": enc}


def test_f1_hand_computed(bench: ModuleType) -> None:
    key = bench.chart_key
    gold = [key(_bar("a", "b", "mean")), key(_bar("c", "b", "mean")), key(_bar("a", None, "count"))]
    preds = [key(_bar("c", "b", "mean")), key(_bar("a", "b", "sum")), key(_bar("a", None, "count"))]
    assert bench.f1_at(preds, gold, 1) == pytest.approx(2 * 1 * (1 / 3) / (1 + 1 / 3))  # P=1, R=1/3 -> 0.5
    assert bench.f1_at(preds, gold, 3) == pytest.approx(2 / 3)  # P=2/3, R=2/3
    assert bench.f1_at([], gold, 3) == 0.0
    # duplicates among predictions count once
    assert bench.f1_at([preds[0], preds[0]], gold, 3) == pytest.approx(0.5)


def test_xy_swap_matches_but_other_channels_do_not(bench: ModuleType) -> None:
    key = bench.chart_key
    g = {"mark": "point", "encoding": {"x": {"field": "p"}, "y": {"field": "q"}, "color": {"field": "r"}}}
    swapped = {"mark": "point", "encoding": {"y": {"field": "p"}, "x": {"field": "q"}, "color": {"field": "r"}}}
    recolored = {"mark": "point", "encoding": {"x": {"field": "r"}, "y": {"field": "q"}, "color": {"field": "p"}}}
    binned = {"mark": "point", "encoding": {"x": {"field": "p", "bin": {"maxbins": 10}}, "y": {"field": "q"},
                                            "color": {"field": "r"}}}
    assert bench.matches(key(swapped), key(g))
    assert not bench.matches(key(recolored), key(g))
    assert not bench.matches(key(binned), key(g))
    assert bench.chart_key({"mark": "bar"}) is None


def test_known_f1_on_sample_file(bench: ModuleType) -> None:
    """Fixed predictions scored against the sample file's gold lists: the mean is worked out by hand."""
    items = bench.load_items(SAMPLE)
    golds = []
    for it in items:
        g = bench._json(it["gold_answer"], [])
        golds.append([bench.chart_key(c) for c in g])
    scored = [(i, g) for i, g in enumerate(golds) if g]
    assert len(scored) == 8
    # predict each item's first gold chart plus one wrong chart: P=1/2; R=1/|gold|
    wrong = bench.chart_key(_bar("nope", None, "count"))
    per_item = [bench.f1_at([g[0], wrong], g, 3) for _, g in scored]
    sizes = [len(g) for _, g in scored]
    assert sizes == [1, 1, 1, 2, 2, 1, 1, 1]
    expected = [2 / 3 if n == 1 else 0.5 for n in sizes]  # F1 = 2PR/(P+R)
    assert per_item == pytest.approx(expected)
    assert sum(per_item) / len(per_item) == pytest.approx((6 * 2 / 3 + 2 * 0.5) / 8)


def test_bench_runs_on_sample_file(bench: ModuleType, capsys: pytest.CaptureFixture[str]) -> None:
    assert bench.main(["--data", str(SAMPLE), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["n"] == 8  # the item without gold charts is skipped
    assert set(out) >= {"f1@1", "f1@3", "f1@5", "n"}
    assert all(0.0 <= out[k] <= 1.0 for k in ("f1@1", "f1@3", "f1@5"))
    assert out["errors"] == 1  # the question naming no column
    assert out["f1@5"] >= 0.6  # the sample's questions are plain; the parser should get most of them


def test_schema_summary_types(bench: ModuleType) -> None:
    schema = json.loads(bench.load_items(SAMPLE)[0]["table_schema"])
    s = bench.schema_summary(schema)
    kinds = {f.name: f.vl_type for f in s.fields}
    assert kinds == {"order_id": "quantitative", "region": "nominal", "order_date": "temporal",
                     "unit_price": "quantitative", "quantity": "quantitative"}
    assert s.field("region").unique == 4
    assert bench.schema_summary({}).fields == []
