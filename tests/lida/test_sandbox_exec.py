"""The sandbox runs ordinary chart code correctly: specs, data over 5,000 rows, renders, errors, threads."""

from __future__ import annotations

import json
import os
import signal
import struct
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from lida.cli import main as lida_main
from lida.sandbox import ExecResult, Sandbox, precheck, protocol, worker_env
from lida.sandbox.kernel import seccomp_program

pytestmark = pytest.mark.slow  # starts sandbox workers (run the quick tests with -m 'not slow')

SCATTER = """
import altair as alt
import pandas as pd

def plot(data: pd.DataFrame) -> alt.Chart:
    print("rows:", len(data))
    return alt.Chart(data).mark_point().encode(x="x:Q", y="y:Q", color="c:N")
"""

BAR_MEAN = """
import altair as alt
import pandas as pd

def plot(data: pd.DataFrame) -> alt.Chart:
    return alt.Chart(data).mark_bar().encode(x="c:N", y="mean(y):Q")
"""

# Idioms generated chart code really uses; none may trip a guard.
IDIOMS = {
    "layer_and_transforms": """
import altair as alt
import pandas as pd
import numpy as np
from datetime import datetime

def plot(data: pd.DataFrame) -> alt.Chart:
    data = data.copy()
    data["t"] = pd.to_datetime("2020-01-01") + pd.to_timedelta(data["x"], unit="D")
    data["z"] = np.log1p(data["y"].abs())
    base = alt.Chart(data).encode(x=alt.X("yearmonth(t):T", title="Month"))
    line = base.mark_line().encode(y="mean(z):Q")
    band = base.mark_area(opacity=0.3).encode(y="min(z):Q", y2="max(z):Q")
    return (band + line).properties(title=f"Built {datetime(2024, 1, 1):%Y}", width=300)
""",
    "pandas_prep_and_concat": """
import altair as alt
import pandas as pd

def plot(data: pd.DataFrame) -> alt.Chart:
    top = data.groupby("c", as_index=False)["y"].sum().sort_values("y", ascending=False).head(3)
    rows = list(data.head(5).itertuples())
    label = "{:.1f}".format(top["y"].max())
    small = data.query("y > 0.5")
    bars = alt.Chart(top).mark_bar().encode(x=alt.X("c:N", sort="-y"), y="y:Q", tooltip=["c", "y"])
    hist = alt.Chart(small).mark_bar().encode(x=alt.X("y:Q", bin=alt.Bin(maxbins=20)), y="count()")
    return alt.hconcat(bars, hist).properties(title=f"max {label} ({len(rows)} rows)")
""",
    "selection_and_facet": """
import altair as alt
import pandas as pd
import math
import statistics
from collections import Counter

def plot(data: pd.DataFrame) -> alt.Chart:
    counts = Counter(data["c"])
    mid = statistics.median(data["y"])
    pick = alt.selection_point(fields=["c"])
    return (
        alt.Chart(data)
        .mark_circle(size=math.sqrt(64))
        .encode(x="x:Q", y="y:Q", color=alt.condition(pick, "c:N", alt.value("lightgray")))
        .add_params(pick)
        .transform_filter(alt.datum.y >= mid - 10)
        .facet(column="c:N")
        .properties(title=str(len(counts)))
    )
""",
}


@pytest.fixture(scope="module")
def box() -> Iterator[Sandbox]:
    with Sandbox(workers=2, timeout=15.0, max_stdout_chars=2000) as sandbox:
        sandbox.start()
        yield sandbox


def _frame(n: int = 50, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame({"x": np.arange(n), "y": rng.random(n), "c": rng.choice(list("abc"), n)})


def _rows(result: ExecResult) -> list[dict]:
    assert result.spec is not None
    datasets = result.spec.get("datasets") or {}
    return next(iter(datasets.values())) if datasets else result.spec["data"]["values"]


def test_simple_chart_returns_spec_data_and_stdout(box: Sandbox) -> None:
    result = box.run(SCATTER, _frame(50))
    assert result.ok and result.error is None
    assert result.spec is not None and result.spec["mark"]["type"] == "point"
    assert len(_rows(result)) == 50
    assert result.stdout.strip() == "rows: 50"
    assert result.png is None and result.svg is None


def test_more_than_5000_rows_has_no_max_rows_error(box: Sandbox) -> None:
    frame = _frame(20_000)
    result = box.run(BAR_MEAN, frame)
    assert result.ok, result.error
    # large frames come back pre-aggregated (one row per bar, exact means), not as 20,000 inline rows
    means = {r["c"]: r["y"] for r in _rows(result)}
    assert means == pytest.approx(frame.groupby("c")["y"].mean().to_dict())


def test_render_png_and_svg(box: Sandbox) -> None:
    result = box.run(BAR_MEAN, _frame(100), render=("png", "svg"), scale=2.0)
    assert result.ok, result.error
    assert result.png is not None and result.png[:8] == b"\x89PNG\r\n\x1a\n"
    width = struct.unpack(">I", result.png[16:20])[0]
    assert width > 200  # scale 2
    assert result.svg is not None and result.svg.lstrip().startswith("<svg")


def test_render_known_spec_and_refuse_url_specs(box: Sandbox) -> None:
    spec = box.run(BAR_MEAN, _frame(30)).spec
    assert spec is not None
    rendered = box.render(spec, "svg")
    assert rendered.ok and rendered.svg is not None and "<svg" in rendered.svg
    url_spec = {"data": {"url": "file:///etc/passwd", "format": {"type": "csv"}}, "mark": "point"}
    refused = box.render(url_spec, "png")
    assert not refused.ok and refused.error is not None and refused.error.blocked
    assert "URL" in refused.error.message
    huge = dict(spec, width=30_000, height=30_000)
    too_big = box.render(huge, "png", scale=2.0)
    assert not too_big.ok and too_big.error is not None and "render cap" in too_big.error.message
    assert box.render(spec, "png").ok  # the pool is fine afterwards


@pytest.mark.parametrize("name", sorted(IDIOMS))
def test_common_idioms_are_not_blocked(box: Sandbox, name: str) -> None:
    result = box.run(IDIOMS[name], _frame(200), render="png")
    assert result.ok, result.error
    assert result.png is not None


def test_user_error_has_line_and_user_only_traceback(box: Sandbox) -> None:
    code = "import altair as alt\n\ndef helper(v):\n    return v / 0\n\ndef plot(data):\n    return helper(1)\n"
    result = box.run(code, _frame(5))
    assert not result.ok and result.error is not None
    assert result.error.type == "ZeroDivisionError" and not result.error.blocked
    assert result.error.line == 4
    assert "line 7, in plot" in result.error.traceback and "line 4, in helper" in result.error.traceback
    assert "worker.py" not in result.error.traceback and "site-packages" not in result.error.traceback


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        ("def plot(data:\n    pass\n", "SyntaxError"),
        ("import altair as alt\nx = 1\n", "NameError"),
        ("def plot(data):\n    return 42\n", "TypeError"),
    ],
)
def test_broken_code_gives_a_structured_error(box: Sandbox, code: str, kind: str) -> None:
    result = box.run(code, _frame(5))
    assert not result.ok and result.error is not None
    assert result.error.type == kind and not result.error.blocked
    assert result.error.message


def test_stdout_is_capped(box: Sandbox) -> None:
    code = SCATTER.replace('print("rows:", len(data))', 'print("x" * 100_000)')
    result = box.run(code, _frame(5))
    assert result.ok
    assert len(result.stdout) < 2100 and result.stdout.endswith("[output truncated]")


def test_run_is_thread_safe(box: Sandbox) -> None:
    results: dict[int, ExecResult] = {}

    def one(i: int) -> None:
        results[i] = box.run(SCATTER, _frame(10 + i, seed=i))

    threads = [threading.Thread(target=one, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == list(range(6))
    for i, result in results.items():
        assert result.ok and len(_rows(result)) == 10 + i


def test_killed_worker_is_replaced() -> None:
    with Sandbox(workers=1, timeout=5.0) as sandbox:
        sandbox.start()
        (victim,) = sandbox.worker_pids()
        os.kill(victim, signal.SIGKILL)
        first = sandbox.run(SCATTER, _frame(5))
        assert not first.ok and first.error is not None and first.error.type == "WorkerCrashed"
        second = sandbox.run(SCATTER, _frame(5))  # waits for the replacement
        assert second.ok, second.error
        assert sandbox.worker_pids() and sandbox.worker_pids() != [victim]


def test_worker_environment_is_scrubbed(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    monkeypatch.setenv("AZURE_OPENAI_KEY", "az")
    monkeypatch.setenv("GITHUB_TOKEN", "gh")
    env = worker_env(str(tmp_path))
    assert not any(k.startswith(("OPENAI", "AZURE")) or "KEY" in k or "TOKEN" in k or "SECRET" in k for k in env)
    assert env["HOME"] == str(tmp_path)


def test_precheck_accepts_idioms_and_names_offences() -> None:
    for code in IDIOMS.values():
        assert precheck(code) is None
    cases = {
        "eval('1')": "eval",
        "x = getattr(data, name)": "getattr",
        "x = getattr(data, '__class__')": "__class__",
        "x = '{0.__init__}'.format(data)": "__init__",
        "fmt = '{}'\nx = fmt.format(1)": "string literal",
        "from pandas.io import common": "io",
        "import pandas.io.common": "io",
        "x = data.to_csv": "to_csv",
        "x = alt.utils": "utils",
        "x = vars()": "vars",
        "from . import x": "relative",
    }
    for code, needle in cases.items():
        problem = precheck(code)
        assert problem is not None and problem.blocked, code
        assert needle in problem.message and problem.line is not None, (code, problem.message)


def test_protocol_refuses_oversized_and_malformed_messages() -> None:
    def roundtrip(payload: bytes, **caps: int) -> None:
        r, w = os.pipe()
        os.write(w, payload)
        os.close(w)
        try:
            protocol.read_frame(r, deadline=time.monotonic() + 5, **caps)  # type: ignore[arg-type]
        finally:
            os.close(r)

    with pytest.raises(protocol.ProtocolError, match="cap"):
        roundtrip(protocol.encode({"a": "x" * 5000}), max_json=1000, max_blob=0)
    with pytest.raises(protocol.ProtocolError, match="JSON"):
        roundtrip(struct.pack(">I", 3) + b"\x80ab" + struct.pack(">I", 0), max_json=1000, max_blob=0)
    with pytest.raises(protocol.ProtocolError):
        deep = b"[" * 20_000 + b"]" * 20_000  # fits in a pipe buffer
        roundtrip(struct.pack(">I", len(deep)) + deep + struct.pack(">I", 0), max_json=1 << 20, max_blob=0)


def test_seccomp_program_is_well_formed() -> None:
    program = seccomp_program(1234)
    assert len(program) % 8 == 0 and 0 < len(program) // 8 < 4096


def test_cli_exec_json_and_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "d.csv"
    _frame(20).to_csv(data, index=False)
    good, bad = tmp_path / "good.py", tmp_path / "bad.py"
    good.write_text(SCATTER)
    bad.write_text("import os\n\ndef plot(data):\n    os.system('true')\n")
    png = tmp_path / "out.png"
    assert lida_main(["exec", str(good), "--data", str(data), "--json", "--png", str(png)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is True and report["error"] is None and report["spec"]["mark"]["type"] == "point"
    assert png.read_bytes()[:4] == b"\x89PNG"
    assert lida_main(["exec", str(bad), "--data", str(data), "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is False and report["error"]["type"] == "UnsafeCode" and report["spec"] is None
    assert lida_main(["exec", str(tmp_path / "missing.py"), "--data", str(data)]) == 2
