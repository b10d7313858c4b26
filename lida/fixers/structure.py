"""Fixers for the shape of the code: markdown around it, indentation, the plot() function itself,
its return value, imports, and statements that make no sense inside a worker.
"""

from __future__ import annotations

import ast
import builtins
import re
import textwrap

from lida.fixers.model import FixContext, Fixed, Repair
from lida.fixers.source import Edit, Source, apply_edits, call_name, parse

_FENCE = re.compile(r"```[ \t]*([A-Za-z0-9_+-]*)[^\n]*\n(.*?)(?:\n[ \t]*```|\Z)", re.DOTALL)


def strip_markdown(code: str, ctx: FixContext) -> Fixed:
    """Keep the Python inside ``` fences, or drop prose lines before and after the code."""
    blocks = [body for lang, body in _FENCE.findall(code) if lang.lower() in {"", "python", "py", "python3"}]
    if blocks:
        body = next((b for b in blocks if "def plot" in b), max(blocks, key=len))
        return body.strip("\n") + "\n", [Repair("markdown", "kept the code inside the ``` fence")]
    if parse(code) is not None:
        return code, []
    lines = code.splitlines()
    start = 0
    while start < len(lines) and (not lines[start].strip() or _looks_like_prose(lines[start])):
        start += 1
    end = len(lines)
    while end > start and (not lines[end - 1].strip() or _looks_like_prose(lines[end - 1])):
        end -= 1
    dropped = sum(1 for line in lines[:start] + lines[end:] if line.strip())
    kept = "\n".join(lines[start:end]).rstrip() + "\n"
    if not dropped or parse(kept) is None:
        return code, []
    return kept, [Repair("markdown", f"dropped {dropped} line(s) of prose around the code")]


_PROSE_START = re.compile(r"^(?:import|from|def|class|return|if|for|while|with|try|except|else|elif|raise|assert|pass)\b")


def _looks_like_prose(line: str) -> bool:
    """An unindented sentence: several words, not a statement, not an expression with code symbols."""
    if line[:1].isspace() or line.lstrip().startswith(("#", "@")) or _PROSE_START.match(line):
        return False
    if re.match(r"^[A-Za-z_][\w.]*\s*(=|\(|\[|\+=)", line) or re.search(r"[=(){}\[\]]\s*$", line):
        return False
    return len(re.findall(r"[A-Za-z]{2,}", line)) >= 3


def fix_indentation(code: str, ctx: FixContext) -> Fixed:
    """Tabs to spaces and a common leading indent removed, when that makes the code parse."""
    if parse(code) is not None:
        return code, []
    candidates = [
        ("expanded tabs to spaces", code.expandtabs(8)),
        ("expanded tabs to spaces", code.expandtabs(4)),
        ("removed a common indent", textwrap.dedent(code)),
        ("expanded tabs and removed a common indent", textwrap.dedent(code.expandtabs(8))),
    ]
    for detail, fixed in candidates:
        if fixed != code and parse(fixed) is not None:
            return fixed, [Repair("indentation", detail)]
    return code, []


# ---- plot() ------------------------------------------------------------------------------------

_DATA_ALIASES = ("df", "data_df", "dataframe", "data_frame", "dataset", "source", "table", "frame", "chart_data", "d")
_SIDE_EFFECT_METHODS = frozenset({"show", "display", "save", "serve", "open_editor"})


def _is_plot(node: ast.stmt) -> bool:
    return isinstance(node, ast.FunctionDef) and node.name == "plot"


def _is_loader(value: ast.expr) -> bool:
    """pd.read_csv(...), data.cars(), vega_datasets loads: data the code fetches instead of using ours."""
    if not isinstance(value, ast.Call):
        return False
    name = call_name(value)
    if name.startswith("*.read_") or name.startswith("*.load") or name.startswith("pd.read_"):
        return True
    func = value.func
    return (
        isinstance(func, ast.Attribute)
        and isinstance(func.value, ast.Name)
        and func.value.id == "data"
        and not value.args
        and func.attr.isidentifier()
        and func.attr not in {"copy", "head", "dropna"}
    ) or (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Call) and _is_loader(func.value))


def _is_side_effect(stmt: ast.stmt) -> bool:
    if not isinstance(stmt, ast.Expr) or not isinstance(stmt.value, ast.Call):
        return False
    call = stmt.value
    if isinstance(call.func, ast.Attribute) and call.func.attr in _SIDE_EFFECT_METHODS:
        return True
    return isinstance(call.func, ast.Name) and call.func.id in {"display", "show"}


def _indent(lines: list[str], prefix: str = "    ") -> str:
    return "".join(prefix + line if line.strip() else line for line in lines)


def wrap_in_plot(code: str, ctx: FixContext) -> Fixed:
    """Code without plot(): rename a lone chart-making function, or wrap top-level code in plot(data)."""
    tree = parse(code)
    if tree is None or any(_is_plot(n) for n in tree.body):
        return code, []
    src = Source(code)
    funcs = [n for n in tree.body if isinstance(n, ast.FunctionDef) and "alt." in src.text(n)]
    if len(funcs) == 1 and funcs[0].args.args:
        fn = funcs[0]
        edits: list[Edit] = []
        header = src.text(fn)[: src.text(fn).index("(")]
        start, _ = src.span(fn)
        start = code.index(header, start)
        edits.append(Edit(start, start + len(header), "def plot"))
        dropped = 0
        for stmt in tree.body:
            if stmt is fn or isinstance(stmt, (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.ClassDef)):
                continue
            if isinstance(stmt, ast.Assign) and isinstance(stmt.value, ast.Constant):
                continue
            a, b = src.line_span(stmt)
            edits.append(Edit(a, b, ""))
            dropped += 1
        detail = f"renamed {fn.name}() to plot()" + (f" and dropped {dropped} top-level statement(s) that ran it" if dropped else "")
        return apply_edits(code, edits), [Repair("wrap", detail)]
    if funcs or not any("alt." in src.text(n) for n in tree.body):
        return code, []
    head: list[str] = []
    body: list[str] = []
    aliases: list[str] = []
    for stmt in tree.body:
        a, b = src.line_span(stmt)
        text = code[a:b]
        if isinstance(stmt, (ast.Import, ast.ImportFrom)):
            head.append(text)
        elif isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name) and _is_loader(stmt.value):
            name = stmt.targets[0].id
            if name != "data":
                aliases.append(f"{name} = data\n")
        elif _is_side_effect(stmt):
            continue
        else:
            body.append(text)
    lines = "".join(aliases + body).splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    out = "".join(head) + ("\n\n" if head else "") + "def plot(data):\n" + _indent(lines)
    if "import altair as alt" not in out:
        out = "import altair as alt\nimport pandas as pd\n\n" + out
    new, _ = add_missing_return(out, ctx)
    return new, [Repair("wrap", "wrapped the top-level code in def plot(data)" + (" (it loaded its own data; now it uses the data passed in)" if aliases else ""))]


def _plot_fn(tree: ast.Module) -> ast.FunctionDef | None:
    fns = [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "plot"]
    return fns[-1] if fns else None


def plot_with_data(code: str) -> tuple[ast.Module, ast.FunctionDef, str] | None:
    """The parsed code, its plot() function and the name plot() gives the data, when there are all three."""
    tree = parse(code)
    fn = _plot_fn(tree) if tree else None
    if tree is None or fn is None or not fn.args.args:
        return None
    return tree, fn, fn.args.args[0].arg


def body_start(src: Source, fn: ast.FunctionDef) -> tuple[int, str]:
    """Where lines put at the top of `fn`'s body go (after its docstring), and their indentation."""
    first = fn.body[0]
    if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str) and len(fn.body) > 1:
        first = fn.body[1]
    a, _ = src.line_span(first)
    return a, " " * first.col_offset


def _chart_names(fn: ast.FunctionDef) -> list[str]:
    """Names assigned, in order, from expressions that build Altair charts."""
    names: list[str] = []
    for node in ast.walk(fn):
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            text = ast.unparse(node.value)
            if "alt." in text or re.search(r"\.(mark_\w+|encode|properties|layer|interactive)\(", text) or re.search(r"[+|&]", text):
                names.append(node.targets[0].id)
    return names


def add_missing_return(code: str, ctx: FixContext) -> Fixed:
    """plot() that builds a chart but returns nothing: return the last expression or chart variable."""
    tree = parse(code)
    fn = _plot_fn(tree) if tree else None
    if fn is None or any(isinstance(n, ast.Return) and n.value is not None for n in ast.walk(fn)):
        return code, []
    src = Source(code)
    body = [s for s in fn.body if not _is_side_effect(s)]
    last = body[-1] if body else None
    edits: list[Edit] = [Edit(*src.line_span(s), "") for s in fn.body if _is_side_effect(s)]
    indent = " " * fn.body[0].col_offset
    if isinstance(last, ast.Expr) and not isinstance(last.value, ast.Constant) and not (
        isinstance(last.value, ast.Call) and isinstance(last.value.func, ast.Name) and last.value.func.id == "print"
    ):
        start, _ = src.span(last)
        edits.append(Edit(start, start, "return "))
        detail = "returned the last expression"
    else:
        names = _chart_names(fn)
        if not names:
            return code, []
        _, end = src.line_span(fn.body[-1])
        prefix = "" if code[:end].endswith("\n") else "\n"
        edits.append(Edit(end, end, f"{prefix}{indent}return {names[-1]}\n"))
        detail = f"added `return {names[-1]}`"
    return apply_edits(code, edits), [Repair("missing-return", detail)]


def drop_side_effects(code: str, ctx: FixContext) -> Fixed:
    """Remove chart.show()/save()/display() and renderer or data-transformer switches.

    In a worker they either do nothing, write files, or (data_transformers.enable("vegafusion"))
    change what to_dict() returns, which breaks execution.
    """
    tree = parse(code)
    if tree is None:
        return code, []
    src = Source(code)
    edits: list[Edit] = []
    removed: list[str] = []
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if not isinstance(body, list):
            continue
        dropped = 0
        for stmt in body:
            if not isinstance(stmt, ast.Expr) or not isinstance(stmt.value, ast.Call):
                continue
            text = src.text(stmt)
            if re.match(r"alt\.(renderers|data_transformers|themes|theme)\.", text) or _is_side_effect(stmt):
                edits.append(Edit(*src.line_span(stmt), ""))
                removed.append(text.splitlines()[0])
                dropped += 1
        if dropped and dropped == len(body):  # a body left empty would not parse
            a, _ = src.line_span(body[0])
            edits.append(Edit(a, a, " " * body[0].col_offset + "pass\n"))
    if not edits:
        return code, []
    return apply_edits(code, edits), [Repair("side-effect", f"removed `{r}`") for r in removed]


_IMPORTS = {
    "alt": "import altair as alt",
    "pd": "import pandas as pd",
    "np": "import numpy as np",
    "math": "import math",
    "re": "import re",
    "json": "import json",
    "calendar": "import calendar",
    "timedelta": "from datetime import timedelta",
    "date": "from datetime import date",
}


def _bound_names(tree: ast.AST) -> set[str]:
    bound: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            bound.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound.add(node.name)
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            bound.update((a.asname or a.name).split(".")[0] for a in node.names)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            bound.add(node.name)
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            bound.update(node.names)
    return bound


def undefined_names(tree: ast.AST) -> list[str]:
    bound = _bound_names(tree) | set(dir(builtins))
    seen: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and node.id not in bound and node.id not in seen:
            seen.append(node.id)
    return seen


def add_missing_imports(code: str, ctx: FixContext) -> Fixed:
    """Import alt, pd, np, datetime... when the code uses them without importing them."""
    tree = parse(code)
    if tree is None:
        return code, []
    missing = undefined_names(tree)
    lines: list[str] = []
    for name in missing:
        if name in _IMPORTS:
            lines.append(_IMPORTS[name])
        elif name == "datetime":
            uses_module = re.search(r"\bdatetime\.(datetime|date|timedelta|timezone)\b", code)
            lines.append("import datetime" if uses_module else "from datetime import datetime")
    if not lines:
        return code, []
    return "\n".join(lines) + "\n" + code, [Repair("missing-import", line) for line in lines]


def alias_undefined_data(code: str, ctx: FixContext) -> Fixed:
    """plot(data) whose body uses `df` (or `source`, ...) it never defined: alias it to the data."""
    found = plot_with_data(code)
    if found is None:
        return code, []
    tree, fn, param = found
    names = [n for n in undefined_names(tree) if n in _DATA_ALIASES and n != param]
    if not names:
        return code, []
    a, indent = body_start(Source(code), fn)
    text = "".join(f"{indent}{n} = {param}\n" for n in names)
    return apply_edits(code, [Edit(a, a, text)]), [Repair("undefined-data", f"`{n}` was never defined; it now means the data passed to plot()") for n in names]
