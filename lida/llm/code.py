"""Get chart code out of a model's answer and check it is a complete `plot(data)` function.

Nothing here executes code: parsing with `ast` is as far as we go (the sandbox runs it later).
"""

from __future__ import annotations

import ast
import re

from lida.model import SCAFFOLD_SIGNATURE

SCAFFOLD = f"import altair as alt\nimport pandas as pd\n\n\n{SCAFFOLD_SIGNATURE}\n    ...\n    return chart\n"

_FENCE = re.compile(r"```[ \t]*([A-Za-z0-9_+-]*)[^\n]*\n(.*?)(?:\n[ \t]*```|\Z)", re.DOTALL)
_CODE_START = re.compile(r"^(?:import |from \S+ import |def plot\b)", re.MULTILINE)


def extract_code(text: str) -> str:
    """The chart code in an answer: the fenced block defining plot(), else the code-looking tail.

    An unterminated fence (an answer cut off by max_tokens) yields what is there, so the
    caller's syntax check can catch the truncation.
    """
    blocks = [(lang.lower(), body) for lang, body in _FENCE.findall(text)]
    python_blocks = [body for lang, body in blocks if lang in {"", "python", "py", "python3"}]
    for body in python_blocks:
        if "def plot" in body:
            return _tidy(body)
    if python_blocks:
        return _tidy(max(python_blocks, key=len))
    match = _CODE_START.search(text)
    if match:
        return _tidy(text[match.start() :])
    return _tidy(text) if "def plot" in text else ""


def _tidy(code: str) -> str:
    return code.strip("\n").rstrip() + "\n" if code.strip() else ""


def ensure_imports(code: str) -> str:
    """Add the scaffold's imports when the model left them out (a frequent, harmless omission)."""
    missing = [
        line
        for line, pattern in (
            ("import altair as alt", r"^\s*import altair as alt\b"),
            ("import pandas as pd", r"^\s*import pandas as pd\b"),
        )
        if not re.search(pattern, code, re.MULTILINE)
    ]
    return ("\n".join(missing) + "\n\n" + code) if missing and code.strip() else code


def code_problem(code: str) -> str | None:
    """Why this is not a usable scaffold function, or None if it is (syntax only, never run)."""
    if not code.strip():
        return "no code in the answer"
    try:
        tree = ast.parse(code)
    except SyntaxError as exc:
        return f"the code does not parse (line {exc.lineno}: {exc.msg}); it is probably truncated"
    plots = [
        node
        for node in tree.body
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == "plot"
    ]
    if not plots:
        return "no top-level function plot(data)"
    fn = plots[-1]
    if isinstance(fn, ast.AsyncFunctionDef):
        return "plot must be a plain function, not async"
    if len(fn.args.args) + len(fn.args.posonlyargs) < 1:
        return "plot must take the data frame as its first argument"
    returns = [n for n in ast.walk(fn) if isinstance(n, ast.Return) and n.value is not None]
    if not returns:
        return "plot() never returns a chart; the function is probably incomplete"
    return scaffold_echo(tree, fn, returns)


def scaffold_echo(tree: ast.Module, fn: ast.FunctionDef, returns: list[ast.Return]) -> str | None:
    """Why this plot() is our scaffold coming back rather than a chart, or None.

    A small model often answers with the scaffold itself (`...` then `return chart`, chart never
    defined): it parses, but the sandbox run and the repairs it would cost are wasted."""
    body = [st for st in fn.body if not _is_filler(st)]
    if all(isinstance(st, ast.Return) for st in body) and not any(_makes_something(r.value) for r in returns):
        return "the answer repeats the code scaffold without filling it in"
    bound = _bound_names(tree)
    for ret in returns:
        if isinstance(ret.value, ast.Name) and ret.value.id not in bound:
            return (
                f"plot() returns {ret.value.id!r}, which it never defines "
                "(the answer repeats the code scaffold instead of building a chart)"
            )
    return None


def _is_filler(st: ast.stmt) -> bool:
    """`...`, `pass` or a bare string (a docstring, a comment-like string)."""
    if isinstance(st, ast.Pass):
        return True
    return isinstance(st, ast.Expr) and isinstance(st.value, ast.Constant) and (
        st.value.value is Ellipsis or isinstance(st.value.value, str)
    )


def _makes_something(value: ast.expr | None) -> bool:
    """A return value that builds something (a call, an attribute chain), not a bare name or constant."""
    return value is not None and not isinstance(value, (ast.Name, ast.Constant))


def _bound_names(tree: ast.Module) -> set[str]:
    """Every name the module binds anywhere: assignments, loop and with targets, arguments, imports,
    definitions, exception names. Generous on purpose: only a name bound nowhere counts as undefined."""
    bound: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            bound.add(node.id)
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            bound.update((a.asname or a.name).split(".")[0] for a in node.names)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound.add(node.name)
        elif isinstance(node, ast.ExceptHandler):
            bound.add(node.name or "")
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            bound.update(node.names)
    return bound
