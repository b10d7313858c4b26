"""In-process guards for the run process: restricted builtins for chart code and a PEP 578 audit hook.

Installed after the pre-imports and just before chart code runs, in a process forked for that one run.
The audit hook cannot be removed once added; it refuses effects (processes, sockets, file writes, reads
outside the Python installation, native code loading) whoever triggers them, and refuses code-building
events (compile, exec, marshal, import of non-allowed modules, frame access) when chart code is the
caller. Code that chart code gets evaluated (type hints, ForwardRef, a library's eval) counts as chart
code. A refusal ends the run process at once, so it cannot be caught, and its record (the exit status)
cannot be reached from frames or gc."""

from __future__ import annotations

import _thread
import ast
import builtins
import collections
import dataclasses
import inspect
import os
import pathlib
import sys
import sysconfig
import traceback
from collections.abc import Callable, Iterable, Iterator
from types import CodeType, FrameType
from typing import Any, NoReturn

import lida.sandbox.policy as policy
import lida.sandbox.protocol as protocol

USER_FILENAME = "<chart>"

_ALWAYS_DENIED = frozenset(
    {
        "os.system", "os.exec", "os.posix_spawn", "os.spawn", "os.fork", "os.forkpty", "os.kill",
        "os.killpg", "os.startfile", "subprocess.Popen", "pty.spawn", "os.remove", "os.rename",
        "os.rmdir", "os.mkdir", "os.chmod", "os.chown", "os.chflags", "os.lchflags", "os.link",
        "os.symlink", "os.truncate", "os.utime", "os.putenv", "os.unsetenv", "os.setxattr",
        "os.removexattr", "os.getxattr", "os.listxattr", "os.chdir", "os.add_dll_directory",
        "pickle.find_class", "code.__new__", "function.__new__", "resource.setrlimit",
        "resource.prlimit", "signal.pthread_kill", "sys.settrace", "sys.setprofile", "sys.addaudithook",
        "sys._current_frames", "sys._current_exceptions", "urllib.Request", "http.client.connect",
        "http.client.send", "webbrowser.open", "mmap.__new__", "gc.get_objects", "gc.get_referrers",
        "gc.get_referents", "tempfile.mkstemp", "tempfile.mkdtemp", "builtins.input",
        "builtins.breakpoint", "cpython.run_command", "cpython.run_file", "cpython.run_module",
        "cpython.run_startup", "cpython.run_interactivehook", "cpython.PyInterpreterState_New",
        "sqlite3.connect", "os.posix_spawnp", "sandbox.refused", "syslog.openlog", "syslog.syslog", "msvcrt.open_osfhandle",
    }
)  # fmt: skip
_DENIED_PREFIXES = ("socket.", "ctypes.", "shutil.", "ftplib.", "smtplib.", "poplib.", "imaplib.",
                    "nntplib.", "telnetlib.", "fcntl.", "winreg.", "_winapi.", "msvcrt.")  # fmt: skip
#: Allowed to libraries, refused when chart code calls them itself.
_DENIED_TO_USER = frozenset({"compile", "exec", "marshal.loads", "marshal.load", "sys._getframe", "import"})
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
_PATH_TYPES = (pathlib.PosixPath, pathlib.PurePosixPath)
#: Exit status of a run process that a guard stopped (the parent reads it; chart code cannot undo it).
REFUSED_EXIT = 86
#: Standard-library code generators whose output may run when chart code uses them (namedtuple, a
#: dataclass's __init__, ast.parse for DataFrame.query); what they build is then treated as chart code.
_TEMPLATE_FILES = frozenset(str(m.__file__) for m in (dataclasses, collections, ast))
#: Helpers that only hand back frames or tracebacks: their caller is the one asking.
_TRANSPARENT = frozenset(str(m.__file__) for m in (inspect, traceback))
#: Audited attributes that lead from an object to a live frame.
_FRAME_ATTRS = frozenset({"tb_frame", "gi_frame", "cr_frame", "ag_frame"})


class Blocked(BaseException):
    """A guard refused an action. BaseException so `except Exception` in a library cannot swallow it."""


def read_roots() -> tuple[str, ...]:
    """Directories the run process may read: the Python installation, its packages, and time zone data."""
    # time zones, and the shared libraries (plus the loader's cache) a lazily imported extension may need
    dirs: set[str] = {"/usr/share/zoneinfo", "/etc/localtime", "/etc/ld.so.cache", "/lib", "/lib64", "/usr/lib",
                      "/usr/lib64"}  # fmt: skip
    for scheme_vars in ({}, {"base": sys.base_prefix, "platbase": sys.base_exec_prefix}):
        paths = sysconfig.get_paths(vars=scheme_vars) if scheme_vars else sysconfig.get_paths()
        dirs.update(paths[k] for k in ("stdlib", "platstdlib", "purelib", "platlib"))
    dirs.update(p for p in sys.path if p.endswith(("site-packages", "dist-packages")))
    return tuple(sorted({os.path.realpath(d) for d in dirs if d}))


def _text(value: Any) -> str | None:
    """An exact str copy of a str/bytes argument, or None. Never calls a method a subclass could override,
    so no chart code runs inside the hook (where nested audit events are not checked)."""
    if isinstance(value, str):
        return str.__str__(value)
    if isinstance(value, bytes):
        return os.fsdecode(bytes.__getitem__(value, slice(None)))
    return None


def _as_path(path: Any) -> str | None:
    text = _text(path)
    if text is not None:
        return text
    if type(path) in _PATH_TYPES:  # exact types only: a subclass could change its __fspath__ between calls
        return _text(str(path))
    return None


def _under(path: str, roots: Iterable[str]) -> bool:
    real = os.path.realpath(path)
    return any(real == r or real.startswith(r + os.sep) for r in roots)


def _nested_codes(code: CodeType) -> Iterator[CodeType]:
    """A code object and every code object defined inside it (functions, lambdas, comprehensions)."""
    todo = [code]
    while todo:
        item = todo.pop()
        yield item
        todo.extend(c for c in item.co_consts if type(c) is CodeType)


def _refusal_frame(message: str, frame: FrameType | None, lines: list[str], is_chart: Callable[[CodeType], bool]) -> bytes:
    """The run's result for a refusal: Blocked, with the chart-code line(s) on the stack when it happened."""
    stack: list[tuple[int, str]] = []
    while frame is not None:
        if is_chart(frame.f_code):
            stack.append((frame.f_lineno, str.__str__(frame.f_code.co_name)))
        frame = frame.f_back
    stack.reverse()
    excerpt = []
    for lineno, name in stack:
        source = lines[lineno - 1].strip() if 0 < lineno <= len(lines) else ""
        excerpt.append(f"  line {lineno}, in {name}\n    {source}")
    error = {"type": "Blocked", "message": message, "line": stack[-1][0] if stack else None,
             "traceback": "\n".join(excerpt), "blocked": True}  # fmt: skip
    return protocol.encode({"ok": False, "spec": None, "stdout": "", "error": error})


def install_audit_hook(roots: tuple[str, ...], result_fd: int, source: str) -> None:
    """Add the hook to this run process. A refusal is final: the hook writes the Blocked result to
    `result_fd` and ends the process with REFUSED_EXIT, so chart code can neither catch it nor erase a
    record of it (the exit status is kept by the kernel, out of reach of frames and gc)."""
    getframe, get_ident, exit_now, write = sys._getframe, _thread.get_ident, os._exit, os.write
    main_thread = get_ident()  # the run process is single-threaded until chart code starts threads
    fetching: set[int] = set()  # threads inside the hook's own getframe call (its audit event is ours)
    tainted: set[CodeType] = set()  # code that library templates built while chart code was running
    lines = source.splitlines()

    def is_chart(code: CodeType) -> bool:
        return code.co_filename == USER_FILENAME or code in tainted

    def caller_is_chart(frame: FrameType | None, through_imports: bool = False) -> bool:
        """Is chart code the caller of `frame`'s event? Frames of the helpers that only hand frames back
        (inspect, traceback) are looked through; with through_imports, so is the import machinery. Every
        thread but the main one was started by chart code, whatever its target, so it is chart code."""
        if get_ident() != main_thread:
            return True
        while frame is not None:
            code = frame.f_code
            if is_chart(code):
                return True
            name = code.co_filename
            transparent = name in _TRANSPARENT or (
                through_imports and (name.startswith("<frozen importlib") or name == __file__)
            )
            if not transparent:
                return False
            frame = frame.f_back
        return False

    def may_build_code(event: str, args: tuple[Any, ...], frame: FrameType | None) -> bool:
        """compile/exec in a run process are for the import machinery (a module's own code, read from the
        installation), the standard library's templates, and the runner starting the chart itself.
        Anything else builds code from run-time text: get_type_hints, ForwardRef, a library's eval, or a
        callback (thread, finalizer) chart code left behind, on or off the stack of chart code."""
        if event == "exec" and type(args[0]) is CodeType and args[0].co_filename == USER_FILENAME:
            return True  # chart code, which runs under the chart rules wherever it is started
        if frame is not None and frame.f_code.co_filename in _TEMPLATE_FILES and get_ident() == main_thread:
            return True
        while frame is not None:
            code = frame.f_code
            if is_chart(code):
                return False
            if code.co_filename.startswith("<frozen importlib"):
                return get_ident() == main_thread
            frame = frame.f_back
        return False

    def deny(event: str, detail: str, frame: FrameType | None) -> NoReturn:
        try:
            message = f"blocked by the sandbox: {event} {detail}".replace("  ", " ").strip()
            view = memoryview(_refusal_frame(message, frame, lines, is_chart))
            while view:
                view = view[write(result_fd, view) :]
        finally:
            exit_now(REFUSED_EXIT)

    def check_open(args: tuple[Any, ...], frame: FrameType | None) -> None:
        path, mode, flags = (*tuple(args), None, None, None)[:3]
        mode_text = _text(mode)
        flag_bits = int.__int__(flags) if isinstance(flags, int) else 0
        writing = (mode_text is not None and any(c in mode_text for c in "wax+")) or bool(flag_bits & _WRITE_FLAGS)
        text = _as_path(path)
        if writing:  # (no type names in messages: a chart's metaclass could make reading one run its code)
            deny("open", f"{text or 'a file'} for writing (no file writes)", frame)
        if text is None:
            deny("open", "of something that is not a path (only paths inside the Python installation)", frame)
        if caller_is_chart(frame):
            deny("open", f"{text!r} (chart code may not open files)", frame)
        if not _under(text, roots):
            deny("open", f"{text!r} (reads outside the Python installation are refused)", frame)

    def check(event: str, args: tuple[Any, ...], frame: FrameType | None) -> None:
        if event == "sandbox.refused":
            deny("", _text(args[0]) or "a refused operation", frame)
        elif event in _ALWAYS_DENIED or event.startswith(_DENIED_PREFIXES):
            deny(event, "", frame)
        elif event == "open":
            check_open(args, frame)
        elif event in ("os.listdir", "os.scandir", "glob.glob", "os.walk"):
            text = _as_path(args[0]) if args else None
            if text is None or caller_is_chart(frame) or not _under(text, roots):
                deny(event, repr(text), frame)
        elif event == "import":
            name = _text(args[0]) or ""
            top = name.split(".")[0]
            if top in policy.DENIED_IMPORTS:
                deny("import", f"of {name!r}", frame)
            if top not in policy.ALLOWED_IMPORTS and caller_is_chart(frame, through_imports=True):
                deny("import", f"of {name!r} (not on the allow-list)", frame)
        elif event in ("compile", "exec"):
            if not may_build_code(event, args, frame):
                deny(event, "of code built while chart code runs (eval, exec, type hints, ForwardRef)", frame)
            if event == "exec" and type(args[0]) is CodeType and frame and frame.f_code.co_filename in _TEMPLATE_FILES:
                tainted.update(_nested_codes(args[0]))  # a template's output runs as chart code
        elif event == "object.__getattr__":
            if len(args) > 1 and _text(args[1]) in _FRAME_ATTRS and caller_is_chart(frame):
                deny("access to", f"{_text(args[1])} (frames are not available to chart code)", frame)
        elif event in _DENIED_TO_USER and caller_is_chart(frame):
            deny(event, "from chart code", frame)

    def hook(event: str, args: tuple[Any, ...]) -> None:
        """Events raised while a check runs (even by chart code a check was tricked into calling) are
        checked like any other; only the getframe call just below is the hook's own."""
        if event == "builtins.id" or (event == "object.__getattr__" and not _frame_attr(args)):
            return
        me = get_ident()
        if event == "sys._getframe" and me in fetching:
            return
        fetching.add(me)
        try:
            frame = getframe(1)
        finally:
            fetching.discard(me)
        try:
            check(event, args, frame)
        except BaseException:  # a check that fails (or was made to fail) refuses: fail closed, and final
            deny("", f"{event} (the guard could not check it)", frame)

    sys.addaudithook(hook)


def _frame_attr(args: tuple[Any, ...]) -> bool:
    return len(args) > 1 and type(args[1]) is str and args[1] in _FRAME_ATTRS


def restricted_import(allowed: frozenset[str], real_import: Callable[..., Any]) -> Callable[..., Any]:
    """An __import__ for chart code that only lets allowed top-level modules through."""

    def guarded_import(name: str, globals: Any = None, locals: Any = None, fromlist: Any = (), level: int = 0) -> Any:
        names = tuple(fromlist or ())  # one snapshot: checked and used
        if type(name) is not str or not all(type(part) is str for part in names):
            _refusal("import with a name that is not a plain str")  # a subclass could lie to the checks below
        top = name.split(".")[0]
        if level or top not in allowed:
            _refusal(f"import of {name!r} is not allowed")
        for part in [*name.split(".")[1:], *names]:
            if part.startswith("_") and part != "*":
                _refusal(f"import of private name {part!r} from {name!r}")
        return real_import(name, globals, locals, names, 0)

    return guarded_import


def _no_private(name: str) -> str:
    if type(name) is not str:
        _refusal(f"attribute name of type {type(name).__name__!r} (only a plain str)")
    if name.startswith("_"):
        _refusal(f"attribute {name!r} is not allowed")
    return name


def _refusal(what: str) -> NoReturn:
    """Refuse through the audit hook (which ends the run), and raise where no hook is installed."""
    sys.audit("sandbox.refused", what)
    raise Blocked(f"blocked by the sandbox: {what}")


def _refuse(name: str) -> Callable[..., Any]:
    def refused(*args: Any, **kwargs: Any) -> Any:
        _refusal(f"{name}() is not available to chart code")

    return refused


def safe_builtins() -> dict[str, Any]:
    """Builtins for chart code: no eval/exec/open/input/globals..., guarded import and getattr."""
    real_getattr, real_hasattr = builtins.getattr, builtins.hasattr
    names = {k: v for k, v in vars(builtins).items() if k not in policy.FORBIDDEN_NAMES}
    for name in policy.FORBIDDEN_NAMES:
        if callable(getattr(builtins, name, None)):
            names[name] = _refuse(name)
    names["__import__"] = restricted_import(policy.ALLOWED_IMPORTS, builtins.__import__)

    def getattr_(obj: Any, name: str, *default: Any) -> Any:
        return real_getattr(obj, _no_private(name), *default)

    def hasattr_(obj: Any, name: str) -> bool:
        return real_hasattr(obj, _no_private(name))

    names["getattr"], names["hasattr"] = getattr_, hasattr_
    names["__build_class__"] = builtins.__build_class__
    return names
