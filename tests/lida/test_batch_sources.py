"""Batch inputs and bookkeeping for the cluster runner, without a cluster: scheduler specs, fsspec URLs,
manifests read lazily, bounded remote copies, atomic folders, and the gallery on interruption."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import fsspec
import pytest

import lida.batch as batch
from lida.api import Lida
from lida.batch import (
    TMP_MARK,
    Job,
    Settings,
    expand_sources,
    local_copy,
    manifest_name,
    process_dataset,
    read_manifest,
    run_batch,
)
from lida.cli import main as lida_main
from lida.distributed import parse_scheduler
from lida.errors import LidaError
from lida.gallery import load_reports

CSV = "a,b\nx,1\ny,3\n"


@pytest.fixture
def memfs() -> Iterator[Any]:
    fs = fsspec.filesystem("memory")
    fs.mkdir("/h14test")
    yield fs
    fs.rm("/h14test", recursive=True)


def test_parse_scheduler() -> None:
    assert parse_scheduler("local").workers == 2 and parse_scheduler("local").local
    assert parse_scheduler("local:3").workers == 3
    assert parse_scheduler("tcp://10.0.0.5:8786").address == "tcp://10.0.0.5:8786"
    assert parse_scheduler("127.0.0.1:8786").address == "tcp://127.0.0.1:8786"
    for bad in ("local:0", "banana", "local:x"):
        with pytest.raises(LidaError, match="--scheduler"):
            parse_scheduler(bad)


def test_cli_refuses_a_bad_scheduler_in_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = lida_main(["batch", str(tmp_path), "--out", str(tmp_path / "o"), "--scheduler", "nowhere"])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "--scheduler" in err
    assert lida_main(["batch", "--out", str(tmp_path / "o")]) == 2  # no input and no manifest
    assert "--manifest" in capsys.readouterr().err


def test_expand_sources_lists_url_globs_and_folders_by_name(memfs: Any, tmp_path: Path) -> None:
    for name in ("b.csv", "a.csv", "notes.md"):
        memfs.pipe(f"/h14test/{name}", CSV.encode())
    local = tmp_path / "c.csv"
    local.write_text(CSV)
    assert expand_sources(["memory:///h14test/*.csv"]) == ["memory:///h14test/a.csv", "memory:///h14test/b.csv"]
    assert expand_sources(["memory:///h14test", f"file://{local}"]) == [
        "memory:///h14test/a.csv",
        "memory:///h14test/b.csv",
        str(local),
    ]
    assert expand_sources(["s3://bucket/never-listed.csv"]) == ["s3://bucket/never-listed.csv"]  # read by a worker
    with pytest.raises(LidaError, match="no file matches"):
        expand_sources(["memory:///h14test/*.parquet"])
    with pytest.raises(LidaError, match="cannot list nope://"):
        expand_sources(["nope://bucket/folder/"])


def test_manifest_is_read_lazily_and_named_stably(tmp_path: Path) -> None:
    manifest = tmp_path / "m.txt"
    manifest.write_text("# nightly drop\ns3://a/x.csv\n\n  gs://b/x.csv  \n")
    entries = read_manifest(manifest)
    assert not isinstance(entries, list)  # a generator: one line at a time
    assert list(entries) == ["s3://a/x.csv", "gs://b/x.csv"]
    a, b = manifest_name("s3://a/x.csv"), manifest_name("gs://b/x.csv")
    assert a.startswith("x-") and b.startswith("x-") and a != b and a == manifest_name("s3://a/x.csv")
    with pytest.raises(LidaError, match="cannot read manifest"):
        list(read_manifest(tmp_path / "missing.txt"))


def test_local_copy_reads_urls_within_a_bound(memfs: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    memfs.pipe("/h14test/t.csv", CSV.encode())
    with local_copy("memory:///h14test/t.csv", tmp_path) as path:
        assert Path(path).name == "t.csv" and Path(path).read_text() == CSV
    assert not Path(path).exists()  # the copy is gone afterwards
    with pytest.raises(LidaError, match="file not found"), local_copy("memory:///h14test/nope.csv", tmp_path):
        pass
    monkeypatch.setattr(batch, "MAX_REMOTE_BYTES", 4)
    with pytest.raises(LidaError, match="larger than"), local_copy("memory:///h14test/t.csv", tmp_path):
        pass


class _Raises:
    def __init__(self, exc: BaseException) -> None:
        self.exc = exc

    def run(self, path: str, n: int, query: str | None = None) -> Any:
        raise self.exc


def test_a_dataset_interrupted_midway_leaves_no_folder_and_a_redo_replaces_whole(tmp_path: Path) -> None:
    data = tmp_path / "t.csv"
    data.write_text(CSV)
    out = tmp_path / "out" / "t"
    with pytest.raises(KeyboardInterrupt):
        # what a kill looks like from inside: the dataset is left midway
        process_dataset(Job(str(data), str(out), Settings()), lida=_Raises(KeyboardInterrupt()))
    assert not out.exists() and list(out.parent.iterdir()) == []
    out.mkdir(parents=True)
    (out / "stale.txt").write_text("from an older run")
    report = process_dataset(Job(str(data), str(out), Settings()), lida=_Raises(LidaError("t.csv: not a table")))
    assert report["status"] == "failed" and "not a table" in report["error"]
    assert sorted(p.name for p in out.iterdir()) == ["report.json"]  # the older folder was replaced whole
    assert [p.name for p in out.parent.iterdir()] == ["t"]


class _OneChart:
    """Stands in for Lida: one chart, no sandbox."""

    def run(self, path: str, n: int, query: str | None = None) -> Any:
        from lida.api import Run
        from lida.chart import Chart
        from lida.model import Goal
        from summarizer import summarize

        spec = {"data": {"values": [{"a": "x", "b": 1}]}, "mark": "bar",
                "encoding": {"x": {"field": "a", "type": "nominal"}, "y": {"field": "b", "type": "quantitative"}}}  # fmt: skip
        goal = Goal(question="b by a", visualization="bar", rationale="", fields=["a", "b"])
        chart = Chart(goal=goal, code="def plot(data):\n    return None\n", spec=spec, cost=1.0, rank=1)
        return Run(summary=summarize(Path(path)), goals=[goal], charts=[chart], candidates=1, failures=[], timings={})


class _InterruptedRunner:
    """Finishes the first dataset (with a stand-in Lida), then the user presses Ctrl-C."""

    def map(self, fn: Callable[[Job], Any], items: Iterable[Job]) -> Iterator[tuple[Job, Any]]:
        jobs = iter(items)
        first = next(jobs)
        yield first, process_dataset(first, lida=_OneChart())
        raise KeyboardInterrupt


def test_gallery_is_written_when_the_run_is_interrupted(tmp_path: Path) -> None:
    for name in ("a", "b", "c"):
        (tmp_path / f"{name}.csv").write_text(CSV)
    out = tmp_path / "out"
    (out / f"{TMP_MARK}zombie-123").mkdir(parents=True)  # left by a killed worker of an earlier run
    (out / f"{TMP_MARK}zombie-123" / "report.json").write_text(json.dumps({"status": "ok", "dataset": "zombie"}))
    with pytest.raises(KeyboardInterrupt):
        run_batch([str(tmp_path / "*.csv")], out, Settings(formats=("svg",)), runner=_InterruptedRunner())
    page = (out / "index.html").read_text()
    assert "1 dataset(s)" in page and 'id="a"' in page and "zombie" not in page
    assert [d.name for d, _ in load_reports(out)] == ["a"]
    assert not any(p.name.startswith(TMP_MARK) for p in out.iterdir())


def test_lida_batch_refuses_what_workers_cannot_rebuild(tmp_path: Path) -> None:
    from lida.generator import OfflineGenerator
    from lida.llm.client import TextGenerator

    llm = TextGenerator(provider="openai-compatible", base_url="http://127.0.0.1:9/v1", model="m", cache=False)
    with pytest.raises(LidaError, match="spec string"):
        Lida(llm=llm).batch([str(tmp_path)], tmp_path / "out")
    custom = Lida(generator=OfflineGenerator(Lida().draco))
    (tmp_path / "t.csv").write_text(CSV)
    with pytest.raises(LidaError, match="Dask scheduler"):
        custom.batch([str(tmp_path / "t.csv")], tmp_path / "out")


def test_worker_llm_client_is_bounded_and_caches_per_worker_unless_shared(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from lida.distributed import LidaWorkerPlugin

    monkeypatch.setenv("LIDA_LLM_CACHE", str(tmp_path / "cache" / "llm.sqlite"))
    settings = Settings(llm="openai-compatible:http://127.0.0.1:9/v1:m")
    per_worker = LidaWorkerPlugin(settings, llm_in_flight=3)
    a, b = per_worker.llm_client("w0"), per_worker.llm_client("w1")
    assert a.config.max_concurrency == 3
    assert a.cache.path != b.cache.path and a.cache.path.parent == tmp_path / "cache"
    assert a.cache.path.name.startswith("llm-") and a.cache.path.name.endswith("-w0.sqlite")
    shared = LidaWorkerPlugin(settings, llm_cache=str(tmp_path / "shared.sqlite"))
    assert shared.llm_client("w0").cache.path == shared.llm_client("w1").cache.path == tmp_path / "shared.sqlite"
    assert LidaWorkerPlugin(Settings()).llm_client("w0") is None  # offline: no client
    with pytest.raises(LidaError, match="llm_in_flight"):
        LidaWorkerPlugin(settings, llm_in_flight=0)


def test_compact_reports_keep_what_a_long_run_needs() -> None:
    from lida.batch import compact

    full = {"dataset": "t", "source": "s3://b/t.csv", "status": "ok", "error": None, "engine": {"name": "dask"},
            "origins": {"llm": 1, "fallback": 1},
            "charts": [{"file": "01"}, {"file": "02"}], "failures": [{"goal": "g"}], "timings": {"total": 1.5}}  # fmt: skip
    small = compact(full)
    # the origin counts stay: `lida batch` sums them ("chart origins: llm 1, fallback 1")
    assert small == {"dataset": "t", "source": "s3://b/t.csv", "status": "ok", "error": None,
                     "engine": {"name": "dask"}, "origins": {"llm": 1, "fallback": 1}, "n_charts": 2,
                     "total_s": 1.5}  # fmt: skip
