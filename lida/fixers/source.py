"""Edit Python source at exact `ast` node positions, so a fix changes only what it means to.

`ast.unparse` would reformat the whole function and drop comments; users read this code, so the
fixers splice new text into the original instead.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from lida.fixers.model import Fixed, Repair


@dataclass(frozen=True)
class Edit:
    start: int  # character offsets into the source
    end: int
    text: str


class Source:
    """Code text plus the mapping from ast (line, byte column) positions to character offsets."""

    def __init__(self, code: str) -> None:
        self.code = code
        self.lines = code.splitlines(keepends=True)
        self._starts: list[int] = []
        pos = 0
        for line in self.lines:
            self._starts.append(pos)
            pos += len(line)
        self._starts.append(pos)

    def offset(self, lineno: int, col_byte: int) -> int:
        if lineno - 1 >= len(self.lines):
            return len(self.code)
        line = self.lines[lineno - 1]
        return self._starts[lineno - 1] + len(line.encode("utf-8")[:col_byte].decode("utf-8", "replace"))

    def span(self, node: ast.AST) -> tuple[int, int]:
        start = self.offset(node.lineno, node.col_offset)  # type: ignore[attr-defined]
        end = self.offset(node.end_lineno, node.end_col_offset)  # type: ignore[attr-defined]
        return start, end

    def text(self, node: ast.AST) -> str:
        start, end = self.span(node)
        return self.code[start:end]

    def replace(self, node: ast.AST, text: str) -> Edit:
        start, end = self.span(node)
        return Edit(start, end, text)

    def line_span(self, node: ast.stmt) -> tuple[int, int]:
        """The whole lines a statement occupies, newline included."""
        return self._starts[node.lineno - 1], self._starts[min(node.end_lineno or node.lineno, len(self.lines))]


def apply_edits(code: str, edits: list[Edit]) -> str:
    """Apply non-overlapping edits; of two overlapping edits the earlier-starting one wins."""
    out: list[str] = []
    pos = 0
    for e in sorted(edits, key=lambda e: (e.start, e.end)):
        if e.start < pos:
            continue
        out.append(code[pos : e.start])
        out.append(e.text)
        pos = e.end
    out.append(code[pos:])
    return "".join(out)


def edited(code: str, edits: list[Edit], repairs: list[Repair]) -> Fixed:
    """A fixer's answer from its edits: untouched code and no repairs when it made none."""
    return (apply_edits(code, edits), repairs) if edits else (code, [])


#: What a fixer's search yields: the edit(s) to splice in and what they did (None: part of a change already noted).
Change = tuple[Edit | list[Edit], Repair | None]


def splice(code: str, search: Callable[[ast.Module, Source], Iterable[Change]]) -> Fixed:
    """Run a fixer's search over the parsed code and apply every change it yields, in one pass.

    Code that does not parse is left alone: the shape fixers run first and may make it parse."""
    tree = parse(code)
    if tree is None:
        return code, []
    src = Source(code)
    edits: list[Edit] = []
    repairs: list[Repair] = []
    for edit, repair in search(tree, src):
        edits.extend(edit if isinstance(edit, list) else [edit])
        if repair is not None:
            repairs.append(repair)
    return edited(code, edits, repairs)


def calls(tree: ast.AST) -> Iterator[ast.Call]:
    """Every call in the tree, outermost first."""
    return (node for node in ast.walk(tree) if isinstance(node, ast.Call))


def parse(code: str) -> ast.Module | None:
    try:
        return ast.parse(code)
    except (SyntaxError, ValueError):
        return None


def str_literal(value: str) -> str:
    """A Python literal for `value`, double-quoted like most generated code."""
    text = repr(value)
    if text.startswith("'") and '"' not in value:
        text = '"' + text[1:-1].replace("\\'", "'") + '"'
    return text


def call_name(node: ast.Call) -> str:
    """`alt.X` -> "alt.X", `chart.encode` -> "*.encode", `foo` -> "foo"."""
    func = node.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        if isinstance(func.value, ast.Name) and func.value.id == "alt":
            return f"alt.{func.attr}"
        return f"*.{func.attr}"
    return ""


def string_consts(node: ast.AST | None) -> list[ast.Constant]:
    """String constants in `node` when it is a string or a list/tuple of strings."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node]
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        return [e for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
    return []


def strings(node: ast.AST | None) -> list[str]:
    """The values of `string_consts(node)`."""
    return [str(c.value) for c in string_consts(node)]


def keyword(node: ast.Call, name: str) -> ast.keyword | None:
    return next((k for k in node.keywords if k.arg == name), None)


def keyword_span(src: Source, call: ast.Call, kw: ast.keyword) -> tuple[int, int]:
    """Span of `name=value` including one adjacent comma, so removing it leaves valid code."""
    start = src.offset(kw.lineno, kw.col_offset)
    _, end = src.span(kw.value)
    code = src.code
    after = re.match(r"\s*,\s*", code[end:])
    if after:
        return start, end + after.end()
    before = re.search(r",\s*$", code[:start])
    if before:
        return before.start(), end
    return start, end


# ---- Altair shorthand strings ---------------------------------------------------------------------

_SHORTHAND = re.compile(r"^(?:(?P<op>[A-Za-z_][A-Za-z0-9_]*)\((?P<inner>.*)\)|(?P<field>.*?))(?::(?P<type>[A-Za-z]+))?$", re.DOTALL)


@dataclass(frozen=True)
class Shorthand:
    """`op(field):type`; any part may be empty. `count()` has op "count" and no field."""

    op: str
    field: str
    type: str

    def render(self) -> str:
        body = f"{self.op}({self.field})" if self.op else self.field
        return f"{body}:{self.type}" if self.type else body


def parse_shorthand(text: str) -> Shorthand:
    m = _SHORTHAND.match(text)
    if not m:
        return Shorthand("", text, "")
    if m.group("op") is not None:
        return Shorthand(m.group("op"), m.group("inner"), m.group("type") or "")
    return Shorthand("", m.group("field") or "", m.group("type") or "")
