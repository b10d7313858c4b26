"""The warm worker process ("zygote") and the run process it forks for each chart.

The worker pre-imports pandas/altair/numpy and warms them, then serves requests from the host over
stdin/stdout. It never runs chart code itself: each run is forked into a fresh process that drops to
rlimits, kernel rules and the audit hook, runs the code, sends back JSON and exits. Rendering and the
pre-aggregation of large chart data happen in the worker's renderer (renderer.py), a process locked down
like a run process, under the chart's time and memory budget; the worker enforces every deadline."""

from __future__ import annotations

import contextlib
import json
import math
import os
import pickle
import resource
import signal
import sys
import time
import traceback
import warnings
from dataclasses import dataclass
from typing import Any

import lida.sandbox.guard as guard
import lida.sandbox.kernel as kernel
import lida.sandbox.policy as policy
import lida.sandbox.protocol as protocol
import lida.sandbox.specguard as specguard
import lida.sandbox.tables as tables
from lida.sandbox.renderer import RendererGone, RendererProcess
from lida.sandbox.result import ExecError

_MiB = 1 << 20
#: Seconds a render may take (on top of the chart's own time budget).
RENDER_SECONDS = 30.0


@dataclass(frozen=True)
class WorkerContext:
    """What a worker sets up once for all its runs."""

    roots: tuple[str, ...]  # directories run processes may read
    devnull: int  # opened before the worker is locked down


class RendererSlot:
    """The worker's renderer: started with the worker, replaced after it dies or overruns."""

    def __init__(self, home: str, memory_mb: int) -> None:
        self.home, self.memory_mb = home, memory_mb
        self.log = os.path.join(home, f"renderer-{os.getpid()}.log")
        self.proc = RendererProcess(home, memory_mb, self.log)

    def request(self, header: dict[str, Any], blob: bytes, budget: float, max_output: int) -> tuple[dict[str, Any], bytes]:
        """One request; on any failure the renderer is replaced and the error says what happened."""
        try:
            reply, out = self.proc.request({**header, "memory_mb": self.memory_mb}, blob, budget, max_output)
        except RendererGone as exc:
            self.proc = RendererProcess(self.home, self.memory_mb, self.log)  # starts now, waited for on next use
            kind = "Timeout" if "longer than" in str(exc) or "CPU time" in str(exc) else "RenderError"
            return {"ok": False, "error": ExecError(kind, f"the renderer {exc}", blocked=True).to_dict()}, b""
        if reply.pop("poisoned", False):  # an engine panicked; that renderer has exited after answering
            self.proc.kill()
            self.proc = RendererProcess(self.home, self.memory_mb, self.log)
        return reply, out

    def close(self) -> None:
        self.proc.kill()


@dataclass
class Limits:
    timeout: float
    memory_mb: int
    max_output: int
    max_stdout: int


class _CappedText:
    """A sys.stdout stand-in that keeps the first `cap` characters and drops the rest."""

    def __init__(self, cap: int) -> None:
        self.cap, self.size, self.truncated = cap, 0, False
        self.parts: list[str] = []

    def write(self, text: str) -> int:
        text = str(text)
        room = self.cap - self.size
        if room > 0:
            self.parts.append(text[:room])
            self.size += min(room, len(text))
        if len(text) > room:
            self.truncated = True
        return len(text)

    def flush(self) -> None:
        return None

    def getvalue(self) -> str:
        return "".join(self.parts) + ("\n[output truncated]" if self.truncated else "")


def _user_traceback(exc: BaseException, code: str) -> tuple[int | None, str]:
    """The line in chart code where `exc` happened and a traceback limited to chart-code frames."""
    lines = code.splitlines()
    # lookup_lines=False: reading library sources through linecache would trip the audit hook
    summary = traceback.StackSummary.extract(traceback.walk_tb(exc.__traceback__), lookup_lines=False)
    frames = [f for f in summary if f.filename == guard.USER_FILENAME]
    excerpt = []
    for f in frames:
        source = lines[f.lineno - 1].strip() if f.lineno and 0 < f.lineno <= len(lines) else ""
        excerpt.append(f"  line {f.lineno}, in {f.name}\n    {source}")
    line = frames[-1].lineno if frames else None
    if isinstance(exc, SyntaxError) and exc.filename == guard.USER_FILENAME:
        line = exc.lineno
    return line, "\n".join(excerpt)


def _safe_text(fn: Any, limit: int = 2000) -> str:
    try:
        text = str(fn())
    except BaseException:  # the exception's own __str__ is chart code and may misbehave
        text = "<unprintable>"
    return text[:limit]


class _Refused(Exception):
    """The chart's spec failed a specguard check (our code raises it, not chart code)."""

    def __init__(self, problem: specguard.Problem) -> None:
        super().__init__(problem.reason)
        self.problem = problem


def _chart_to_spec(chart: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """The chart's spec, with every large frame swapped for a named reference, and those frames as Arrow."""
    import altair as alt

    if not isinstance(chart, alt.TopLevelMixin):
        raise TypeError(f"plot() returned {type(chart).__name__}, expected an Altair chart")
    # small frames inline with all rows (no MaxRowsError, whatever the chart code set); large ones as Arrow
    with alt.data_transformers.enable("default", max_rows=None):
        collector = tables.Collector(inline=alt.data_transformers.get())
    alt.data_transformers.register("lida-arrow", collector)
    with alt.data_transformers.enable("lida-arrow"):
        spec = chart.to_dict()
    if not isinstance(spec, dict):
        raise TypeError("the chart did not serialize to a JSON object")
    return spec, collector.tables


def _run_user_code(code: Any, source: str, data: Any, limits: Limits) -> tuple[dict[str, Any], bytes]:
    out = _CappedText(limits.max_stdout)
    blob = b""
    sys.stdout = sys.stderr = out
    result: dict[str, Any] = {"ok": False, "spec": None, "error": None}
    try:
        env: dict[str, Any] = {"__builtins__": guard.safe_builtins(), "__name__": "chart"}
        exec(code, env)
        plot = env.get("plot")
        if not callable(plot):
            raise NameError("the code does not define a function plot(data)")
        spec, shipped = _chart_to_spec(plot(data))
        found = specguard.problem(spec, limits.memory_mb, shipped)
        if found is not None:
            raise _Refused(found)
        text = json.dumps(spec, allow_nan=False)
        if len(text) > limits.max_output:
            raise OverflowError(
                f"chart spec is {len(text) // _MiB} MiB, over the {limits.max_output // _MiB} MiB cap"
            )
        if shipped:
            meta, blob = tables.encode(shipped)
            if len(blob) > limits.max_output:
                raise OverflowError(f"chart data is {len(blob) // _MiB} MiB as Arrow, over the {limits.max_output // _MiB} MiB cap")
            result["tables"] = meta
        result.update(ok=True, spec=spec)
    except guard.Blocked as exc:
        line, tb = _user_traceback(exc, source)
        result["error"] = ExecError("Blocked", str(exc), line, tb, blocked=True).to_dict()
    except _Refused as exc:
        result["error"] = exc.problem.error().to_dict()
    except MemoryError as exc:
        line, tb = _user_traceback(exc, source)
        msg = f"memory limit of {limits.memory_mb} MiB exceeded"
        result["error"] = ExecError("MemoryLimit", msg, line, tb, blocked=True).to_dict()
    except OverflowError as exc:
        line, tb = _user_traceback(exc, source)
        result["error"] = ExecError("OutputTooLarge", _safe_text(exc.__str__), line, tb, blocked=True).to_dict()
    except BaseException as exc:
        line, tb = _user_traceback(exc, source)
        kind = type(exc)
        name = _safe_text(lambda: kind.__name__, 100)
        result["error"] = ExecError(name, _safe_text(exc.__str__), line, tb).to_dict()
    result["stdout"] = out.getvalue()
    if not result["ok"]:
        result.pop("tables", None)
        blob = b""
    return result, blob


def _vm_size() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")


def _child(code: Any, source: str, data: Any, limits: Limits, result_fd: int, ctx: WorkerContext) -> None:
    """Runs in the forked process: lock down, run chart code, write one JSON frame, exit."""
    for fd in (0, 1, 2):
        os.dup2(ctx.devnull, fd)
    os.closerange(3, result_fd)
    os.closerange(result_fd + 1, 65536)
    cpu = max(1, math.ceil(limits.timeout)) + 1
    # relative to what the fork inherited (the worker's JS engine reservations are not inherited)
    address_space = _vm_size() + limits.memory_mb * _MiB
    for res, value in (
        (resource.RLIMIT_CPU, (cpu, cpu + 1)),
        (resource.RLIMIT_AS, (address_space, address_space)),
        (resource.RLIMIT_FSIZE, (0, 0)),
        (resource.RLIMIT_CORE, (0, 0)),
        (resource.RLIMIT_NPROC, (0, 0)),
        (resource.RLIMIT_NOFILE, (64, 64)),
    ):
        resource.setrlimit(res, value)
    warnings.simplefilter("ignore")
    kernel.lock_down_run(ctx.roots)
    guard.install_audit_hook(ctx.roots, result_fd, source)  # a refusal writes its own result and exits
    try:
        frame = protocol.encode(*_run_user_code(code, source, data, limits))
    except BaseException as exc:  # the result itself could not be built or serialized
        kind = "Blocked" if isinstance(exc, guard.Blocked) else "SpecError"
        error = ExecError(kind, f"chart output could not be returned: {_safe_text(exc.__str__, 500)}",
                          blocked=kind == "Blocked")  # fmt: skip
        frame = protocol.encode({"ok": False, "spec": None, "error": error.to_dict(), "stdout": ""})
    view = memoryview(frame)
    while view:
        view = view[os.write(result_fd, view) :]


def _describe_exit(status: int, limits: Limits) -> ExecError:
    if os.WIFEXITED(status) and os.WEXITSTATUS(status) == guard.REFUSED_EXIT:
        return ExecError("Blocked", "blocked by the sandbox: a refused operation ended the run", blocked=True)
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        if sig == signal.SIGXCPU:
            return ExecError("CpuLimit", f"CPU time limit of {math.ceil(limits.timeout) + 1} s exceeded", blocked=True)
        if sig == signal.SIGXFSZ:
            return ExecError("Blocked", "blocked by the sandbox: file write (file size limit 0)", blocked=True)
        if sig == signal.SIGSYS:
            return ExecError("Blocked", "blocked by the sandbox: forbidden system call", blocked=True)
        if sig in (signal.SIGKILL, signal.SIGSEGV, signal.SIGABRT, signal.SIGBUS):
            return ExecError("Crashed", f"the run process died with {signal.Signals(sig).name} "
                             f"(often the {limits.memory_mb} MiB memory limit)", blocked=True)  # fmt: skip
        return ExecError("Crashed", f"the run process died with signal {sig}", blocked=True)
    return ExecError("Crashed", f"the run process exited with code {os.waitstatus_to_exitcode(status)} "
                     "without a result", blocked=True)  # fmt: skip


def _reap(pid: int, deadline: float) -> int:
    """Wait for the run process until `deadline`, then kill it; return its wait status."""
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return status
        if time.monotonic() >= deadline:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            return os.waitpid(pid, 0)[1]
        time.sleep(0.005)


def run_forked(source: str, data: Any, limits: Limits, ctx: WorkerContext) -> tuple[dict[str, Any], bytes]:
    """Run chart code in a fresh forked process; return its JSON result (or a structured failure) and
    the Arrow tables it shipped (empty for small charts)."""
    try:
        code = compile(source, guard.USER_FILENAME, "exec", dont_inherit=True)  # no postponed annotations
    except (SyntaxError, ValueError) as exc:
        line = exc.lineno if isinstance(exc, SyntaxError) else None
        msg = exc.msg if isinstance(exc, SyntaxError) else str(exc)
        return {"ok": False, "spec": None, "stdout": "", "error": ExecError("SyntaxError", msg, line).to_dict()}, b""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the run process: never returns
        try:
            os.close(read_fd)
            _child(code, source, data, limits, write_fd, ctx)
        except BaseException as exc:  # the sandbox's own set-up failed: say so rather than die silently
            failure = ExecError("SandboxError", f"run process set-up failed: {_safe_text(exc.__str__, 500)}")
            with contextlib.suppress(BaseException):
                protocol.write_frame(write_fd, {"ok": False, "spec": None, "stdout": "", "error": failure.to_dict()})
            os._exit(70)
        finally:
            os._exit(0)
    os.close(write_fd)
    deadline = time.monotonic() + limits.timeout
    error: ExecError | None = None
    header: dict[str, Any] = {}
    blob = b""
    reaped = False
    try:
        header, blob = protocol.read_frame(
            read_fd, max_json=limits.max_output + _MiB, max_blob=limits.max_output, deadline=deadline
        )
    except protocol.Deadline:
        error = ExecError("Timeout", f"chart code ran longer than {limits.timeout:g} s and was killed", blocked=True)
        os.kill(pid, signal.SIGKILL)
    except protocol.PeerClosed:
        error = _describe_exit(_reap(pid, deadline), limits)
        reaped = True
    except protocol.ProtocolError as exc:
        error = ExecError("OutputTooLarge", str(exc), blocked=True)
        os.kill(pid, signal.SIGKILL)
    finally:
        os.close(read_fd)
    if not reaped:  # a result counts only from a run that then exited cleanly (a refusal exits REFUSED_EXIT)
        status = _reap(pid, max(deadline, time.monotonic() + 1.0))
        if error is None and not (os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0):
            error = _describe_exit(status, limits)
            if isinstance(header.get("error"), dict) and error.type == "Blocked":
                error = ExecError.from_dict(header["error"])
    if error is not None:
        return {"ok": False, "spec": None, "stdout": "", "error": error.to_dict()}, b""
    if not header.get("tables"):
        blob = b""
    return header, blob


def _warm_up() -> None:
    """Import and exercise what charts need so run processes find it loaded (fewer lazy imports)."""
    import importlib

    import altair as alt
    import numpy as np
    import pandas as pd

    for name in policy.ALLOWED_IMPORTS:
        importlib.import_module(name)
    frame = pd.DataFrame(
        {"x": np.arange(6), "y": np.linspace(0, 1, 6), "c": list("aabbcc"),
         "t": pd.date_range("2020-01-01", periods=6, freq="D")}
    )  # fmt: skip
    frame.groupby("c").agg({"y": "mean"}).reset_index().melt(id_vars="c")
    list(frame.itertuples())
    frame.pivot_table(index="c", values="y", aggfunc="sum")
    frame["t"].dt.year.value_counts()
    pd.to_datetime(["2020-01-01"])
    pd.cut(frame["y"], 3)
    base = alt.Chart(frame).encode(x="x:Q", y="y:Q", color="c:N")
    chart = (base.mark_line() + base.mark_point()).properties(title="t") | alt.Chart(frame).mark_bar().encode(
        x=alt.X("c:N", sort="-y"), y="sum(y):Q", tooltip=["c", "y"]
    ).transform_filter(alt.datum.y > 0).interactive()
    spec = chart.to_dict()
    json.dumps(spec)
    big = pd.concat([frame] * (tables.ARROW_MIN_ROWS // len(frame) + 1), ignore_index=True)
    big["c"] = big["c"].astype("category")
    tables.decode(*tables.encode(_chart_to_spec(alt.Chart(big).mark_point().encode(x="x:Q"))[1]))
    warm = alt.Chart(big).transform_fold(["x", "y"]).mark_point().encode(x="value:Q")
    warm_spec, warm_tables = _chart_to_spec(warm)
    specguard.problem(warm_spec, 2048, warm_tables)
    # Altair reaches narwhals' plugin discovery on some paths; it scans every package's entry points
    # (reading metadata files outside the allowed roots, e.g. an editable install's egg-info). Its
    # result is cached, so discovering here, before the lock-down, keeps those reads out of run processes.
    from narwhals import plugins

    discover = getattr(plugins, "_discover_entrypoints", None)
    if callable(discover):
        discover()


def serve(in_fd: int, out_fd: int, memory_mb: int = 2048) -> None:
    started = time.perf_counter()
    sys.dont_write_bytecode = True
    # the renderer warms up alongside this worker and the first chart's run; the first request that
    # needs it waits for it (and reports its start-up failure, if any)
    renderer = RendererSlot(os.getcwd(), memory_mb)
    _warm_up()
    roots = guard.read_roots()
    ctx = WorkerContext(roots, os.open(os.devnull, os.O_RDWR))
    protocol.write_frame(out_fd, {"op": "ready", "pid": os.getpid(), "startup_s": time.perf_counter() - started})
    try:
        while True:
            try:
                request, blob = protocol.read_frame(in_fd, max_json=1 << 30, max_blob=(1 << 32) - 1)
            except protocol.PeerClosed:
                return
            reply, out_blob = _handle(request, blob, ctx, renderer)
            if renderer.proc.ready:
                reply["renderer"] = renderer.proc.status  # its kernel layers, for health reports
            protocol.write_frame(out_fd, reply, out_blob)
    finally:
        renderer.close()


def _finish(reply: dict[str, Any], drawn: dict[str, Any], png: bytes) -> tuple[dict[str, Any], bytes]:
    """The run's reply with the renderer's answer merged in (its spec, notes and images, or its error)."""
    if not drawn.get("ok"):
        reply.update(ok=False, spec=None, error=drawn.get("error") or ExecError("RenderError", "no details").to_dict())
        return reply, b""
    for key in ("spec", "notes", "svg", "png"):
        if key in drawn:
            reply[key] = drawn[key]
    reply.pop("tables", None)
    return reply, png


def _handle(request: dict[str, Any], blob: bytes, ctx: WorkerContext, renderer: RendererSlot) -> tuple[dict[str, Any], bytes]:
    op = request.get("op")
    started = time.perf_counter()
    formats = [str(f) for f in request.get("render") or []]
    scale = float(request.get("scale", 1.0))
    if op == "run":
        limits = Limits(**request["limits"])
        data = pickle.loads(blob)  # from the host, which is trusted; never the other way round
        reply, shipped = run_forked(str(request["code"]), data, limits, ctx)
        out = b""
        shape = specguard.shape_problem(reply.get("spec")) if reply.get("ok") else None
        if shape:  # the run process checks this too; the worker re-encodes the spec, so it checks again
            reply.update(ok=False, spec=None, error=specguard.Problem("SpecTooLarge", shape).error().to_dict())
            shipped = b""
        if reply.get("ok") and shipped:  # pre-aggregate in the renderer, under the chart's own budget
            budget = limits.timeout + (RENDER_SECONDS if formats else 0.0)
            header = {"op": "reduce", "spec": reply["spec"], "tables": reply.get("tables"), "render": formats,
                      "scale": scale}  # fmt: skip
            reply, out = _finish(reply, *renderer.request(header, shipped, budget, limits.max_output))
        elif reply.get("ok") and formats:
            header = {"op": "render", "spec": reply["spec"], "render": formats, "scale": scale}
            reply, out = _finish(reply, *renderer.request(header, b"", RENDER_SECONDS, limits.max_output))
        reply["duration_s"] = time.perf_counter() - started
        return reply, out
    if op in ("render", "marks"):
        max_output = int(request.get("max_output", 64 * _MiB))
        header = {"op": op, "spec": request.get("spec"), "render": formats, "scale": scale}
        reply, out = renderer.request(header, b"", float(request.get("budget", RENDER_SECONDS)), max_output)
        return {**reply, "duration_s": time.perf_counter() - started}, out
    if op == "ping":
        return {"ok": True}, b""
    return {"ok": False, "error": ExecError("ProtocolError", f"unknown op {op!r}").to_dict()}, b""


def main(memory_mb: int = 2048) -> None:
    """Entry point of a worker process started by the host."""
    in_fd, out_fd = os.dup(0), os.dup(1)  # protocol pipes; stray prints go to /dev/null
    devnull = os.open(os.devnull, os.O_RDWR)
    os.dup2(devnull, 0)
    os.dup2(devnull, 1)
    serve(in_fd, out_fd, memory_mb)
