"""Lenient readers for the shapes models actually return around the schema we asked for."""

from __future__ import annotations

from typing import Any


def items(answer: Any, key: str) -> list[dict[str, Any]]:
    """The objects listed under `key` ("goals"), tolerating a bare list, a single object,
    a singular key ("goal") or a lone differently-named key."""
    value: Any = answer
    if isinstance(answer, dict):
        singular = key.rstrip("s")
        if key in answer:
            value = answer[key]
        elif singular in answer:
            value = answer[singular]
        elif len(answer) == 1 and isinstance(next(iter(answer.values())), list):
            value = next(iter(answer.values()))
        else:
            value = [answer]
    if isinstance(value, dict):
        value = [value]
    if not isinstance(value, list):
        return []
    return [v for v in value if isinstance(v, dict)]


def text(value: Any) -> str:
    """A one-line string from whatever the model put there (None -> "")."""
    if value is None:
        return ""
    if isinstance(value, list):
        value = " ".join(str(v) for v in value)
    return " ".join(str(value).split())


def names(value: Any) -> list[str]:
    """A list of column names from a list, a comma-separated string or a single name."""
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    if isinstance(value, list):
        return [str(v).strip() for v in value if isinstance(v, (str, int, float)) and str(v).strip()]
    return []
