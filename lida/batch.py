"""Batch chart generation: many datasets in, one folder per dataset and one gallery out.

Each dataset's report.json is written last and atomically, so an interrupted batch resumes where it
stopped: a folder with a finished report for the same settings is skipped unless `force`.
"""

from __future__ import annotations

import glob
import json
import os
import re
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from lida.errors import LidaError
from lida.gallery import REPORT_NAME, write_gallery
from lida.runner import Runner, make_runner

DATA_SUFFIXES = (".csv", ".tsv", ".txt", ".json", ".jsonl", ".ndjson", ".parquet", ".xlsx")


@dataclass(frozen=True)
class Settings:
    """What a dataset's result depends on; a finished result with other settings is redone."""

    n: int = 5
    llm: str | None = None
    query: str | None = None
    formats: tuple[str, ...] = ("png", "svg")
    strict_llm: bool = False  # True: an LLM failure fails the dataset instead of falling back to offline charts


@dataclass(frozen=True)
class Job:
    path: str
    out_dir: str
    settings: Settings
    allow_weak_sandbox: bool | None = None  # how charts run, not what they are: not part of Settings
    llm_timeout: float | None = None  # seconds per LLM request (every stage); None: the stage defaults


@dataclass
class BatchResult:
    out_dir: Path
    index: Path
    reports: list[dict[str, Any]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    @property
    def failed(self) -> list[dict[str, Any]]:
        return [r for r in self.reports if r.get("status") != "ok"]


def expand_inputs(inputs: Iterable[str]) -> list[Path]:
    """Files, folders (their data files) and globs, in order, without repeats."""
    found: list[Path] = []
    for item in inputs:
        matches = sorted(glob.glob(item, recursive=True)) if glob.has_magic(item) else [item]
        if not matches:
            raise LidaError(f"no file matches {item!r}")
        for m in matches:
            p = Path(m)
            if p.is_dir():
                found.extend(sorted(q for q in p.iterdir() if q.suffix.lower() in DATA_SUFFIXES))
            else:
                found.append(p)
    unique: list[Path] = []
    for p in found:
        if p not in unique:
            unique.append(p)
    return unique


def folder_names(paths: list[Path]) -> list[str]:
    """A safe, unique folder name per dataset, from its file name."""
    names: list[str] = []
    for p in paths:
        base = re.sub(r"[^A-Za-z0-9_-]+", "-", p.stem).strip("-") or "data"
        name, i = base, 2
        while name in names:
            name, i = f"{base}-{i}", i + 1
        names.append(name)
    return names


def is_done(out_dir: Path, settings: Settings) -> bool:
    report = out_dir / REPORT_NAME
    if not report.exists():
        return False
    try:
        data = json.loads(report.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return data.get("status") == "ok" and data.get("settings") == _settings_dict(settings)


def _settings_dict(settings: Settings) -> dict[str, Any]:
    d = asdict(settings)
    d["formats"] = list(settings.formats)
    return d


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


# Per worker process: one Lida (and its warm sandbox) per settings, reused across that worker's datasets.
# Process-local by construction; the parent never reads it.
# Threads (the LLM path) share it under a lock.
_WORKER_LIDA: dict[tuple[str | None, int, bool | None, bool, float | None], Any] = {}
_WORKER_LOCK = threading.Lock()


def _lida_for(settings: Settings, allow_weak_sandbox: bool | None = None, llm_timeout: float | None = None) -> Any:
    from lida.api import Lida

    # Offline, each worker process is one core's worth of work; with an LLM, threads share two workers.
    key = (settings.llm, 1 if settings.llm is None else 2, allow_weak_sandbox, settings.strict_llm, llm_timeout)
    with _WORKER_LOCK:
        if key not in _WORKER_LIDA:
            _WORKER_LIDA[key] = Lida(llm=settings.llm, sandbox_workers=key[1], allow_weak_sandbox=allow_weak_sandbox,
                                     strict_llm=settings.strict_llm, llm_timeout=llm_timeout)  # fmt: skip
        return _WORKER_LIDA[key]


def new_report(source: str, settings: Settings) -> dict[str, Any]:
    """A dataset's report before its run: status failed until the run fills it in."""
    return {
        "dataset": Path(source).stem,
        "source": source,
        "settings": _settings_dict(settings),
        "status": "failed",
        "error": None,
        "charts": [],
        "failures": [],
        "timings": {},
        "llm": None,
        "origins": {},
        "valid_as": {},
        "notes": [],
    }


def fill_report(report: dict[str, Any], run: Any, out: Path, formats: tuple[str, ...]) -> None:
    """Write a run's charts into `out` (NN.py, NN.vl.json, NN.<format>, summary.json) and record them,
    with where each came from (`origin`, and the counts in `origins`), in `report`."""
    _write_atomic(out / "summary.json", run.summary.to_json())
    render_seconds = 0.0
    for chart in run.charts:
        stem = f"{chart.rank:02d}"
        (out / f"{stem}.py").write_text(chart.code, encoding="utf-8")
        (out / f"{stem}.vl.json").write_text(json.dumps(chart.spec, indent=1, default=str), encoding="utf-8")
        t = time.perf_counter()
        for fmt in formats:
            chart.save(out / f"{stem}.{fmt}")
        render_seconds += time.perf_counter() - t
        # Chart.to_dict without the spec, which is in {file}.vl.json next to the report; `why` is
        # why it ranks where it does, in the words the CLI and the app show.
        record = {"file": stem, **chart.to_dict(), "why": chart.why_lines()}
        del record["spec"]
        report["charts"].append(record)
    report["failures"] = [
        {"goal": f.goal.question, "reason": f.reason, "origin": f.origin, "attempts": [asdict(a) for a in f.attempts]}
        for f in run.failures
    ]
    timings = dict(run.timings)
    timings["render"] = timings.get("render", 0.0) + render_seconds
    report["timings"] = timings
    report["candidates"] = run.candidates
    report["llm"] = run.llm_usage
    report["origins"] = run.origins
    report["valid_as"] = run.valid_as
    report["notes"] = list(run.notes)
    report["status"] = "ok"


def error_line(exc: Exception) -> str:
    """An exception as the report's one-line error (a user error's own message, else its type too)."""
    return f"{type(exc).__name__}: {exc}" if not _is_user_error(exc) else str(exc)


def write_report(out: Path, report: dict[str, Any]) -> Path:
    path = out / REPORT_NAME
    _write_atomic(path, json.dumps(report, indent=1, default=str))
    return path


def process_dataset(job: Job, lida: Any = None) -> dict[str, Any]:
    """Charts for one dataset, written to its folder. Never raises for a bad dataset: the report says."""
    out = Path(job.out_dir)
    out.mkdir(parents=True, exist_ok=True)
    settings = job.settings
    report = new_report(job.path, settings)
    start = time.perf_counter()
    before: dict[str, int] | None = None
    try:
        lida = lida if lida is not None else _lida_for(settings, job.allow_weak_sandbox, job.llm_timeout)
        generator = getattr(lida, "generator", None)  # a stand-in without one (a test double) spent nothing
        before = generator.usage() if generator is not None else None
        run = lida.run(job.path, n=settings.n, query=settings.query)
        fill_report(report, run, out, settings.formats)
    except Exception as exc:  # one bad dataset must not stop the batch: the report carries the reason
        report["error"] = error_line(exc)
        if lida is not None and before is not None:  # what the failed run spent is still spent
            report["llm"] = lida.usage_since(before)
    report["timings"]["total"] = time.perf_counter() - start
    write_report(out, report)
    return report


def _is_user_error(exc: Exception) -> bool:
    from draco.errors import DracoError
    from summarizer.errors import SummarizerError

    return isinstance(exc, LidaError | SummarizerError | DracoError)


def _process_job(job: Job) -> dict[str, Any]:
    return process_dataset(job)


def run_batch(
    inputs: Iterable[str],
    out_dir: str | Path,
    settings: Settings | None = None,
    workers: int = 2,
    force: bool = False,
    runner: Runner | None = None,
    progress: Callable[[str, dict[str, Any] | None], None] | None = None,
    allow_weak_sandbox: bool | None = None,
    llm_timeout: float | None = None,
) -> BatchResult:
    """Charts for every dataset, one folder each, then the gallery. `progress(name, report)` is called
    once per dataset as it finishes (report None when skipped)."""
    settings = settings or Settings()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = expand_inputs(inputs)
    if not paths:
        raise LidaError("no data files to process")
    jobs: list[Job] = []
    result = BatchResult(out_dir=out, index=out / "index.html")
    for path, name in zip(paths, folder_names(paths), strict=True):
        ds_out = out / name
        if not force and is_done(ds_out, settings):
            result.skipped.append(name)
            if progress:
                progress(name, None)
            continue
        jobs.append(Job(path=str(path), out_dir=str(ds_out), settings=settings, allow_weak_sandbox=allow_weak_sandbox,
                        llm_timeout=llm_timeout))  # fmt: skip
    if jobs:
        # LLM work waits on the network: threads sharing one client; offline work is CPU: processes.
        run = runner or make_runner(workers if settings.llm is None else max(workers, 8), settings.llm is None)
        for job, outcome in run.map(_process_job, jobs):
            if isinstance(outcome, BaseException):  # the worker itself died: record it, go on
                outcome = {
                    "dataset": Path(job.path).stem,
                    "source": job.path,
                    "status": "failed",
                    "error": f"worker crashed: {type(outcome).__name__}: {outcome}",
                    "charts": [],
                    "failures": [],
                    "timings": {},
                }
                Path(job.out_dir).mkdir(parents=True, exist_ok=True)
                _write_atomic(Path(job.out_dir) / REPORT_NAME, json.dumps(outcome, indent=1))
            result.reports.append(outcome)
            if progress:
                progress(Path(job.out_dir).name, outcome)
    result.index = write_gallery(out)
    return result
