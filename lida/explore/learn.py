"""Learn the ranker's weights from expert charts: on each table, the expert's chart beats every other
candidate the pipeline would consider (pairwise, non-negative RankSVM of draco.learn, regularised
toward PRIOR, deterministic).

Features with a known sign (a flaw, something to see) get one non-negative column; the others get a
column for each sign, so the solver stays non-negative while their weight is free.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from lida.explore.candidates import candidates
from lida.explore.collections import VEGA_TABLES, Table
from lida.explore.features import NAMES, SIGNS, featurize
from lida.explore.match import ChartKey, key_of_spec, relaxed_match
from lida.explore.plan import complete_one, prerank
from lida.explore.ranker import PRIOR, LinearRanker
from lida.explore.stats import table_stats

#: Regularisation: how much the pairs may pull the weights away from PRIOR.
C = 0.05
#: The cost gap asked between an expert chart and a candidate (costs differ by about 0.1 to 3).
MARGIN = 0.3
#: Floors on weights the issue makes requirements, whatever a few galleries say: what the data shows
#: matters (strength, weak), and pooled levels, equal counts and flat pies stay flaws.
FLOORS: dict[str, float] = {"strength": 1.5, "color_separation": 0.5, "weak": 0.5, "pooled": 1.5,
                             "kind_part_to_whole": 0.8,
                             "uniform_count": 2.0, "flat_pie": 2.0}
#: Candidates per table, spread evenly over the prior's pre-ranked list.
NEGATIVES = 200
#: Pairs per table in the fit, spread evenly over its expert charts and candidates.
PAIRS_PER_TABLE = 200
#: Candidates completed per table when collecting pairs.
MAX_CANDIDATES = 200


@dataclass(frozen=True)
class TableData:
    """One table's expert feature vectors and its candidates' (expert-matching candidates left out)."""

    collection: str
    name: str
    experts: list[list[float]]
    negatives: list[list[float]]


def _columns() -> list[tuple[str, float]]:
    """(feature, sign) for each solver column."""
    cols: list[tuple[str, float]] = []
    for name in NAMES:
        s = SIGNS[name]
        if s >= 0:
            cols.append((name, 1.0))
        if s <= 0:
            cols.append((name, -1.0))
    return cols


def _expand(vec: list[float]) -> np.ndarray:
    index = {n: i for i, n in enumerate(NAMES)}
    return np.array([sign * vec[index[name]] for name, sign in _columns()], dtype=float)


def _prior_columns(prior: dict[str, float]) -> np.ndarray:
    out = []
    for name, sign in _columns():
        w = prior.get(name, 0.0)
        out.append(max(0.0, w) if sign > 0 else max(0.0, -w))
    return np.array(out, dtype=float)


def _weights(cols: np.ndarray) -> dict[str, float]:
    w = dict.fromkeys(NAMES, 0.0)
    for (name, sign), v in zip(_columns(), cols, strict=True):
        w[name] += sign * float(v)
    return {k: round(v, 4) + 0.0 for k, v in w.items()}  # 4 digits: the same bytes on every run


def _design_of(key: ChartKey, summary: object, draco: object, schema: object) -> float | None:
    """Draco's cost of the expert's encoding, pinned channel by channel."""
    from draco.errors import DracoError
    from draco.partial import EncodingHint, PartialSpec

    mark = {"point": "point", "line": "line", "bar": "bar", "rect": "rect", "arc": "arc", "boxplot": "boxplot",
            "tick": "tick", "text": "text"}.get(key.mark)
    hints = tuple(EncodingHint(field=e.field, channel=ch, type=e.type, aggregate=e.aggregate,
                               bin=True if e.bin else None, time_unit=e.time_unit) for ch, e in key.encoding)
    try:
        done = draco.complete(PartialSpec(mark=mark, encodings=hints), schema, k=1)  # type: ignore[attr-defined]
    except DracoError:
        return None
    return float(done[0].cost) if done else None


def collect(table: Table, draco: object) -> TableData:
    """Featurize a table's expert charts and its candidate charts as the pipeline would complete them."""
    from draco.schema import DataSchema
    from summarizer import load, summarize_loaded

    if table.name in VEGA_TABLES:
        raise ValueError(f"{table.name} ships in vega-datasets: never trained on")
    loaded = load(str(table.csv))
    summary = summarize_loaded(loaded)
    stats = table_stats(loaded.frame, summary)
    schema = DataSchema.from_summary(summary)
    prior = LinearRanker(dict(PRIOR))
    pre = prerank(summary, stats, candidates(summary, stats), prior)
    negatives: list[dict[str, float]] = []
    matched: dict[int, list[dict[str, float]]] = {}
    for cand, _, _ in pre[:MAX_CANDIDATES]:
        spec, design = complete_one(summary, cand, draco, schema)
        key = key_of_spec(spec)
        if key is None:
            continue
        feats = featurize(key, stats, design)
        hits = [i for i, e in enumerate(table.experts) if relaxed_match(key, e)]
        for i in hits:
            matched.setdefault(i, []).append(feats)
        if not hits:
            negatives.append(feats)
    step = max(1, len(negatives) // NEGATIVES)  # spread over the whole pre-ranked list, not only its head
    negatives = negatives[::step][:NEGATIVES]
    experts = []
    for i, e in enumerate(table.experts):
        if i in matched:  # our own drawing of the expert's chart: featurized exactly as at run time
            experts.append([min(matched[i], key=prior.cost)[n] for n in NAMES])
            continue
        pinned = _design_of(e, summary, draco, schema)
        experts.append([featurize(e, stats, pinned if pinned is not None else 300.0)[n] for n in NAMES])
    return TableData(table.collection, table.name, experts, [[f[n] for n in NAMES] for f in negatives])


def fit(data: list[TableData], c: float = C, prior: dict[str, float] | None = None, margin: float = MARGIN
        ) -> dict[str, float]:
    """Weights from the pairs 'expert beats candidate' of every table."""
    from draco.learn import fit_weights

    prior = prior if prior is not None else PRIOR
    by_name: dict[str, list[TableData]] = {}
    for t in data:  # the same table in two collections is one table
        if t.experts and t.negatives:
            by_name.setdefault(t.name, []).append(t)
    rows: list[np.ndarray] = []
    for name in sorted(by_name):  # every table weighs the same: a table with 12 expert charts is not 12 tables
        pairs = [(e, neg) for t in by_name[name] for e in t.experts for neg in t.negatives]
        step = max(1, len(pairs) // PAIRS_PER_TABLE)
        rows.extend(_expand(neg) - _expand(e) for e, neg in pairs[::step][:PAIRS_PER_TABLE])
    p = _prior_columns(prior)
    if not rows:
        return dict(prior)
    floor = np.array([FLOORS.get(name, 0.0) for name, _ in _columns()], dtype=float)
    w = fit_weights(np.vstack(rows), p, c, nonnegative=True, margin=margin, floor=floor)
    return _weights(w)


def loto_rankers(tables: list[Table], c: float = C, margin: float = MARGIN) -> dict[tuple[str, str], LinearRanker]:
    """For each table, a ranker trained on all the other tables."""
    from draco import Draco

    draco = Draco()
    data = [collect(t, draco) for t in tables]
    out = {}
    for t in tables:
        rest = [d for d in data if d.name != t.name]  # the same table in two collections is one table
        out[(t.collection, t.name)] = LinearRanker(fit(rest, c, margin=margin), f"loto-{t.name}")
    return out


def learn(tables: list[Table], out: Path, c: float = C, margin: float = MARGIN) -> dict[str, float]:
    """Train on every table and write the weights file (sorted keys, so reruns give the same bytes)."""
    from draco import Draco

    draco = Draco()
    data = [collect(t, draco) for t in tables]
    weights = fit(data, c, margin=margin)
    payload = {
        "about": "lida ranker cost weights (lower cost ranks first), learned by bench/learn_ranker.py",
        "c": c,
        "margin": margin,
        "tables": sorted(f"{d.collection}/{d.name}" for d in data),
        "pairs_per_table": PAIRS_PER_TABLE,
        "weights": weights,
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(payload, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return weights
