"""The hostile corpus (tests/hostile/*.py): every snippet is stopped, the host is untouched, the pool stays healthy.

Each snippet runs twice: with the AST pre-check (the normal path) and without it, so the runtime layers
(restricted builtins, audit hook, rlimits, kernel rules) are shown to hold on their own."""

from __future__ import annotations

import glob
import json
import os
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from lida.sandbox import ExecResult, Sandbox

pytestmark = pytest.mark.slow  # starts sandbox workers (run the quick tests with -m 'not slow')

HOSTILE = Path(__file__).resolve().parents[1] / "hostile"
SNIPPETS = sorted(HOSTILE.glob("*.py"))
FAKE_KEY = "sk-fake-canary-4f1d9e"
CANARY_GLOB = "/tmp/lida_hostile_*"
# error types that name a guard clearly even when `blocked` is False (a kernel rule surfacing as OSError)
CLEAR_TYPES = {"PermissionError", "ArrowInvalid", "OSError"}

BENIGN = """
import altair as alt
import pandas as pd

def plot(data: pd.DataFrame) -> alt.Chart:
    return alt.Chart(data).mark_point().encode(x="x:Q", y="y:Q")
"""


def _runtime(path: Path) -> str:
    for line in path.read_text().splitlines():
        if "# runtime:" in line:
            return line.split("# runtime:", 1)[1].strip()
    return "blocked"


@pytest.fixture(scope="module")
def sandboxes() -> Iterator[dict[str, Sandbox]]:
    old = os.environ.get("OPENAI_API_KEY")
    os.environ["OPENAI_API_KEY"] = FAKE_KEY  # the host has a secret; no worker may ever see it
    boxes = {
        "precheck": Sandbox(workers=1, timeout=3.0, memory_mb=1024, max_output_mb=8),
        "runtime-only": Sandbox(workers=1, timeout=3.0, memory_mb=1024, max_output_mb=8, precheck=False),
    }
    try:
        for box in boxes.values():
            box.start()
        yield boxes
    finally:
        for box in boxes.values():
            box.close()
        if old is None:
            os.environ.pop("OPENAI_API_KEY", None)
        else:
            os.environ["OPENAI_API_KEY"] = old


@pytest.fixture
def frame() -> pd.DataFrame:
    return pd.DataFrame({"x": [1, 2, 3], "y": [3, 1, 2], "label": ["a", "b", "c"]})


def _children(pids: list[int]) -> list[int]:
    """Live children of the workers, other than each worker's renderer (see lida/sandbox/renderer.py)."""
    found = []
    for stat in glob.glob("/proc/[0-9]*/stat"):
        try:
            fields = Path(stat).read_text().rsplit(")", 1)[1].split()
            cmdline = Path(stat).with_name("cmdline").read_bytes()
        except OSError:
            continue
        if int(fields[1]) in pids and b"lida.sandbox.renderer" not in cmdline:
            found.append(int(stat.split("/")[2]))
    return found


def _leaks(result: ExecResult) -> bool:
    text = json.dumps(result.to_dict())
    return FAKE_KEY in text or "root:x:0:0" in text


def test_corpus_is_big_enough() -> None:
    assert len(SNIPPETS) >= 30


@pytest.mark.parametrize("mode", ["precheck", "runtime-only"])
@pytest.mark.parametrize("path", SNIPPETS, ids=[p.stem for p in SNIPPETS])
def test_hostile_snippet_is_stopped(path: Path, mode: str, sandboxes: dict[str, Sandbox], frame: pd.DataFrame, tmp_path: Path) -> None:
    for stale in glob.glob(CANARY_GLOB):
        os.remove(stale)
    box = sandboxes[mode]
    result = box.run(path.read_text(), frame)

    if mode == "precheck" or _runtime(path) == "blocked":
        assert not result.ok, f"{path.stem} was not stopped"
        assert result.error is not None
        assert result.error.blocked or result.error.type in CLEAR_TYPES, result.error
        assert result.error.message
    assert glob.glob(CANARY_GLOB) == [], "a hostile snippet wrote a file"
    assert not _leaks(result), "a secret came back in the result"
    assert _children(box.worker_pids()) == [], "a process was left behind"


@pytest.mark.parametrize("mode", ["precheck", "runtime-only"])
def test_pool_is_healthy_after_the_corpus(mode: str, sandboxes: dict[str, Sandbox], frame: pd.DataFrame) -> None:
    box = sandboxes[mode]
    result = box.run(BENIGN, frame)
    assert result.ok, result.error
    assert result.spec is not None and result.spec["mark"]["type"] == "point"
    assert len(box.worker_pids()) == box.workers


def test_precheck_names_construct_and_line(sandboxes: dict[str, Sandbox], frame: pd.DataFrame) -> None:
    result = sandboxes["precheck"].run((HOSTILE / "subclasses_escape.py").read_text(), frame)
    assert result.error is not None and result.error.type == "UnsafeCode"
    assert "dunder attribute" in result.error.message and result.error.line == 8
    assert "__class__" in result.error.traceback and "line 10" in result.error.traceback


def test_runtime_block_reports_user_line(sandboxes: dict[str, Sandbox], frame: pd.DataFrame) -> None:
    result = sandboxes["runtime-only"].run((HOSTILE / "pandas_io_common_os.py").read_text(), frame)
    assert result.error is not None and result.error.blocked
    assert "os.system" in result.error.message
    assert result.error.line == 8 and "line 8, in plot" in result.error.traceback


READ_ATTEMPTS = {
    "open": "text = open(path).read()",
    "pandas": "text = str(pd.read_csv(path).to_dict())",
    "numpy": "text = str(np.fromfile(path, dtype='uint8'))",
    "pyarrow": "text = str(pd.core.arrays.arrow.array.pa.OSFile(path).read())",
    "write": "pd.core.arrays.arrow.array.pa.OSFile(path + '.out', 'w').write(b'x')\n    text = 'wrote'",
}


@pytest.mark.parametrize("how", sorted(READ_ATTEMPTS))
def test_host_files_named_in_the_data_stay_private(how: str, sandboxes: dict[str, Sandbox], tmp_path: Path) -> None:
    """The path arrives in a cell (as a prompt injection would); files in tmp_path and HOME stay unread/unwritten."""
    secret = tmp_path / "secret.csv"
    secret.write_text("token\nsk-canary-in-a-file\n")
    home_secret = Path.home() / ".lida_sandbox_canary"
    code = (
        "import altair as alt\nimport numpy as np\nimport pandas as pd\n\n\ndef plot(data):\n"
        "    path = data['path'][0]\n"
        f"    {READ_ATTEMPTS[how]}\n"
        "    return alt.Chart(data).mark_point().properties(title=text[:200])\n"
    )
    for target in (secret, home_secret):
        if target == home_secret:
            target.write_text("token\nsk-canary-in-a-file\n")
        try:
            frame = pd.DataFrame({"path": [str(target)], "x": [1]})
            result = sandboxes["runtime-only"].run(code, frame)
            assert not result.ok and result.error is not None
            assert "sk-canary-in-a-file" not in json.dumps(result.to_dict())
            assert not Path(str(target) + ".out").exists()
        finally:
            if target == home_secret:
                target.unlink()
