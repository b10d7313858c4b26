"""The host side: a pool of warm worker processes and the thread-safe `Sandbox` API over it."""

from __future__ import annotations

import contextlib
import os
import pickle
import queue
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from types import TracebackType
from typing import Any, Literal

import lida.sandbox.layers as layers
import lida.sandbox.protocol as protocol
import lida.sandbox.specguard as specguard
from lida.errors import SandboxError
from lida.sandbox.precheck import precheck as run_precheck
from lida.sandbox.result import ExecError, ExecResult

RenderFormat = Literal["png", "svg"]
#: Seconds a worker's renderer may need to start again after it was replaced (engines warm-up).
_RENDERER_RESTART_S = 30.0
_MiB = 1 << 20
_PACKAGE_ROOT = str(Path(__file__).resolve().parents[2])


def worker_env(home: str) -> dict[str, str]:
    """The whole environment a worker gets: nothing inherited, so no API keys or tokens can leak in."""
    return {
        "PATH": "/usr/bin:/bin",
        "HOME": home,
        "TMPDIR": home,
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
        "PYTHONHASHSEED": "0",
    }


class _Worker:
    """One worker process and its two pipes. Used by one thread at a time."""

    def __init__(self, home: str, stderr_path: str, memory_mb: int) -> None:
        boot = (f"import sys; sys.path.insert(0, {_PACKAGE_ROOT!r}); from lida.sandbox.worker import main; "
                f"main({int(memory_mb)})")  # fmt: skip
        self.stderr_path = stderr_path
        with open(stderr_path, "wb") as err:
            self.proc = subprocess.Popen(
                [sys.executable, "-I", "-c", boot],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=err,
                env=worker_env(home),
                cwd=home,
                start_new_session=True,  # its own process group: killing it kills its run processes too
            )
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.in_fd, self.out_fd = self.proc.stdin.fileno(), self.proc.stdout.fileno()
        self.startup_s = 0.0
        self.renderer_status: dict[str, Any] = {}

    @property
    def pid(self) -> int:
        return self.proc.pid

    def wait_ready(self, deadline: float) -> None:
        try:
            header, _ = protocol.read_frame(self.out_fd, max_json=_MiB, max_blob=0, deadline=deadline)
        except protocol.ProtocolError as exc:
            self.kill()
            tail = Path(self.stderr_path).read_text(errors="replace").strip().splitlines()[-3:]
            raise SandboxError(f"sandbox worker failed to start ({exc}): {' | '.join(tail) or 'no output'}") from exc
        if header.get("op") != "ready":
            self.kill()
            raise SandboxError(f"sandbox worker failed to start: {str(header.get('error', 'unexpected message'))[:300]}")
        self.startup_s = float(header.get("startup_s", 0.0))

    def request(self, header: dict[str, Any], blob: bytes, deadline: float, max_output: int) -> tuple[dict[str, Any], bytes]:
        protocol.write_frame(self.in_fd, header, blob)
        reply, out = protocol.read_frame(self.out_fd, max_json=max_output + _MiB, max_blob=max_output, deadline=deadline)
        status = reply.pop("renderer", None)  # the renderer's kernel layers, once it has answered
        if isinstance(status, dict):
            self.renderer_status = status
        return reply, out

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        with contextlib.suppress(OSError):
            self.proc.stdin.close()  # type: ignore[union-attr]
        with contextlib.suppress(OSError):
            self.proc.stdout.close()  # type: ignore[union-attr]
        self.proc.wait()


class Sandbox:
    """Runs untrusted chart code (`def plot(data) -> alt.Chart`) in warm, locked-down worker processes.

    Workers start lazily on first use; `startup_s` reports what that cost. `run`, `render` and `marks` are
    thread-safe: each call borrows one idle worker. A worker that misbehaves is killed and replaced.
    Every spec a worker hands back is checked here (depth, size, URLs) before anything walks it, and no
    failure of that post-processing escapes `run`: it becomes a failed ExecResult."""

    def __init__(
        self,
        workers: int = 2,
        timeout: float = 20.0,
        memory_mb: int = 2048,
        max_output_mb: int = 64,
        max_stdout_chars: int = 20_000,
        precheck: bool = True,
        start_timeout: float = 120.0,
        allow_weak: bool | None = None,
    ) -> None:
        if workers < 1:
            raise SandboxError("a sandbox needs at least one worker")
        if timeout <= 0 or memory_mb < 64:
            raise SandboxError("sandbox timeout must be positive and memory_mb at least 64")
        self.workers, self.timeout, self.memory_mb = workers, float(timeout), int(memory_mb)
        self.max_output = int(max_output_mb) * _MiB
        self.max_stdout = int(max_stdout_chars)
        self.precheck = precheck
        self.start_timeout = start_timeout
        self.allow_weak = allow_weak  # run without Landlock/seccomp? None: LIDA_ALLOW_WEAK_SANDBOX decides
        self.startup_s: float | None = None
        self._lock = threading.Lock()
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._home: str | None = None
        self._closed = False
        self._replace_error: SandboxError | None = None

    # -- lifecycle -------------------------------------------------------------------------------

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def start(self) -> float:
        """Start the workers now (otherwise the first run does) and return the seconds it took."""
        with self._lock:
            if self._closed:
                raise SandboxError("the sandbox is closed")
            if self.startup_s is not None:
                return self.startup_s
            layers.require_strong(self.allow_weak)  # one line, before any chart code can run
            began = time.perf_counter()
            self._home = tempfile.mkdtemp(prefix="lida-sandbox-")
            started = [self._spawn() for _ in range(self.workers)]
            deadline = time.monotonic() + self.start_timeout
            try:
                for worker in started:
                    worker.wait_ready(deadline)
            except SandboxError:
                for worker in started:
                    self._discard(worker)
                raise
            for worker in started:
                self._idle.put(worker)
            self.startup_s = time.perf_counter() - began
            return self.startup_s

    def close(self) -> None:
        """Kill every worker (and any run process) and remove the workers' home directory."""
        with self._lock:
            self._closed = True
            workers, self._all = list(self._all), set()
        for worker in workers:
            worker.kill()
        if self._home:
            shutil.rmtree(self._home, ignore_errors=True)

    @property
    def closed(self) -> bool:
        """True once close() was called (renderers fall back to a one-off process then)."""
        return self._closed

    def renderer_layers(self) -> list[dict[str, Any]]:
        """Kernel layers each worker's renderer got ({"landlock_abi": 7, "seccomp": True}), for the
        workers whose renderer has answered a request (render or marks one spec first to be sure)."""
        with self._lock:
            return [{k: w.renderer_status.get(k) for k in ("landlock_abi", "seccomp")} for w in self._all
                    if w.renderer_status]  # fmt: skip

    def worker_pids(self) -> list[int]:
        """Process ids of the live workers (for health checks and tests)."""
        with self._lock:
            return sorted(w.pid for w in self._all)

    def _spawn(self) -> _Worker:
        assert self._home is not None
        fd, stderr_path = tempfile.mkstemp(prefix="worker-", suffix=".log", dir=self._home)
        os.close(fd)
        worker = _Worker(self._home, stderr_path, self.memory_mb)
        self._all.add(worker)
        return worker

    def _discard(self, worker: _Worker) -> None:
        worker.kill()
        with self._lock:
            self._all.discard(worker)

    def _replace(self, worker: _Worker) -> None:
        """Kill a worker and start its replacement in the background (the caller gets its answer now)."""
        self._discard(worker)

        def start_one() -> None:
            with self._lock:
                if self._closed:
                    return
                new = self._spawn()
            try:
                new.wait_ready(time.monotonic() + self.start_timeout)
            except SandboxError as exc:
                self._replace_error = exc
                with self._lock:
                    self._all.discard(new)
                return
            with self._lock:
                closed = self._closed
            if closed:
                new.kill()
            else:
                self._idle.put(new)

        threading.Thread(target=start_one, name="sandbox-replace", daemon=True).start()

    def _borrow(self) -> _Worker:
        self.start()
        while True:
            try:
                return self._idle.get(timeout=1.0)
            except queue.Empty:
                with self._lock:
                    closed, alive = self._closed, len(self._all)
                if closed:
                    raise SandboxError("the sandbox is closed") from None
                if alive == 0 and self._replace_error is not None:
                    raise SandboxError(f"no sandbox worker is left: {self._replace_error}") from None

    # -- requests --------------------------------------------------------------------------------

    def _call(self, header: dict[str, Any], blob: bytes, budget: float) -> tuple[dict[str, Any] | None, bytes, ExecError | None]:
        worker = self._borrow()
        try:
            reply, out = worker.request(header, blob, time.monotonic() + budget, self.max_output)
        except protocol.Deadline:
            self._replace(worker)
            return None, b"", ExecError("Timeout", f"the sandbox worker did not answer within {budget:g} s and was killed", blocked=True)
        except (protocol.ProtocolError, OSError) as exc:
            self._replace(worker)
            return None, b"", ExecError("WorkerCrashed", f"the sandbox worker failed: {exc}", blocked=True)
        self._idle.put(worker)
        return reply, out, None

    def run(
        self,
        code: str,
        data: Any,
        render: RenderFormat | tuple[RenderFormat, ...] | None = None,
        scale: float = 1.0,
    ) -> ExecResult:
        """Run `code` (a module defining plot(data)) on `data` in a worker; optionally render PNG/SVG."""
        began = time.perf_counter()
        formats = _formats(render)
        if self.precheck:
            problem = run_precheck(code)
            if problem is not None:
                return ExecResult(ok=False, error=problem, duration_s=time.perf_counter() - began)
        limits = {"timeout": self.timeout, "memory_mb": self.memory_mb, "max_output": self.max_output,
                  "max_stdout": self.max_stdout}  # fmt: skip
        header = {"op": "run", "code": code, "limits": limits, "render": formats, "scale": _scale(scale)}
        self.start()  # lazy start; its cost is in startup_s, not in this run's duration
        began = time.perf_counter()
        blob = pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL)
        # the run, then pre-aggregation of large data under the same time budget, then the render
        budget = 2 * self.timeout + 10.0 + _RENDERER_RESTART_S + (max(30.0, self.timeout) if formats else 0.0)
        reply, out, error = self._call(header, blob, budget)
        return _guarded(lambda: _result(reply, out, error, time.perf_counter() - began, self.max_stdout), began)

    def render(self, spec: dict[str, Any], fmt: RenderFormat | tuple[RenderFormat, ...] = "png", scale: float = 1.0) -> ExecResult:
        """Render an already-known Vega-Lite spec (png, svg) in a worker's locked-down renderer.
        Specs that would load anything but data: URIs, or ask for too much work, are refused."""
        began = time.perf_counter()
        if not isinstance(spec, dict):
            raise SandboxError("render() needs a Vega-Lite spec as a dict")
        found = specguard.problem(spec)
        if found is not None:
            return ExecResult(ok=False, error=found.error(), duration_s=time.perf_counter() - began)
        header = {"op": "render", "spec": spec, "render": _formats(fmt), "scale": _scale(scale),
                  "budget": max(30.0, self.timeout), "max_output": self.max_output}  # fmt: skip
        reply, png, error = self._call(header, b"", max(30.0, self.timeout) + 10.0 + _RENDERER_RESTART_S)

        def build() -> ExecResult:
            result = _result(reply, png, error, time.perf_counter() - began, self.max_stdout)
            if result.ok:
                result.spec = spec
            return result

        return _guarded(build, began)

    def marks(self, spec: dict[str, Any]) -> dict[str, Any]:
        """Render the spec to a Vega scenegraph in a worker's renderer and count its marks:
        {"ok": True, "groups": ..., "items": ...} or {"ok": False, "error": {...}}."""
        if not isinstance(spec, dict):
            raise SandboxError("marks() needs a Vega-Lite spec as a dict")
        found = specguard.problem(spec)
        if found is not None:
            return {"ok": False, "error": found.error().to_dict()}
        header = {"op": "marks", "spec": spec, "budget": max(30.0, self.timeout), "max_output": _MiB}
        reply, _, error = self._call(header, b"", max(30.0, self.timeout) + 10.0 + _RENDERER_RESTART_S)
        if reply is None:
            return {"ok": False, "error": (error or ExecError("WorkerError", "no answer")).to_dict()}
        return {"ok": bool(reply.get("ok")), "groups": _int(reply.get("groups")), "items": _int(reply.get("items")),
                "error": reply.get("error") if isinstance(reply.get("error"), dict) else None}  # fmt: skip


def _int(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else 0


def _guarded(build: Any, began: float) -> ExecResult:
    """Host post-processing of a worker's answer; any failure in it is a failed result, never a raise."""
    try:
        result = build()
    except Exception as exc:  # RecursionError, MemoryError on absurd input, a bug: the caller gets a result
        error = ExecError("HostError", f"the chart's result could not be processed: {type(exc).__name__}: "
                          f"{str(exc)[:300]}", blocked=True)  # fmt: skip
        return ExecResult(ok=False, error=error, duration_s=time.perf_counter() - began)
    if not isinstance(result, ExecResult):
        return ExecResult(ok=False, error=ExecError("HostError", "no result"), duration_s=time.perf_counter() - began)
    return result


def _formats(render: str | tuple[str, ...] | list[str] | None) -> list[str]:
    if render is None:
        return []
    formats = [render] if isinstance(render, str) else list(render)
    bad = [f for f in formats if f not in ("png", "svg")]
    if bad:
        raise SandboxError(f"unknown render format {bad[0]!r} (use 'png' or 'svg')")
    return formats


def _scale(scale: float) -> float:
    if not 0 < float(scale) <= 8:
        raise SandboxError("render scale must be in (0, 8]")
    return float(scale)


def _result(reply: dict[str, Any] | None, png: bytes, error: ExecError | None, duration: float, max_stdout: int) -> ExecResult:
    """Build the typed result from a worker's JSON, trusting none of its types. A spec too deep or too
    large to walk safely, or one that would load URLs, fails the result here, before anyone walks it."""
    if reply is None:
        return ExecResult(ok=False, error=error, duration_s=duration)
    raw_error = reply.get("error")
    err = ExecError.from_dict(raw_error) if isinstance(raw_error, dict) else None
    raw_spec, raw_svg, raw_stdout = reply.get("spec"), reply.get("svg"), reply.get("stdout")
    spec = raw_spec if isinstance(raw_spec, dict) else None
    ok = bool(reply.get("ok")) and err is None
    svg = raw_svg if isinstance(raw_svg, str) else None
    stdout = raw_stdout if isinstance(raw_stdout, str) else ""
    raw_notes = reply.get("notes")
    notes = [str(n)[:500] for n in raw_notes[:20]] if isinstance(raw_notes, list) else []
    if not ok and err is None:
        err = ExecError("WorkerError", "the worker reported a failure without details")
    if ok and spec is not None:
        found = specguard.problem(spec)
        if found is not None:
            ok, err = False, found.error()
    return ExecResult(
        ok=ok,
        spec=spec if ok else None,
        png=png if ok and reply.get("png") else None,
        svg=svg if ok else None,
        stdout=stdout[: max_stdout + 100],
        error=err,
        duration_s=duration,
        notes=notes if ok else [],
    )
