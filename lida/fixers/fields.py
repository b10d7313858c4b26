"""Fixers for names in chart code: unknown field names, encoding types and aggregate names.

Each is a pure function `(code, ctx) -> (code, repairs)`; they change a string only when the
intended meaning is unambiguous, and leave everything else for validation and the LLM.
"""

from __future__ import annotations

import ast
import re

from lida.fixers.model import FixContext, Fixed, Repair
from lida.fixers.names import match_field
from lida.fixers.refs import collect_refs, derived_names
from lida.fixers.source import (
    Edit,
    Shorthand,
    Source,
    apply_edits,
    edited,
    parse,
    parse_shorthand,
    str_literal,
)

_DATUM_DOT = re.compile(r"\bdatum\.([A-Za-z_][A-Za-z0-9_]*)")
_DATUM_SUB = re.compile(r"""\bdatum\[(['"])(.+?)\1\]""")


def _fix_expression(expr: str, known: set[str], fields: list[str], renames: dict[str, str]) -> str:
    def dot(m: re.Match[str]) -> str:
        name = m.group(1)
        if name in known:
            return m.group(0)
        new = match_field(name, fields)
        if new is None:
            return m.group(0)
        renames[name] = new
        return f"datum.{new}" if new.isidentifier() else f"datum[{str_literal(new)}]"

    def sub(m: re.Match[str]) -> str:
        name = m.group(2)
        if name in known:
            return m.group(0)
        new = match_field(name, fields)
        if new is None:
            return m.group(0)
        renames[name] = new
        return f"datum[{m.group(1)}{new}{m.group(1)}]"

    return _DATUM_SUB.sub(sub, _DATUM_DOT.sub(dot, expr))


def fix_field_names(code: str, ctx: FixContext) -> Fixed:
    """Map field names that are not in the data to the real field they mean (case, typos, abbreviations)."""
    tree = parse(code)
    if tree is None or not ctx.fields:
        return code, []
    fields = ctx.names
    known = set(fields) | derived_names(tree)
    src = Source(code)
    edits: list[Edit] = []
    renames: dict[str, str] = {}

    def fixed_name(name: str) -> str | None:
        if not name or name in known:
            return None
        new = match_field(name, fields)
        if new is not None:
            renames[name] = new
        return new

    for ref in collect_refs(tree):
        node = ref.node
        if ref.kind == "datum_attr" and isinstance(node, ast.Attribute):
            new = fixed_name(node.attr)
            if new is not None:
                base = src.text(node.value)
                edits.append(src.replace(node, f"{base}.{new}" if new.isidentifier() else f"{base}[{str_literal(new)}]"))
            continue
        if not isinstance(node, ast.Constant) or not isinstance(node.value, str):
            continue
        value = node.value
        if ref.kind in {"shorthand", "opfield"}:
            if value in known:
                continue
            sh = parse_shorthand(value)
            if ref.kind == "opfield" and not sh.op:
                continue
            new = fixed_name(sh.field)
            if new is not None:
                edits.append(src.replace(node, str_literal(Shorthand(sh.op, new, sh.type).render())))
        elif ref.kind == "field":
            new = fixed_name(value)
            if new is not None:
                edits.append(src.replace(node, str_literal(new)))
        elif ref.kind == "expr":
            new_expr = _fix_expression(value, known, fields, renames)
            if new_expr != value:
                edits.append(src.replace(node, str_literal(new_expr)))
    if not edits:
        return code, []
    repairs = [Repair("field-name", f"{old!r} -> {new!r} (the data has no field {old!r})") for old, new in renames.items()]
    return apply_edits(code, edits), repairs


# ---- encoding types ---------------------------------------------------------------------------

_TYPE_WORDS = {
    "Q": {"q", "quantitative", "quant", "quantitive", "numeric", "number", "num", "numerical", "continuous",
          "integer", "int", "float", "measure", "linear"},
    "N": {"n", "nominal", "categorical", "category", "cat", "c", "string", "str", "text", "discrete", "label"},
    "O": {"o", "ordinal", "ordered", "ord", "rank"},
    "T": {"t", "temporal", "time", "date", "datetime", "timestamp", "d", "dt"},
    "G": {"g", "geojson"},
}
_LETTER_TO_NAME = {"Q": "quantitative", "N": "nominal", "O": "ordinal", "T": "temporal", "G": "geojson"}


def _type_letter(word: str) -> str | None:
    low = word.lower()
    return next((letter for letter, words in _TYPE_WORDS.items() if low in words), None)


def _default_type(field: str, ctx: FixContext) -> str:
    info = ctx.info(field)
    if info is None:
        return "N"
    return {"integer": "Q", "number": "Q", "datetime": "T"}.get(info.kind, "N")


def fix_encoding_types(code: str, ctx: FixContext) -> Fixed:
    """Turn type spellings Altair rejects (":q", ":categorical", type="numeric") into valid ones."""
    tree = parse(code)
    if tree is None:
        return code, []
    known = set(ctx.names) | derived_names(tree)
    src = Source(code)
    edits: list[Edit] = []
    repairs: list[Repair] = []
    for ref in collect_refs(tree):
        node = ref.node
        if not isinstance(node, ast.Constant) or not isinstance(node.value, str):
            continue
        if ref.kind == "shorthand" and node.value not in known:
            sh = parse_shorthand(node.value)
            if not sh.type or sh.type in _LETTER_TO_NAME or sh.type in _LETTER_TO_NAME.values():
                continue
            letter = _type_letter(sh.type) or _default_type(sh.field, ctx)
            new = Shorthand(sh.op, sh.field, letter).render()
            edits.append(src.replace(node, str_literal(new)))
            repairs.append(Repair("encoding-type", f"{node.value!r} -> {new!r}"))
        elif ref.kind == "type" and node.value not in _LETTER_TO_NAME.values():
            found = _type_letter(node.value)
            if found is not None:
                name = _LETTER_TO_NAME[found]
                edits.append(src.replace(node, str_literal(name)))
                repairs.append(Repair("encoding-type", f"type={node.value!r} -> type={name!r}"))
    return edited(code, edits, repairs)


# ---- aggregate operations ---------------------------------------------------------------------

AGGREGATES = frozenset(
    ["argmax", "argmin", "average", "count", "distinct", "max", "mean", "median", "min", "missing", "product", "q1", "q3", "ci0", "ci1", "stderr", "stdev", "stdevp", "sum", "valid", "values", "variance", "variancep", "exponential", "exponentialb"]
)
_AGG_SYNONYMS = {
    "avg": "mean", "std": "stdev", "sd": "stdev", "var": "variance", "cnt": "count", "n": "count", "size": "count",
    "nunique": "distinct", "unique": "distinct", "count_distinct": "distinct", "total": "sum", "first": "min",
    "last": "max", "maximum": "max", "minimum": "min", "med": "median", "prod": "product",
}


def _agg_name(op: str) -> str | None:
    low = op.lower()
    if low in AGGREGATES:
        return low if low != op else None
    return _AGG_SYNONYMS.get(low)


def fix_aggregates(code: str, ctx: FixContext) -> Fixed:
    """Rename aggregate operations Vega-Lite lacks ("avg(x)", aggregate="std") to the ones it has."""
    tree = parse(code)
    if tree is None:
        return code, []
    known = set(ctx.names) | derived_names(tree)
    src = Source(code)
    edits: list[Edit] = []
    repairs: list[Repair] = []
    for ref in collect_refs(tree):
        node = ref.node
        if not isinstance(node, ast.Constant) or not isinstance(node.value, str) or node.value in known:
            continue
        if ref.kind in {"shorthand", "opfield"}:
            sh = parse_shorthand(node.value)
            new_op = _agg_name(sh.op) if sh.op else None
            if ref.kind == "opfield" and sh.op in {"rank", "row_number", "dense_rank", "percent_rank", "cume_dist",
                                                   "ntile", "lag", "lead", "first_value", "last_value", "nth_value"}:
                continue
            if sh.op and new_op is None and sh.op.lower() not in AGGREGATES and ref.kind == "shorthand":
                # a time unit such as year(date) is not an aggregate
                continue
            if new_op is not None:
                new = Shorthand(new_op, sh.field, sh.type).render()
                edits.append(src.replace(node, str_literal(new)))
                repairs.append(Repair("aggregate", f"{node.value!r} -> {new!r}"))
        elif ref.kind == "aggregate":
            new_op = _agg_name(node.value)
            if new_op is not None:
                edits.append(src.replace(node, str_literal(new_op)))
                repairs.append(Repair("aggregate", f"aggregate={node.value!r} -> {new_op!r}"))
    return edited(code, edits, repairs)


def _escape(name: str) -> str:
    return name.replace("\\", "").replace(".", "\\.").replace("[", "\\[").replace("]", "\\]")


def escape_dotted_fields(code: str, ctx: FixContext) -> Fixed:
    """Real fields with '.', '[' or ']' in Altair shorthands: escape them, or Vega-Lite reads a nested path."""
    tree = parse(code)
    special = [n for n in ctx.names if any(c in n for c in ".[]")]
    if tree is None or not special:
        return code, []
    src = Source(code)
    edits: list[Edit] = []
    repairs: list[Repair] = []
    for ref in collect_refs(tree):
        node = ref.node
        altair = ref.kind in {"shorthand", "opfield"} or (ref.kind == "field" and ref.channel)
        if not altair or not isinstance(node, ast.Constant) or not isinstance(node.value, str):
            continue
        value = node.value
        if value in special:
            sh = Shorthand("", value, "")
        else:
            sh = parse_shorthand(value)
            if sh.field not in special:
                continue
        new = Shorthand(sh.op, _escape(sh.field), sh.type).render()
        edits.append(src.replace(node, str_literal(new)))
        repairs.append(Repair("field-escape", f"{value!r} -> {new!r} (Vega-Lite reads unescaped '.' as a nested field)"))
    return edited(code, edits, repairs)
