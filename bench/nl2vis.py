"""How well the offline question parser turns nvBench 2.0 questions into the charts people meant.

    .venv/bin/python bench/nl2vis.py [--data FILE] [--json] [--limit N] [--part tune|held|all] [--dump FILE]

Each item gives `nl_query`, `table_schema` (a JSON string or object: table_columns, column_examples,
unique_value_counts) and `gold_answer` (a JSON string or list): every acceptable chart, as
{"mark", "encoding": {channel: {"field", "aggregate", "bin", "sort", ...}}, "transform": [...]}.
Tables are not shipped, so a Summary is built from the schema alone (see `schema_summary`): example values
decide each column's type (numbers -> quantitative, ISO dates -> temporal, text -> nominal; numbers written
as text stay nominal, as in the source tables), unique counts give cardinality.

Metric, per item, for k in 1, 3, 5:
  * a chart's key is (mark, {(channel, field, aggregate, binned?)}); a prediction matches a gold chart when
    their keys are equal, or equal after swapping the x and y channels. Sort, time unit, filters and other
    properties are ignored.
  * predictions = the parser's first k distinct keys (`interpret(summary, question, k=5)` prefix; the parser
    may return fewer); gold = the distinct gold keys.
  * precision = predictions among them matching some gold chart / number of predictions (0 when none),
    recall = gold charts matched by some prediction / number of gold charts,
    F1 = 2PR / (P + R) (0 when P + R = 0). An item where the parser raises LidaError scores 0.
  * F1@k is the mean over items. Items without gold charts are skipped (not counted in n).
Split: an item is held apart when the SHA-256 of its csv_file and nl_query (see `split_of`) falls in the
lowest 30 of 100 buckets; the rest is the tuning part. The split was fixed before the parser was tuned, and
only tuning items were looked at while tuning. Report the held part; both and the whole are printed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lida.errors import LidaError  # noqa: E402
from lida.model import Goal  # noqa: E402
from lida.offline.question import interpret  # noqa: E402
from summarizer.model import FieldSummary, NumericStats, Summary, TemporalStats, TopValue  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "nvbench2" / "dev.json"
HELD_PERCENT = 30
KS = (1, 3, 5)
_DATE = re.compile(r"^\d{4}-\d{1,2}(-\d{1,2})?([ T]\d{1,2}:\d{2}(:\d{2})?)?")

Key = tuple[str, frozenset[tuple[str, str, str, bool]]]


# ---- data ----------------------------------------------------------------------------------------------


def _json(value: Any, default: Any) -> Any:
    if value is None:
        return default
    if isinstance(value, str):
        try:
            return json.loads(value)
        except json.JSONDecodeError:
            return default
    return value


def load_items(path: Path) -> list[dict[str, Any]]:
    doc = json.loads(path.read_text(encoding="utf-8"))
    if isinstance(doc, dict):
        doc = doc.get("data") or doc.get("items") or list(doc.values())
    if not isinstance(doc, list):
        raise SystemExit(f"error: {path} holds no list of items")
    return [d for d in doc if isinstance(d, dict)]


def schema_summary(schema: dict[str, Any], name: str = "table") -> Summary:
    """A Summary from column names, a few example values and unique counts (no rows are available)."""
    cols = list(schema.get("table_columns") or [])
    examples = schema.get("column_examples") or {}
    uniques = schema.get("unique_value_counts") or {}
    for c in list(examples) + list(uniques):
        if c not in cols:
            cols.append(c)
    fields = []
    for c in cols:
        ex = [v for v in (examples.get(c) or []) if v is not None]
        unique = int(uniques.get(c) or len(set(map(str, ex))) or 1)
        entropy = math.log2(unique) if unique > 1 else 0.0
        samples = ex[:5]
        numbers = [v for v in ex if isinstance(v, (int, float)) and not isinstance(v, bool)]
        if ex and len(numbers) == len(ex):
            lo, hi = float(min(numbers)), float(max(numbers))
            mean = sum(numbers) / len(numbers)
            std = math.sqrt(sum((x - mean) ** 2 for x in numbers) / len(numbers))
            integral = all(float(x).is_integer() for x in numbers)
            fields.append(FieldSummary(c, "int64" if integral else "float64", "quantitative", "measure", 0, unique,
                                       entropy, samples, NumericStats(lo, hi, mean, std, lo, sorted(numbers)[len(numbers) // 2], hi)))
        elif ex and all(isinstance(v, str) and _DATE.match(v) for v in ex):
            s = sorted(map(str, ex))
            fields.append(FieldSummary(c, "datetime64[ns]", "temporal", "date", 0, unique, entropy, samples,
                                       temporal=TemporalStats(s[0], s[-1], "day")))
        else:
            tops = [TopValue(str(v), 1) for v in ex]
            fields.append(FieldSummary(c, "object", "nominal", "category", 0, unique, entropy, samples,
                                       top_values=tops))
    rows = max([f.unique for f in fields] + [1])
    return Summary(name=name, source="<nvbench schema>", rows=rows, columns=len(fields), fields=fields)


def split_of(item: dict[str, Any]) -> str:
    """"held" or "tune", from a hash of the item's table and question: stable across runs and file orders."""
    key = f"{item.get('csv_file') or ''}\n{item.get('nl_query') or item.get('question') or ''}"
    bucket = int(hashlib.sha256(key.encode("utf-8")).hexdigest()[:8], 16) % 100
    return "held" if bucket < HELD_PERCENT else "tune"


# ---- keys and scoring ----------------------------------------------------------------------------------


def chart_key(chart: dict[str, Any]) -> Key | None:
    """(mark, encodings) as compared by the metric; None for something that is not a chart."""
    if not isinstance(chart, dict):
        return None
    mark = chart.get("mark")
    if isinstance(mark, dict):
        mark = mark.get("type")
    enc = chart.get("encoding")
    if not isinstance(mark, str) or not isinstance(enc, dict):
        return None
    items = set()
    for channel, e in enc.items():
        if not isinstance(e, dict):
            continue
        items.add((str(channel), str(e.get("field") or ""), str(e.get("aggregate") or ""), bool(e.get("bin"))))
    return mark, frozenset(items)


def swap_xy(key: Key) -> Key:
    swap = {"x": "y", "y": "x"}
    return key[0], frozenset((swap.get(c, c), f, a, b) for c, f, a, b in key[1])


def matches(pred: Key, gold: Key) -> bool:
    return pred == gold or swap_xy(pred) == gold


def f1_at(preds: list[Key], golds: list[Key], k: int) -> float:
    top = list(dict.fromkeys(preds))[:k]
    gold = list(dict.fromkeys(golds))
    if not top or not gold:
        return 0.0
    hit_p = sum(1 for p in top if any(matches(p, g) for g in gold))
    hit_g = sum(1 for g in gold if any(matches(p, g) for p in top))
    precision, recall = hit_p / len(top), hit_g / len(gold)
    return 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)


def goal_chart(goal: Goal) -> dict[str, Any]:
    """A goal's intent in the nvBench chart format."""
    enc: dict[str, Any] = {}
    for e in goal.intent.encodings:
        if e.channel is None:
            continue
        d: dict[str, Any] = {}
        if e.field:
            d["field"] = e.field
        if e.aggregate:
            d["aggregate"] = e.aggregate
        if e.bin:
            d["bin"] = {"maxbins": e.bin} if isinstance(e.bin, int) and e.bin is not True else True
        if e.time_unit:
            d["timeUnit"] = e.time_unit
        if e.sort:
            d["sort"] = e.sort
        enc[e.channel] = d
    return {"mark": goal.intent.mark, "encoding": enc}


@dataclass
class ItemResult:
    index: int
    question: str
    part: str
    f1: dict[int, float]
    predicted: list[dict[str, Any]]
    error: str | None = None


def score_item(index: int, item: dict[str, Any]) -> ItemResult | None:
    golds_raw = _json(item.get("gold_answer"), [])
    if isinstance(golds_raw, dict):
        golds_raw = [golds_raw]
    golds = [k for k in (chart_key(g) for g in golds_raw or []) if k is not None]
    if not golds:
        return None
    question = str(item.get("nl_query") or item.get("question") or "")
    schema = _json(item.get("table_schema"), {})
    summary = schema_summary(schema if isinstance(schema, dict) else {}, str(item.get("csv_file") or "table"))
    try:
        goals = interpret(summary, question, k=max(KS))
    except LidaError as exc:
        return ItemResult(index, question, split_of(item), {k: 0.0 for k in KS}, [], str(exc))
    charts = [goal_chart(g) for g in goals]
    preds = [k for k in (chart_key(c) for c in charts) if k is not None]
    return ItemResult(index, question, split_of(item), {k: f1_at(preds, golds, k) for k in KS}, charts)


def aggregate(results: Iterable[ItemResult]) -> dict[str, float]:
    rs = list(results)
    out: dict[str, float] = {"n": len(rs)}
    for k in KS:
        out[f"f1@{k}"] = round(sum(r.f1[k] for r in rs) / len(rs), 4) if rs else 0.0
    out["errors"] = sum(1 for r in rs if r.error)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    ap.add_argument("--limit", type=int, default=None, help="only the first N items")
    ap.add_argument("--part", choices=("tune", "held", "all"), default="all",
                    help="score only this part (--json and --dump follow it)")
    ap.add_argument("--dump", type=Path, default=None, help="write per-item predictions and F1 as JSON")
    args = ap.parse_args(argv)
    if not args.data.exists():
        print(f"error: no data file {args.data}", file=sys.stderr)
        return 2
    items = load_items(args.data)
    if args.limit is not None:
        items = items[: args.limit]
    if args.part != "all":
        items = [it for it in items if split_of(it) == args.part]
    results = [r for r in (score_item(i, it) for i, it in enumerate(items)) if r is not None]
    whole = aggregate(results)
    if args.dump:
        args.dump.write_text(json.dumps([r.__dict__ for r in results], indent=1, default=str), encoding="utf-8")
    if args.json:
        print(json.dumps(whole))
        return 0
    parts = [(name, [r for r in results if r.part == part]) for name, part in
             (("tune", "tune"), (f"held ({HELD_PERCENT}%)", "held"))]
    parts = [(name, rs) for name, rs in parts if rs] + [("all", results)]
    print(f"{'part':<20} {'n':>5} {'F1@1':>7} {'F1@3':>7} {'F1@5':>7} {'errors':>7}")
    for name, rs in parts:
        a = aggregate(rs)
        print(f"{name:<20} {a['n']:>5} {a['f1@1']:>7.3f} {a['f1@3']:>7.3f} {a['f1@5']:>7.3f} {a['errors']:>7}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
