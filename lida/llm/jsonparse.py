"""Pull one JSON value out of a model's answer, tolerating the usual damage.

Models wrap JSON in prose or markdown fences, leave trailing commas, use single quotes or
Python literals. We try strict parsing first and loosen step by step; anything still broken
raises JSONExtractError so the caller can ask the model once to fix it.
"""

from __future__ import annotations

import ast
import json
import re
from typing import Any

_FENCE = re.compile(r"```[ \t]*([A-Za-z0-9_+-]*)[^\n]*\n(.*?)(?:```|\Z)", re.DOTALL)
_TRAILING_COMMA = re.compile(r",(\s*[}\]])")
_LINE_COMMENT = re.compile(r"^\s*//[^\n]*$", re.MULTILINE)


class JSONExtractError(ValueError):
    """No JSON value could be recovered from the text."""


def extract_json(text: str) -> Any:
    """Return the first JSON object or array found in `text` (or the whole text if it is JSON)."""
    if not text or not text.strip():
        raise JSONExtractError("empty answer")
    for candidate in _candidates(text):
        value = _parse_lenient(candidate)
        if value is not _FAIL:
            return value
    raise JSONExtractError(f"no valid JSON in answer starting {_preview(text)}")


def _preview(text: str, limit: int = 60) -> str:
    flat = " ".join(text.split())
    return repr(flat[:limit] + ("..." if len(flat) > limit else ""))


def _candidates(text: str) -> list[str]:
    """Whole text, then fenced blocks, then balanced {...}/[...] spans, in that order."""
    out = [text.strip()]
    for match in _FENCE.finditer(text):
        lang, body = match.group(1).lower(), match.group(2).strip()
        if body and lang in {"", "json", "json5", "javascript", "js"}:
            out.append(body)
    for start_char in "{[":
        span = _balanced_span(text, start_char)
        if span:
            out.append(span)
    return list(dict.fromkeys(out))


def _balanced_span(text: str, opener: str) -> str | None:
    """The first span from `opener` to its matching closer, skipping brackets inside strings."""
    closer = "}" if opener == "{" else "]"
    start = text.find(opener)
    while start != -1:
        depth, quote, escaped = 0, "", False
        for i in range(start, len(text)):
            ch = text[i]
            if quote:
                if escaped:
                    escaped = False
                elif ch == "\\":
                    escaped = True
                elif ch == quote:
                    quote = ""
                continue
            if ch in "\"'":
                quote = ch
            elif ch in "{[":
                depth += 1
            elif ch in "}]":
                depth -= 1
                if depth == 0:
                    return text[start : i + 1] if ch == closer else None
        start = text.find(opener, start + 1)
    return None


_FAIL = object()


def _parse_lenient(candidate: str) -> Any:
    try:
        return json.loads(candidate)
    except ValueError:
        pass
    cleaned = _TRAILING_COMMA.sub(r"\1", _LINE_COMMENT.sub("", candidate))
    try:
        return json.loads(cleaned)
    except ValueError:
        pass
    # Single quotes, True/False/None: a Python literal is the common near-miss.
    try:
        value = ast.literal_eval(cleaned)
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        value = _FAIL
    if isinstance(value, (dict, list)):
        return value
    pythonish = re.sub(
        r"\btrue\b", "True", re.sub(r"\bfalse\b", "False", re.sub(r"\bnull\b", "None", cleaned))
    )
    try:
        value = ast.literal_eval(pythonish)
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return _FAIL
    return value if isinstance(value, (dict, list)) else _FAIL
