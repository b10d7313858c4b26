"""Fixer for temporal encodings over data that is not dates.

Vega-Lite reads a number on a temporal axis as milliseconds since 1970, so an integer year
becomes a date in January 1970, and a string it cannot parse becomes null. The fix converts the
column at the top of plot(), where the reader of the code sees it.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from lida.fixers.model import FixContext, Fixed, Repair
from lida.fixers.refs import collect_refs
from lida.fixers.source import (
    Change,
    Edit,
    Shorthand,
    Source,
    apply_edits,
    calls,
    keyword_span,
    parse,
    parse_shorthand,
    splice,
    str_literal,
)
from lida.fixers.structure import body_start, plot_with_data

_TIME_UNITS = re.compile(r"^(utc)?(year|quarter|month|week|day|dayofyear|date|hours|minutes|seconds|milliseconds)+$", re.I)


def temporal_fields(code: str, ctx: FixContext) -> list[str]:
    """Data fields the code encodes as temporal (":T", type="temporal", a time unit)."""
    tree = parse(code)
    if tree is None:
        return []
    names = set(ctx.names)
    temporal: list[str] = []
    # channels: alt.X("f", type="temporal") / timeUnit=...
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            kws = {k.arg: k.value for k in node.keywords}
            t = kws.get("type")
            if (isinstance(t, ast.Constant) and t.value == "temporal") or "timeUnit" in kws:
                first = node.args[0].value
                if isinstance(first, str):
                    f = parse_shorthand(first).field if first not in names else first
                    if f in names and f not in temporal:
                        temporal.append(f)
    for ref in collect_refs(tree):
        node = ref.node
        if ref.kind != "shorthand" or not isinstance(node, ast.Constant) or node.value in names:
            continue
        sh = parse_shorthand(str(node.value))
        if sh.field in names and (sh.type.upper() == "T" or (sh.op and _TIME_UNITS.match(sh.op))) and sh.field not in temporal:
            temporal.append(sh.field)
        if ref.kind == "shorthand" and sh.field in names and sh.type == "" and sh.op and _TIME_UNITS.match(sh.op) and sh.field not in temporal:
            temporal.append(sh.field)
    return temporal


def _already_converted(code: str, field: str) -> bool:
    return bool(re.search(r"to_datetime\([^)]*" + re.escape(repr(field)[1:-1]), code))


def parse_dates(code: str, ctx: FixContext) -> Fixed:
    """Convert string and integer-year columns that are encoded as temporal into real dates."""
    found = plot_with_data(code)
    if found is None:
        return code, []
    _, fn, param = found
    lines: list[str] = []
    repairs: list[Repair] = []
    for name in temporal_fields(code, ctx):
        info = ctx.info(name)
        if info is None or _already_converted(code, name):
            continue
        col = f"{param}[{str_literal(name)}]"
        if info.kind == "string":
            lines.append(f"{col} = pd.to_datetime({col}, errors=\"coerce\")")
            repairs.append(Repair("dates", f"{name!r} is text encoded as temporal; parsed it with pd.to_datetime"))
        elif info.kind == "integer" and info.year_like:
            lines.append(f"{col} = pd.to_datetime({col}.astype(str), format=\"%Y\")")
            repairs.append(Repair("dates", f"{name!r} holds integer years encoded as temporal (they would read as 1970); converted them to dates"))
        elif info.kind == "number" and info.year_like:  # whole years with gaps: Int64 keeps the gaps as NaT
            lines.append(f"{col} = pd.to_datetime({col}.astype(\"Int64\").astype(str), format=\"%Y\", errors=\"coerce\")")
            repairs.append(Repair("dates", f"{name!r} holds years (as decimals, the column has gaps) encoded as temporal "
                                           "(they would read as 1970); converted them to dates"))
    if not lines:
        return code, []
    a, indent = body_start(Source(code), fn)
    block = "".join(f"{indent}{line}\n" for line in [f"{param} = {param}.copy()", *lines])
    new = apply_edits(code, [Edit(a, a, block)])
    if not re.search(r"^\s*import pandas as pd\b", new, re.M):
        new = "import pandas as pd\n" + new
    return new, repairs


#: The validator's epoch-dates message (lida.repair.validate.epoch_date_issues) names the field.
_EPOCH_FIELD = re.compile(r"field '([^']+)' on \w+ is temporal but holds numbers")


def years_as_ordinal(code: str, ctx: FixContext) -> Fixed:
    """Numbers on a temporal axis that parse_dates cannot convert (a year the code derives itself,
    `data["year"] = data["date"].dt.year`): type them ordinal, one tick per year, instead of 1970 dates."""
    targets = {n for n in _EPOCH_FIELD.findall(ctx.error) if not ((i := ctx.info(n)) is not None and i.year_like)}
    if not targets:
        return code, []

    def changes(tree: ast.Module, src: Source) -> Iterator[Change]:
        for node in calls(tree):
            kws = {k.arg: k for k in node.keywords}
            first = node.args[0] if node.args else kws["field"].value if "field" in kws else None
            named = first.value if isinstance(first, ast.Constant) and isinstance(first.value, str) else None
            t = kws.get("type")
            if named is None or parse_shorthand(named).field not in targets or t is None \
                    or not (isinstance(t.value, ast.Constant) and t.value.value == "temporal"):
                continue
            yield src.replace(t.value, '"ordinal"'), Repair("dates", f"{named!r}: type temporal -> ordinal (it holds numbers, not dates)")
            if "timeUnit" in kws:
                yield Edit(*keyword_span(src, node, kws["timeUnit"]), ""), None
        for ref in collect_refs(tree):
            value = ref.node.value if isinstance(ref.node, ast.Constant) else None
            if ref.kind != "shorthand" or not isinstance(value, str):
                continue
            sh = parse_shorthand(value)
            if sh.field in targets and sh.type.upper() == "T":
                op = "" if _TIME_UNITS.match(sh.op) else sh.op
                new = Shorthand(op, sh.field, "O").render()
                yield src.replace(ref.node, str_literal(new)), Repair(
                    "dates", f"{value!r} -> {new!r} ({sh.field!r} holds numbers, not dates: they would read as 1970)")

    return splice(code, changes)
