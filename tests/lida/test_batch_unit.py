"""Batch bookkeeping without the pipeline: inputs, folder names, resume, and bad datasets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lida.api import Run
from lida.batch import Job, Settings, expand_inputs, folder_names, is_done, process_dataset
from lida.chart import Chart
from lida.errors import LidaError
from lida.model import Goal
from summarizer import summarize

pytestmark = pytest.mark.slow  # starts sandbox workers (run the quick tests with -m 'not slow')

SPEC = {
    "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
    "data": {"values": [{"a": "x", "b": 1}, {"a": "y", "b": 3}]},
    "mark": "bar",
    "encoding": {"x": {"field": "a", "type": "nominal"}, "y": {"field": "b", "type": "quantitative"}},
}


class FakeLida:
    """Stands in for Lida: returns one chart, or raises for a file named bad.csv."""

    def run(self, path: str, n: int, query: str | None = None) -> Run:
        if Path(path).name == "bad.csv":
            raise LidaError(f"{path}: not a table")
        goal = Goal(question="b by a", visualization="bar", rationale="", fields=["a", "b"])
        chart = Chart(goal=goal, code="def plot(data):\n    return None\n", spec=SPEC, cost=2.0, rank=1)
        summary = summarize(Path(path))
        return Run(summary=summary, goals=[goal], charts=[chart], candidates=1, failures=[], timings={"goals": 0.1})


@pytest.fixture
def csv_file(tmp_path: Path) -> Path:
    p = tmp_path / "in" / "my data.csv"
    p.parent.mkdir()
    p.write_text("a,b\nx,1\ny,3\n", encoding="utf-8")
    return p


def test_expand_inputs_globs_folders_and_missing(tmp_path: Path, csv_file: Path):
    (csv_file.parent / "notes.md").write_text("not data", encoding="utf-8")
    assert expand_inputs([str(csv_file.parent)]) == [csv_file]
    assert expand_inputs([str(csv_file.parent / "*.csv"), str(csv_file)]) == [csv_file]
    with pytest.raises(LidaError, match="no file matches"):
        expand_inputs([str(tmp_path / "nothing*.csv")])


def test_folder_names_are_safe_and_unique():
    assert folder_names([Path("a/my data.csv"), Path("b/my data.json"), Path("c/../..csv")]) == [
        "my-data",
        "my-data-2",
        "data",
    ]


def test_process_dataset_writes_files_and_a_resumable_report(tmp_path: Path, csv_file: Path):
    settings = Settings(n=1, formats=("svg",))
    out = tmp_path / "out" / "my-data"
    report = process_dataset(Job(str(csv_file), str(out), settings), lida=FakeLida())
    assert report["status"] == "ok"
    assert {p.name for p in out.iterdir()} >= {"summary.json", "01.py", "01.vl.json", "01.svg", "report.json"}
    record = json.loads((out / "report.json").read_text())["charts"][0]
    assert record["cost"] == 2.0 and record["file"] == "01" and "spec" not in record  # the spec is 01.vl.json
    again = Chart.from_dict({**record, "spec": json.loads((out / "01.vl.json").read_text())})
    assert again.goal.question == "b by a" and again.rank == 1 and again.spec == SPEC
    assert "<svg" in (out / "01.svg").read_text()
    assert is_done(out, settings)
    assert not is_done(out, Settings(n=2, formats=("svg",)))  # other settings: redo


def test_bad_dataset_is_reported_not_raised(tmp_path: Path):
    bad = tmp_path / "bad.csv"
    bad.write_text("whatever", encoding="utf-8")
    out = tmp_path / "out" / "bad"
    report = process_dataset(Job(str(bad), str(out), Settings()), lida=FakeLida())
    assert report["status"] == "failed"
    assert report["error"].endswith("bad.csv: not a table")
    assert not is_done(out, Settings())


class SpendingLida:
    """Spends LLM calls, then fails: the report must keep what was spent."""

    def __init__(self) -> None:
        self.calls = 5

        class Gen:
            def usage(gen_self) -> dict[str, int]:
                return {"calls": self.calls, "failures": 0}

        self.generator = Gen()

    def usage_since(self, before: dict[str, int]) -> dict[str, int]:
        now = self.generator.usage()
        return {k: now[k] - before.get(k, 0) for k in now}

    def run(self, path: str, n: int, query: str | None = None) -> Run:
        self.calls += 3
        raise LidaError("LLM 'm' at http://127.0.0.1/v1: the goals request timed out after 1s (4 attempt(s))")


def test_a_failed_dataset_keeps_the_llm_usage_it_spent(tmp_path: Path, csv_file: Path):
    out = tmp_path / "out" / "my-data"
    report = process_dataset(Job(str(csv_file), str(out), Settings(n=1, llm="openai:x")), lida=SpendingLida())
    assert report["status"] == "failed" and "timed out after 1s" in report["error"]
    assert report["llm"] == {"calls": 3, "failures": 0}
    saved = json.loads((out / "report.json").read_text())
    assert saved["llm"] == {"calls": 3, "failures": 0} and saved["origins"] == {}
