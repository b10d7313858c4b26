"""`lida demo` end to end: the bundled examples become a gallery of rendered, ranked charts, offline."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lida.cli import main


@pytest.mark.slow
def test_demo_builds_the_gallery(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "demo"
    assert main(["demo", "--out", str(out), "-n", "3"]) == 0
    printed = capsys.readouterr().out
    index = out / "index.html"
    assert f"gallery: {index.resolve()}" in printed
    html = index.read_text(encoding="utf-8")
    for name in ("cars", "seattle-weather", "stocks"):
        report = json.loads((out / name / "report.json").read_text(encoding="utf-8"))
        assert report["status"] == "ok", report.get("error")
        assert len(report["charts"]) == 3
        for chart in report["charts"]:
            stem = out / name / chart["file"]
            assert stem.with_suffix(".png").stat().st_size > 2000  # a drawn chart, not an empty canvas
            assert "<svg" in stem.with_suffix(".svg").read_text(encoding="utf-8")
            assert "def plot(data: pd.DataFrame) -> alt.Chart:" in stem.with_suffix(".py").read_text(encoding="utf-8")
            spec = json.loads((out / name / f"{chart['file']}.vl.json").read_text(encoding="utf-8"))
            assert spec.get("mark") or spec.get("layer")
        assert f'src="{name}/01.svg"' in html

    # A second run resumes: nothing to redo.
    assert main(["demo", "--out", str(out), "-n", "3"]) == 0
    assert "3 skipped" in capsys.readouterr().out
