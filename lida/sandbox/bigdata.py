"""Large charts: turn a spec over shipped Arrow tables into Vega-Lite with small inline data.

Runs in the worker's renderer (renderer.py), never on the host: locked down, with the chart's memory
limit and time budget, after specguard has sized the chart's transforms.

For each view over a large table, VegaFusion (Rust, declarative Vega transforms only, no chart code)
evaluates the view's own transforms plus its encoding's bin / timeUnit / aggregate over the full table.
The view then gets one row per group with values chosen so Vega-Lite's re-aggregation is the identity:
mean/sum/min/max/median keep their field and op, a bin's field holds the bin midpoint and the bin gets
an explicit extent and step, a timeUnit field holds the truncated date, count() becomes sum(__count). The
encoding (and so draco's view of the design) stays what the code wrote. Views without aggregation, and
results still over `MAX_ROWS`, are sampled (fixed seed) and the result says so in a note.
Shapes this cannot rewrite (repeat, selections in transforms, lookups) fall back to sampling the source."""

from __future__ import annotations

import copy
import datetime as dt
import json
import math
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from draco import spec_walk
from lida.sandbox.tables import TABLE_PREFIX

#: Most rows one view's inline data may carry; larger results are sampled to this many.
MAX_ROWS = 10_000
#: Seed of the row sample, so the same chart gives the same picture.
SAMPLE_SEED = 0
#: Ops where one row per group re-aggregates to the same value (sum/product of one value is that value).
_IDEMPOTENT = frozenset({"mean", "average", "median", "min", "max", "sum", "product", "q1", "q3"})
_CHANNELS_6_BINS = frozenset({"row", "column", "facet", "shape", "size"})


class Unsupported(Exception):
    """This chart shape is not rewritten; the caller samples the source instead."""


@dataclass
class Reduction:
    """The rewritten spec and what was done to its data (for ExecResult.notes)."""

    spec: dict[str, Any]
    notes: list[str] = field(default_factory=list)


def reduce_spec(spec: dict[str, Any], tables: dict[str, Any]) -> Reduction:
    """Spec with every reference to a shipped table replaced by small inline data."""
    work = copy.deepcopy(spec)
    reducer = _Reducer(tables, work.setdefault("datasets", {}))
    try:
        reducer.walk(work)
        _check_no_refs(work, tables)
    except Unsupported as exc:
        work = copy.deepcopy(spec)
        reducer = _Reducer(tables, work.setdefault("datasets", {}))
        reducer.sample_sources(work, str(exc))
    return Reduction(work, reducer.notes)


def _check_no_refs(node: Any, tables: dict[str, Any]) -> None:
    if isinstance(node, dict):
        if node.get("name") in tables and set(node) <= {"name", "format"}:
            raise Unsupported("a part of the chart this rewrite does not know reads the table")
        for value in node.values():
            _check_no_refs(value, tables)
    elif isinstance(node, list):
        for value in node:
            _check_no_refs(value, tables)


def _big(data: Any, tables: dict[str, Any]) -> str | None:
    if isinstance(data, dict) and isinstance(data.get("name"), str) and data["name"] in tables:
        return str(data["name"])
    return None


class _Reducer:
    def __init__(self, tables: dict[str, Any], datasets: dict[str, Any]) -> None:
        self.tables, self.datasets = tables, datasets
        self.notes: list[str] = []

    # -- traversal ------------------------------------------------------------------------------

    def walk(self, spec: dict[str, Any]) -> None:
        """Rewrite, in `spec`, every view over a large table (found by draco.spec_walk, repeat not
        expanded): it gets a small dataset and its merged encoding; the nodes between it and the table
        lose the data, transforms and shared layer encoding it now carries itself."""
        units = [u for u in spec_walk.walk(spec, expand_repeat=False) if _big(u.data, self.tables) is not None]
        cleared: list[dict[str, Any]] = []
        for u in units:
            if "repeat" in u.operators:
                raise Unsupported("repeat charts")
            holder, facet_fields = u.node, []
            if u.facet:  # the dataset goes on the facet node, which must hold the view itself
                if u.operators[-1] != "facet" or u.operators.count("facet") > 1:
                    raise Unsupported("facets of layered charts")
                holder = u.parents[-1]
                facet_fields = [_facet_field(d) for d in _facet_defs(holder["facet"])]
            merged = copy.deepcopy(u.encoding)
            name = self.unit(u.node, merged, str(_big(u.data, self.tables)), list(u.transforms), facet_fields)
            u.node["encoding"] = merged
            u.node.pop("transform", None)
            if holder is not u.node:
                u.node.pop("data", None)
            owner = next((i for i, p in enumerate(u.parents) if p is u.data_owner), len(u.parents))
            cleared.extend(p for p in u.parents[owner:] if p is not holder)
            holder["data"] = {"name": name}
            holder.pop("transform", None)
        for node in cleared:
            node.pop("data", None)
            node.pop("transform", None)
            if "layer" in node:
                node.pop("encoding", None)

    def sample_sources(self, spec: dict[str, Any], why: str) -> None:
        """Fallback: every reference to a large table becomes a fixed-seed sample of it."""
        names: dict[str, str] = {}

        def visit(node: Any) -> None:
            if isinstance(node, dict):
                big = _big(node, self.tables)
                if big is not None and set(node) <= {"name", "format"}:
                    if big not in names:
                        table = self.tables[big]
                        names[big] = self.store(_records(_sample(table, MAX_ROWS)))
                        if table.num_rows > MAX_ROWS:
                            self.notes.append(f"sampled: {why} cannot be pre-aggregated, so the chart draws a "
                                              f"random sample of {MAX_ROWS:,} of {table.num_rows:,} rows "
                                              "(aggregates are approximate)")  # fmt: skip
                    node["name"] = names[big]
                    return
                for value in node.values():
                    visit(value)
            elif isinstance(node, list):
                for value in node:
                    visit(value)

        visit(spec)

    def store(self, rows: list[dict[str, Any]]) -> str:
        name = f"data-lida-{len(self.datasets)}"
        while name in self.datasets:
            name += "x"
        self.datasets[name] = rows
        return name

    # -- one view -------------------------------------------------------------------------------

    def unit(self, view: dict[str, Any], encoding: dict[str, Any], data: str, steps: list[Any],
             facet_fields: list[str]) -> str:  # fmt: skip
        """Evaluate one view over the table and rewrite its encoding in place; return its dataset name."""
        text = json.dumps(steps)
        if '"param"' in text or '"lookup"' in text or '"url"' in text:
            raise Unsupported("transforms that use selections, lookups or URLs")
        plan = _Plan()
        defs = list(_field_defs(encoding))
        for _, fdef in defs:
            plan.claim_dimension(fdef)
        if not plan.aggregates_in(defs):
            return self.raw(view, encoding, data, steps)
        plan.extra_groupby(facet_fields)
        for channel, fdef in defs:
            plan.add(channel, fdef)
        table = self.tables[data]
        result = _evaluate(table, data, [*steps, *plan.transforms()])
        total = result.num_rows
        if total > MAX_ROWS:
            result = _sample(result, MAX_ROWS)
            self.notes.append(f"sampled: the aggregated data has {total:,} rows; the chart draws a random sample of "
                              f"{MAX_ROWS:,}")  # fmt: skip
        rows = plan.finish(result)
        self.notes.append(f"pre-aggregated: {table.num_rows:,} rows reduced to {total:,} in the chart's data")
        return self.store(rows)

    def raw(self, view: dict[str, Any], encoding: dict[str, Any], data: str, steps: list[Any]) -> str:
        """A view without aggregation: its transforms over the full table, then a sample of the rows."""
        table = self.tables[data]
        if steps:
            table = _evaluate(table, data, steps)
        used = {d["field"] for _, d in _field_defs(encoding) if isinstance(d.get("field"), str)}
        if used and used <= set(table.column_names) and "tooltip" not in encoding:
            table = table.select([c for c in table.column_names if c in used])  # only what is drawn
        mark = view.get("mark")
        mark = mark.get("type") if isinstance(mark, dict) else mark
        if table.num_rows > MAX_ROWS:
            self.notes.append(f"sampled: the {mark!s:.20} chart draws a random sample of "
                              f"{MAX_ROWS:,} of its {table.num_rows:,} rows (seed {SAMPLE_SEED})")  # fmt: skip
            table = _sample(table, MAX_ROWS)
        return self.store(_records(table))


def _facet_defs(facet: dict[str, Any]) -> list[dict[str, Any]]:
    if "field" in facet:
        return [facet]
    return [d for k, d in facet.items() if k in ("row", "column") and isinstance(d, dict)]


def _facet_field(d: dict[str, Any]) -> str:
    if not isinstance(d.get("field"), str) or "bin" in d or "timeUnit" in d or "aggregate" in d:
        raise Unsupported("facets over derived fields")
    return str(d["field"])


def _field_defs(encoding: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    out: list[tuple[str, dict[str, Any]]] = []
    for channel, value in encoding.items():
        for d in value if isinstance(value, list) else [value]:
            if not isinstance(d, dict):
                continue
            cond = d.get("condition")
            if any(
                isinstance(c, dict) and "field" in c for c in (cond if isinstance(cond, list) else [cond])
            ):
                raise Unsupported("conditional field encodings")
            if isinstance(d.get("field"), dict):
                raise Unsupported("repeated fields")
            if "field" in d or d.get("aggregate") == "count":
                out.append((channel, d))
    return out


class _Plan:
    """The bin / timeUnit / aggregate transforms one view needs, and how to undo their naming."""

    def __init__(self) -> None:
        self.dims: list[str] = []
        self.used: set[str] = set()
        self.ops: list[dict[str, Any]] = []
        self.derived: list[dict[str, Any]] = []
        self.bins: list[tuple[str, str, str, dict[str, Any]]] = []  # field, start col, end col, fdef
        self.units: list[tuple[str, str]] = []  # field, truncated col

    def aggregates_in(self, defs: list[tuple[str, dict[str, Any]]]) -> bool:
        return any("aggregate" in d for _, d in defs)

    def claim_dimension(self, fdef: dict[str, Any]) -> None:
        if "aggregate" not in fdef and isinstance(fdef.get("field"), str):
            self.used.add(fdef["field"])

    def extra_groupby(self, fields: list[str]) -> None:
        for f in fields:
            if f not in self.dims:
                self.dims.append(f)

    def add(self, channel: str, fdef: dict[str, Any]) -> None:
        name = fdef.get("field")
        if "aggregate" in fdef:
            self.add_aggregate(fdef)
        elif (
            fdef.get("bin")
            and fdef.get("bin") != "binned"
            and not (isinstance(fdef["bin"], dict) and fdef["bin"].get("binned"))
        ):
            if "timeUnit" in fdef:
                raise Unsupported("a field both binned and time-unit'd")
            params = dict(fdef["bin"]) if isinstance(fdef["bin"], dict) else {}
            params.setdefault("maxbins", 6 if channel in _CHANNELS_6_BINS else 10)
            start, end = f"__lida_bin_{len(self.bins)}", f"__lida_bin_{len(self.bins)}_end"
            if any(b[0] == name and b[3].get("bin") != fdef.get("bin") for b in self.bins):
                raise Unsupported("one field binned two ways")
            self.derived.append({"bin": params, "field": name, "as": [start, end]})
            self.bins.append((str(name), start, end, fdef))
            self.dims += [start, end]
        elif "timeUnit" in fdef:
            unit = fdef["timeUnit"]
            col = f"__lida_tu_{len(self.units)}"
            if any(u[0] == name for u in self.units):
                raise Unsupported("one field under two time units")
            self.derived.append({"timeUnit": unit, "field": name, "as": col})
            self.units.append((str(name), col))
            self.dims.append(col)
        elif isinstance(name, str) and name not in self.dims:
            self.dims.append(name)
        sort = fdef.get("sort")
        if isinstance(sort, dict) and ("op" in sort or "field" in sort):
            fdef["sort"] = self.add_sort(sort)

    def _out_name(self, op: str, field: str | None) -> str:
        if op == "count":
            return "__count"
        if op in _IDEMPOTENT and field is not None and field not in self.used:
            self.used.add(field)
            return field
        name = f"{op}_{field}"
        while name in self.used:
            name += "_"
        self.used.add(name)
        return name

    def _op(self, op: str, field: str | None) -> str:
        for existing in self.ops:
            if existing["op"] == op and existing.get("field") == field:
                return str(existing["as"])
        out = self._out_name(op, field)
        self.ops.append(
            {"op": op, "as": out, **({"field": field} if field is not None and op != "count" else {})}
        )
        return out

    def add_aggregate(self, fdef: dict[str, Any]) -> None:
        op, name = fdef["aggregate"], fdef.get("field")
        if not isinstance(op, str) or "bin" in fdef or "timeUnit" in fdef:
            raise Unsupported("argmin/argmax or binned aggregates")
        if name is not None and not isinstance(name, str):
            raise Unsupported("non-text fields")
        out = self._op(op, name if op != "count" else None)
        if op == "count":
            fdef.update(aggregate="sum", field=out)
            fdef.setdefault("title", "Count of Records")
        elif out != name or op not in _IDEMPOTENT:
            fdef.setdefault("title", f"{op.capitalize()} of {name}")
            fdef.update(aggregate=op if op in _IDEMPOTENT else "sum", field=out)

    def add_sort(self, sort: dict[str, Any]) -> dict[str, Any]:
        op = sort.get("op", "sum")
        if not isinstance(op, str):
            raise Unsupported("sorts by argmin/argmax")
        field = sort.get("field") if op != "count" else None
        out = self._op(op, field if isinstance(field, str) else None)
        # one row per group: re-aggregating the group's value with an idempotent op keeps the order
        return {**sort, "field": out, "op": op if op in _IDEMPOTENT else "sum"}

    def transforms(self) -> list[dict[str, Any]]:
        ops = self.ops or [{"op": "count", "as": "__count"}]
        return [*self.derived, {"aggregate": ops, "groupby": self.dims}]

    def finish(self, result: Any) -> list[dict[str, Any]]:
        rows = _records(result)
        for name, start, end, fdef in self.bins:
            starts = [r[start] for r in rows if is_num(r.get(start))]
            ends = [r[end] for r in rows if is_num(r.get(end))]
            if starts and ends:
                step = min(
                    e - s
                    for e, s in (
                        (r[end], r[start]) for r in rows if is_num(r.get(start)) and is_num(r.get(end))
                    )
                )
                fdef["bin"] = {"extent": [min(starts), max(ends)], "step": step}
            for r in rows:
                s, e = r.pop(start, None), r.pop(end, None)
                r[name] = (s + e) / 2 if is_num(s) and is_num(e) else None
        for name, col in self.units:
            for r in rows:
                r[name] = r.pop(col, None)
        return rows


def is_num(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _evaluate(table: Any, name: str, steps: list[Any]) -> Any:
    """Run Vega-Lite transforms over the table with VegaFusion; the final dataset as an Arrow table."""
    import vegafusion as vf
    import vl_convert as vlc

    if not name.startswith(TABLE_PREFIX):
        raise Unsupported("an unknown table")
    lite = {"data": {"url": f"vegafusion+dataset://{name}"}, "transform": steps, "mark": "point"}
    try:
        vega = vlc.vegalite_to_vega(lite)
        final = vega["marks"][0]["from"]["data"]
        (out,), _ = vf.runtime.pre_transform_datasets(
            vega, [final], local_tz="UTC", inline_datasets={name: table}, dataset_format="pyarrow"
        )
    except Exception as exc:  # vl-convert and VegaFusion raise several plain types; the caller falls back
        raise Unsupported(
            f"transforms VegaFusion cannot evaluate ({str(exc).splitlines()[0][:120]})"
        ) from exc
    return out


def _sample(table: Any, n: int) -> Any:
    """A fixed-seed random sample of n rows, kept in the table's order (a line stays a line)."""
    import numpy as np

    if table.num_rows <= n:
        return table
    picked = np.sort(np.random.default_rng(SAMPLE_SEED).choice(table.num_rows, size=n, replace=False))
    return table.take(picked)


def _json_value(value: Any) -> Any:
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


def _records(table: Any) -> list[dict[str, Any]]:
    """JSON-ready rows (dates as ISO text in UTC wall time, NaN as null), read without pandas metadata."""
    names = table.column_names
    columns = [[_json_value(v) for v in table.column(i).to_pylist()] for i in range(len(names))]
    return [dict(zip(names, row, strict=True)) for row in zip(*columns, strict=True)] if columns else []
