"""Check the column names a model used against the real ones.

Models misspell columns ("horsepower" for "Horsepower", "release date" for "Release_Date") and
sometimes invent them. A name is mapped to a real column only when the match is unambiguous;
otherwise it is reported. Nothing is silently kept.
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from lida.fixers.source import string_consts


def normalize_name(name: str) -> str:
    """Case, spaces, underscores, dashes and dots ignored: 'Release_Date' ~ 'release date'."""
    return re.sub(r"[\s_\-.]+", "", name.casefold())


def resolve_field(name: str, known: Sequence[str]) -> str | None:
    """The real column `name` most likely means, or None when none or several fit (the repair
    stage's matcher, so the LLM path and code repair agree on what a misspelt name means)."""
    from lida.fixers.names import match_field

    return match_field(name, list(known))


@dataclass
class FieldCheck:
    """Outcome of checking names: `mapping` wrong -> real, `unknown` names with no real match."""

    mapping: dict[str, str] = field(default_factory=dict)
    unknown: list[str] = field(default_factory=list)

    def notes(self) -> list[str]:
        out = [f"field {a!r} is not in the data; used {b!r} instead" for a, b in self.mapping.items()]
        out += [f"field {u!r} is not in the data and matches no column" for u in self.unknown]
        return out


def check_names(names: Iterable[str], known: Sequence[str]) -> FieldCheck:
    check = FieldCheck()
    for name in names:
        if name in known or name in check.mapping or name in check.unknown:
            continue
        real = resolve_field(name, known)
        if real is None:
            check.unknown.append(name)
        else:
            check.mapping[name] = real
    return check


# ---- field references in chart code -----------------------------------------------------------
_CHANNELS = {
    "X", "Y", "X2", "Y2", "XOffset", "YOffset", "Color", "Fill", "Stroke", "Size", "Shape", "Opacity",
    "FillOpacity", "StrokeOpacity", "StrokeWidth", "StrokeDash", "Angle", "Theta", "Theta2", "Radius",
    "Radius2", "Text", "Tooltip", "Row", "Column", "Facet", "Detail", "Order", "Href", "Key",
    "Latitude", "Longitude", "Latitude2", "Longitude2", "Url", "Description",
}  # fmt: skip
# pandas/Altair calls whose positional string arguments (or lists of them) name columns.
_POSITIONAL_FIELD_CALLS = {
    "groupby",
    "sort_values",
    "set_index",
    "drop_duplicates",
    "transform_fold",
    "pivot",
}
_SECOND_ARG_FIELD_CALLS = {"nlargest", "nsmallest"}
_FIELD_KWARGS = {"by", "subset", "id_vars", "value_vars", "groupby", "field"}
_TABLE_CALLS = {"pivot", "pivot_table", "drop", "crosstab", "melt"}  # also take index/columns/values
_TABLE_KWARGS = {"index", "columns", "values"}
# Calls whose keyword names create columns, and whose values are aggregate shorthands.
_DEFINING_CALLS = {
    "assign", "transform_calculate", "transform_aggregate", "transform_window", "transform_joinaggregate",
    "transform_timeunit", "agg", "aggregate", "named_aggregate",
}  # fmt: skip
_DEFINING_KWARGS = {"as_", "var_name", "value_name", "name"}
# Columns pandas/Vega-Lite create on their own (value_counts, melt, fold, reset_index).
IMPLICIT_COLUMNS = {"count", "index", "variable", "value", "key", "proportion"}
_SHORTHAND_TYPES = {
    ":Q",
    ":N",
    ":O",
    ":T",
    ":G",
    ":quantitative",
    ":nominal",
    ":ordinal",
    ":temporal",
    ":geojson",
}


@dataclass
class _Ref:
    node: ast.Constant
    name: str  # the field part
    shorthand: bool


def _split_shorthand(value: str) -> tuple[str, str, str]:
    """'mean(Price):Q' -> ('mean(', 'Price', '):Q'); 'Price' -> ('', 'Price', '')."""
    type_suffix = ""
    for t in _SHORTHAND_TYPES:
        if value.endswith(t):
            type_suffix, value = t, value[: -len(t)]
            break
    m = re.fullmatch(r"([A-Za-z_]+\()(.*)(\))", value, re.DOTALL)
    if m:
        return m.group(1), m.group(2), m.group(3) + type_suffix
    return "", value, type_suffix


def _call_name(call: ast.Call) -> str:
    f = call.func
    if isinstance(f, ast.Attribute):
        return f.attr
    if isinstance(f, ast.Name):
        return f.id
    return ""


class _Collector(ast.NodeVisitor):
    def __init__(self) -> None:
        self.refs: list[_Ref] = []
        self.defined: set[str] = set()

    def _ref(self, node: ast.Constant, shorthand: bool) -> None:
        value = str(node.value)
        name = _split_shorthand(value)[1] if shorthand else value
        if name:
            self.refs.append(_Ref(node, name, shorthand))

    def visit_Assign(self, node: ast.Assign) -> None:
        for target in node.targets:
            if isinstance(target, ast.Subscript):
                for s in string_consts(target.slice):
                    self.defined.add(str(s.value))
        self.generic_visit(node)

    def visit_Subscript(self, node: ast.Subscript) -> None:
        if isinstance(node.ctx, ast.Load) and isinstance(node.value, (ast.Name, ast.Attribute, ast.Call)):
            for s in string_consts(node.slice):
                self._ref(s, shorthand=False)
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        name = _call_name(node)
        if name in _CHANNELS and node.args:
            for s in string_consts(node.args[0]):
                self._ref(s, shorthand=True)
        if name == "encode":
            for kw in node.keywords:
                for s in string_consts(kw.value):
                    self._ref(s, shorthand=True)
        if name in _POSITIONAL_FIELD_CALLS:
            for arg in node.args:
                for s in string_consts(arg):
                    self._ref(s, shorthand=False)
        if name in _SECOND_ARG_FIELD_CALLS and len(node.args) > 1:
            for s in string_consts(node.args[1]):
                self._ref(s, shorthand=False)
        if name == "transform_bin" and node.args:
            for s in string_consts(node.args[0]):
                self.defined.add(str(s.value))
            for arg in node.args[1:2]:
                for s in string_consts(arg):
                    self._ref(s, shorthand=False)
        if name == "rename":
            for kw in node.keywords:
                if kw.arg == "columns" and isinstance(kw.value, ast.Dict):
                    for k, v in zip(kw.value.keys, kw.value.values, strict=True):
                        for s in string_consts(k):
                            self._ref(s, shorthand=False)
                        for s in string_consts(v):
                            self.defined.add(str(s.value))
        for kw in node.keywords:
            if kw.arg is None:
                continue
            if name in _DEFINING_CALLS:
                self.defined.add(kw.arg)
                if name in ("agg", "aggregate") and isinstance(kw.value, ast.Tuple) and kw.value.elts:
                    for s in string_consts(kw.value.elts[0]):  # pandas named aggregation: (column, func)
                        self._ref(s, shorthand=False)
                if (
                    name.startswith("transform_")
                    and name != "transform_calculate"
                    and kw.arg not in ("groupby", "sort", "frame", "as_")
                ):
                    for s in string_consts(kw.value):
                        self._ref(s, shorthand=True)
            if kw.arg in _DEFINING_KWARGS:
                for s in string_consts(kw.value):
                    self.defined.add(str(s.value))
            elif kw.arg in _FIELD_KWARGS or (name in _TABLE_CALLS and kw.arg in _TABLE_KWARGS):
                for s in string_consts(kw.value):
                    self._ref(s, shorthand=False)
        self.generic_visit(node)


@dataclass
class CodeFieldCheck:
    code: str  # the code with unambiguous misspellings fixed
    check: FieldCheck

    @property
    def notes(self) -> list[str]:
        return self.check.notes()


def check_code_fields(code: str, known: Sequence[str]) -> CodeFieldCheck:
    """Find column names used by chart code; fix unambiguous misspellings, report the rest.

    Code that does not parse is returned unchanged with nothing checked.
    """
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return CodeFieldCheck(code, FieldCheck())
    collector = _Collector()
    collector.visit(tree)
    allowed = set(known) | collector.defined | IMPLICIT_COLUMNS
    used = [r.name for r in collector.refs if r.name not in allowed]
    check = check_names(used, known)
    fixes = [r for r in collector.refs if r.name in check.mapping]
    return CodeFieldCheck(_rewrite(code, fixes, check.mapping), check)


def _rewrite(code: str, refs: list[_Ref], mapping: dict[str, str]) -> str:
    """Replace the string literals of `refs` in place; positions are UTF-8 byte offsets."""
    lines = code.splitlines(keepends=True)
    done: set[tuple[int, int]] = set()
    ordered = sorted(refs, key=lambda r: (r.node.lineno, r.node.col_offset), reverse=True)
    for ref in ordered:
        node = ref.node
        pos = (node.lineno, node.col_offset)
        if pos in done or node.end_lineno != node.lineno or node.end_col_offset is None:
            continue
        done.add(pos)
        raw = lines[node.lineno - 1].encode("utf-8")
        value = str(node.value)
        if ref.shorthand:
            head, _, tail = _split_shorthand(value)
            new_value = head + mapping[ref.name] + tail
        else:
            new_value = mapping[ref.name]
        literal = _literal(new_value, raw[node.col_offset : node.end_col_offset].decode("utf-8"))
        new = raw[: node.col_offset] + literal.encode("utf-8") + raw[node.end_col_offset :]
        lines[node.lineno - 1] = new.decode("utf-8")
    return "".join(lines)


def _literal(value: str, original: str) -> str:
    """A Python literal for `value` in the original's quote style (keeps the code's look)."""
    if original.startswith('"') and not original.startswith('"""'):
        return json.dumps(value, ensure_ascii=False)  # JSON string escapes are valid Python escapes
    return repr(value)
