"""`lida doctor`, the opt-in for machines without Landlock or seccomp, and the app's warning.

A missing kernel layer is simulated by replacing its detection (this machine has both)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from lida.api import Lida
from lida.cli import main as lida_main
from lida.errors import SandboxError
from lida.sandbox import Sandbox, layers

pytestmark = pytest.mark.slow  # starts sandbox workers (run the quick tests with -m 'not slow')

APP = str(Path(__file__).resolve().parents[2] / "app.py")
NAMES = ["AST check", "guard", "audit hook", "rlimits", "landlock", "seccomp"]
CODE = "import altair as alt\n\ndef plot(data):\n    return alt.Chart(data).mark_point().encode(x='x:Q')\n"


@pytest.fixture
def no_seccomp(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(layers, "seccomp_layer", lambda: layers.Layer("seccomp", False, "simulated: no filters"))
    monkeypatch.delenv(layers.ALLOW_WEAK_ENV, raising=False)


def test_doctor_lists_every_layer(capsys: pytest.CaptureFixture[str]) -> None:
    assert lida_main(["doctor"]) == 0
    lines = capsys.readouterr().out.splitlines()
    shown = [line.split()[1:3] for line in lines[1:-1]]
    assert [" ".join(w) if w[0] in ("AST", "audit") else w[0] for w in shown] == NAMES
    assert all(line.split()[0] in ("on", "OFF") for line in lines[1:-1])
    assert lida_main(["doctor", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert [layer["name"] for layer in doc["layers"]] == NAMES
    assert all(layer["detail"] for layer in doc["layers"])


def test_the_default_follows_the_detected_layers(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without an opt-in, chart code runs exactly when the kernel has both layers (this machine: yes)."""
    monkeypatch.delenv(layers.ALLOW_WEAK_ENV, raising=False)
    frame = pd.DataFrame({"x": [1, 2]})
    if layers.detect().missing_kernel_layers():
        with pytest.raises(SandboxError, match="chart code will not run"), Sandbox(workers=1) as box:
            box.run(CODE, frame)
    else:
        assert layers.detect().get("landlock").detail.startswith("ABI ")
        with Sandbox(workers=1, timeout=5.0) as box:
            assert box.run(CODE, frame).ok


def test_doctor_names_a_missing_layer_and_the_opt_in(no_seccomp: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert lida_main(["doctor"]) == 0
    out = capsys.readouterr().out
    assert "OFF  seccomp" in out and "simulated: no filters" in out
    assert "--allow-weak-sandbox" in out.splitlines()[-1]


def test_missing_layer_refuses_chart_code_without_opt_in(no_seccomp: None) -> None:
    frame = pd.DataFrame({"x": [1, 2]})
    box = Sandbox(workers=1, timeout=5.0)
    with pytest.raises(SandboxError, match=r"^chart code will not run: seccomp is off \(simulated: no filters\)"):
        box.run(CODE, frame)
    assert box.worker_pids() == []  # no worker was even started
    box.close()
    with Lida(allow_weak_sandbox=False) as lida, pytest.raises(SandboxError, match="allow-weak-sandbox"):
        lida.sandbox.run(CODE, frame)


def test_missing_layer_runs_with_the_opt_in(no_seccomp: None, monkeypatch: pytest.MonkeyPatch) -> None:
    frame = pd.DataFrame({"x": [1, 2]})
    with Sandbox(workers=1, timeout=5.0, allow_weak=True) as box:
        assert box.run(CODE, frame).ok
    monkeypatch.setenv(layers.ALLOW_WEAK_ENV, "1")
    with Sandbox(workers=1, timeout=5.0) as box:
        assert box.run(CODE, frame).ok


def test_lida_exec_refuses_in_one_line_then_runs_with_the_flag(
    no_seccomp: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, data = tmp_path / "chart.py", tmp_path / "data.csv"
    code.write_text(CODE)
    data.write_text("x\n1\n2\n")
    assert lida_main(["exec", str(code), "--data", str(data)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("error: chart code will not run: seccomp is off")
    assert lida_main(["exec", str(code), "--data", str(data), "--allow-weak-sandbox", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["ok"] is True


def test_app_warns_when_a_layer_is_missing(no_seccomp: None) -> None:
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception
    warnings = [w.value for w in at.warning]
    assert any("Sandbox layer missing: seccomp is off" in w and layers.ALLOW_WEAK_ENV in w for w in warnings), warnings


def test_app_warns_exactly_when_a_layer_is_missing() -> None:
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception
    warned = any("Sandbox layer missing" in w.value for w in at.warning)
    assert warned == bool(layers.detect().missing_kernel_layers())
