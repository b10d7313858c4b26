"""Fixers for names in chart code: unknown field names, encoding types and aggregate names.

Each is a pure function `(code, ctx) -> (code, repairs)`; they change a string only when the
intended meaning is unambiguous, and leave everything else for validation and the LLM.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from lida.fixers.model import FixContext, Fixed, Repair
from lida.fixers.names import match_field
from lida.fixers.refs import Ref, collect_refs, derived_names
from lida.fixers.source import (
    Change,
    Edit,
    Shorthand,
    Source,
    apply_edits,
    parse,
    parse_shorthand,
    splice,
    str_literal,
)

_DATUM_DOT = re.compile(r"\bdatum\.([A-Za-z_][A-Za-z0-9_]*)")
_DATUM_SUB = re.compile(r"""\bdatum\[(['"])(.+?)\1\]""")


def _fix_expression(expr: str, known: set[str], fields: list[str], renames: dict[str, str]) -> str:
    def real(name: str) -> str | None:
        new = None if name in known else match_field(name, fields)
        if new is not None:
            renames[name] = new
        return new

    def dot(m: re.Match[str]) -> str:
        new = real(m.group(1))
        if new is None:
            return m.group(0)
        return f"datum.{new}" if new.isidentifier() else f"datum[{str_literal(new)}]"

    def sub(m: re.Match[str]) -> str:
        new = real(m.group(2))
        return m.group(0) if new is None else f"datum[{m.group(1)}{new}{m.group(1)}]"

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


def _string_refs(tree: ast.Module) -> Iterator[tuple[Ref, str]]:
    """The references that are plain strings, with their text."""
    for ref in collect_refs(tree):
        if isinstance(ref.node, ast.Constant) and isinstance(ref.node.value, str):
            yield ref, ref.node.value


def fix_encoding_types(code: str, ctx: FixContext) -> Fixed:
    """Turn type spellings Altair rejects (":q", ":categorical", type="numeric") into valid ones."""

    def changes(tree: ast.Module, src: Source) -> Iterator[Change]:
        known = set(ctx.names) | derived_names(tree)
        for ref, value in _string_refs(tree):
            if ref.kind == "shorthand" and value not in known:
                sh = parse_shorthand(value)
                if not sh.type or sh.type in _LETTER_TO_NAME or sh.type in _LETTER_TO_NAME.values():
                    continue
                new = Shorthand(sh.op, sh.field, _type_letter(sh.type) or _default_type(sh.field, ctx)).render()
                yield src.replace(ref.node, str_literal(new)), Repair("encoding-type", f"{value!r} -> {new!r}")
            elif ref.kind == "type" and value not in _LETTER_TO_NAME.values():
                found = _type_letter(value)
                if found is not None:
                    name = _LETTER_TO_NAME[found]
                    yield src.replace(ref.node, str_literal(name)), Repair("encoding-type", f"type={value!r} -> type={name!r}")

    return splice(code, changes)


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


_WINDOW_OPS = frozenset({"rank", "row_number", "dense_rank", "percent_rank", "cume_dist", "ntile", "lag", "lead",
                         "first_value", "last_value", "nth_value"})


def fix_aggregates(code: str, ctx: FixContext) -> Fixed:
    """Rename aggregate operations Vega-Lite lacks ("avg(x)", aggregate="std") to the ones it has."""

    def changes(tree: ast.Module, src: Source) -> Iterator[Change]:
        known = set(ctx.names) | derived_names(tree)
        for ref, value in _string_refs(tree):
            if value in known:
                continue
            if ref.kind in {"shorthand", "opfield"}:
                sh = parse_shorthand(value)
                new_op = _agg_name(sh.op) if sh.op else None
                if ref.kind == "opfield" and sh.op in _WINDOW_OPS:
                    continue
                if new_op is not None:  # (a time unit such as year(date) is no aggregate: it has no new name)
                    new = Shorthand(new_op, sh.field, sh.type).render()
                    yield src.replace(ref.node, str_literal(new)), Repair("aggregate", f"{value!r} -> {new!r}")
            elif ref.kind == "aggregate" and (new_op := _agg_name(value)) is not None:
                yield src.replace(ref.node, str_literal(new_op)), Repair("aggregate", f"aggregate={value!r} -> {new_op!r}")

    return splice(code, changes)


def _escape(name: str) -> str:
    return name.replace("\\", "").replace(".", "\\.").replace("[", "\\[").replace("]", "\\]")


def escape_dotted_fields(code: str, ctx: FixContext) -> Fixed:
    """Real fields with '.', '[' or ']' in Altair shorthands: escape them, or Vega-Lite reads a nested path."""
    special = [n for n in ctx.names if any(c in n for c in ".[]")]

    def changes(tree: ast.Module, src: Source) -> Iterator[Change]:
        for ref, value in _string_refs(tree):
            if not (ref.kind in {"shorthand", "opfield"} or (ref.kind == "field" and ref.channel)):
                continue
            sh = Shorthand("", value, "") if value in special else parse_shorthand(value)
            if sh.field not in special:
                continue
            new = Shorthand(sh.op, _escape(sh.field), sh.type).render()
            yield src.replace(ref.node, str_literal(new)), Repair(
                "field-escape", f"{value!r} -> {new!r} (Vega-Lite reads unescaped '.' as a nested field)")

    return splice(code, changes) if special else (code, [])
