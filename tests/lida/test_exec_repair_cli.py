"""`lida exec --repair`: the JSON adds the final code and the repairs applied; the exit code says ok."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lida.cli import main

pytestmark = pytest.mark.slow  # starts sandbox workers (run the quick tests with -m 'not slow')

CARS = Path(__file__).resolve().parents[2] / "lida" / "examples" / "cars.json"
BROKEN = '''import altair as alt
def plot(data):
    chart = alt.Chart(data).mark_point().encode(x="horsepower:Q", y="Miles_per_Gallon:Q")
'''


def test_exec_repair_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    code = tmp_path / "broken.py"
    code.write_text(BROKEN, encoding="utf-8")
    png = tmp_path / "out.png"

    assert main(["exec", str(code), "--data", str(CARS), "--json"]) == 1
    plain = json.loads(capsys.readouterr().out)
    assert plain["ok"] is False and plain["error"]["type"]

    assert main(["exec", str(code), "--data", str(CARS), "--repair", "--json", "--png", str(png)]) == 0
    fixed = json.loads(capsys.readouterr().out)
    assert fixed["ok"] is True and fixed["error"] is None
    assert {r["kind"] for r in fixed["repairs"]} >= {"missing-return", "field-name"}
    assert "return chart" in fixed["code"] and '"Horsepower:Q"' in fixed["code"]
    assert fixed["spec"]["mark"] in ("point", {"type": "point"})
    assert png.read_bytes()[:4] == b"\x89PNG"


def test_exec_repair_marks_matplotlib_code_foreign(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    code = tmp_path / "mpl.py"
    code.write_text("import matplotlib.pyplot as plt\n\ndef plot(data):\n    fig, ax = plt.subplots()\n"
                    "    ax.scatter(data['Horsepower'], data['Miles_per_Gallon'])\n    return fig\n", encoding="utf-8")
    assert main(["exec", str(code), "--data", str(CARS), "--repair", "--json"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert out["ok"] is False and out["foreign"] == "matplotlib" and out["spec"] is None
    assert "draw this goal again" in out["reason"]
    assert [a["stage"] for a in out["attempts"]] == ["initial", "deterministic"]
