"""Fixers for how plot() is run and what it hands back.

Models write a script around the function: `chart = plot(df)`, `chart.show()`, an
`if __name__ == "__main__":` block. The sandbox runs the module and then calls plot(data) itself, so
that code only fails (df is undefined at the top level, dunder names are refused). And plot() must
return the chart, not `chart.to_dict()`, `chart.to_json()` or `chart.show()`.
"""

from __future__ import annotations

import ast

from lida.fixers.model import FixContext, Fixed, Repair
from lida.fixers.source import Change, Edit, Source, splice
from lida.fixers.structure import _plot_fn

#: Chart methods whose result is not a chart: what a model returns instead of the chart itself.
_NOT_A_CHART = frozenset({"to_dict", "to_json", "to_html", "to_url", "show", "display", "save", "serve"})


def _runs_plot(stmt: ast.stmt, dropped: set[str]) -> bool:
    """A top-level statement that calls plot(), tests __name__, or uses a name such a statement made."""
    if isinstance(stmt, ast.If) and "__name__" in ast.unparse(stmt.test):
        return True
    for node in ast.walk(stmt):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "plot":
            return True
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and node.id in dropped:
            return True
    return False


def drop_plot_runs(code: str, ctx: FixContext) -> Fixed:
    """Top-level code that calls plot() itself (`chart = plot(df)`, a __main__ block) goes: the sandbox calls it."""
    def changes(tree: ast.Module, src: Source) -> list[Change]:
        if _plot_fn(tree) is None:
            return []
        dropped: set[str] = set()
        out: list[Change] = []
        for stmt in tree.body:
            if isinstance(stmt, (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.ClassDef)) or not _runs_plot(stmt, dropped):
                continue
            if isinstance(stmt, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
                targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
                dropped.update(n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name))
            line = src.text(stmt).splitlines()[0]
            out.append((Edit(*src.line_span(stmt), ""), Repair("plot-run", f"dropped the top-level `{line}`: the sandbox calls plot(data) itself")))
        return out

    return splice(code, changes)


def return_the_chart(code: str, ctx: FixContext) -> Fixed:
    """`return chart.to_dict()` (or .to_json(), .show(), .save(...)) inside plot(): return the chart itself."""
    def changes(tree: ast.Module, src: Source) -> list[Change]:
        fn = _plot_fn(tree)
        out: list[Change] = []
        for node in ast.walk(fn) if fn is not None else ():
            value = node.value if isinstance(node, ast.Return) else None
            if (isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute)
                    and value.func.attr in _NOT_A_CHART):
                inner = src.text(value.func.value)
                out.append((src.replace(value, inner), Repair("return-chart", f"`return {src.text(value).splitlines()[0]}` -> `return {inner}`: plot() must return the chart")))
        return out

    return splice(code, changes)
