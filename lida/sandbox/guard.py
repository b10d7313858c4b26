"""In-process guards for the run process: restricted builtins for chart code and a PEP 578 audit hook.

Installed after the pre-imports and just before chart code runs, in a process forked for that one run.
The audit hook cannot be removed once added; it refuses effects (processes, sockets, file writes, reads
outside the Python installation, native code loading) whoever triggers them, and refuses code-building
events (compile, exec, marshal, import of non-allowed modules, frame access) when chart code itself is
the caller."""

from __future__ import annotations

import builtins
import os
import pathlib
import sys
import sysconfig
from collections.abc import Callable, Iterable
from types import FrameType
from typing import Any, NoReturn

import lida.sandbox.policy as policy

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


def _as_path(path: Any) -> str | None:
    if isinstance(path, str):
        return path
    if isinstance(path, bytes):
        return os.fsdecode(path)
    if type(path) in _PATH_TYPES:  # exact types only: a subclass could change its __fspath__ between calls
        return str(path)
    return None


def _under(path: str, roots: Iterable[str]) -> bool:
    real = os.path.realpath(path)
    return any(real == r or real.startswith(r + os.sep) for r in roots)


def install_audit_hook(roots: tuple[str, ...], violations: list[str]) -> None:
    """Add the hook. `violations` collects what was refused, so a swallowed refusal is still reported."""
    getframe = sys._getframe
    busy = [False]

    def called_by_user(through_imports: bool = False) -> bool:
        """Is chart code the caller? With through_imports, look past the import machinery and our
        guarded import (for 'import' events); otherwise only a direct call counts, so importlib may
        read an allowed module's files on chart code's behalf."""
        frame: FrameType | None = getframe(2)
        while frame is not None:
            name = frame.f_code.co_filename
            if name == USER_FILENAME:
                return True
            if not through_imports or not (name.startswith("<frozen importlib") or name == __file__):
                return False
            frame = frame.f_back
        return False

    def deny(event: str, detail: str) -> NoReturn:
        message = f"blocked by the sandbox: {event} {detail}".replace("  ", " ").strip()
        violations.append(message)
        raise Blocked(message)

    def check_open(args: tuple[Any, ...]) -> None:
        path, mode, flags = (*tuple(args), None, None, None)[:3]
        writing = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
            isinstance(flags, int) and flags & _WRITE_FLAGS
        )
        text = _as_path(path)
        if writing:
            deny("open", f"{text or path!r} for writing (no file writes)")
        if text is None:
            deny("open", f"{path!r} (only paths inside the Python installation can be read)")
        if called_by_user():
            deny("open", f"{text!r} (chart code may not open files)")
        if not _under(text, roots):
            deny("open", f"{text!r} (reads outside the Python installation are refused)")

    def hook(event: str, args: tuple[Any, ...]) -> None:
        if busy[0] or event in ("builtins.id", "object.__getattr__"):
            return
        busy[0] = True
        try:
            if event == "sandbox.refused":
                deny("", str(args[0]))
            elif event in _ALWAYS_DENIED or event.startswith(_DENIED_PREFIXES):
                deny(event, "")
            elif event == "open":
                check_open(args)
            elif event in ("os.listdir", "os.scandir", "glob.glob", "os.walk"):
                text = _as_path(args[0]) if args else None
                if text is None or called_by_user() or not _under(text, roots):
                    deny(event, repr(args[0] if args else ""))
            elif event == "import":
                name = str(args[0])
                top = name.split(".")[0]
                if top in policy.DENIED_IMPORTS:
                    deny("import", f"of {name!r}")
                if top not in policy.ALLOWED_IMPORTS and called_by_user(through_imports=True):
                    deny("import", f"of {name!r} (not on the allow-list)")
            elif event in _DENIED_TO_USER and called_by_user():
                deny(event, "from chart code")
        finally:
            busy[0] = False

    sys.addaudithook(hook)


def restricted_import(allowed: frozenset[str], real_import: Callable[..., Any]) -> Callable[..., Any]:
    """An __import__ for chart code that only lets allowed top-level modules through."""

    def guarded_import(name: str, globals: Any = None, locals: Any = None, fromlist: Any = (), level: int = 0) -> Any:
        top = name.split(".")[0]
        if level or top not in allowed:
            _refusal(f"import of {name!r} is not allowed")
        for part in [*name.split(".")[1:], *(fromlist or ())]:
            if str(part).startswith("_") and part != "*":
                _refusal(f"import of private name {part!r} from {name!r}")
        return real_import(name, globals, locals, fromlist, 0)

    return guarded_import


def _no_private(name: str) -> str:
    if not isinstance(name, str) or name.startswith("_"):
        _refusal(f"attribute {name!r} is not allowed")
    return name


def _refusal(what: str) -> None:
    """Refuse through the audit hook (so the refusal is recorded even if caught), then raise regardless."""
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
