"""The renderer: a long-lived process that renders Vega-Lite and pre-aggregates large chart data with the
network and the filesystem shut.

Why its own process: vl-convert and VegaFusion run their engines on threads of their own. Landlock and
seccomp bind only the thread that installs them and the threads it starts later, and engine threads do
not survive a fork, so neither the warm worker (which must keep its freedom to fork run processes) nor a
forked run process can host them. The renderer is a fresh interpreter that imports the engines, locks
itself down with the run process's own kernel rules (kernel.lock_down_run), and only then starts them.
Its owner (a worker, or the host for a one-off render) caps its address space and CPU time per request
from outside with prlimit, and kills and replaces it when a request overruns.

Every spec is checked (specguard) before it is rendered or evaluated, so a spec that would load a URL or
ask for too much work is refused with a reason; the locked-down process is what holds if a check misses."""

from __future__ import annotations

import contextlib
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import lida.sandbox.protocol as protocol
import lida.sandbox.specguard as specguard
from lida.errors import SandboxError
from lida.sandbox.result import ExecError, ExecResult

_MiB = 1 << 20
_PACKAGE_ROOT = str(Path(__file__).resolve().parents[2])
_FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", "/etc/fonts")
#: Largest render side in pixels (a 100,000 px wide PNG is gigabytes of pixels).
MAX_SIDE_PX = 8000
FORMATS = ("png", "svg")
#: Seconds a renderer may take to start (engines warm-up included) on a loaded machine.
START_TIMEOUT = 120.0


class RendererGone(SandboxError):
    """The renderer died, overran its deadline or answered garbage; it has been killed."""


def _vm_size(pid: int) -> int:
    with open(f"/proc/{pid}/statm") as statm:
        return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")


def _cpu_seconds(pid: int) -> float:
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class RendererProcess:
    """One renderer and its pipes, owned by one thread (a worker, or a one-off host render)."""

    def __init__(self, home: str, memory_mb: int, stderr_path: str | None = None) -> None:
        from lida.sandbox.pool import worker_env

        boot = f"import sys; sys.path.insert(0, {_PACKAGE_ROOT!r}); from lida.sandbox.renderer import main; main()"
        env = {**worker_env(home), "MALLOC_ARENA_MAX": "2"}
        self.memory_mb = memory_mb
        with open(stderr_path or os.devnull, "ab") as err:
            self.proc = subprocess.Popen(
                [sys.executable, "-I", "-c", boot], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=err,
                env=env, cwd=home,
            )  # fmt: skip
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.in_fd, self.out_fd = self.proc.stdin.fileno(), self.proc.stdout.fileno()
        self.ready = False
        self.status: dict[str, Any] = {}

    def wait_ready(self, deadline: float) -> None:
        """Wait for the renderer's ready message, then cap its address space at what its engines
        reserved plus the memory budget (from outside: it cannot call setrlimit any more)."""
        if self.ready:
            return
        try:
            header, _ = protocol.read_frame(self.out_fd, max_json=_MiB, max_blob=0, deadline=deadline)
        except protocol.ProtocolError as exc:
            self.kill()
            raise RendererGone(f"the renderer failed to start ({exc})") from exc
        if header.get("op") != "ready":
            self.kill()
            raise RendererGone(f"the renderer failed to start: {str(header.get('error'))[:300]}")
        limit = _vm_size(self.proc.pid) + self.memory_mb * _MiB
        resource.prlimit(self.proc.pid, resource.RLIMIT_AS, (limit, limit))
        self.status = header
        self.ready = True

    def request(self, header: dict[str, Any], blob: bytes, budget: float, max_output: int) -> tuple[dict[str, Any], bytes]:
        """One request; the renderer gets `budget` seconds of wall and CPU time. Raises RendererGone
        (having killed it) on a miss, a crash or a malformed answer."""
        try:
            self.wait_ready(time.monotonic() + START_TIMEOUT)  # a replacement may still be starting
            deadline = time.monotonic() + budget
            # soft limit only: an unprivileged owner may raise it again for the next request (SIGXCPU kills)
            cpu = int(_cpu_seconds(self.proc.pid) + budget) + 1
            resource.prlimit(self.proc.pid, resource.RLIMIT_CPU, (cpu, resource.RLIM_INFINITY))
            protocol.write_frame(self.in_fd, header, blob)
            return protocol.read_frame(self.out_fd, max_json=max_output + _MiB, max_blob=max_output, deadline=deadline)
        except protocol.Deadline as exc:
            self.kill()
            raise RendererGone(f"took longer than {budget:g} s and was stopped") from exc
        except (protocol.ProtocolError, OSError) as exc:
            self.kill()
            raise RendererGone(self._death(exc)) from exc

    def _death(self, exc: BaseException) -> str:
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(timeout=1.0)
        code = self.proc.returncode
        if code is not None and code < 0:
            sig = -code
            if sig == signal.SIGXCPU:
                return "ran out of its CPU time budget and was stopped"
            if sig in (signal.SIGKILL, signal.SIGSEGV, signal.SIGABRT, signal.SIGBUS, signal.SIGTRAP):
                return f"died with {signal.Signals(sig).name} (often the {self.memory_mb} MiB memory limit)"
            return f"died with signal {sig}"
        return f"failed: {exc}"

    def kill(self) -> None:
        self.ready = False
        with contextlib.suppress(ProcessLookupError):
            self.proc.kill()
        for stream in (self.proc.stdin, self.proc.stdout):
            with contextlib.suppress(OSError):
                stream.close()  # type: ignore[union-attr]
        self.proc.wait()


def reply_to_result(reply: dict[str, Any], png: bytes, spec: dict[str, Any] | None, began: float) -> ExecResult:
    """A renderer's answer as a typed result, trusting none of its types."""
    raw_error = reply.get("error")
    err = ExecError.from_dict(raw_error) if isinstance(raw_error, dict) else None
    ok = bool(reply.get("ok")) and err is None
    if not ok:
        return ExecResult(ok=False, error=err or ExecError("RenderError", "the renderer failed without details"),
                          duration_s=time.perf_counter() - began)  # fmt: skip
    svg = reply.get("svg")
    return ExecResult(ok=True, spec=spec, png=png if reply.get("png") else None, svg=svg if isinstance(svg, str) else None,
                      duration_s=time.perf_counter() - began)  # fmt: skip


def render_once(spec: dict[str, Any], formats: tuple[str, ...], scale: float = 1.0, memory_mb: int = 2048,
                timeout: float = 60.0) -> ExecResult:  # fmt: skip
    """Render without a Sandbox: start a renderer for this one spec, then stop it (about a second)."""
    began = time.perf_counter()
    found = specguard.problem(spec)
    if found:
        return ExecResult(ok=False, error=found.error())
    home = tempfile.mkdtemp(prefix="lida-render-")
    proc = RendererProcess(home, memory_mb)
    try:
        reply, png = proc.request({"op": "render", "spec": spec, "render": list(formats), "scale": scale},
                                  b"", timeout, 64 * _MiB)  # fmt: skip
    except RendererGone as exc:
        return ExecResult(ok=False, error=ExecError("RenderError", f"the renderer {exc}", blocked=True),
                          duration_s=time.perf_counter() - began)  # fmt: skip
    finally:
        proc.kill()
        shutil.rmtree(home, ignore_errors=True)
    return reply_to_result(reply, png, spec, began)


def marks_once(spec: dict[str, Any], timeout: float = 60.0) -> dict[str, Any]:
    """The renderer's mark count for one spec, without a Sandbox (see Sandbox.marks)."""
    found = specguard.problem(spec)
    if found:
        return {"ok": False, "error": found.error().to_dict()}
    home = tempfile.mkdtemp(prefix="lida-render-")
    proc = RendererProcess(home, 2048)
    try:
        reply, _ = proc.request({"op": "marks", "spec": spec}, b"", timeout, 64 * _MiB)
    except RendererGone as exc:
        return {"ok": False, "error": ExecError("RenderError", f"the renderer {exc}", blocked=True).to_dict()}
    finally:
        proc.kill()
        shutil.rmtree(home, ignore_errors=True)
    return reply


def render_spec(spec: dict[str, Any], formats: tuple[str, ...], scale: float = 1.0, sandbox: Any = None) -> ExecResult:
    """Render through `sandbox` when it is open, else through a one-off renderer. Never on the host."""
    if sandbox is not None and callable(getattr(sandbox, "render", None)) and not getattr(sandbox, "closed", False):
        return sandbox.render(spec, formats, scale)
    return render_once(spec, formats, scale)


def mark_counts(spec: dict[str, Any], sandbox: Any = None) -> tuple[int, int]:
    """(mark groups, items drawn) of the rendered spec; raises SandboxError with the renderer's reason."""
    if sandbox is not None and callable(getattr(sandbox, "marks", None)) and not getattr(sandbox, "closed", False):
        reply = sandbox.marks(spec)
    else:
        reply = marks_once(spec)
    if not reply.get("ok"):
        raw = reply.get("error")
        raise SandboxError(str(ExecError.from_dict(raw).message if isinstance(raw, dict) else "render failed"))
    return int(reply.get("groups", 0)), int(reply.get("items", 0))


def html_page(spec: dict[str, Any]) -> str:
    """A self-contained HTML page showing the spec with vega-embed. The spec is checked first (it is
    embedded, and a browser would load its URLs); it is escaped so it cannot close the script tag.
    The JavaScript bundle comes from vl-convert without the spec: nothing untrusted runs here."""
    import json

    import vl_convert as vlc

    found = specguard.problem(spec)
    if found is not None:
        raise SandboxError(str(found.error()))
    text = json.dumps(spec, ensure_ascii=True, allow_nan=False, default=str)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    bundle = str(vlc.javascript_bundle(None))  # type: ignore[arg-type]  # None: the default snippet
    return (
        "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"UTF-8\">\n<style>vega-chart.vega-embed{width:100%;display:flex;}"
        f"</style>\n<script type=\"text/javascript\">{bundle}</script>\n</head>\n<body>\n<div id=\"vega-chart\"></div>\n"
        f"<script type=\"text/javascript\">\nvegaEmbed('#vega-chart', {text}, {{\"renderer\": \"svg\"}})"
        ".catch(console.error);\n</script>\n</body>\n</html>\n"
    )


# -- inside the renderer process ------------------------------------------------------------------


def _too_wide(spec: Any) -> str | None:
    stack: list[tuple[str, Any]] = [("spec", spec)]
    while stack:
        path, node = stack.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("datasets", "data", "values"):
                    continue
                too_big = key in ("width", "height") and isinstance(value, int | float) and value > MAX_SIDE_PX
                if too_big:
                    return f"{path}.{key} = {value} px is over the {MAX_SIDE_PX} px render cap"
                stack.append((f"{path}.{key}", value))
        elif isinstance(node, list):
            stack.extend((f"{path}[{i}]", v) for i, v in enumerate(node))
    return None


def _render(spec: dict[str, Any], formats: list[str], scale: float, memory_mb: int) -> tuple[dict[str, Any], bytes]:
    import vl_convert as vlc

    found = specguard.problem(spec, memory_mb)
    if found:
        return {"ok": False, "error": found.error().to_dict()}, b""
    too_wide = _too_wide(spec)
    if too_wide:
        return {"ok": False, "error": ExecError("Blocked", f"blocked by the sandbox: {too_wide}", blocked=True).to_dict()}, b""
    out: dict[str, Any] = {"ok": True}
    png = b""
    for fmt in formats:
        if fmt == "png":
            png = bytes(vlc.vegalite_to_png(spec, scale=scale, allowed_base_urls=[]))
            out["png"] = True
        elif fmt == "svg":
            out["svg"] = str(vlc.vegalite_to_svg(spec, allowed_base_urls=[]))
        else:
            raise ValueError(f"unknown render format {fmt!r} (use one of {', '.join(FORMATS)})")
    return out, png


def count_marks(root: Any) -> tuple[int, int]:
    """(mark groups, items drawn by them) in a Vega scenegraph, walked without recursion."""
    groups = items = 0
    stack = [root]
    while stack:
        node = stack.pop()
        if not isinstance(node, dict):
            continue
        kids = node.get("items") or []
        if node.get("role") == "mark" and node.get("marktype") != "group":
            groups += 1
            # line and area points with undefined positions are kept as items but not drawn
            items += sum(1 for it in kids if isinstance(it, dict) and it.get("defined", True) is not False)
        if isinstance(kids, list):
            stack.extend(kids)
    return groups, items


def _marks(spec: dict[str, Any]) -> dict[str, Any]:
    import vl_convert as vlc

    found = specguard.problem(spec, 2048)
    if found:
        return {"ok": False, "error": found.error().to_dict()}
    try:
        sg = vlc.vegalite_to_scenegraph(spec, allowed_base_urls=[])
    except Exception as exc:  # vl-convert raises plain ValueError/RuntimeError for bad specs
        return {"ok": False, "error": ExecError("RenderError", str(exc).splitlines()[0][:300] if str(exc) else
                                                type(exc).__name__).to_dict()}  # fmt: skip
    groups, items = count_marks(sg.get("scenegraph") if isinstance(sg, dict) else None)
    return {"ok": True, "groups": groups, "items": items}


def _reduce(request: dict[str, Any], blob: bytes) -> tuple[dict[str, Any], bytes]:
    """A chart over shipped Arrow tables: check its work, pre-aggregate or sample, then render if asked."""
    import lida.sandbox.bigdata as bigdata
    import lida.sandbox.tables as tables

    memory_mb = int(request.get("memory_mb", 2048))
    spec = request.get("spec")
    if not isinstance(spec, dict):
        raise tables.TableError("the chart has no spec")
    shipped = tables.decode(request.get("tables"), blob)
    found = specguard.problem(spec, memory_mb, shipped)
    if found:
        return {"ok": False, "error": found.error().to_dict()}, b""
    reduced = bigdata.reduce_spec(spec, shipped)
    formats = [str(f) for f in request.get("render") or []]
    out, png = _render(reduced.spec, formats, float(request.get("scale", 1.0)), memory_mb)
    if out.get("ok"):
        out.update(spec=reduced.spec, notes=reduced.notes)
    return out, png


def _handle(request: dict[str, Any], blob: bytes) -> tuple[dict[str, Any], bytes]:
    op = request.get("op")
    try:
        if op == "render":
            spec = request.get("spec")
            if not isinstance(spec, dict):
                raise ValueError("render needs a spec")
            return _render(spec, [str(f) for f in request.get("render") or []], float(request.get("scale", 1.0)),
                           int(request.get("memory_mb", 2048)))  # fmt: skip
        if op == "reduce":
            return _reduce(request, blob)
        if op == "marks":
            spec = request.get("spec")
            return (_marks(spec) if isinstance(spec, dict) else {"ok": False, "error": {"message": "no spec"}}), b""
        if op == "ping":
            return {"ok": True}, b""
        return {"ok": False, "error": ExecError("ProtocolError", f"unknown op {op!r}").to_dict()}, b""
    except BaseException as exc:  # one bad spec must not stop the renderer
        if isinstance(exc, MemoryError) or isinstance(exc.__cause__, MemoryError):  # pyarrow wraps it
            memory = int(request.get("memory_mb", 2048))
            err = ExecError("MemoryLimit", f"the chart's data needs more than the {memory} MiB memory limit "
                            "to render or pre-aggregate", blocked=True)  # fmt: skip
            return {"ok": False, "error": err.to_dict()}, b""
        err = ExecError("RenderError", f"{type(exc).__name__}: {str(exc)[:500]}")
        if type(exc).__name__ == "PanicException":
            return {"ok": False, "error": err.to_dict(), "poisoned": True}, b""
    return {"ok": False, "error": err.to_dict()}, b""


def _warm_up() -> None:
    """Start the JavaScript engine (after the lock-down, so its threads are bound by it). VegaFusion
    starts on the first large chart (about 0.4 s, also under the lock-down): most charts never need it."""
    spec = {"data": {"values": [{"c": "a", "y": 1}, {"c": "b", "y": 2}]}, "mark": "bar", "title": "t",
            "encoding": {"x": {"field": "c", "type": "nominal"}, "y": {"field": "y", "type": "quantitative"}}}  # fmt: skip
    _render(spec, ["png", "svg"], 1.0, 2048)
    _marks(spec)


def render_roots() -> tuple[str, ...]:
    """What the renderer may read: the run process's roots plus font directories."""
    import lida.sandbox.guard as guard

    return (*guard.read_roots(), *(d for d in _FONT_DIRS if os.path.isdir(d)))


def lock_down() -> Any:
    """Shut this process's network and filesystem for good, before any engine thread exists: the run
    process's Landlock rules and seccomp filter (reads under render_roots() only, no writes, no TCP, no
    new processes), plus no file writes and no core dumps. Returns the kernel layers' status."""
    import lida.sandbox.kernel as kernel

    for res, value in ((resource.RLIMIT_FSIZE, (0, 0)), (resource.RLIMIT_CORE, (0, 0))):
        resource.setrlimit(res, value)
    return kernel.lock_down_run(render_roots(), allow_socketpair=True)


def serve(in_fd: int, out_fd: int) -> None:
    started = time.perf_counter()
    sys.dont_write_bytecode = True
    # the engines' modules are loaded now; their runtimes (threads) start only after the lock-down
    import numpy  # noqa: F401
    import pyarrow.compute
    import pyarrow.ipc  # noqa: F401
    import vegafusion  # noqa: F401
    import vl_convert  # noqa: F401

    import lida.sandbox.bigdata as bigdata  # noqa: F401
    import lida.sandbox.tables as tables  # noqa: F401

    try:
        status = lock_down()
        _warm_up()
    except BaseException as exc:
        protocol.write_frame(out_fd, {"op": "failed", "error": f"{type(exc).__name__}: {exc}"[:500]})
        raise
    protocol.write_frame(out_fd, {"op": "ready", "pid": os.getpid(), "startup_s": time.perf_counter() - started,
                                  "landlock_abi": status.landlock_abi, "seccomp": status.seccomp})  # fmt: skip
    while True:
        try:
            request, blob = protocol.read_frame(in_fd, max_json=1 << 30, max_blob=(1 << 32) - 1)
        except protocol.PeerClosed:
            return
        reply, out = _handle(request, blob)
        try:
            protocol.write_frame(out_fd, reply, out)
        except (ValueError, TypeError, RecursionError) as exc:  # a reply that cannot be JSON
            protocol.write_frame(out_fd, {"ok": False, "error": ExecError("RenderError", str(exc)[:300]).to_dict()})
        if reply.get("poisoned"):
            os._exit(3)  # the owner starts a fresh renderer for the next request


def main() -> None:
    """Entry point of a renderer process."""
    in_fd, out_fd = os.dup(0), os.dup(1)
    devnull = os.open(os.devnull, os.O_RDWR)
    os.dup2(devnull, 0)
    os.dup2(devnull, 1)
    serve(in_fd, out_fd)
