"""Batch chart generation: many datasets in, one folder per dataset and one gallery out.

Each dataset's report.json is written last and atomically, so an interrupted batch resumes where it
stopped: a folder with a finished report for the same settings is skipped unless `force`.
"""

from __future__ import annotations

import contextlib
import glob
import hashlib
import json
import os
import re
import shutil
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from lida.errors import LidaError
from lida.gallery import REPORT_NAME, write_gallery
from lida.runner import Runner, make_runner

DATA_SUFFIXES = (".csv", ".tsv", ".txt", ".json", ".jsonl", ".ndjson", ".parquet", ".xlsx")
#: A dataset's folder is built under this name next to its final place, then renamed into place.
TMP_MARK = ".lida-tmp-"
#: Bytes a worker copies from a remote (fsspec) input before refusing it; the summarizer's own read
#: limits then apply to the local copy.
MAX_REMOTE_BYTES = 2 << 30


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
    engine: dict[str, str] | None = None  # where it ran (recorded in report.json), e.g. the Dask scheduler
    shown: str | None = None  # the source as the user wrote it, when `path` was made absolute for a worker
    llm_timeout: float | None = None  # seconds per LLM request (every stage); None: the stage defaults
    #: What builds a worker's Lida (lida.api.Lida, passed in by the caller: this module sits below lida.api)
    lida_class: Any = None


#: What a compact batch result keeps per dataset (the rest stays in its report.json).
COMPACT_KEYS = ("dataset", "source", "status", "error", "engine", "origins")


def compact(report: dict[str, Any]) -> dict[str, Any]:
    """A report without its charts, failures and timings, plus `n_charts`: what a run over millions of
    tables can keep in memory for each (a full report is about 20 kB on disk, more as Python objects)."""
    kept = {k: report.get(k) for k in COMPACT_KEYS}
    kept["n_charts"] = len(report.get("charts") or [])
    kept["total_s"] = (report.get("timings") or {}).get("total")
    return kept


@dataclass
class BatchResult:
    """`reports` holds each finished dataset's report (compact ones when the run was asked to, see
    lida.batch.compact); `skipped` the folder names of datasets already done."""

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


def is_url(source: str) -> bool:
    """An fsspec URL other than file:// (which is read as a local path)."""
    scheme = urlsplit(source).scheme
    return len(scheme) > 1 and scheme != "file"  # one letter: a Windows drive, not a scheme


def local_path(source: str) -> str:
    """file:///a/b.csv -> /a/b.csv; anything else unchanged."""
    return urlsplit(source).path if source.startswith("file://") else source


def expand_sources(inputs: Iterable[str]) -> list[str]:
    """Like expand_inputs, and fsspec URLs (s3://, gs://, abfs://, memory://...) too. A URL naming a data
    file is kept as given, without touching its filesystem here (the worker that reads it reports a
    missing file); a URL glob or folder is listed through its filesystem (names only, no table read)."""
    found: list[str] = []
    for item in inputs:
        if not is_url(item):
            found.extend(str(p) for p in expand_inputs([local_path(item)]))
            continue
        path = urlsplit(item).path
        if not glob.has_magic(item) and PurePosixPath(path).suffix.lower() in DATA_SUFFIXES:
            found.append(item)
            continue
        found.extend(_list_url(item))
    return list(dict.fromkeys(found))


def _list_url(item: str) -> list[str]:
    """The data files a URL glob or folder names, as URLs."""
    import fsspec

    protocol = item.split("://", 1)[0]
    try:
        fs, root = fsspec.core.url_to_fs(item)
        if glob.has_magic(root):
            names = sorted(fs.glob(root))
        elif fs.isdir(root):
            names = sorted(n for n in fs.ls(root, detail=False) if PurePosixPath(n).suffix.lower() in DATA_SUFFIXES)
        else:
            names = [root] if fs.exists(root) else []
    except (ImportError, ValueError, OSError) as exc:  # unknown protocol, driver not installed, network
        raise LidaError(f"cannot list {item}: {exc}") from exc
    if not names:
        raise LidaError(f"no file matches {item!r}")
    return [f"{protocol}://{n}" if protocol == "memory" else f"{protocol}://{n.lstrip('/')}" for n in names]


def source_stem(source: str) -> str:
    """The file name without its suffix, for a path or a URL."""
    return PurePosixPath(urlsplit(source).path if is_url(source) else source).stem


def _safe(stem: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", stem).strip("-") or "data"


def manifest_name(source: str) -> str:
    """A manifest entry's folder: its file name plus a short hash of the whole URL, so names stay unique
    and stable across runs without remembering every name seen (a manifest may list millions)."""
    return f"{_safe(source_stem(source))}-{hashlib.sha1(source.encode('utf-8')).hexdigest()[:8]}"


def read_manifest(path: str | Path) -> Iterator[str]:
    """The URLs of a manifest file, one a line (blank lines and # comments skipped), read lazily."""
    try:
        handle = open(path, encoding="utf-8")  # noqa: SIM115 - closed by the with below, lazily consumed
    except OSError as exc:
        raise LidaError(f"cannot read manifest {path}: {exc.strerror or exc}") from exc
    with handle:
        for line in handle:
            entry = line.strip()
            if entry and not entry.startswith("#"):
                yield entry


def count_manifest(path: str | Path) -> int:
    """How many entries a manifest lists (one streaming pass, for the progress bar)."""
    return sum(1 for _ in read_manifest(path))


def folder_names(paths: list[Path] | list[str]) -> list[str]:
    """A safe, unique folder name per dataset, from its file name."""
    names: list[str] = []
    for p in paths:
        base = _safe(source_stem(str(p)))
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


def _lida_for(settings: Settings, allow_weak_sandbox: bool | None = None, llm_timeout: float | None = None,
              lida_class: Any = None) -> Any:
    if lida_class is None:
        raise LidaError("run_batch needs lida_class (lida.api.Lida) to build the workers' pipeline")
    # Offline, each worker process is one core's worth of work; with an LLM, threads share two workers.
    key = (settings.llm, 1 if settings.llm is None else 2, allow_weak_sandbox, settings.strict_llm, llm_timeout)
    with _WORKER_LOCK:
        if key not in _WORKER_LIDA:
            _WORKER_LIDA[key] = lida_class(llm=settings.llm, sandbox_workers=key[1], allow_weak_sandbox=allow_weak_sandbox,
                                           strict_llm=settings.strict_llm, llm_timeout=llm_timeout)  # fmt: skip
        return _WORKER_LIDA[key]


def new_report(source: str, settings: Settings, engine: dict[str, str] | None = None) -> dict[str, Any]:
    """A dataset's report before its run: status failed until the run fills it in."""
    return {
        "dataset": source_stem(source),
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
        "engine": engine or {"name": "local"},
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
    report["note"] = run.note  # why there are no charts, when there are none
    report["status"] = "ok"


def error_line(exc: Exception) -> str:
    """An exception as the report's one-line error (a user error's own message, else its type too)."""
    return f"{type(exc).__name__}: {exc}" if not _is_user_error(exc) else str(exc)


def write_report(out: Path, report: dict[str, Any]) -> Path:
    path = out / REPORT_NAME
    _write_atomic(path, json.dumps(report, indent=1, default=str))
    return path


def process_dataset(job: Job, lida: Any = None) -> dict[str, Any]:
    """Charts for one dataset, written to its folder. Never raises for a bad dataset: the report says.

    The folder is built under a temporary name next to its place and renamed into place at the end, so a
    process killed mid-dataset leaves no half-written folder, only a temporary one the next run removes."""
    out = Path(job.out_dir)
    out.parent.mkdir(parents=True, exist_ok=True)
    work = out.with_name(f"{TMP_MARK}{out.name}-{uuid.uuid4().hex[:12]}")
    work.mkdir()
    try:
        report = _build(job, work, lida)
        _swap_into_place(work, out)
    finally:
        if work.exists():
            shutil.rmtree(work, ignore_errors=True)
    return report


def _build(job: Job, out: Path, lida: Any) -> dict[str, Any]:
    settings = job.settings
    report = new_report(job.shown or job.path, settings, job.engine)
    start = time.perf_counter()
    read_as = job.path
    before: dict[str, int] | None = None
    try:
        with local_copy(job.path, out) as data_path:
            read_as = data_path
            lida = lida if lida is not None else _lida_for(settings, job.allow_weak_sandbox, job.llm_timeout,
                                                           job.lida_class)  # fmt: skip
            generator = getattr(lida, "generator", None)  # a stand-in without one (a test double) spent nothing
            before = generator.usage() if generator is not None else None
            run = lida.run(data_path, n=settings.n, query=settings.query)
        run.summary.source = job.shown or job.path  # what the user named, not a worker's copy or absolute path
        fill_report(report, run, out, settings.formats)
    except Exception as exc:  # one bad dataset must not stop the batch: the report carries the reason
        report["error"] = error_line(exc).replace(read_as, report["source"])  # the name the user gave
        if lida is not None and before is not None:  # what the failed run spent is still spent
            report["llm"] = lida.usage_since(before)
    report["timings"]["total"] = time.perf_counter() - start
    write_report(out, report)
    return report


def _swap_into_place(work: Path, out: Path) -> None:
    """Rename the finished folder to its name; an older result there (redone or --force) goes aside first
    and is removed after, so at no moment does `out` hold a mix of two runs."""
    old: Path | None = None
    if out.exists():
        old = out.with_name(f"{TMP_MARK}{out.name}-old-{uuid.uuid4().hex[:12]}")
        os.replace(out, old)
    os.replace(work, out)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


@contextlib.contextmanager
def local_copy(source: str, scratch: Path) -> Iterator[str]:
    """A local path for the source: itself for a path or file:// URL; for any other fsspec URL, a bounded
    copy in a temporary folder (removed after), read by whoever calls this (on a cluster, the worker)."""
    if not is_url(source):
        yield local_path(source)
        return
    import fsspec

    with tempfile.TemporaryDirectory(prefix="input-", dir=scratch) as tmp:
        target = Path(tmp) / (PurePosixPath(urlsplit(source).path).name or "data")
        try:
            with fsspec.open(source, "rb") as src, open(target, "wb") as dst:
                copied = 0
                while chunk := src.read(16 << 20):
                    copied += len(chunk)
                    if copied > MAX_REMOTE_BYTES:
                        raise LidaError(f"{source}: larger than {MAX_REMOTE_BYTES >> 20} MiB; not read")
                    dst.write(chunk)
        except FileNotFoundError as exc:
            raise LidaError(f"{source}: file not found") from exc
        except (OSError, ValueError, ImportError) as exc:  # unknown protocol, missing driver, network
            raise LidaError(f"{source}: cannot read ({type(exc).__name__}: {exc})") from exc
        yield str(target)


def remove_leftovers(out_dir: Path) -> int:
    """Remove temporary folders a killed process left in out_dir; returns how many."""
    removed = 0
    if out_dir.is_dir():
        for p in out_dir.iterdir():
            if p.name.startswith(TMP_MARK) and p.is_dir():
                shutil.rmtree(p, ignore_errors=True)
                removed += 1
    return removed


def _is_user_error(exc: Exception) -> bool:
    from draco.errors import DracoError
    from summarizer.errors import SummarizerError

    return isinstance(exc, LidaError | SummarizerError | DracoError)


def _process_job(job: Job) -> dict[str, Any]:
    return process_dataset(job)


def iter_jobs(
    inputs: Iterable[str],
    out: Path,
    settings: Settings,
    manifest: str | Path | None = None,
    allow_weak_sandbox: bool | None = None,
    engine: dict[str, str] | None = None,
    llm_timeout: float | None = None,
    lida_class: Any = None,
) -> Iterator[tuple[str, Job]]:
    """(folder name, job) per dataset: the expanded inputs first (listed at once: globs and folders are
    listed anyway), then the manifest's entries one line at a time, never all in memory."""
    sources = expand_sources(inputs)
    for source, name in zip(sources, folder_names(sources), strict=True):
        # a worker elsewhere resolves a relative path against its own folder: send it absolute
        path = str(Path(source).resolve()) if engine is not None and not is_url(source) else source
        yield name, Job(path, str(out / name), settings, allow_weak_sandbox, engine, shown=source,
                        llm_timeout=llm_timeout, lida_class=lida_class)
    if manifest is not None:
        for source in read_manifest(manifest):
            name = manifest_name(source)
            yield name, Job(source, str(out / name), settings, allow_weak_sandbox, engine, llm_timeout=llm_timeout,
                            lida_class=lida_class)  # fmt: skip


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
    *,
    scheduler: str | None = None,
    manifest: str | Path | None = None,
    llm_cache: str | None = None,
    llm_in_flight: int = 8,
    generator: Any = None,
    keep_warm: bool = False,
    keep_reports: bool = True,
    lida_class: Any = None,
) -> BatchResult:
    """Charts for every dataset, one folder each, then the gallery. `progress(name, report)` is called
    once per dataset as it finishes (report None when skipped).

    `scheduler` runs each dataset as a task on a Dask cluster: an address (tcp://host:8786) or
    `local[:N]` (a LocalCluster of N worker processes); see lida.distributed. Without it, a local process
    pool (offline) or threads (LLM). The gallery is written at the end, and also when the run is
    interrupted (Ctrl-C), from whatever reports are on disk by then. `keep_warm` (attached cluster only)
    leaves each worker's warm Lida and sandbox for the next batch with the same settings. Without
    `keep_reports` the result keeps compact reports only (lida.batch.compact): for very long runs.
    `lida_class` (lida.api.Lida, or a subclass) builds each worker's pipeline; Lida.batch and the
    command pass it (this module must not import lida.api, which imports it)."""
    settings = settings or Settings()
    # On a cluster a worker's working folder is not ours: it gets absolute paths (see iter_jobs too).
    out = Path(out_dir).resolve() if scheduler is not None else Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    remove_leftovers(out)
    result = BatchResult(out_dir=out, index=out / "index.html")
    fn: Callable[[Job], dict[str, Any]] = _process_job
    owned: Any = None
    engine: dict[str, str] | None = None
    if runner is None and scheduler is not None:
        import functools

        from lida.distributed import DaskRunner, LidaWorkerPlugin, run_table

        plugin = LidaWorkerPlugin(settings, allow_weak_sandbox, llm_cache=llm_cache, llm_in_flight=llm_in_flight,
                                  generator=generator, llm_timeout=llm_timeout, lida_class=lida_class)  # fmt: skip
        owned = runner = DaskRunner(scheduler, plugin=plugin, keep_warm=keep_warm)
        engine = runner.engine
        fn = functools.partial(run_table, process=process_dataset)
    elif generator is not None:
        raise LidaError("a custom generator runs in a batch only on a Dask scheduler (scheduler=...)")

    def pending() -> Iterator[Job]:
        for name, job in iter_jobs(inputs, out, settings, manifest, allow_weak_sandbox, engine, llm_timeout,
                                   lida_class):  # fmt: skip
            if not force and is_done(Path(job.out_dir), settings):
                result.skipped.append(name)
                if progress:
                    progress(name, None)
                continue
            yield job

    try:
        jobs = pending()
        if runner is None:
            # LLM work waits on the network: threads sharing one client; offline work is CPU: processes.
            first = list(jobs)
            if not first and not result.skipped:
                raise LidaError("no data files to process")
            runner = make_runner(workers if settings.llm is None else max(workers, 8), settings.llm is None)
            jobs = iter(first)
        seen = 0
        for job, outcome in runner.map(fn, jobs):
            seen += 1
            if isinstance(outcome, BaseException):  # the worker itself died: record it, go on
                outcome = _crash_report(job, outcome)
            result.reports.append(outcome if keep_reports else compact(outcome))
            if progress:
                progress(Path(job.out_dir).name, outcome)
        if not seen and not result.skipped:
            raise LidaError("no data files to process")
    finally:
        if owned is not None:
            owned.close()
        remove_leftovers(out)
        result.index = write_gallery(out)  # at the end, and on Ctrl-C or an error: what is on disk
    return result


def _crash_report(job: Job, exc: BaseException) -> dict[str, Any]:
    """The report of a dataset whose worker process died (on a cluster: after Dask's retries)."""
    # a process pool's BrokenProcessPool and Dask's KilledWorker: the process died; else the task raised
    died = type(exc).__name__ in ("KilledWorker", "BrokenProcessPool")
    what = "worker crashed" if died else "task failed"
    outcome: dict[str, Any] = {
        "dataset": source_stem(job.path),
        "source": job.shown or job.path,
        "settings": _settings_dict(job.settings),
        "status": "failed",
        "error": f"{what}: {type(exc).__name__}: {exc}",
        "charts": [],
        "failures": [],
        "timings": {},
        "engine": job.engine or {"name": "local"},
    }
    out = Path(job.out_dir)
    if not out.exists():  # never over a folder a retry finished
        work = out.with_name(f"{TMP_MARK}{out.name}-{uuid.uuid4().hex[:12]}")
        work.mkdir(parents=True)
        _write_atomic(work / REPORT_NAME, json.dumps(outcome, indent=1))
        _swap_into_place(work, out)
    return outcome
