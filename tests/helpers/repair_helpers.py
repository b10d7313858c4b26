"""Helpers for the repair tests: data, and a way to run chart code and validate what it draws.

`run_chart` uses the real sandbox when lida.sandbox exists, so a fixed snippet is shown to run
where the product runs it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pandas as pd

from lida.repair.validate import Validator


def cars() -> pd.DataFrame:
    from vega_datasets import data

    return data.cars()


def years() -> pd.DataFrame:
    return pd.DataFrame({"Year": [2001, 2002, 2003, 2004, 2005], "Sales": [3.0, 4.5, 4.1, 5.2, 6.0],
                         "Region": ["North", "South", "North", "East", "South"]})


def dates_as_text() -> pd.DataFrame:
    # day-first dates: Vega (JavaScript Date) cannot parse them, pandas can
    return pd.DataFrame({"day": ["13.01.2024", "21.02.2024", "15.03.2024", "28.04.2024"], "visits": [10, 14, 9, 20]})


@dataclass
class _Err:
    type: str
    message: str


@dataclass
class _Result:
    ok: bool
    spec: dict[str, Any] | None = None
    error: _Err | None = None
    png: bytes | None = None
    svg: str | None = None


class InProcessRunner:
    """Test-only stand-in used while lida.sandbox is absent: exec() in this process (never in the product)."""

    def run(self, code: str, data: pd.DataFrame, render: Any = None) -> _Result:
        import warnings

        ns: dict[str, Any] = {}
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                exec(compile(code, "<chart>", "exec"), ns)
                spec = ns["plot"](data.copy()).to_dict()
        except Exception as exc:
            return _Result(False, error=_Err(type(exc).__name__, str(exc)))
        return _Result(True, spec=spec)


def sandbox() -> Any:
    try:
        from lida.sandbox import Sandbox
    except ImportError:
        return InProcessRunner()
    return Sandbox()


@contextmanager
def open_sandbox() -> Iterator[Any]:
    """A runner for one test module, closed afterwards when it has anything to close."""
    runner = sandbox()
    try:
        yield runner
    finally:
        close = getattr(runner, "close", None)
        if close is not None:
            close()


def run_chart(code: str, data: pd.DataFrame, box: Any) -> tuple[dict[str, Any] | None, str | None]:
    """(spec, None) when the code ran, (None, error) when it did not."""
    result = box.run(code, data)
    if not result.ok:
        return None, f"{result.error.type}: {result.error.message}"
    return result.spec, None


def problems(code: str, data: pd.DataFrame, box: Any) -> str | None:
    """None when the code runs and its chart passes validation, else what is wrong."""
    spec, err = run_chart(code, data, box)
    if err:
        return err
    issues = Validator(sandbox=box).validate(spec)
    return "; ".join(i.message for i in issues) or None
