"""Fixers for where chart code gets its data, and a check for code written for another library.

plot(data) receives the table; models still write `pd.read_csv("cars.csv")`, load a vega_datasets
sample, or define `plot()` with no parameter and use a global. The sandbox forbids file reads, so
these charts fail although the intent is plain: use the table passed in. Code that draws with
matplotlib, seaborn or plotly cannot be turned into an Altair chart at all; `foreign_library` names
the library so the caller can regenerate that goal another way instead of repairing it.
"""

from __future__ import annotations

import ast
import re
import textwrap
from collections.abc import Iterator

from lida.fixers.model import FixContext, Fixed, Repair
from lida.fixers.source import Change, Edit, Source, apply_edits, call_name, parse, splice
from lida.fixers.structure import _plot_fn, body_start, plot_with_data

#: pandas/numpy/seaborn functions that read a file or a sample dataset.
_READERS = re.compile(r"^(read_\w+|loadtxt|genfromtxt|fromfile|load_dataset)$")
_VEGA_DATASETS = "vega_datasets"
#: Modules whose load() reads a file.
_FILE_MODULES = frozenset({"json", "np", "numpy", "pickle", "yaml"})


def _vega_names(tree: ast.Module) -> set[str]:
    """Names bound to vega_datasets (its module or its `data` loader) by the code's imports."""
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.Import):
            names.update((a.asname or a.name).split(".")[0] for a in node.names if a.name.split(".")[0] == _VEGA_DATASETS)
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == _VEGA_DATASETS:
            names.update(a.asname or a.name for a in node.names)
    return names


def _root_name(node: ast.expr) -> str | None:
    while isinstance(node, ast.Attribute):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def _reads_data(call: ast.Call, vega: set[str]) -> bool:
    """pd.read_csv(...), np.loadtxt(...), json.load(f), a vega_datasets loader such as data.cars(): data the
    code fetches itself."""
    short = call_name(call).split(".", 1)[-1]
    if _READERS.match(short):
        return True
    if short in {"load", "loads"} and isinstance(call.func, ast.Attribute) and _root_name(call.func) in _FILE_MODULES:
        return True
    return bool(vega) and isinstance(call.func, ast.Attribute) and _root_name(call.func) in vega


def _parents(tree: ast.AST) -> dict[int, ast.AST]:
    return {id(child): node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}


def read_data_passed_in(code: str, ctx: FixContext) -> Fixed:
    """File and sample-data reads become the table plot() receives; vega_datasets imports go."""
    found = plot_with_data(code)
    if found is None:
        return code, []
    tree, fn, param = found
    vega = _vega_names(tree)
    src = Source(code)
    parents = _parents(tree)
    inside = {id(n) for n in ast.walk(fn)}
    edits: list[Edit] = []
    repairs: list[Repair] = []
    aliases: list[str] = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and _reads_data(node, vega)):
            continue
        stmt = parents.get(id(node))
        target = (stmt.targets[0].id if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1
                  and isinstance(stmt.targets[0], ast.Name) else None)
        read = src.text(node).splitlines()[0]
        if id(node) not in inside:
            if target is None or not isinstance(stmt, ast.Assign) or stmt not in tree.body:
                continue
            edits.append(Edit(*src.line_span(stmt), ""))
            if target != param:
                aliases.append(target)
            repairs.append(Repair("file-read", f"dropped the top-level `{target} = {read}`: plot() uses the data passed in"))
        elif target == param and isinstance(stmt, ast.Assign):
            edits.append(Edit(*src.line_span(stmt), ""))
            repairs.append(Repair("file-read", f"dropped `{param} = {read}`: plot() uses the data passed in"))
        else:
            edits.append(src.replace(node, param))
            repairs.append(Repair("file-read", f"`{read}` -> `{param}` (plot() gets the table as `{param}` and may not read files)"))
    for stmt in tree.body:
        if isinstance(stmt, (ast.Import, ast.ImportFrom)) and _vega_names(ast.Module(body=[stmt], type_ignores=[])):
            edits.append(Edit(*src.line_span(stmt), ""))
            repairs.append(Repair("file-read", f"removed `{src.text(stmt)}` (the sandbox has no sample datasets)"))
    if not edits:
        return code, []
    used = {n.id for n in ast.walk(fn) if isinstance(n, ast.Name)}
    wanted = [a for a in dict.fromkeys(aliases) if a in used]
    if wanted:
        a, indent = body_start(src, fn)
        edits.append(Edit(a, a, "".join(f"{indent}{name} = {param}\n" for name in wanted)))
    return apply_edits(code, edits), repairs


def _opens_files(node: ast.With) -> bool:
    return all(isinstance(i.context_expr, ast.Call) and call_name(i.context_expr) == "open" for i in node.items)


def unwrap_open(code: str, ctx: FixContext) -> Fixed:
    """`with open("cars.csv") as f:` whose body no longer uses `f` (its read became `data`): keep the body only."""
    def changes(tree: ast.Module, src: Source) -> Iterator[Change]:
        for node in ast.walk(tree):
            if not (isinstance(node, ast.With) and _opens_files(node)):
                continue
            handles = {n.id for i in node.items if i.optional_vars is not None for n in ast.walk(i.optional_vars)
                       if isinstance(n, ast.Name)}
            if any(isinstance(n, ast.Name) and n.id in handles for s in node.body for n in ast.walk(s)):
                continue
            start, end = src.line_span(node)
            body_from, _ = src.line_span(node.body[0])
            indent = " " * node.col_offset
            body = textwrap.indent(textwrap.dedent(src.code[body_from:end]), indent)
            yield Edit(start, end, body), Repair("file-read", f"removed `{src.text(node).splitlines()[0]}`: plot() reads no files")

    return splice(code, changes)


def add_data_parameter(code: str, ctx: FixContext) -> Fixed:
    """`def plot():` that uses a global table: give it the `data` parameter the sandbox passes."""
    tree = parse(code)
    fn = _plot_fn(tree) if tree else None
    if fn is None or fn.args.args or fn.args.vararg or fn.args.posonlyargs:
        return code, []
    src = Source(code)
    start, _ = src.span(fn)
    m = re.compile(r"def\s+plot\s*\(\s*").search(code, start)
    if m is None:
        return code, []
    text = "data, " if fn.args.kwonlyargs or fn.args.kwarg else "data"
    return apply_edits(code, [Edit(m.end(), m.end(), text)]), [
        Repair("data-parameter", "plot() took no argument; it now takes the table as `data`")]


#: Plotting libraries whose code draws no Altair chart: module root -> the name users know.
FOREIGN_LIBRARIES = {"matplotlib": "matplotlib", "seaborn": "seaborn", "plotly": "plotly", "bokeh": "bokeh",
                     "pylab": "matplotlib", "plotnine": "plotnine", "pygal": "pygal", "holoviews": "holoviews"}


def foreign_library(code: str) -> str | None:
    """The other plotting library the code draws with (imports it and never uses Altair), or None.

    No fixer turns such code into an Altair chart; the goal must be drawn again another way."""
    tree = parse(code)
    found: list[str] = []
    if tree is None:
        found = [lib for mod, lib in FOREIGN_LIBRARIES.items() if re.search(rf"^\s*(import|from)\s+{mod}\b", code, re.M)]
        uses_altair = "alt." in code
    else:
        for node in ast.walk(tree):
            mods = ([a.name for a in node.names] if isinstance(node, ast.Import)
                    else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            found += [FOREIGN_LIBRARIES[m.split(".")[0]] for m in mods if m.split(".")[0] in FOREIGN_LIBRARIES]
        uses_altair = any(isinstance(n, ast.Name) and n.id == "alt" and isinstance(n.ctx, ast.Load) for n in ast.walk(tree))
    return found[0] if found and not uses_altair else None
