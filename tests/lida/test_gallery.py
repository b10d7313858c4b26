"""The gallery is built from reports on disk, escapes what it shows and needs no network."""

from __future__ import annotations

import json
from pathlib import Path

from lida.chart import Chart, Cost
from lida.gallery import write_gallery
from lida.model import Explanation, Goal


def _dataset(out: Path, name: str, report: dict) -> Path:
    d = out / name
    d.mkdir(parents=True)
    (d / "report.json").write_text(json.dumps(report), encoding="utf-8")
    return d


def test_gallery_lists_charts_failures_and_escapes(tmp_path: Path):
    d = _dataset(
        tmp_path,
        "cars",
        {
            "dataset": "cars",
            "source": "cars.json",
            "status": "ok",
            "charts": [
                {
                    "rank": 1,
                    "file": "01",
                    "question": "Mean <b>Horsepower</b> by Origin",
                    "cost": 3,
                    "why": [{"name": "x", "description": "nominal on color", "count": 1, "weight": 3}],
                    "explanation": "Bars show the mean.",
                    "source": "offline",
                }
            ],
            "failures": [{"goal": "a scatter", "reason": "field 'hp' not in data"}],
        },
    )
    (d / "01.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'></svg>", encoding="utf-8")
    (d / "01.py").write_text("def plot(data):\n    return 1 < 2\n", encoding="utf-8")
    _dataset(tmp_path, "broken", {"dataset": "broken", "status": "failed", "error": "broken.csv: not a table"})

    html = write_gallery(tmp_path).read_text(encoding="utf-8")

    assert 'src="cars/01.svg"' in html
    assert "Mean &lt;b&gt;Horsepower&lt;/b&gt; by Origin" in html
    assert "1 &lt; 2" in html  # the code is shown, escaped
    assert "nominal on color" in html and "field &#x27;hp&#x27; not in data" in html
    assert "broken.csv: not a table" in html
    assert "2 dataset(s), 1 chart(s), 1 failed" in html
    assert "<script" not in html and "cdn" not in html.lower()


def test_gallery_of_empty_folder(tmp_path: Path):
    html = write_gallery(tmp_path).read_text(encoding="utf-8")
    assert "0 dataset(s), 0 chart(s)" in html


def test_gallery_reads_chart_records(tmp_path: Path):
    """Batch reports hold Chart.to_dict records (nested goal, explanation and costs)."""
    goal = Goal(question="Mean horsepower by origin", visualization="bar", rationale="", fields=["Origin"])
    chart = Chart(goal=goal, code="c", spec={"mark": "bar"}, cost=4.0, rank=1,
                  costs=[Cost("x_nominal", 1, 4, "nominal on x")],
                  explanation=Explanation(what="Bars show the mean.", how_to_read="", alt_text="A bar chart."))
    record = {"file": "01", **chart.to_dict()}
    d = _dataset(tmp_path, "cars", {"dataset": "cars", "status": "ok", "charts": [record]})
    (d / "01.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'></svg>", encoding="utf-8")
    html = write_gallery(tmp_path).read_text(encoding="utf-8")
    assert "<h3>Mean horsepower by origin</h3>" in html
    assert 'alt="A bar chart."' in html and "Bars show the mean." in html
    assert "nominal on x" in html and "cost 4" in html
