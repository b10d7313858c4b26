"""Checks on an untrusted Vega-Lite spec, run before anything walks, copies, renders or evaluates it.

A spec is data, but three things in it can hurt whoever processes it:
- its shape: a deep spec crashes recursive code (copy.deepcopy, json, our own walkers) with RecursionError;
- what it makes the renderer request: data URLs, an image mark's `url`, an `href`, usermeta that
  vega-embed reads. Only `data:` URIs may be loaded; an image/href channel that reads a field may only
  draw from inline data whose strings are not URLs (and the renderer runs with the network and the
  filesystem shut, so a miss here still cannot leak);
- the work its transforms ask for: a fold of 3,000 fields or a pivot on a unique key multiplies the rows.
  The output size is estimated before anything runs and a spec over the budget is refused.

Every walk here is iterative, so the checks themselves are safe on any depth. Each check returns a
one-line reason, or None when the spec passes."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

#: Deepest nesting of objects and lists a spec may have (Vega-Lite specs are rarely deeper than 20).
MAX_DEPTH = 80
#: Most JSON values (objects, lists, scalars) a spec may hold; 64 MiB of inline rows is about 8M.
MAX_NODES = 8_000_000
#: Assumed bytes per cell of a transform's output when checking it against the memory budget.
BYTES_PER_CELL = 48
#: Caps on knobs that size the renderer's work directly.
MAX_SEQUENCE = 1_000_000
MAX_STEPS = 10_000
MAX_TICKS = 10_000
#: Most columns a transform may make (a pivot to 20,000 columns costs minutes, whatever the row count).
MAX_COLUMNS = 1_000

_DATA_URI = "data:"
_URL_KEYS = ("url", "href")
_URLISH = re.compile(r"^\s*([A-Za-z][A-Za-z0-9+.\-]*:|[/\\])|://")
# transforms that compute new values from expressions or constants: a URL could be built there
_VALUE_MAKERS = frozenset({"calculate", "impute", "lookup"})
_COMPOSITES = ("layer", "hconcat", "vconcat", "concat")


def _is_data_uri(value: Any) -> bool:
    return isinstance(value, str) and value.lstrip()[:5].lower() == _DATA_URI


def _short(value: Any) -> str:
    return repr(value)[:120]


# -- shape ---------------------------------------------------------------------------------------


def shape_problem(spec: Any, max_depth: int = MAX_DEPTH, max_nodes: int = MAX_NODES) -> str | None:
    """Why the spec is too deep or too large to process, or None."""
    stack: list[tuple[Any, int]] = [(spec, 1)]
    nodes = 0
    while stack:
        node, depth = stack.pop()
        nodes += 1
        if nodes > max_nodes:
            return f"the chart spec has more than {max_nodes:,} values"
        if isinstance(node, dict):
            children: Any = node.values()
        elif isinstance(node, list):
            children = node
        else:
            continue
        if depth >= max_depth and len(children):
            return f"the chart spec is nested deeper than {max_depth} levels"
        stack.extend((child, depth + 1) for child in children)
    return None


# -- requests ------------------------------------------------------------------------------------


@dataclass
class _Walk:
    """One pass over a spec's non-data parts: where URLs hide, which fields image/href channels read."""

    problem: str | None = None
    url_fields: list[str] = field(default_factory=list)
    value_makers: str | None = None
    inline: list[tuple[str, Any]] = field(default_factory=list)  # (path, data object) of inline sources


def _check_channel(path: str, value: Any, walk: _Walk) -> None:
    """An image `url` or `href` channel: data: values only, fields noted, no expressions."""
    defs = [value]
    while defs:
        d = defs.pop()
        if d is None:
            continue
        if not isinstance(d, dict):
            walk.problem = walk.problem or f"{path} is not a channel definition"
            return
        for key in ("value", "datum"):
            if key in d and d[key] is not None and not _is_data_uri(d[key]):
                walk.problem = walk.problem or f"{path}.{key} = {_short(d[key])} is not a data: URI"
                return
        if "field" in d:
            if not isinstance(d["field"], str):
                walk.problem = walk.problem or f"{path}.field is computed ({_short(d['field'])})"
                return
            walk.url_fields.append(d["field"])
        if any(k in d for k in ("expr", "signal")) or any(
            isinstance(v, dict) and ("expr" in v or "signal" in v) for v in d.values()
        ):
            walk.problem = walk.problem or f"{path} computes its URL with an expression"
            return
        cond = d.get("condition")
        defs.extend(cond if isinstance(cond, list) else [cond] if cond is not None else [])


def _walk_spec(spec: Any) -> _Walk:
    walk = _Walk()
    stack: list[tuple[str, Any, str]] = [("spec", spec, "")]
    while stack and walk.problem is None:
        path, node, parent_key = stack.pop()
        if isinstance(node, list):
            stack.extend((f"{path}[{i}]", v, parent_key) for i, v in enumerate(node))
            continue
        if not isinstance(node, dict):
            continue
        for key, value in node.items():
            where = f"{path}.{key}"
            if key in _URL_KEYS:
                if parent_key == "encoding":
                    _check_channel(where, value, walk)
                elif value is not None and not _is_data_uri(value):
                    what = _short(value) if isinstance(value, str) else "a computed value"
                    walk.problem = f"{where} = {what} is not a data: URI"
                continue
            if key == "usermeta":
                found = _usermeta_problem(value, where)
                if found:
                    walk.problem = found
                continue
            if key == "datasets" and isinstance(value, dict):
                for name, rows in value.items():
                    walk.inline.append((f"{where}.{name}", {"values": rows}))
                continue
            if key == "values" and parent_key == "data":
                walk.inline.append((path, node))
                continue
            if key == "transform" and isinstance(value, list):
                for step in value:
                    if isinstance(step, dict) and _VALUE_MAKERS & step.keys():
                        walk.value_makers = walk.value_makers or next(iter(_VALUE_MAKERS & step.keys()))
            if isinstance(value, dict | list):
                stack.append((where, value, key))
    return walk


def _usermeta_problem(value: Any, path: str) -> str | None:
    """vega-embed reads usermeta.embedOptions (loader base URLs, patches); URLs elsewhere in it are refused too."""
    stack: list[tuple[str, Any]] = [(path, value)]
    while stack:
        where, node = stack.pop()
        if isinstance(node, dict):
            if "embedOptions" in node:
                return f"{where}.embedOptions would configure the renderer"
            stack.extend((f"{where}.{k}", v) for k, v in node.items())
        elif isinstance(node, list):
            stack.extend((f"{where}[{i}]", v) for i, v in enumerate(node))
        elif isinstance(node, str) and _URLISH.search(node) and not _is_data_uri(node):
            return f"{where} = {_short(node)} looks like a URL"
    return None


def _strings(node: Any) -> Iterator[str]:
    """Every string in inline data, keys included (a fold turns field names into values)."""
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            yield item
        elif isinstance(item, dict):
            for k, v in item.items():
                yield str(k)
                stack.append(v)
        elif isinstance(item, list):
            stack.extend(item)


def _table_urls(table: Any) -> str | None:
    """The first URL-like string in a shipped Arrow table (values and column names), or None."""
    import pyarrow as pa
    import pyarrow.compute as pc

    for name in table.column_names:
        if _URLISH.search(name) and not _is_data_uri(name):
            return name
    for name, column in zip(table.column_names, table.columns, strict=True):
        kind = column.type
        if pa.types.is_dictionary(kind):
            column, kind = pa.chunked_array([c.dictionary for c in column.chunks], kind.value_type), kind.value_type
        if not (pa.types.is_string(kind) or pa.types.is_large_string(kind)):
            continue
        bad = pc.and_(pc.match_substring_regex(column, _URLISH.pattern),
                      pc.invert(pc.starts_with(pc.utf8_ltrim_whitespace(column), _DATA_URI)))  # fmt: skip
        if pc.any(bad).as_py():
            return f"column {name!r}"
    return None


def request_problem(spec: Any, tables: dict[str, Any] | None = None) -> str | None:
    """Why rendering the spec could make a request (network or file) other than a data: URI, or None.

    `tables` are the Arrow tables a spec's `{"name": ...}` data references stand for (in the run process)."""
    walk = _walk_spec(spec)
    if walk.problem:
        return walk.problem
    if not walk.url_fields:
        return None
    channel = f"an image/href channel reads field {walk.url_fields[0]!r}"
    if walk.value_makers:
        return f"{channel} and a {walk.value_makers} transform could build a URL"
    for path, data in walk.inline:
        values = data.get("values")
        if not isinstance(values, list):
            return f"{channel} and {path} holds data as text, which cannot be checked"
        for text in _strings(values):
            if _URLISH.search(text) and not _is_data_uri(text):
                return f"{channel} and {path} holds {_short(text)}, which is not a data: URI"
    for path, node in _data_sources(spec):
        if any(k in node for k in ("sequence", "graticule", "sphere")):
            return f"{channel} and {path} is generated data"
    for name, table in (tables or {}).items():
        found = _table_urls(table)
        if found:
            return f"{channel} and the table {name!r} holds URLs in {found}"
    return None


def _data_sources(spec: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    stack: list[tuple[str, Any]] = [("spec", spec)]
    while stack:
        path, node = stack.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "values" or key == "datasets":
                    continue
                if key == "data" and isinstance(value, dict):
                    yield f"{path}.data", value
                stack.append((f"{path}.{key}", value))
        elif isinstance(node, list):
            stack.extend((f"{path}[{i}]", v) for i, v in enumerate(node))


# -- work ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    """What a transform pipeline starts from: its rows, its columns, and a distinct-count oracle."""

    rows: int
    columns: int
    distinct: Callable[[str], int | None]
    #: Rows a flatten of these fields makes (the sum over rows of the longest array), None if unknown.
    flattened: Callable[[list[str]], int | None] = lambda fields: None


def _inline_source(values: list[Any]) -> Source:
    rows = [v if isinstance(v, dict) else {"data": v} for v in values]
    width = len(rows[0]) if rows else 0

    def distinct(field: str) -> int | None:
        seen = set()
        for r in rows:
            v = r.get(field)
            seen.add(v if isinstance(v, str | int | float | bool) or v is None else repr(v))
        return len(seen)

    def flattened(fields: list[str]) -> int | None:
        total = 0
        for r in rows:
            lengths = [len(r[f]) for f in fields if isinstance(r.get(f), list)]
            total += max(lengths, default=1)
        return total

    return Source(len(rows), width, distinct, flattened)


def table_source(table: Any) -> Source:
    """A shipped Arrow table as a pipeline source (distinct counts by pyarrow)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    def distinct(field: str) -> int | None:
        if field not in table.column_names:
            return None
        column = table.column(field)
        try:
            if pa.types.is_dictionary(column.type):
                column = column.cast(column.type.value_type)
            return int(pc.count_distinct(column, mode="all").as_py())
        except (pa.ArrowException, ValueError, TypeError):
            return None  # unknown: the caller assumes every row is distinct

    return Source(table.num_rows, table.num_columns, distinct)


def _num(value: Any, default: float) -> float:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else default


def _sequence_length(seq: Any) -> float:
    if not isinstance(seq, dict):
        return 0.0
    start, stop, step = _num(seq.get("start"), 0), _num(seq.get("stop"), 0), _num(seq.get("step"), 1)
    if step == 0 or not all(math.isfinite(v) for v in (start, stop, step)):
        return math.inf
    return max(0.0, (stop - start) / step)


def _groups(source: Source, fields: Any, derived: set[str], rows: float) -> float:
    """How many groups `fields` make: the product of their distinct counts, at most `rows`."""
    if not isinstance(fields, list) or not fields:
        return 1.0
    total = 1.0
    for f in fields:
        known = source.distinct(f) if isinstance(f, str) and f not in derived else None
        total *= known if known is not None else rows
    return min(total, max(rows, 1.0))


def _step_size(step: dict[str, Any], source: Source, rows: float, cols: float, derived: set[str]) -> tuple[float, float, str | None]:
    """(rows, columns) after one transform, and a reason when one of its own knobs is out of range."""
    outputs = step.get("as")
    named = [outputs] if isinstance(outputs, str) else [o for o in outputs or [] if isinstance(o, str)]
    derived.update(named)
    if "fold" in step:
        k = len(step["fold"]) if isinstance(step["fold"], list) else 1
        if k > MAX_COLUMNS:
            return rows, cols, f"a fold of {k:,} fields (at most {MAX_COLUMNS:,})"
        return rows * k, cols + 2, None
    if "pivot" in step:
        found = (source.distinct(step["pivot"]) if isinstance(step["pivot"], str) and step["pivot"] not in derived
                 else None)  # fmt: skip
        width: float = rows if found is None else float(found)
        limit = _num(step.get("limit"), 0)
        if limit > 0:
            width = min(width, limit)
        if width > MAX_COLUMNS:
            return rows, cols, (f"a pivot on {step['pivot']!r} would make about {width:,.0f} columns (at most "
                                f"{MAX_COLUMNS:,}; set its limit)")  # fmt: skip
        out_rows = _groups(source, step.get("groupby"), derived, rows) if step.get("groupby") else 1.0
        return out_rows, len(step.get("groupby") or []) + width, None
    if "density" in step:
        steps = max(_num(step.get("steps"), 0), _num(step.get("maxsteps"), 200), _num(step.get("minsteps"), 25))
        if steps > MAX_STEPS:
            return rows, cols, f"a density transform with {steps:g} steps (at most {MAX_STEPS:,})"
        return _groups(source, step.get("groupby"), derived, rows) * steps, len(step.get("groupby") or []) + 2, None
    if "quantile" in step:
        probs = step.get("probs")
        count = len(probs) if isinstance(probs, list) else 1 / _num(step.get("step"), 0.01) if _num(step.get("step"), 0.01) > 0 else math.inf
        if count > MAX_STEPS:
            return rows, cols, f"a quantile transform with {count:g} probabilities (at most {MAX_STEPS:,})"
        return _groups(source, step.get("groupby"), derived, rows) * count, len(step.get("groupby") or []) + 2, None
    if "impute" in step:
        keyvals = step.get("keyvals")
        keys = len(keyvals) if isinstance(keyvals, list) else _sequence_length(keyvals) if isinstance(keyvals, dict) else 0
        if keys > MAX_SEQUENCE:
            return rows, cols, f"an impute transform over {keys:g} key values (at most {MAX_SEQUENCE:,})"
        key = step.get("key")
        distinct_keys = source.distinct(key) if isinstance(key, str) and key not in derived else None
        keys = keys + (distinct_keys if distinct_keys is not None else rows)
        return max(rows, keys * _groups(source, step.get("groupby"), derived, rows)), cols, None
    if "aggregate" in step:
        ops = step["aggregate"] if isinstance(step["aggregate"], list) else []
        return _groups(source, step.get("groupby"), derived, rows), len(step.get("groupby") or []) + len(ops), None
    if "flatten" in step:
        fields = [f for f in step["flatten"] if isinstance(f, str)] if isinstance(step["flatten"], list) else []
        known = source.flattened(fields) if not derived.intersection(fields) else None
        return (rows if known is None else max(rows, float(known))), cols, None
    if "extent" in step:
        return rows, cols, None
    if "sample" in step:
        return min(rows, _num(step.get("sample"), 1000)), cols, None
    if "loess" in step or "regression" in step:
        order = _num(step.get("order"), 3)
        if order > 20:
            return rows, cols, f"a regression of order {order:g} (at most 20)"
        return rows, cols + 2, None
    if "bin" in step:
        params = step["bin"] if isinstance(step["bin"], dict) else {}
        if _num(params.get("maxbins"), 10) > MAX_STEPS:
            return rows, cols, f"a bin with maxbins {params['maxbins']} (at most {MAX_STEPS:,})"
        return rows, cols + 2, None
    if "window" in step or "joinaggregate" in step:
        ops = step.get("window") or step.get("joinaggregate") or []
        return rows, cols + (len(ops) if isinstance(ops, list) else 1), None
    # filter, calculate, timeUnit, stack, flatten (rows up to the array sizes, bounded by the inline JSON)
    return rows, cols + len(named), None


def _pipeline_problem(steps: list[Any], source: Source, budget: float, where: str) -> str | None:
    rows, cols = float(source.rows), float(max(source.columns, 1))
    derived: set[str] = set()
    for i, step in enumerate(steps):
        if not isinstance(step, dict):
            continue
        rows, cols, bad = _step_size(step, source, rows, cols, derived)
        if bad:
            return f"{where}.transform[{i}]: {bad}"
        if rows * cols > budget:
            kind = next(iter(step), "transform")
            return (f"{where}.transform[{i}] ({kind}) would make about {rows:,.0f} rows x {cols:,.0f} columns, over the "
                    f"{budget:,.0f}-cell budget of the chart's memory limit")  # fmt: skip
    return None


def _knob_problem(spec: Any) -> str | None:
    """Numeric settings that size the renderer's work directly (sequences, ticks, bins, graticules)."""
    stack: list[tuple[str, Any, str]] = [("spec", spec, "")]
    while stack:
        path, node, parent = stack.pop()
        if isinstance(node, list):
            if parent not in ("values", "datasets"):
                stack.extend((f"{path}[{i}]", v, "") for i, v in enumerate(node))
            continue
        if not isinstance(node, dict):
            continue
        for key, value in node.items():
            where = f"{path}.{key}"
            if key == "sequence" and parent == "data" and _sequence_length(value) > MAX_SEQUENCE:
                return f"{where} makes more than {MAX_SEQUENCE:,} rows"
            if key == "tickCount" and _num(value, 0) > MAX_TICKS:
                return f"{where} = {_short(value)} is over {MAX_TICKS:,}"
            if key == "maxbins" and _num(value, 0) > MAX_STEPS:
                return f"{where} = {_short(value)} is over {MAX_STEPS:,}"
            if key == "graticule" and isinstance(value, dict):
                for k in ("step", "stepMinor", "stepMajor"):
                    sizes = value.get(k)
                    if isinstance(sizes, list) and any(_num(s, 1) < 0.5 for s in sizes):
                        return f"{where}.{k} is finer than 0.5 degrees"
            if key in ("values", "datasets"):
                continue
            if isinstance(value, dict | list):
                stack.append((where, value, key))
    return None


def work_problem(spec: Any, memory_mb: int, tables: dict[str, Any] | None = None) -> str | None:
    """Why the spec's transforms would make more cells than the memory budget allows, or None.

    Each view's transforms (its ancestors' first) are sized over the data the view reads: inline rows,
    a named dataset, a generated sequence, or a shipped Arrow table (distinct counts by pyarrow)."""
    knob = _knob_problem(spec)
    if knob:
        return knob
    budget = max(1.0, memory_mb * (1 << 20) / BYTES_PER_CELL)
    datasets: dict[str, Any] = spec["datasets"] if isinstance(spec, dict) and isinstance(spec.get("datasets"), dict) else {}
    cache: dict[int, Source] = {}

    def source_of(data: Any) -> Source | None:
        if not isinstance(data, dict):
            return None
        if id(data) in cache:
            return cache[id(data)]
        found: Source | None = None
        name = data.get("name")
        if isinstance(data.get("values"), list):
            found = _inline_source(data["values"])
        elif isinstance(name, str) and tables and name in tables:
            found = table_source(tables[name])
        elif isinstance(name, str) and isinstance(datasets.get(name), list):
            found = _inline_source(datasets[name])
        elif "sequence" in data:
            found = Source(int(min(_sequence_length(data["sequence"]), MAX_SEQUENCE)), 1, lambda f: None)
        if found is not None:
            cache[id(data)] = found
        return found

    stack: list[tuple[str, Any, Source | None, list[Any]]] = [("spec", spec, None, [])]
    while stack:
        path, node, source, inherited = stack.pop()
        if not isinstance(node, dict):
            continue
        own = source_of(node.get("data"))
        if own is not None:
            source, inherited = own, []
        steps = [*inherited, *(node.get("transform") or [])] if isinstance(node.get("transform") or [], list) else inherited
        if source is not None and steps and len(steps) > len(inherited):
            bad = _pipeline_problem(steps, source, budget, path)
            if bad:
                return bad
        for key in _COMPOSITES:
            children = node.get(key)
            if isinstance(children, list):
                stack.extend((f"{path}.{key}[{i}]", c, source, steps) for i, c in enumerate(children))
        if isinstance(node.get("spec"), dict):
            stack.append((f"{path}.spec", node["spec"], source, steps))
    return None


@dataclass(frozen=True)
class Problem:
    """Why a spec is refused: `kind` names the class (SpecTooLarge, Blocked, OverBudget) for ExecError."""

    kind: str
    reason: str

    def error(self) -> Any:
        """This problem as a sandbox ExecError."""
        from lida.sandbox.result import ExecError

        return ExecError(self.kind, f"blocked by the sandbox: {self.reason}", blocked=True)


def problem(spec: Any, memory_mb: int | None = None, tables: dict[str, Any] | None = None) -> Problem | None:
    """All checks in order (shape first: the others assume a spec of sane depth). `memory_mb` None skips
    the work estimate (the host, which evaluates nothing)."""
    if not isinstance(spec, dict):
        return Problem("SpecError", "the chart spec is not a JSON object")
    found = shape_problem(spec)
    if found:
        return Problem("SpecTooLarge", found)
    found = request_problem(spec, tables)
    if found:
        return Problem("Blocked", f"the chart would load a URL other than a data: URI ({found})")
    if memory_mb is not None:
        found = work_problem(spec, memory_mb, tables)
        if found:
            return Problem("OverBudget", f"the chart asks for too much work: {found}")
    return None
