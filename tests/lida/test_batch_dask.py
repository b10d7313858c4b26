"""`lida batch` on a Dask cluster: one LocalCluster (2 worker processes) for the module.

Covers a mixed run (good tables, a bad file, a table whose processing kills its worker process), resume,
a worker killed mid-table (retried, never a half-written folder), memory:// inputs from a manifest, and
that no table bytes pass through the client.
"""

from __future__ import annotations

import json
import os
import pickle
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from distributed import Client, LocalCluster
from helpers.batch_generators import Scripted

import lida.batch
from lida.api import Lida
from lida.batch import TMP_MARK
from lida.distributed import DaskRunner

pytestmark = [pytest.mark.timeout(180), pytest.mark.slow]  # starts a cluster and sandbox workers

#: One generator for the module: equal settings, so each worker's warm plugin is set up once (keep_warm).
GENERATOR = Scripted(kills="explode", slow="slow", seconds=4.0)


def _table(rows: int = 12, salt: int = 0) -> str:
    lines = ["region,year,sales,units"]
    for i in range(rows):
        lines.append(f"{'NSEW'[i % 4]},{2000 + i},{(i * 37 + salt) % 101 + 0.5},{(i * 13 + salt) % 17}")
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def cluster() -> Iterator[tuple[LocalCluster, Client]]:
    # allowed_failures=1: a table may take down one worker and be retried once, then it is reported failed.
    with (
        LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None,
                     scheduler_kwargs={"allowed_failures": 1}) as lc,  # fmt: skip
        Client(lc) as client,
    ):
        yield lc, client


def _batch(inputs: list[str], out: Path, lc: LocalCluster, **kwargs: Any) -> Any:
    lida = Lida(generator=GENERATOR)  # cheap here: the knowledge base grounds lazily, on the workers
    return lida.batch(inputs, out, n=2, scheduler=lc.scheduler_address, formats=("svg",), keep_warm=True, **kwargs)


def _set_allowed_failures(dask_scheduler: Any, n: int) -> None:
    dask_scheduler.allowed_failures = n


def _folders(out: Path) -> set[str]:
    return {p.name for p in out.iterdir() if p.is_dir()}


def _report(out: Path, name: str) -> dict[str, Any]:
    return json.loads((out / name / "report.json").read_text())


def test_mixed_tables_a_bad_file_and_a_worker_killing_table(tmp_path: Path, cluster: Any) -> None:
    lc, client = cluster
    data = tmp_path / "data"
    data.mkdir()
    for i in range(2):
        (data / f"good{i}.csv").write_text(_table(salt=i))
    (data / "bad.csv").write_bytes(b"\x00\x01\x02 not a table \xff\xfe")
    (data / "explode.csv").write_text(_table(salt=9))
    out = tmp_path / "out"
    seen: list[str] = []
    client.run_on_scheduler(_set_allowed_failures, n=0)  # one death and the table is reported failed
    try:
        result = _batch([str(data / "*.csv")], out, lc, progress=lambda name, report: seen.append(name))
    finally:
        client.run_on_scheduler(_set_allowed_failures, n=1)
    assert sorted(seen) == ["bad", "explode", "good0", "good1"]  # the bar saw every table
    assert _folders(out) == {"bad", "explode", "good0", "good1"}  # no temporary folder left
    for i in range(2):
        report = _report(out, f"good{i}")
        assert report["status"] == "ok" and report["charts"], report.get("error")
        assert report["engine"]["name"] == "dask" and report["engine"]["scheduler"] == lc.scheduler_address
        assert (out / f"good{i}" / "01.svg").read_text().lstrip().startswith("<svg")
    bad = _report(out, "bad")
    assert bad["status"] == "failed" and "Traceback" not in bad["error"]
    explode = _report(out, "explode")
    assert explode["status"] == "failed" and "KilledWorker" in explode["error"]
    assert {r["dataset"] for r in result.failed} == {"bad", "explode"}
    page = (out / "index.html").read_text()
    assert "good1" in page and "KilledWorker" in page
    # Resume: the finished tables are skipped; the failed ones are tried again.
    again = _batch([str(data / "good*.csv")], out, lc)
    assert sorted(again.skipped) == ["good0", "good1"] and again.reports == []
    client.wait_for_workers(2, timeout=60)  # the nanny restarts the killed worker, for the next tests


def test_a_worker_killed_mid_table_leaves_no_half_folder_and_the_table_is_retried(tmp_path: Path, cluster: Any) -> None:
    lc, client = cluster
    data = tmp_path / "data"
    data.mkdir()
    (data / "slow.csv").write_text(_table(salt=3))
    out = tmp_path / "out"
    outcome: dict[str, Any] = {}

    def batch() -> None:
        try:
            outcome["result"] = _batch([str(data)], out, lc)
        except BaseException as exc:  # surfaced by the assert below
            outcome["error"] = exc

    client.wait_for_workers(2, timeout=60)
    # one death is ours; allow one more, as on a real cluster (a loaded CI machine once lost a worker to
    # SIGABRT here, its nanny closing instead of restarting it)
    client.run_on_scheduler(_set_allowed_failures, n=2)
    thread = threading.Thread(target=batch)
    thread.start()
    victim = None
    deadline = time.monotonic() + 90
    while victim is None and time.monotonic() < deadline:
        # the table has started once its temporary folder exists; kill the worker running it
        if out.exists() and any(p.name.startswith(TMP_MARK) for p in out.iterdir()):
            busy = [addr for addr, keys in client.processing().items() if keys]
            if busy:
                pids = client.run(os.getpid, workers=busy)
                victim = pids[busy[0]]
                assert not (out / "slow").exists()  # mid-table: nothing at the final name yet
                os.kill(victim, signal.SIGKILL)
                break
        time.sleep(0.05)
    thread.join(150)
    client.run_on_scheduler(_set_allowed_failures, n=1)
    assert victim is not None, "the table never started"
    assert "error" not in outcome, outcome.get("error")
    report = _report(out, "slow")
    assert report["status"] == "ok" and report["charts"], report.get("error")
    assert int(report["engine"]["pid"]) != victim  # finished by another (or the restarted) worker
    assert _folders(out) == {"slow"}  # the killed attempt's temporary folder is gone
    assert {p.name for p in (out / "slow").iterdir()} >= {"report.json", "summary.json", "01.py", "01.svg"}


def _put_tables(tables: dict[str, str]) -> list[str]:
    """Runs on each worker: the tables exist only in that worker process's memory filesystem."""
    import fsspec

    fs = fsspec.filesystem("memory")
    for path, text in tables.items():
        fs.pipe(path, text.encode())
    return sorted(tables)


def test_memory_urls_from_a_manifest_and_no_table_bytes_through_the_client(
    tmp_path: Path, cluster: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import fsspec
    from distributed import Client as DaskClient

    lc, client = cluster
    marker = "zq-only-on-the-worker"
    tables = {f"/lake/part{i}.csv": _table(salt=i).replace("N,", f"{marker},", 1) for i in range(3)}
    client.run(_put_tables, tables)
    assert not fsspec.filesystem("memory").exists("/lake/part0.csv")  # the client cannot see them
    manifest = tmp_path / "manifest.txt"
    manifest.write_text("# tables the pipeline dropped\n" + "".join(f"memory://{p}\n" for p in tables) + "\n")

    sent: list[bytes] = []
    real_submit = DaskClient.submit

    def recording_submit(self: Any, fn: Any, *args: Any, **kwargs: Any) -> Any:
        sent.append(pickle.dumps(args))
        return real_submit(self, fn, *args, **kwargs)

    def client_side_read(*_: Any, **__: Any) -> Any:
        raise AssertionError("the client read a table")

    monkeypatch.setattr(DaskClient, "submit", recording_submit)
    monkeypatch.setattr(lida.batch, "local_copy", client_side_read)  # this process only; workers unpatched
    result = _batch([], tmp_path / "out", lc, manifest=manifest)
    assert len(result.reports) == 3 and not result.failed, [r.get("error") for r in result.failed]
    assert len(sent) == 3 and all(marker.encode() not in s and len(s) < 2000 for s in sent)
    for report in result.reports:
        assert report["source"].startswith("memory://") and "/lake/part" in report["source"] and report["charts"]
    folders = sorted(_folders(tmp_path / "out"))
    assert len(folders) == 3 and all(f.startswith("part") for f in folders)
    # the worker read the table: its marker value is in the summary it wrote, never in what was sent
    assert any(marker in (tmp_path / "out" / f / "summary.json").read_text() for f in folders)
    for f in folders:  # the summary names the URL, not the worker's temporary copy
        assert json.loads((tmp_path / "out" / f / "summary.json").read_text())["source"].startswith("memory://")


def test_bounded_in_flight_pulls_the_manifest_lazily(cluster: Any) -> None:
    lc, _ = cluster
    pulled: list[int] = []

    def items() -> Iterator[int]:
        for i in range(40):
            pulled.append(i)
            yield i

    with DaskRunner(lc.scheduler_address, max_in_flight=3) as runner:
        got = []
        for item, outcome in runner.map(_square, items()):
            got.append((item, outcome))
            assert len(pulled) - len(got) <= 3  # never more than 3 submitted and not yet collected
    assert sorted(got) == [(i, i * i) for i in range(40)]


def _square(x: int) -> int:
    return x * x
