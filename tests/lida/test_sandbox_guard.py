"""The guard's answers to the annotation attack (issue 17, finding 5) and the class behind it.

The hostile snippets themselves are in tests/hostile/ (typing_hints_eval.py is the red team's attack);
this module checks the user's path (`lida exec`), that ordinary code which makes the standard library
build code (dataclasses, namedtuple, DataFrame.query) still runs, and the pieces of the guard that make a
refusal final."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from lida.cli import main as lida_main
from lida.sandbox import Sandbox, guard

pytestmark = pytest.mark.slow  # starts sandbox workers (run the quick tests with -m 'not slow')

HOSTILE = Path(__file__).resolve().parents[1] / "hostile"

TEMPLATES = """
import collections
import dataclasses
import typing

import altair as alt
import pandas as pd


@dataclasses.dataclass
class Label:
    text: str
    size: int = 12


Point = collections.namedtuple("Point", ["x", "y"])


def plot(data: pd.DataFrame) -> alt.Chart:
    hints = typing.get_type_hints(plot)
    first = Point(*data[["x", "y"]].iloc[0])
    kept = data.query("x > 1")
    title = Label(f"{hints['data'].__name__} {first.x} {len(kept)}")
    return alt.Chart(kept).mark_point().encode(x="x:Q", y="y:Q").properties(title=title.text)
"""


@pytest.fixture(scope="module")
def box() -> Iterator[Sandbox]:
    with Sandbox(workers=1, timeout=5.0, memory_mb=1024, precheck=False) as sandbox:
        yield sandbox


@pytest.fixture
def frame() -> pd.DataFrame:
    return pd.DataFrame({"x": [1, 2, 3], "y": [3, 1, 2]})


def test_annotations_are_evaluated_and_templates_still_run(box: Sandbox, frame: pd.DataFrame) -> None:
    """Chart code is compiled without postponed annotations, so get_type_hints(plot) has no string to
    evaluate; dataclasses, namedtuple and DataFrame.query build code from templates and stay allowed."""
    result = box.run(TEMPLATES, frame)
    assert result.ok, result.error
    assert result.spec is not None and result.spec["title"] == "DataFrame 1 2"


def test_annotation_attack_fails_through_lida_exec(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data.csv"
    frame = pd.DataFrame({"x": [1, 2, 3], "y": [3, 1, 2]})
    frame.to_csv(data, index=False)
    code = HOSTILE / "typing_hints_eval.py"
    status = lida_main(["exec", str(code), "--data", str(data), "--json", "--timeout", "5"])
    report = json.loads(capsys.readouterr().out)
    assert status == 1 and report["ok"] is False and report["spec"] is None
    assert report["error"]["type"] == "Blocked" and report["error"]["blocked"] is True
    assert "chart code runs" in report["error"]["message"]
    assert report["error"]["line"] is not None


def test_a_forged_result_does_not_outlive_a_refusal(box: Sandbox, frame: pd.DataFrame) -> None:
    result = box.run((HOSTILE / "fake_result_frame.py").read_text(), frame)
    assert not result.ok and result.error is not None and result.error.blocked
    assert result.spec is None


def test_refusal_names_the_chart_line(box: Sandbox, frame: pd.DataFrame) -> None:
    code = "import altair as alt\n\n\ndef plot(data):\n    x = 1\n    open('/tmp/lida_guard_line', 'w')\n"
    result = box.run(code, frame)
    assert result.error is not None and result.error.type == "Blocked"
    assert result.error.line == 6 and "line 6, in plot" in result.error.traceback
    assert not Path("/tmp/lida_guard_line").exists()


class _Loud(str):
    def __str__(self) -> str:
        raise AssertionError("a subclass method ran")

    def __repr__(self) -> str:
        raise AssertionError("a subclass method ran")


def test_hook_reads_str_subclasses_without_running_their_methods() -> None:
    text = guard._text(_Loud("/tmp/x"))
    assert text == "/tmp/x" and type(text) is str
    assert guard._as_path(_Loud("/tmp/y")) == "/tmp/y"


def test_safe_builtins_refuse_str_subclass_names() -> None:
    names = guard.safe_builtins()
    with pytest.raises(guard.Blocked):
        names["getattr"](object(), _Loud("x"))
    with pytest.raises(guard.Blocked):
        names["__import__"](_Loud("math"))
