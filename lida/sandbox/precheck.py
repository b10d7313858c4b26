"""The first filter: refuse chart code whose syntax alone reaches for the interpreter or the OS.

It is not the barrier (the audit hook and the kernel rules in the run process are); it exists to give a
clear error naming the construct and line before any process is touched."""

from __future__ import annotations

import ast
import re
import string

import lida.sandbox.policy as policy
from lida.sandbox.result import ExecError

_DUNDER = re.compile(r"__\w+__")
_ATTR_IN_TEXT = re.compile(r"\.\s*([A-Za-z_]\w*)")


def attr_problem(name: str) -> str | None:
    """Why an attribute name is refused, or None."""
    if name.startswith("__") and name.endswith("__"):
        return f"dunder attribute '{name}' is not allowed (it reaches interpreter internals)"
    if name in policy.FORBIDDEN_ATTRS or name.startswith(policy.FORBIDDEN_ATTR_PREFIXES):
        return f"attribute '{name}' is not allowed (it leads to files, processes or interpreter internals)"
    return None


def _module_problem(module: str) -> str | None:
    top = module.split(".")[0]
    if top not in policy.ALLOWED_IMPORTS:
        return f"import of '{module}' is not allowed (allowed: {', '.join(sorted(policy.ALLOWED_IMPORTS))})"
    for part in module.split(".")[1:]:
        problem = attr_problem(part)
        if problem:
            return f"import of '{module}' is not allowed: {problem}"
    return None


def _format_problem(text: str) -> str | None:
    try:
        fields = [f for _, f, _, _ in string.Formatter().parse(text) if f]
    except ValueError:
        return None
    for field in fields:
        for name in re.findall(r"\.([^.\[]+)", field):
            problem = attr_problem(name)
            if problem:
                return f"format string field '{field}': {problem}"
    return None


class _Checker(ast.NodeVisitor):
    def __init__(self) -> None:
        self.problems: list[tuple[int, str]] = []
        self._allowed_names: set[int] = set()

    def _flag(self, node: ast.AST, message: str) -> None:
        self.problems.append((getattr(node, "lineno", 0), message))

    def visit_Name(self, node: ast.Name) -> None:
        if id(node) in self._allowed_names:
            return
        if node.id in policy.FORBIDDEN_NAMES:
            self._flag(node, f"name '{node.id}' is not allowed")
        elif node.id.startswith("__") and node.id.endswith("__"):
            self._flag(node, f"dunder name '{node.id}' is not allowed")
        elif node.id in policy.LITERAL_ATTR_CALLS:
            self._flag(node, f"'{node.id}' may only be called with a string literal attribute name")

    def visit_Attribute(self, node: ast.Attribute) -> None:
        problem = attr_problem(node.attr)
        if problem:
            self._flag(node, problem)
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        if isinstance(func, ast.Name) and func.id in policy.LITERAL_ATTR_CALLS:
            name_arg = node.args[1] if len(node.args) >= 2 else None
            if isinstance(name_arg, ast.Constant) and isinstance(name_arg.value, str):
                problem = attr_problem(name_arg.value)
                if problem:
                    self._flag(node, f"{func.id}(): {problem}")
                else:
                    self._allowed_names.add(id(func))
        if isinstance(func, ast.Attribute) and func.attr in policy.LITERAL_ARG_METHODS:
            self._check_literal_arg(node, func)
        self.generic_visit(node)

    def _check_literal_arg(self, node: ast.Call, func: ast.Attribute) -> None:
        if func.attr == "format":
            text = func.value
            if not (isinstance(text, ast.Constant) and isinstance(text.value, str)):
                self._flag(node, "str.format() is only allowed on a string literal (use an f-string)")
                return
            problem = _format_problem(text.value)
            if problem:
                self._flag(node, problem)
            return
        args = [*node.args, *(k.value for k in node.keywords if k.arg == "expr")]
        expr = args[0] if args else None
        if not (isinstance(expr, ast.Constant) and isinstance(expr.value, str)):
            self._flag(node, f".{func.attr}() is only allowed with a string literal expression")
            return
        for name in _ATTR_IN_TEXT.findall(expr.value):
            problem = attr_problem(name)
            if problem:
                self._flag(node, f".{func.attr}() expression: {problem}")

    def visit_Expr(self, node: ast.Expr) -> None:
        if isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            return  # a docstring or bare string does nothing, whatever it says
        self.generic_visit(node)

    def visit_Constant(self, node: ast.Constant) -> None:
        if isinstance(node.value, str) and _DUNDER.search(node.value):
            self._flag(node, f"string containing a dunder name ({_DUNDER.search(node.value).group(0)!r}) is not allowed")  # type: ignore[union-attr]

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            problem = _module_problem(alias.name)
            if problem:
                self._flag(node, problem)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.level:
            self._flag(node, "relative imports are not allowed")
            return
        problem = _module_problem(node.module or "")
        if problem:
            self._flag(node, problem)
        for alias in node.names:
            if alias.name != "*":
                problem = attr_problem(alias.name)
                if problem:
                    self._flag(node, f"from {node.module} import {alias.name}: {problem}")


def precheck(code: str, filename: str = "<chart>") -> ExecError | None:
    """None if the code may run; otherwise the first problem (all of them in `traceback`)."""
    try:
        tree = ast.parse(code, filename=filename)
    except SyntaxError as exc:
        return ExecError("SyntaxError", str(exc.msg), line=exc.lineno, blocked=False)
    except ValueError as exc:  # e.g. null bytes in the source
        return ExecError("SyntaxError", str(exc), blocked=False)
    checker = _Checker()
    checker.visit(tree)
    if not checker.problems:
        return None
    problems = sorted(checker.problems, key=lambda p: p[0])
    line, message = problems[0]
    listing = "\n".join(f"line {n}: {m}" for n, m in problems)
    return ExecError("UnsafeCode", f"line {line}: {message}", line=line or None, traceback=listing, blocked=True)
