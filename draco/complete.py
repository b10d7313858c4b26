"""Completion: turn a PartialSpec into candidate domains for generate.lp and read back the k best.

Grounding is kept lean: one encoding slot per hint and per required field (no field x channel
cross product over the whole table), attribute domains pruned by the field's primitive type,
and only the partial's own fields in the data facts. Distinct answers come from iterative
blocking of the choices that define a chart, so symmetric duplicates (same chart, different
slot order or an unused free choice) cannot come back.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping

import clingo

from draco.errors import DracoError
from draco.model import Completion
from draco.partial import EncodingHint, PartialSpec
from draco.schema import DataSchema, FieldSchema
from draco.vegalite import (
    AGGREGATES,
    CHANNELS,
    DEFAULT_MAXBINS,
    MARKS,
    SCALES,
    STACKS,
    TIME_UNITS,
    TYPES,
    check_task,
    fact,
    quote,
    schema_facts,
    task_facts,
    view_to_vl,
    views_from_symbols,
)

#: channels the solver may pick for an encoding whose channel is free
FREE_CHANNELS = ("x", "y", "color", "size", "shape", "opacity", "theta", "text", "row", "column")
COUNT_CHANNELS = ("x", "y", "color", "size", "theta", "text")
#: when the partial names no field at all, consider this many of the most informative ones
MAX_AUTO_FIELDS = 6
MAX_AUTO_ENCODINGS = 3


def _validate_hint(h: EncodingHint, schema: DataSchema) -> None:
    if h.channel is not None and h.channel not in CHANNELS:
        raise DracoError(f"unknown channel: {h.channel!r} (supported: {', '.join(CHANNELS)})")
    if h.type is not None and h.type not in TYPES:
        raise DracoError(f"unknown type: {h.type!r} (supported: {', '.join(TYPES)})")
    if h.aggregate is not None and h.aggregate not in AGGREGATES:
        raise DracoError(f"unsupported aggregate: {h.aggregate!r} (supported: {', '.join(AGGREGATES)})")
    if h.time_unit is not None and h.time_unit not in TIME_UNITS:
        raise DracoError(f"unsupported timeUnit: {h.time_unit!r} (supported: {', '.join(TIME_UNITS)})")
    if h.scale is not None and h.scale not in SCALES:
        raise DracoError(f"unsupported scale: {h.scale!r} (supported: {', '.join(SCALES)})")
    if h.stack is not None and h.stack not in STACKS:
        raise DracoError(f"unsupported stack: {h.stack!r} (supported: zero, normalize)")
    if isinstance(h.bin, int) and not isinstance(h.bin, bool) and h.bin < 1:
        raise DracoError(f"maxbins must be positive, got {h.bin}")
    if h.field is not None:
        schema.field(h.field)


def _informative(schema: DataSchema) -> list[str]:
    """Fields worth charting when the partial names none: skip ids, constants and near-unique text."""

    def rank(f: FieldSchema) -> tuple[int, float]:
        useless = f.semantic_type in ("id", "constant", "empty", "url", "email") or f.cardinality <= 1
        unique_text = f.type == "string" and f.cardinality > 0.9 * max(schema.num_rows, 1) and schema.num_rows > 20
        return (0 if f.interesting else 1 if not (useless or unique_text) else 2, -(f.entropy or 0.0))

    ranked = sorted(schema.fields, key=rank)
    good = [f.name for f in ranked if rank(f)[0] < 2]
    return (good or [f.name for f in ranked])[:MAX_AUTO_FIELDS]


def _types_for(f: FieldSchema | None, hint: EncodingHint | None) -> list[str]:
    if hint is not None and hint.type is not None:
        return [hint.type]
    if f is None:
        return ["quantitative"]
    if hint is not None and hint.aggregate in ("count", "distinct", "sum", "mean", "median", "stdev"):
        return ["quantitative"]
    if hint is not None and hint.time_unit is not None:
        return ["temporal", "ordinal"]
    return {
        "number": ["quantitative", "ordinal"],
        "datetime": ["temporal", "ordinal"],
        "string": ["nominal"],
        "boolean": ["nominal"],
    }[f.type]


def _aggs_for(f: FieldSchema | None, hint: EncodingHint | None) -> list[str]:
    if hint is not None and hint.aggregate is not None:
        return [hint.aggregate]
    if f is None:
        return ["count"]
    if hint is not None and (hint.bin not in (None, False) or hint.time_unit is not None):
        return ["none"]
    return ["none", "mean", "sum"] if f.type == "number" else ["none"]


def _bins_for(f: FieldSchema | None, hint: EncodingHint | None) -> list[int]:
    if hint is not None and hint.bin is not None:
        if hint.bin is False:
            return [0]
        return [DEFAULT_MAXBINS if hint.bin is True else int(hint.bin)]
    if f is None or f.type != "number" or (hint is not None and hint.aggregate is not None):
        return [0]
    return [0, DEFAULT_MAXBINS]


def _units_for(f: FieldSchema | None, hint: EncodingHint | None) -> list[str]:
    if hint is not None and hint.time_unit is not None:
        return [hint.time_unit]
    if f is None or f.type != "datetime" or (hint is not None and hint.aggregate is not None):
        return ["none"]
    return ["none", "year", "month"]


def build_facts(partial: PartialSpec, schema: DataSchema, weights: Mapping[str, int]) -> tuple[list[str], list[int]]:
    """The completion instance: candidate domains and data facts. Returns facts and optional slot ids."""
    check_task(partial.task)
    if partial.mark is not None and partial.mark not in MARKS:
        raise DracoError(f"unknown mark: {partial.mark!r} (supported: {', '.join(MARKS)})")
    for h in partial.encodings:
        _validate_hint(h, schema)
    for name in partial.fields:
        schema.field(name)

    mentioned = list(dict.fromkeys([*(h.field for h in partial.encodings if h.field), *partial.fields]))
    auto = not mentioned
    pool = _informative(schema) if auto else mentioned
    data = schema.select(pool)
    facts = schema_facts(data, 0)
    facts.extend(task_facts(0, partial.task))
    for m in [partial.mark] if partial.mark else MARKS:
        facts.append(fact("cand_mark", m))
    if partial.donut:
        facts.append("want_donut.")
    for name, w in weights.items():
        facts.append(fact("weight", name, w))

    slots: list[tuple[EncodingHint | None, list[str | None], bool]] = []  # hint, candidate fields, optional
    for h in partial.encodings:
        if h.field is not None:
            cands: list[str | None] = [h.field]
        elif h.aggregate == "count" or (not pool):
            cands = [None]
        else:
            cands = list(pool) + ([None] if h.aggregate in (None, "count") else [])
        slots.append((h, cands, False))
    hinted = {h.field for h in partial.encodings if h.field}
    for name in partial.fields:
        if name not in hinted:
            slots.append((None, [name], True))
    if auto and not partial.encodings:
        for name in pool:
            slots.append((None, [name], True))
    # a field-less count makes histograms and count heatmaps possible; beside a hinted aggregate it
    # could only be a second summary on color or size, which nobody draws
    summarised = any(h.aggregate not in (None, "count") for h in partial.encodings)
    if not summarised and not any(None in c for _, c, _ in slots):
        slots.append((EncodingHint(aggregate="count"), [None], True))

    optional: list[int] = []
    for e, (hint, cands, opt) in enumerate(slots):
        facts.append(fact("optslot" if opt else "slot", e))
        if opt:
            optional.append(e)
        channels = [hint.channel] if hint and hint.channel else (COUNT_CHANNELS if cands == [None] else FREE_CHANNELS)
        for c in channels:
            facts.append(fact("cand_channel", e, c))
        for cand in cands:
            f = data.field(cand) if cand is not None else None
            F = quote(cand) if cand is not None else "nofield"
            facts.append(fact("slot_field", e, F))
            for t in _types_for(f, hint):
                facts.append(fact("cand_type", e, F, t))
            for a in _aggs_for(f, hint):
                facts.append(fact("cand_agg", e, F, a))
            for b in _bins_for(f, hint):
                facts.append(fact("cand_bin", e, F, b))
            for u in _units_for(f, hint):
                facts.append(fact("cand_timeunit", e, F, u))
        if hint is not None:
            if hint.scale is not None:
                facts.append(fact("fixed_scale", e, hint.scale))
            if hint.zero is True:
                facts.append(fact("fixed_zero", e))
            if hint.zero is False:
                facts.append(fact("fixed_nozero", e))
            if hint.stack is not None:
                facts.append(fact("fixed_stack", e, hint.stack))
            if hint.sort is not None:
                by = hint.sort.lstrip("-")
                if hint.sort in ("ascending", "descending"):
                    facts.append(fact("fixed_sort", e, hint.sort))
                elif by in CHANNELS:
                    facts.append(fact("fixed_sort", e, "descending" if hint.sort.startswith("-") else "ascending"))
                    facts.append(fact("fixed_sortby", e, by))
                else:
                    raise DracoError(f"unsupported sort: {hint.sort!r}")
    for i, (h1, c1, o1) in enumerate(slots):
        for j in range(i + 1, len(slots)):
            h2, c2, o2 = slots[j]
            if h1 == h2 and c1 == c2 and o1 == o2:
                facts.append(fact("same_hint", i, j))
    for name in partial.fields:
        facts.append(fact("required", quote(name)))
    if auto:
        facts.append(fact("min_fields", 1))
        facts.append(fact("max_encodings", max(MAX_AUTO_ENCODINGS, len(partial.encodings))))
    return facts, optional


def complete(
    ctl: clingo.Control,
    generate: str,
    weights: Mapping[str, int],
    partial: PartialSpec,
    schema: DataSchema,
    k: int = 5,
) -> list[Completion]:
    """The k cheapest distinct charts completing `partial`, solved on `ctl` (a control already holding the
    knowledge base, from `Draco.control()`) with the search space `generate`. Taking the control and
    weights rather than a Draco keeps this module below draco.core."""
    if not isinstance(partial, PartialSpec):
        raise DracoError(f"partial must be a PartialSpec, got {type(partial).__name__}")
    if k < 1:
        return []
    facts, _ = build_facts(partial, schema, weights)
    ctl.add("base", [], generate + "\n" + "\n".join(facts))
    ctl.ground([("base", [])])
    out: list[Completion] = []
    seen: set[str] = set()
    for round_ in range(3 * k):
        best: list[clingo.Symbol] | None = None
        with ctl.solve(yield_=True) as handle:
            for model in handle:
                best = list(model.symbols(shown=True))
        if best is None:
            break
        comp = _completion(best, weights)
        key = json.dumps(comp.spec, sort_keys=True)
        if key not in seen:  # a safety net: the signature blocking below already rules repeats out
            seen.add(key)
            out.append(comp)
            if len(out) == k:
                break
        name = f"block{round_}"
        ctl.add(name, [], _blocking_rule(best))
        ctl.ground([(name, [])])
    return out


def _completion(symbols: list[clingo.Symbol], weights: Mapping[str, int]) -> Completion:
    views = views_from_symbols(symbols)
    if 0 not in views:
        raise DracoError("internal: completion model without a mark")
    counts: Counter[str] = Counter()
    for s in symbols:
        if s.name == "soft" and len(s.arguments) == 3:
            counts[s.arguments[0].name] += 1
    c = dict(sorted(counts.items()))
    return Completion(spec=view_to_vl(views[0]), cost=sum(n * weights.get(k, 0) for k, n in c.items()), counts=c)


def _blocking_rule(symbols: list[clingo.Symbol]) -> str:
    """Forbid this chart whatever slots produce it: same mark and exactly the same encoding signatures."""
    sigs = [str(s) for s in symbols if s.name == "sig"]
    mark = next(str(s) for s in symbols if s.name == "mark")
    count = f"#count {{ C,F,T,A,B,U : sig(C,F,T,A,B,U) }} = {len(sigs)}"
    return ":- " + ", ".join([mark, *sigs, count]) + "."
