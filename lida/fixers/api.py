"""Fixers for Altair 4-era API and other Altair calls the installed Altair (6.x) rejects.

Checked against Altair 6.3: selection_single/multi, alt.selection(type=) and add_selection only
warn but are rewritten (they go away next); `.properties(selection=)`, invalid scale types,
string booleans, unknown schemes, snake_case options and configure_* inside a layer raise.
"""

from __future__ import annotations

import ast
import difflib
import re
from collections.abc import Iterator
from functools import cache

from lida.fixers.model import FixContext, Fixed, Repair
from lida.fixers.source import (
    Change,
    Edit,
    Source,
    call_name,
    calls,
    keyword,
    keyword_span,
    splice,
    str_literal,
)


@cache
def _schema_enum(name: str) -> tuple[str, ...]:
    import altair as alt

    defs = alt.vegalite.v6.schema.core.load_schema()["definitions"]
    node = defs[name]
    if "enum" in node:
        return tuple(node["enum"])
    out: list[str] = []
    for ref in node.get("anyOf", []):
        out.extend(_schema_enum(ref["$ref"].split("/")[-1]))
    return tuple(out)


_SCALE_TYPES = {"logarithmic": "log", "logarithm": "log", "log10": "log", "ln": "log", "power": "pow",
                "exponential": "pow", "squareroot": "sqrt", "square-root": "sqrt", "sqroot": "sqrt",
                "symmetric-log": "symlog", "symlogarithmic": "symlog", "temporal": "time", "datetime": "time",
                "date": "time", "categorical": "band", "category": "band", "nominal": "band", "ordinal-band": "band",
                "discrete": "band", "lin": "linear", "continuous": "linear", "quantitative": "linear"}


def migrate_selections(code: str, ctx: FixContext) -> Fixed:
    """Altair 4 selections to Altair 5+: selection_point/selection_interval and add_params."""
    # insertions at one point must keep their order; apply_edits sorts stably by (start, end)
    return splice(code, _selection_changes)


def _selection_changes(tree: ast.Module, src: Source) -> Iterator[Change]:
    for node in calls(tree):
        if not isinstance(node.func, ast.Attribute):
            continue
        name = call_name(node)
        func = node.func
        if name in {"alt.selection_single", "alt.selection_multi", "alt.selection"}:
            kind = "point"
            edits: list[Edit] = []
            if name == "alt.selection":
                t = keyword(node, "type")
                tval = t.value.value if t and isinstance(t.value, ast.Constant) else "point"
                kind = "interval" if tval == "interval" else "point"
                if t is not None:
                    edits.append(Edit(*keyword_span(src, node, t), ""))
            end = src.offset(func.end_lineno, func.end_col_offset)  # type: ignore[arg-type]
            start = end - len(func.attr)
            edits.append(Edit(start, end, f"selection_{kind}"))
            init = keyword(node, "init")
            if init is not None:
                a = src.offset(init.lineno, init.col_offset)
                edits.append(Edit(a, a + len("init"), "value"))
                if kind == "point" and isinstance(init.value, ast.Dict):
                    vs, ve = src.span(init.value)
                    edits.append(Edit(vs, vs, "["))
                    edits.append(Edit(ve, ve, "]"))
            yield edits, Repair("altair-api", f"{name}(...) -> alt.selection_{kind}(...)" + (" with value= for init=" if init else ""))
        elif func.attr == "add_selection":
            end = src.offset(func.end_lineno, func.end_col_offset)  # type: ignore[arg-type]
            yield Edit(end - len("add_selection"), end, "add_params"), Repair("altair-api", ".add_selection(...) -> .add_params(...)")
        elif func.attr == "properties" and (sel := keyword(node, "selection")) is not None:
            _, end = src.span(node)
            yield ([Edit(*keyword_span(src, node, sel), ""), Edit(end, end, f".add_params({src.text(sel.value)})")],
                   Repair("altair-api", ".properties(selection=...) -> .add_params(...)"))


def fix_option_values(code: str, ctx: FixContext) -> Fixed:
    """Option values Vega-Lite rejects: scale types, 'true'/'false' strings, unknown schemes, '400' sizes."""
    return splice(code, _option_value_changes)


def _option_value_changes(tree: ast.Module, src: Source) -> Iterator[Change]:
    scale_types = set(_schema_enum("ScaleType"))
    schemes = _schema_enum("ColorScheme")
    for node in calls(tree):
        name = call_name(node)
        for kw in node.keywords:
            v = kw.value
            if not (isinstance(v, ast.Constant) and isinstance(v.value, str)):
                continue
            low = v.value.strip().lower()
            new: str | None = None
            if kw.arg == "type" and name == "alt.Scale" and v.value not in scale_types:
                mapped = _SCALE_TYPES.get(low.replace(" ", "").replace("_", "-"), low if low in scale_types else None)
                new = str_literal(mapped) if mapped else None
            elif kw.arg in {"zero", "nice", "clip", "reverse", "grid", "labels", "ticks", "domain", "filled", "clamp"} and low in {"true", "false"}:
                new = "True" if low == "true" else "False"
            elif kw.arg == "scheme" and v.value not in schemes:
                close = difflib.get_close_matches(low.replace(" ", "").replace("_", ""), schemes, n=1, cutoff=0.75)
                if not close:
                    yield Edit(*keyword_span(src, node, kw), ""), Repair("altair-api", f"dropped unknown color scheme {v.value!r}")
                    continue
                new = str_literal(close[0])
            elif kw.arg in {"width", "height", "size", "opacity", "strokeWidth", "fontSize", "labelAngle"} and re.fullmatch(r"-?\d+(\.\d+)?(px)?", low):
                new = low.removesuffix("px")
            if new is not None and new != src.text(v):
                yield src.replace(v, new), Repair("altair-api", f"{kw.arg}={v.value!r} -> {kw.arg}={new}")


_NO_PARAM = re.compile(r"has no parameter named '([A-Za-z0-9_]+)'")
_UNEXPECTED_KW = re.compile(r"unexpected keyword argument '([A-Za-z0-9_]+)'")
_KEEP_SNAKE = frozenset({"as_", "bind_x", "bind_y", "scale_factor"})
_CHANNEL_SYNONYMS = {"fill_color": "fill", "hue": "color", "label": "text", "tooltips": "tooltip",
                     "facet_row": "row", "facet_col": "column", "col": "column", "stroke_dash": "strokeDash",
                     "line_dash": "strokeDash", "dash": "strokeDash", "alpha": "opacity", "marker": "shape",
                     "sizes": "size", "angle_": "angle"}


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(p[:1].upper() + p[1:] for p in rest)


@cache
def _vl_properties() -> frozenset[str]:
    """Every property name in the Vega-Lite schema (markDef, axis, scale, config...)."""
    import altair as alt

    defs = alt.vegalite.v6.schema.core.load_schema()["definitions"]
    return frozenset(p for d in defs.values() if isinstance(d, dict) for p in d.get("properties", {}))


def _altair_call(name: str) -> bool:
    short = name.split(".", 1)[-1]
    return name.startswith("alt.") or short.startswith(("mark_", "configure", "properties", "encode"))


def fix_keyword_names(code: str, ctx: FixContext) -> Fixed:
    """snake_case options (stroke_dash=, font_size=) and channel synonyms (hue=) Altair rejects.

    Keywords named in the error are fixed in any call; others only in Altair calls, and only
    when the camelCase name is a real Vega-Lite property.
    """
    bad = set(_NO_PARAM.findall(ctx.error)) | set(_UNEXPECTED_KW.findall(ctx.error))
    props = _vl_properties()

    def changes(tree: ast.Module, src: Source) -> Iterator[Change]:
        for node in calls(tree):
            name = call_name(node)
            for kw in node.keywords:
                if kw.arg is None or kw.arg in _KEEP_SNAKE or not (kw.arg in bad or _altair_call(name)):
                    continue
                new = _CHANNEL_SYNONYMS.get(kw.arg) if name == "*.encode" else None
                if new is None and "_" in kw.arg.strip("_"):
                    new = _camel(kw.arg)
                    if kw.arg not in bad and new not in props:
                        new = None
                if new is not None and new != kw.arg:
                    yield _rename_keyword(src, kw, new), Repair("altair-api", f"{kw.arg}= -> {new}=")

    return splice(code, changes)


def _rename_keyword(src: Source, kw: ast.keyword, new: str) -> Edit:
    a = src.offset(kw.lineno, kw.col_offset)
    return Edit(a, a + len(kw.arg or ""), new)


#: Chart methods whose keywords are all named options (transform_* take free names: never touched).
_OPTION_METHODS = re.compile(r"^(mark_\w+|configure\w*|encode|interactive|resolve_(scale|axis|legend))$")
_CHART_CLASSES = ("Chart", "LayerChart", "HConcatChart", "VConcatChart", "ConcatChart", "FacetChart", "RepeatChart")


def _named_parameters(func: object) -> frozenset[str]:
    import inspect

    try:
        params = inspect.signature(func).parameters.values()  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return frozenset()
    return frozenset(p.name for p in params if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD) and p.name != "self")


@cache
def altair_parameters(name: str) -> frozenset[str]:
    """The keyword names a call accepts, read from Altair itself (signatures and schema wrappers);
    empty when the call is not one whose every keyword is a named option."""
    import altair as alt

    short = name.split(".", 1)[-1]
    if name.startswith("alt."):
        cls = getattr(alt, short, None)
        if not (isinstance(cls, type) and issubclass(cls, alt.SchemaBase)):
            return frozenset()
        props = cls.resolve_references().get("properties", {}) if short in _CHART_CLASSES else {}
        return _named_parameters(cls.__init__) | frozenset(props)
    if short == "properties":  # any chart's top-level properties: the call does not say which chart
        out: set[str] = set()
        for chart in _CHART_CLASSES:
            out.update(getattr(alt, chart).resolve_references().get("properties", {}))
        return frozenset(out - {"$schema"})
    if _OPTION_METHODS.match(short) and callable(getattr(alt.Chart, short, None)):
        return _named_parameters(getattr(alt.Chart, short))
    return frozenset()


def _closest(word: str, names: frozenset[str]) -> str | None:
    """The one parameter a misspelt keyword means: same letters in another case, or a clear typo."""
    same = [n for n in names if n.lower() == word.lower()]
    if len(same) == 1:
        return same[0]
    scored = sorted(((difflib.SequenceMatcher(None, word.lower(), n.lower()).ratio(), n) for n in names), reverse=True)
    if not scored or scored[0][0] < 0.8 or (len(scored) > 1 and scored[0][0] - scored[1][0] < 0.05):
        return None
    return scored[0][1]


def fix_parameter_names(code: str, ctx: FixContext) -> Fixed:
    """Misspelt keywords of Altair calls (`.properties(widht=)`, `colour=`, `opactiy=`), matched against
    the parameter names Altair's own classes and methods take."""
    return splice(code, _parameter_name_changes)


def _parameter_name_changes(tree: ast.Module, src: Source) -> Iterator[Change]:
    for node in calls(tree):
        name = call_name(node)
        names = altair_parameters(name) if name.startswith(("alt.", "*.")) else frozenset()
        if name == "*.encode" and not any(kw.arg in names for kw in node.keywords):
            continue  # str.encode(errors=...) is not a chart's encode: it must name one real channel
        for kw in node.keywords:
            if not names or kw.arg is None or kw.arg in names:
                continue
            new = _closest(kw.arg, names)
            if new is not None:
                yield _rename_keyword(src, kw, new), Repair(
                    "altair-api", f"{name.replace('*', '')}({kw.arg}=) -> {new}= (Altair has no parameter {kw.arg!r})")


def drop_nested_configure(code: str, ctx: FixContext) -> Fixed:
    """`.configure_*()` on a chart later layered or concatenated raises; drop those calls."""
    if "'config' attribute cannot be used within" not in ctx.error:
        return code, []
    return splice(code, _nested_configure_changes)


def _nested_configure_changes(tree: ast.Module, src: Source) -> Iterator[Change]:
    for node in calls(tree):
        if isinstance(node.func, ast.Attribute) and node.func.attr.startswith("configure"):
            _, inner_end = src.span(node.func.value)
            _, end = src.span(node)
            yield Edit(inner_end, end, ""), Repair(
                "altair-api", f"dropped .{node.func.attr}(...) (config is not allowed inside a layer/concat)")


def fix_value_as_field(code: str, ctx: FixContext) -> Fixed:
    """alt.value("Origin") where Origin is a data field: the author meant to encode the field."""
    fields = set(ctx.names)

    def changes(tree: ast.Module, src: Source) -> Iterator[Change]:
        for node in calls(tree):
            if call_name(node) != "*.encode":
                continue
            for kw in node.keywords:
                v = kw.value
                if (isinstance(v, ast.Call) and call_name(v) == "alt.value" and len(v.args) == 1
                        and isinstance(v.args[0], ast.Constant) and v.args[0].value in fields and kw.arg not in {"x", "y"}):
                    yield src.replace(v, str_literal(str(v.args[0].value))), Repair(
                        "altair-api", f"{kw.arg}=alt.value({v.args[0].value!r}) -> the field {v.args[0].value!r}")

    return splice(code, changes) if fields else (code, [])
