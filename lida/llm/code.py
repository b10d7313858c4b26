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
    return None
