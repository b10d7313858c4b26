"""Vega-Lite <-> facts: the chart half of the fact language.

A spec becomes one or more *unit views*. Layer, concat (hconcat/vconcat/concat), repeat and
facet-operator specs are split into their unit views (a facet operator's row/column become
encodings of the inner view; repeat is expanded); each view is checked and costed on its own and
a spec's cost is the sum over its views. Properties we do not model (data, config, title,
axis, legend, transforms, width...) are ignored. Fields derived by transforms (`as`) are added
to the schema with unknown statistics.

Facts for a view V over data D (field names are always clingo String symbols, never raw text):

    view(V). uses(V,D). task(V,value|summary). goal(V,T). mark(V,M). donut(V). dodge(V).
    encoding(V,E). channel(V,E,C). field(V,E,"name"). type(V,E,T). aggregate(V,E,A).
    bin(V,E,Maxbins). timeunit(V,E,U). scale(V,E,S). zero(V,E). nozero(V,E).
    stack(V,E,S). sort(V,E,ascending|descending). sortby(V,E,Channel).
    scheme(V,E,sequential|diverging|categorical|rainbow).

and for data D: rows(D,N). dfield(D,F). dtype(D,F,P). card(D,F,N). entropy(D,F,Millibits).
dmin(D,F,N). dmax(D,F,N). nulls(D,F). semantic(D,F,"s"). interesting(D,F). granularity(D,F,G).

task/goal: see draco/tasks.py. dodge: an xOffset/yOffset field places marks side by side (grouped bars).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import clingo

from draco.errors import DracoError
from draco.schema import INT_LIMIT, DataSchema, FieldSchema
from draco.spec_walk import walk
from draco.tasks import TASKS as TASKS  # re-exported: the task vocabulary lives in draco.tasks
from draco.tasks import check_task as check_task
from draco.tasks import task_family

MARKS: tuple[str, ...] = ("point", "circle", "square", "tick", "bar", "line", "area", "rect", "text", "rule", "arc", "boxplot")
CHANNELS: tuple[str, ...] = (
    "x", "y", "x2", "y2", "color", "size", "shape", "opacity", "theta", "text", "tooltip", "detail", "row", "column",
)  # fmt: skip
TYPES: tuple[str, ...] = ("quantitative", "temporal", "ordinal", "nominal")
AGGREGATES: tuple[str, ...] = ("count", "sum", "mean", "median", "min", "max", "stdev", "distinct")
TIME_UNITS: tuple[str, ...] = ("year", "quarter", "month", "yearmonth", "date", "day", "hours")
SCALES: tuple[str, ...] = ("linear", "log", "sqrt", "time", "band", "ordinal", "point")
STACKS: tuple[str, ...] = ("zero", "normalize")
MULTI_CHANNELS = frozenset({"tooltip", "detail"})  # may hold several encodings

#: Vega-Lite marks we do not model: skipped inside layers/concats, an error in a single view.
_VL_OTHER_MARKS = frozenset({"geoshape", "image", "errorbar", "errorband"})
_MARK_ALIASES = {"trail": "line"}
#: Vega-Lite channels we do not model; ignored. `facet` becomes `column`.
_VL_OTHER_CHANNELS = frozenset(
    {
        "fill", "stroke", "strokeWidth", "strokeDash", "strokeOpacity", "fillOpacity", "order", "href", "key",
        "description", "url", "xError", "xError2", "yError", "yError2", "radius", "radius2",
        "theta2", "latitude", "longitude", "latitude2", "longitude2", "angle",
    }
)  # fmt: skip
#: Vega-Lite aggregates we do not model, read as the closest one we do (documented approximation).
_AGG_ALIASES = {
    "average": "mean", "stdevp": "stdev", "variance": "stdev", "variancep": "stdev", "stderr": "stdev",
    "valid": "count", "missing": "count", "q1": "median", "q3": "median", "ci0": "mean", "ci1": "mean",
    "product": "sum", "exponential": "mean", "exponentialb": "mean",
}  # fmt: skip
_TYPE_ALIASES = {"Q": "quantitative", "T": "temporal", "O": "ordinal", "N": "nominal"}
_UNIT_CARD = {"quarter": 4, "month": 12, "day": 7, "hours": 24, "date": 31}
#: Vega-Lite time units we do not model, read as the closest one we do.
_TIME_UNIT_ALIASES = {
    "yearmonthdate": "date", "monthdate": "date", "yearquarter": "quarter", "yearquartermonth": "yearmonth",
    "yearmonthdatehours": "hours", "yearmonthdatehoursminutes": "hours", "yearmonthdatehoursminutesseconds": "hours",
    "datehours": "hours", "hoursminutes": "hours", "hoursminutesseconds": "hours", "minutes": "hours",
    "minutesseconds": "hours", "seconds": "hours", "secondsmilliseconds": "hours", "milliseconds": "hours",
    "week": "date", "yearweek": "date", "yearweekday": "date", "dayofyear": "date", "yeardayofyear": "date",
    "monthdatehours": "hours", "quartermonth": "month",
}  # fmt: skip
#: Vega-Lite scale types we do not model: ignored (the encoding keeps its default scale).
_SCALES_IGNORED = frozenset({"pow", "symlog", "quantile", "quantize", "threshold", "bin-ordinal", "identity", "sequential"})
DEFAULT_MAXBINS = 10
#: Offset channels: a field there dodges the marks side by side (grouped bars) instead of stacking them.
OFFSET_CHANNELS = frozenset({"xOffset", "yOffset"})
#: Vega colour schemes by kind (Brewer's sequential / diverging / qualitative; rainbows apart, after
#: Borkin et al. 2011 and Rogowitz & Treinish 1998). A scheme not listed gives no fact.
SCHEME_KINDS: dict[str, str] = {
    **dict.fromkeys(
        ("blues", "greens", "greys", "oranges", "purples", "reds", "tealblues", "teals", "warmgreys", "viridis",
         "magma", "inferno", "plasma", "cividis", "bluegreen", "bluepurple", "goldgreen", "goldorange", "goldred",
         "greenblue", "orangered", "purplebluegreen", "purpleblue", "purplered", "redpurple", "yellowgreenblue",
         "yellowgreen", "yelloworangebrown", "yelloworangered", "darkblue", "darkgold", "darkgreen", "darkmulti",
         "darkred", "lightgreyred", "lightgreyteal", "lightmulti", "lightorange", "lighttealblue"),
        "sequential",
    ),
    **dict.fromkeys(
        ("blueorange", "brownbluegreen", "purplegreen", "pinkyellowgreen", "purpleorange", "redblue", "redgrey",
         "redyellowblue", "redyellowgreen", "spectral"),
        "diverging",
    ),
    **dict.fromkeys(("rainbow", "sinebow", "turbo", "jet"), "rainbow"),
    **dict.fromkeys(
        ("accent", "category10", "category20", "category20b", "category20c", "dark2", "paired", "pastel1",
         "pastel2", "set1", "set2", "set3", "tableau10", "tableau20", "observable10"),
        "categorical",
    ),
}  # fmt: skip


def scheme_kind(name: str) -> str | None:
    """sequential | diverging | categorical | rainbow for a Vega scheme name (`blues-7` too), else None."""
    return SCHEME_KINDS.get(name.lower().rsplit("-", 1)[0].strip())


@dataclass
class Encoding:
    channel: str
    field: str | None = None
    type: str | None = None
    aggregate: str | None = None
    bin: int | None = None  # maxbins
    time_unit: str | None = None
    scale: str | None = None
    zero: bool | None = None
    stack: str | None = None
    sort: str | None = None  # ascending | descending
    sort_by: str | None = None  # a channel
    scheme: str | None = None  # a Vega colour scheme name, as written


@dataclass
class View:
    mark: str
    encodings: list[Encoding] = field(default_factory=list)
    donut: bool = False
    #: xOffset / yOffset definitions with a field, kept as written: the marks are dodged (grouped bars).
    offsets: dict[str, dict[str, Any]] = field(default_factory=dict)


# ---- parsing Vega-Lite ------------------------------------------------------------------------
def load_spec(spec: dict[str, Any] | str) -> dict[str, Any]:
    """Accept a dict or JSON text; a clear error for anything else."""
    if isinstance(spec, str):
        try:
            spec = json.loads(spec)
        except json.JSONDecodeError as exc:
            raise DracoError(f"spec is not valid JSON: {exc}") from exc
    if not isinstance(spec, dict):
        raise DracoError(f"spec must be a JSON object, got {type(spec).__name__}")
    return spec


def parse_views(spec: dict[str, Any] | str, schema: DataSchema) -> tuple[list[View], DataSchema]:
    """Split a spec into unit views, resolving fields against the schema (extended by transforms)."""
    spec = load_spec(spec)
    derived: dict[str, str] = {}
    units = list(_units(spec, derived))
    views: list[View] = []
    extra: list[FieldSchema] = []
    skipped: list[str] = []
    for unit in units:
        mark, donut = _mark(unit.get("mark"))
        if mark in _VL_OTHER_MARKS:
            skipped.append(mark)
            continue
        raw_enc = unit.get("encoding") or {}
        offsets = _offsets(raw_enc)
        encs = [_encoding(ch, e) for ch, e in _encoding_items(raw_enc)]
        for e in encs:
            if e.type is None:
                primary = next((p for p in encs if p.channel == e.channel[0]), None)
                e.type = primary.type if primary is not None else "quantitative"
        for e in encs:
            if e.field is not None and not schema.has_field(e.field):
                alt = e.field.replace("\\.", ".")
                if schema.has_field(alt):
                    e.field = alt
                elif e.field in derived or alt in derived:
                    if not any(f.name == e.field for f in extra):
                        extra.append(FieldSchema(name=e.field, type=_primitive_for(e.type)))
                else:
                    schema.field(e.field)  # raises the "not in the data" error
        views.append(View(mark=mark, encodings=encs, donut=donut, offsets=offsets))
    if not views:
        if skipped:
            raise DracoError(f"unsupported mark: {skipped[0]!r} (supported: {', '.join(MARKS)})")
        raise DracoError("spec has no unit view (expected mark and encoding)")
    return views, schema.with_fields(extra) if extra else schema


def _units(spec: dict[str, Any], derived: dict[str, str]) -> Iterable[dict[str, Any]]:
    """Unit views as draco reads them (draco.spec_walk): inherited layer encoding, facet row/column as
    encodings (a wrapped facet becomes column), repeat expanded; transform outputs go into `derived`."""
    for unit in walk(spec, strict=True):
        _collect_derived(list(unit.transforms), derived)
        facet = {("column" if k == "facet" else k): v for k, v in unit.facet.items()}
        yield {**unit.node, "encoding": {**unit.encoding, **facet}}


def _collect_derived(transforms: Any, derived: dict[str, str]) -> None:
    if not isinstance(transforms, list):
        return
    for t in transforms:
        if not isinstance(t, dict):
            continue
        if "fold" in t and "as" not in t:
            derived.update({"key": "fold", "value": "fold"})
        stack: list[Any] = [t]
        while stack:
            node = stack.pop()
            if isinstance(node, dict):
                for k, v in node.items():
                    if k == "as":
                        for name in [v] if isinstance(v, str) else v if isinstance(v, list) else []:
                            if isinstance(name, str):
                                derived[name] = "transform"
                    else:
                        stack.append(v)
            elif isinstance(node, list):
                stack.extend(node)


def _mark(mark: Any) -> tuple[str, bool]:
    donut = False
    if isinstance(mark, dict):
        donut = bool(mark.get("innerRadius"))
        mark = mark.get("type")
    if not isinstance(mark, str):
        raise DracoError(f"mark must be a string or an object with type, got {mark!r}")
    mark = _MARK_ALIASES.get(mark, mark)
    if mark not in MARKS and mark not in _VL_OTHER_MARKS:
        raise DracoError(f"unknown mark: {mark!r} (supported: {', '.join(MARKS)})")
    return mark, donut and mark == "arc"


def _offsets(enc: Any) -> dict[str, dict[str, Any]]:
    """The offset channels that hold a field (a constant offset moves every mark alike: no dodge)."""
    if not isinstance(enc, dict):
        return {}
    return {ch: d for ch, d in enc.items() if ch in OFFSET_CHANNELS and isinstance(d, dict) and "field" in d}


def _encoding_items(enc: Any) -> Iterable[tuple[str, dict[str, Any]]]:
    if not isinstance(enc, dict):
        raise DracoError("encoding must be an object")
    for ch, defn in enc.items():
        if ch in _VL_OTHER_CHANNELS or ch in OFFSET_CHANNELS:
            continue
        if ch == "facet":
            ch = "column"
        if ch not in CHANNELS:
            raise DracoError(f"unknown channel: {ch!r} (supported: {', '.join(CHANNELS)})")
        defs = defn if isinstance(defn, list) else [defn]
        for d in defs:
            if not isinstance(d, dict):
                raise DracoError(f"encoding {ch!r} must be an object")
            if "field" not in d and "aggregate" not in d:
                continue  # a constant value or datum: not data-bound, nothing to reason about
            yield ch, d


def _encoding(ch: str, d: dict[str, Any]) -> Encoding:
    e = Encoding(channel=ch)
    fld = d.get("field")
    if fld is not None:
        if not isinstance(fld, str):
            raise DracoError(f"encoding {ch!r}: field must be a string, got {fld!r}")
        e.field = fld
    t = d.get("type")
    if t is not None:
        t = _TYPE_ALIASES.get(t, t)
        if t not in TYPES:
            raise DracoError(f"encoding {ch!r}: unknown type {t!r} (supported: {', '.join(TYPES)})")
        e.type = t
    agg = d.get("aggregate")
    if agg is not None:
        if isinstance(agg, dict) and set(agg) <= {"argmin", "argmax"}:
            agg = None  # the value at an extremum: a raw value, not a summary
        elif not isinstance(agg, str):
            raise DracoError(f"encoding {ch!r}: unsupported aggregate {agg!r}")
        else:
            agg = _AGG_ALIASES.get(agg, agg)
            if agg not in AGGREGATES:
                raise DracoError(f"encoding {ch!r}: unsupported aggregate {agg!r} (supported: {', '.join(AGGREGATES)})")
        e.aggregate = agg
    if e.type is None and ch not in ("x2", "y2"):  # secondary channels take the primary's type later
        e.type = "quantitative" if e.aggregate in ("count", "distinct", "sum", "mean", "median", "stdev") else "nominal"
    b = d.get("bin")
    if b is True:
        e.bin = DEFAULT_MAXBINS
    elif isinstance(b, dict):
        if b.get("binned"):
            e.bin = None
        else:
            mb = b.get("maxbins", DEFAULT_MAXBINS)
            if not isinstance(mb, int) or mb < 1:
                raise DracoError(f"encoding {ch!r}: maxbins must be a positive integer, got {mb!r}")
            e.bin = mb
    elif b not in (None, False, "binned"):
        raise DracoError(f"encoding {ch!r}: bad bin {b!r}")
    tu = d.get("timeUnit")
    if isinstance(tu, dict):
        tu = tu.get("unit")
    if tu is not None:
        if not isinstance(tu, str):
            raise DracoError(f"encoding {ch!r}: bad timeUnit {tu!r}")
        tu = tu.removeprefix("utc")
        tu = _TIME_UNIT_ALIASES.get(tu, tu)
        if tu not in TIME_UNITS:
            raise DracoError(f"encoding {ch!r}: unsupported timeUnit {tu!r} (supported: {', '.join(TIME_UNITS)})")
        e.time_unit = tu
    sc = d.get("scale")
    if isinstance(sc, dict):
        st = sc.get("type")
        if st is not None:
            st = "time" if st == "utc" else st
            if st in _SCALES_IGNORED:
                st = None
            elif st not in SCALES:
                raise DracoError(f"encoding {ch!r}: unsupported scale type {st!r} (supported: {', '.join(SCALES)})")
            e.scale = st
        if isinstance(sc.get("zero"), bool):
            e.zero = sc["zero"]
        scheme = sc.get("scheme")
        if isinstance(scheme, dict):
            scheme = scheme.get("name")
        if isinstance(scheme, str):
            e.scheme = scheme
    st = d.get("stack")
    if st is not None and st is not False:
        if st is True or st == "center":  # center (streamgraph) stacks like zero
            st = "zero"
        if st not in STACKS:
            raise DracoError(f"encoding {ch!r}: unsupported stack {st!r} (supported: zero, normalize)")
        e.stack = st
    srt = d.get("sort")
    if isinstance(srt, str):
        if srt in ("ascending", "descending"):
            e.sort = srt
        else:
            by = srt.lstrip("-")
            if by not in CHANNELS:
                raise DracoError(f"encoding {ch!r}: unsupported sort {srt!r}")
            e.sort, e.sort_by = ("descending" if srt.startswith("-") else "ascending"), by
    elif isinstance(srt, dict):
        e.sort = "descending" if srt.get("order") == "descending" else "ascending"
        if "encoding" in srt and srt["encoding"] in CHANNELS:
            e.sort_by = srt["encoding"]
        elif "field" in srt or "op" in srt:
            e.sort_by = "field"
    return e


def _primitive_for(vl_type: str | None) -> Any:
    return {"quantitative": "number", "temporal": "datetime"}.get(vl_type or "", "string")


# ---- facts ------------------------------------------------------------------------------------
class Raw(str):
    """An already rendered ASP term (e.g. a quoted string), emitted as is."""


def quote(text: str) -> Raw:
    """A clingo String term for any text: the only way field names enter a program."""
    return Raw('"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"')


def _term(x: Any) -> str:
    if isinstance(x, Raw):
        return x
    if isinstance(x, bool):
        raise TypeError("booleans are not facts")
    if isinstance(x, int):
        return str(x)
    if isinstance(x, clingo.Symbol):
        return str(x)
    if isinstance(x, str) and _is_const(x):
        return x
    return quote(str(x))


def _is_const(x: str) -> bool:
    return x.isidentifier() and x.isascii() and x[0].islower()


def fact(pred: str, *args: Any) -> str:
    """One fact as ASP text; strings that are not our own constants become quoted String terms."""
    return f"{pred}({','.join(map(_term, args))})." if args else f"{pred}."


def _clamp_int(x: float, up: bool) -> int:
    v = math.ceil(x) if up else math.floor(x)
    return max(-INT_LIMIT, min(INT_LIMIT, v))


def schema_facts(schema: DataSchema, data_id: int = 0) -> list[str]:
    D = data_id
    out = [fact("rows", D, max(0, min(INT_LIMIT, schema.num_rows)))]
    for f in schema.fields:
        F = quote(f.name)
        out.append(fact("dfield", D, F))
        out.extend(_field_facts(f, _DATA_FIELD_PREDICATES, D, F))
    return out


def view_facts(view: View, view_id: int, task: str, data_id: int = 0, schema: DataSchema | None = None) -> list[str]:
    """The view's facts; with `schema`, also the per-encoding data facts the rules read."""
    V = view_id
    out = [fact("view", V), fact("uses", V, data_id), *task_facts(V, task), fact("mark", V, view.mark)]
    if schema is not None:
        out.append(fact("vrows", V, max(0, min(INT_LIMIT, schema.num_rows))))
        for i, e in enumerate(view.encodings):
            if e.field is not None:
                out.extend(_encoding_data_facts(schema.field(e.field), V, i))
    if view.donut:
        out.append(fact("donut", V))
    if view.offsets:
        out.append(fact("dodge", V))
    for i, e in enumerate(view.encodings):
        out.append(fact("encoding", V, i))
        out.append(fact("channel", V, i, e.channel))
        if e.field is not None:
            out.append(fact("field", V, i, quote(e.field)))
        if e.type is not None:
            out.append(fact("type", V, i, e.type))
        if e.aggregate is not None:
            out.append(fact("aggregate", V, i, e.aggregate))
        if e.bin is not None:
            out.append(fact("bin", V, i, e.bin))
        if e.time_unit is not None:
            out.append(fact("timeunit", V, i, e.time_unit))
        if e.scale is not None:
            out.append(fact("scale", V, i, e.scale))
        if e.zero is True:
            out.append(fact("zero", V, i))
        if e.zero is False:
            out.append(fact("nozero", V, i))
        if e.stack is not None:
            out.append(fact("stack", V, i, e.stack))
        if e.sort is not None:
            out.append(fact("sort", V, i, e.sort))
        if e.sort_by is not None:
            out.append(fact("sortby", V, i, e.sort_by))
        kind = scheme_kind(e.scheme) if e.scheme is not None else None
        if kind is not None:
            out.append(fact("scheme", V, i, kind))
    return out


def _encoding_data_facts(f: FieldSchema, V: int, E: int) -> list[str]:
    return _field_facts(f, _ENCODING_FIELD_PREDICATES, V, E)


# The same field properties are stated about a data field (data D, field F) and, so rules need no
# join, about each encoding of a field (view V, encoding E); only the predicate names differ.
_DATA_FIELD_PREDICATES = {
    "type": "dtype", "card": "card", "entropy": "entropy", "min": "dmin", "max": "dmax",
    "nulls": "nulls", "semantic": "semantic", "interesting": "interesting", "granularity": "granularity",
}
_ENCODING_FIELD_PREDICATES = {
    "type": "eprim", "card": "ecard", "entropy": "eentropy", "min": "emin", "max": "emax",
    "nulls": "enulls", "semantic": "esemantic", "interesting": "einteresting", "granularity": "egranularity",
}


def _field_facts(f: FieldSchema, pred: dict[str, str], *head: Any) -> list[str]:
    """One source for how field properties become bounded integer facts, whoever they are about."""
    out = [fact(pred["type"], *head, f.type), fact(pred["card"], *head, max(0, min(INT_LIMIT, f.cardinality)))]
    if f.entropy is not None:
        out.append(fact(pred["entropy"], *head, max(0, min(INT_LIMIT, round(f.entropy * 1000)))))
    if f.min is not None:
        out.append(fact(pred["min"], *head, _clamp_int(f.min, up=False)))
    if f.max is not None:
        out.append(fact(pred["max"], *head, _clamp_int(f.max, up=True)))
    if f.has_nulls:
        out.append(fact(pred["nulls"], *head))
    if f.semantic_type:
        out.append(fact(pred["semantic"], *head, quote(f.semantic_type)))
    if f.interesting:
        out.append(fact(pred["interesting"], *head))
    if f.granularity is not None:
        out.append(fact(pred["granularity"], *head, f.granularity))
    return out


def task_facts(view_id: int, task: str) -> list[str]:
    """`task(V,family)` for the Kim & Heer constraints and `goal(V,task)` for the finer ones (draco/tasks.py)."""
    return [fact("task", view_id, task_family(task)), fact("goal", view_id, task)]


def to_facts(spec: dict[str, Any] | str, schema: DataSchema, task: str = "summary") -> list[str]:
    """All facts for a spec (its views 0..n-1) over data 0. Field names are quoted, never spliced."""
    check_task(task)
    views, schema = parse_views(spec, schema)
    out = schema_facts(schema, 0)
    for i, v in enumerate(views):
        out.extend(view_facts(v, i, task, 0, schema))
    return out


# ---- back to Vega-Lite ------------------------------------------------------------------------
def _value(sym: clingo.Symbol) -> Any:
    if sym.type == clingo.SymbolType.Number:
        return sym.number
    if sym.type == clingo.SymbolType.String:
        return sym.string
    return sym.name


def views_from_symbols(symbols: Iterable[clingo.Symbol]) -> dict[Any, View]:
    """Rebuild views from spec atoms (any order). Data atoms are ignored."""
    marks: dict[Any, str] = {}
    donuts: set[Any] = set()
    encs: dict[Any, dict[Any, dict[str, Any]]] = {}
    for s in symbols:
        if s.type != clingo.SymbolType.Function:
            continue
        args = [_value(a) for a in s.arguments]
        n = s.name
        if n == "mark" and len(args) == 2:
            marks[args[0]] = args[1]
        elif n == "donut" and len(args) == 1:
            donuts.add(args[0])
        elif n == "view" and len(args) == 1:
            encs.setdefault(args[0], {})
        elif n == "encoding" and len(args) == 2:
            encs.setdefault(args[0], {}).setdefault(args[1], {})
        elif n in ("channel", "field", "type", "aggregate", "bin", "timeunit", "scale", "stack", "sort", "sortby") and len(args) == 3:
            encs.setdefault(args[0], {}).setdefault(args[1], {})[n] = args[2]
        elif n in ("zero", "nozero") and len(args) == 2:
            encs.setdefault(args[0], {}).setdefault(args[1], {})["zero"] = n == "zero"
    out: dict[Any, View] = {}
    for v, m in marks.items():
        view = View(mark=m, donut=v in donuts)
        for _, a in sorted(encs.get(v, {}).items(), key=lambda kv: str(kv[0])):
            if "channel" not in a:
                continue
            view.encodings.append(
                Encoding(
                    channel=a["channel"], field=a.get("field"), type=a.get("type"), aggregate=a.get("aggregate"),
                    bin=a.get("bin"), time_unit=a.get("timeunit"), scale=a.get("scale"), zero=a.get("zero"),
                    stack=a.get("stack"), sort=a.get("sort"), sort_by=a.get("sortby"),
                )
            )  # fmt: skip
        out[v] = view
    return out


def encoding_to_vl(e: Encoding) -> dict[str, Any]:
    d: dict[str, Any] = {}
    if e.field is not None:
        d["field"] = e.field
    if e.type is not None and e.channel not in ("x2", "y2"):  # Vega-Lite: secondary channels have no type
        d["type"] = e.type
    if e.aggregate is not None:
        d["aggregate"] = e.aggregate
    if e.bin is not None:
        d["bin"] = True if e.bin == DEFAULT_MAXBINS else {"maxbins": e.bin}
    if e.time_unit is not None:
        d["timeUnit"] = e.time_unit
    scale: dict[str, Any] = {}
    if e.scale is not None:
        scale["type"] = e.scale
    if e.zero is not None:
        scale["zero"] = e.zero
    if e.scheme is not None:
        scale["scheme"] = e.scheme
    if scale:
        d["scale"] = scale
    if e.stack is not None:
        d["stack"] = e.stack
    if e.sort is not None:
        if e.sort_by == "field" or e.sort_by is None:
            d["sort"] = e.sort
        else:
            d["sort"] = ("-" if e.sort == "descending" else "") + e.sort_by
    return d


def view_to_vl(view: View) -> dict[str, Any]:
    mark: Any = {"type": "arc", "innerRadius": 50} if view.donut else view.mark
    enc: dict[str, Any] = {}
    for e in view.encodings:
        d = encoding_to_vl(e)
        if e.channel in MULTI_CHANNELS:
            prev = enc.get(e.channel)
            enc[e.channel] = d if prev is None else ([*prev, d] if isinstance(prev, list) else [prev, d])
        else:
            enc[e.channel] = d
    enc.update(view.offsets)
    return {"mark": mark, "encoding": enc}


def to_vegalite(facts: Sequence[str | clingo.Symbol]) -> dict[str, Any]:
    """The Vega-Lite (v5) spec the facts describe: one unit view, or a layer of several."""
    syms: list[clingo.Symbol] = []
    for f in facts:
        if isinstance(f, clingo.Symbol):
            syms.append(f)
            continue
        text = f.strip().rstrip(".")
        if text:
            try:
                syms.append(clingo.parse_term(text))
            except RuntimeError as exc:
                raise DracoError(f"not a fact: {f!r}") from exc
    views = views_from_symbols(syms)
    if not views:
        raise DracoError("facts describe no view (no mark/2 fact)")
    ordered = [views[k] for k in sorted(views, key=str)]
    if len(ordered) == 1:
        return view_to_vl(ordered[0])
    return {"layer": [view_to_vl(v) for v in ordered]}


def normalize(spec: dict[str, Any] | str, schema: DataSchema) -> dict[str, Any]:
    """The spec as our fact language sees it (what `to_vegalite(to_facts(spec))` returns)."""
    views, _ = parse_views(spec, schema)
    if len(views) == 1:
        return view_to_vl(views[0])
    return {"layer": [view_to_vl(v) for v in views]}
