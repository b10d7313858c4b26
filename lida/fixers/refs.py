"""Find every place in chart code where a string names a data field (or a type, or an aggregate).

One walk over the tree serves the field-name, type and date fixers, so they agree on what counts
as a field reference: Altair shorthands and channel classes, `field=`/`groupby=` keywords,
transform arguments, Vega expressions (`datum.x`), `alt.datum.x`, and pandas column access.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Literal

from lida.fixers.source import call_name, string_consts, strings

RefKind = Literal["shorthand", "field", "opfield", "expr", "datum_attr", "type", "aggregate", "timeunit"]

#: Altair encoding channel classes whose first argument is a shorthand.
CHANNELS = frozenset(
    ["X", "Y", "X2", "Y2", "XOffset", "YOffset", "Color", "Fill", "Stroke", "Size", "Shape", "Opacity", "FillOpacity", "StrokeOpacity", "StrokeWidth", "StrokeDash", "Tooltip", "Text", "Row", "Column", "Facet", "Detail", "Order", "Theta", "Theta2", "Radius", "Radius2", "Href", "Url", "Key", "Latitude", "Longitude", "Latitude2", "Longitude2", "Angle", "Description", "XError", "YError", "XError2", "YError2"]
)
_FIELD_FIRST = frozenset(
    {"alt.SortField", "alt.EncodingSortField", "alt.FieldOneOfPredicate", "alt.FieldRangePredicate",
     "alt.FieldEqualPredicate", "alt.FieldLTPredicate", "alt.FieldGTPredicate", "alt.FieldLTEPredicate",
     "alt.FieldGTEPredicate", "alt.FieldValidPredicate"}
)
#: transform -> positional argument indexes that are field names
_TRANSFORM_POS = {
    "transform_fold": (0,),
    "transform_density": (0,),
    "transform_quantile": (0,),
    "transform_regression": (0, 1),
    "transform_loess": (0, 1),
    "transform_pivot": (0,),
    "transform_impute": (0, 1),
    "transform_bin": (1,),
    "transform_flatten": (0,),
    "transform_stack": (0,),
}
_TRANSFORM_OPFIELD = frozenset({"transform_aggregate", "transform_joinaggregate", "transform_window", "transform_timeunit"})
_EXPR_CALLS = frozenset({"transform_filter", "transform_calculate", "alt.expr", "alt.condition", "alt.when"})
#: keywords whose string (or list of strings) values are field names, in any call
_FIELD_KWS = frozenset({"field", "fields", "groupby", "by", "subset", "id_vars", "value_vars"})
#: keywords that name fields only in some calls
_FIELD_KWS_IN = {
    "index": {"pivot", "pivot_table"},
    "columns": {"pivot", "pivot_table"},
    "values": {"pivot", "pivot_table"},
    "value": {"transform_pivot"},
    "key": {"transform_impute"},
    "lookup": {"transform_lookup"},
}
#: pandas methods whose first positional argument names columns
_PANDAS_FIRST = frozenset({"groupby", "sort_values", "set_index", "drop_duplicates", "dropna", "pivot", "pivot_table",
                           "explode", "value_counts"})
_PANDAS_SECOND = frozenset({"nlargest", "nsmallest"})
#: keywords of a channel (alt.X(...), alt.Color(...), ...) whose strings are references, and their kind
_CHANNEL_KEYWORD_KINDS: dict[str, RefKind] = {"field": "field", "type": "type", "aggregate": "aggregate", "timeUnit": "timeunit"}


@dataclass(frozen=True)
class Ref:
    kind: RefKind
    node: ast.AST  # ast.Constant, or ast.Attribute for datum_attr
    channel: str = ""  # encoding channel when known ("x", "color", ...)


def _is_field_keyword(call: str, kw: str | None) -> bool:
    return kw in _FIELD_KWS or (kw is not None and call in _FIELD_KWS_IN.get(kw, ()))


def _is_datum(node: ast.AST) -> bool:
    return isinstance(node, ast.Attribute) and node.attr == "datum" and isinstance(node.value, ast.Name) and node.value.id == "alt"


class _Collector(ast.NodeVisitor):
    def __init__(self) -> None:
        self.refs: list[Ref] = []
        self._seen: set[int] = set()

    def add(self, kind: RefKind, node: ast.AST, channel: str = "") -> None:
        if id(node) not in self._seen:
            self._seen.add(id(node))
            self.refs.append(Ref(kind, node, channel))

    def visit_Call(self, node: ast.Call) -> None:
        name = call_name(node)
        short = name.split(".", 1)[-1]
        if name.startswith("alt.") and short in CHANNELS:
            channel = short[0].lower() + short[1:]
            if node.args:
                for c in string_consts(node.args[0]):
                    self.add("shorthand", c, channel)
            self._channel_keywords(node, channel)
        elif name in _FIELD_FIRST and node.args:
            for c in string_consts(node.args[0]):
                self.add("field", c)
        elif short == "encode" and name.startswith("*."):
            for arg in node.args:
                for c in string_consts(arg):
                    self.add("shorthand", c)
            for kw in node.keywords:
                for c in string_consts(kw.value):
                    self.add("shorthand", c, kw.arg or "")
        elif short in _TRANSFORM_POS:
            for i in _TRANSFORM_POS[short]:
                if i < len(node.args):
                    for c in string_consts(node.args[i]):
                        self.add("field", c)
        if short in _TRANSFORM_OPFIELD:
            for kw in node.keywords:
                if kw.arg not in {"groupby", "sort", "frame", "ignore_peers", "as_"}:
                    for c in string_consts(kw.value):
                        self.add("opfield", c)
        if short in _EXPR_CALLS or name in _EXPR_CALLS:
            for arg in [*node.args, *(k.value for k in node.keywords)]:
                for c in string_consts(arg):
                    if "datum" in str(c.value):
                        self.add("expr", c)
        if short in _PANDAS_FIRST and node.args:
            for c in string_consts(node.args[0]):
                self.add("field", c)
        if short in _PANDAS_SECOND and len(node.args) > 1:
            for c in string_consts(node.args[1]):
                self.add("field", c)
        if not (name.startswith("alt.") and short in CHANNELS):
            for kw in node.keywords:
                if _is_field_keyword(short, kw.arg):
                    for c in string_consts(kw.value):
                        self.add("field", c)
        if short == "agg":
            self._agg(node)
        self.generic_visit(node)

    def _channel_keywords(self, node: ast.Call, channel: str) -> None:
        for kw in node.keywords:
            kind = _CHANNEL_KEYWORD_KINDS.get(kw.arg) if kw.arg is not None else None
            if kind is not None:
                for c in string_consts(kw.value):
                    self.add(kind, c, channel)

    def _agg(self, node: ast.Call) -> None:
        # .agg({"col": "mean"}) and .agg(new=("col", "mean"))
        for arg in node.args:
            if isinstance(arg, ast.Dict):
                for k in arg.keys:
                    if isinstance(k, ast.Constant) and isinstance(k.value, str):
                        self.add("field", k)
        for kw in node.keywords:
            if isinstance(kw.value, ast.Tuple) and kw.value.elts:
                for c in string_consts(kw.value.elts[0]):
                    self.add("field", c)

    def visit_Subscript(self, node: ast.Subscript) -> None:
        if _is_datum(node.value):
            for c in string_consts(node.slice):
                self.add("field", c)
        elif isinstance(node.value, (ast.Name, ast.Attribute, ast.Subscript, ast.Call)) and not (
            isinstance(node.value, ast.Attribute) and node.value.attr in {"loc", "iloc", "at", "iat"}
        ):
            # data["col"], df[["a", "b"]]; data.loc[:, "col"] is left alone
            for c in string_consts(node.slice):
                self.add("field", c)
        self.generic_visit(node)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if _is_datum(node.value):
            self.add("datum_attr", node)
        self.generic_visit(node)


def collect_refs(tree: ast.AST) -> list[Ref]:
    c = _Collector()
    c.visit(tree)
    return c.refs


def derived_names(tree: ast.AST) -> set[str]:
    """Column names the code itself creates; these are not typos of data fields."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            short = call_name(node).split(".", 1)[-1]
            if short in {"transform_calculate", "transform_aggregate", "transform_joinaggregate",
                         "transform_window", "transform_timeunit", "agg", "assign", "aggregate"}:
                names.update(k.arg for k in node.keywords if k.arg and k.arg not in {"groupby", "sort", "frame", "as_"})
            if short == "transform_bin" and node.args:
                names.update(strings(node.args[0]))
            for kw in node.keywords:
                if kw.arg in {"as_", "name", "var_name", "value_name"}:
                    names.update(strings(kw.value))
                if kw.arg in {"columns", "mapper"} and isinstance(kw.value, ast.Dict) and short == "rename":
                    names.update(v.value for v in kw.value.values if isinstance(v, ast.Constant) and isinstance(v.value, str))
            if short in {"to_frame", "rename"} and node.args:
                names.update(strings(node.args[0]))
            if short == "transform_fold":
                names.update({"key", "value"})
            if short == "transform_density":
                names.update({"value", "density"})
            if short == "transform_quantile":
                names.update({"prob", "value"})
            if short == "melt":
                names.update({"variable", "value"})
            if short == "value_counts":
                names.update({"count", "proportion"})
            if short == "size":
                names.add("size")
            if short == "DataFrame" and node.args and isinstance(node.args[0], ast.Dict):
                names.update(k.value for k in node.args[0].keys if isinstance(k, ast.Constant) and isinstance(k.value, str))
        elif isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for t in targets:
                if isinstance(t, ast.Subscript):
                    names.update(strings(t.slice))
                if isinstance(t, ast.Attribute) and t.attr == "columns" and isinstance(node.value, ast.AST):
                    names.update(strings(node.value))
    return names
