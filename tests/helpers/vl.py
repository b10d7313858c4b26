"""Vega-Lite encoding literals for draco tests: Q("price"), N("site", time_unit=...) -> a channel's dict."""

from __future__ import annotations

from typing import Any


def enc(field: str | None, type_: str, **kw: Any) -> dict[str, Any]:
    d: dict[str, Any] = {"type": type_}
    if field is not None:
        d["field"] = field
    for k, v in kw.items():
        d["timeUnit" if k == "time_unit" else k] = v
    return d


def Q(f: str, **kw: Any) -> dict[str, Any]:
    return enc(f, "quantitative", **kw)


def N(f: str, **kw: Any) -> dict[str, Any]:
    return enc(f, "nominal", **kw)


def O(f: str, **kw: Any) -> dict[str, Any]:  # noqa: E743
    return enc(f, "ordinal", **kw)


def T(f: str, **kw: Any) -> dict[str, Any]:
    return enc(f, "temporal", **kw)
