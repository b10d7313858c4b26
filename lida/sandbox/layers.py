"""Which of the sandbox's layers this machine gives a run process, found without changing this process.

The in-process layers (AST check, restricted builtins, audit hook) hold in any CPython; rlimits need a
POSIX `resource` module; Landlock and seccomp need Linux and a kernel built with them. The in-process
layers alone are not a barrier against a determined escape (issue 17 went through the guard and was
stopped only by the kernel), so without Landlock or seccomp chart code runs only when the user opts in:
`allow_weak=True`, `--allow-weak-sandbox`, or LIDA_ALLOW_WEAK_SANDBOX=1. `lida doctor` prints this."""

from __future__ import annotations

import ctypes
import errno
import os
import platform
import sys
from collections.abc import Mapping
from dataclasses import dataclass

from lida.errors import SandboxError

#: Set to 1 to run chart code without Landlock or seccomp (the in-process guards only).
ALLOW_WEAK_ENV = "LIDA_ALLOW_WEAK_SANDBOX"
#: The layers the sandbox refuses to run without, unless the user opts in.
KERNEL_LAYERS = ("landlock", "seccomp")

_NR_LANDLOCK_CREATE_RULESET = 444
_LANDLOCK_CREATE_RULESET_VERSION = 1
_NR_SECCOMP = 317  # x86_64
_SECCOMP_GET_ACTION_AVAIL, _SECCOMP_RET_ERRNO = 2, 0x00050000
_LANDLOCK_COVERS = {1: "file reads and writes", 2: "+ renames", 3: "+ truncation", 4: "+ TCP bind/connect",
                    5: "+ device ioctls", 6: "+ signals and abstract sockets"}  # fmt: skip


@dataclass(frozen=True)
class Layer:
    """One layer: its key, whether run processes get it here, and why (or why not)."""

    name: str
    on: bool
    detail: str


@dataclass(frozen=True)
class Layers:
    """All the layers, in the order a run process meets them."""

    layers: tuple[Layer, ...]

    def missing_kernel_layers(self) -> list[Layer]:
        """The kernel layers that are off (empty when chart code may run without an opt-in)."""
        return [layer for layer in self.layers if layer.name in KERNEL_LAYERS and not layer.on]

    def get(self, name: str) -> Layer:
        for layer in self.layers:
            if layer.name == name:
                return layer
        raise KeyError(name)


def _libc() -> ctypes.CDLL | None:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None
    libc.syscall.restype = ctypes.c_long
    return libc


def landlock_layer() -> Layer:
    """Landlock's ABI version, asked of the kernel (a query: nothing is restricted)."""
    if platform.system() != "Linux":
        return Layer("landlock", False, f"not available on {platform.system() or 'this system'} (Linux only)")
    libc = _libc()
    if libc is None:
        return Layer("landlock", False, "cannot call the kernel (no C library)")
    abi = int(libc.syscall(_NR_LANDLOCK_CREATE_RULESET, None, 0, _LANDLOCK_CREATE_RULESET_VERSION))
    if abi < 1:
        err = ctypes.get_errno()
        why = {errno.ENOSYS: "this kernel has no Landlock (Linux 5.13+ with CONFIG_SECURITY_LANDLOCK)",
               errno.EOPNOTSUPP: "Landlock is built in but disabled (add landlock to the lsm= boot option)"}  # fmt: skip
        return Layer("landlock", False, why.get(err, f"the kernel refused the query ({os.strerror(err)})"))
    covers = ", ".join(_LANDLOCK_COVERS[v] for v in sorted(_LANDLOCK_COVERS) if v <= abi)
    return Layer("landlock", True, f"ABI {abi}: {covers}")


def seccomp_layer() -> Layer:
    """Whether the seccomp filter the run process installs can work here (x86_64 Linux with filters)."""
    if platform.system() != "Linux":
        return Layer("seccomp", False, f"not available on {platform.system() or 'this system'} (Linux only)")
    if platform.machine() != "x86_64":
        return Layer("seccomp", False, f"the sandbox's filter is written for x86_64, not {platform.machine()}")
    libc = _libc()
    if libc is None:
        return Layer("seccomp", False, "cannot call the kernel (no C library)")
    action = ctypes.c_uint32(_SECCOMP_RET_ERRNO)
    if libc.syscall(_NR_SECCOMP, _SECCOMP_GET_ACTION_AVAIL, 0, ctypes.byref(action)) != 0:
        err = ctypes.get_errno()
        return Layer("seccomp", False, f"this kernel has no seccomp filters ({os.strerror(err)})")
    return Layer("seccomp", True, "filter: no processes, exec, sockets, file changes or ptrace")


def detect() -> Layers:
    """The layers a run process gets on this machine."""
    rlimits = Layer("rlimits", False, "no POSIX resource limits on this system")
    try:
        import resource  # noqa: F401

        rlimits = Layer("rlimits", True, "CPU time, address space, no file writes, no processes, 64 files")
    except ImportError:
        pass
    hook = Layer("audit hook", hasattr(sys, "addaudithook"),
                 "PEP 578: files, processes, sockets, eval/exec of built code; a refusal ends the run")  # fmt: skip
    return Layers(
        (
            Layer("AST check", True, "refuses dunders, eval/exec/open and file or OS attributes before a run"),
            Layer("guard", True, "restricted builtins and imports for chart code"),
            hook,
            rlimits,
            landlock_layer(),
            seccomp_layer(),
        )
    )


def weak_allowed(allow_weak: bool | None, environ: Mapping[str, str] | None = None) -> bool:
    """The opt-in: an explicit True/False wins; None reads LIDA_ALLOW_WEAK_SANDBOX."""
    if allow_weak is not None:
        return allow_weak
    value = (os.environ if environ is None else environ).get(ALLOW_WEAK_ENV, "")
    return value.strip().lower() in ("1", "true", "yes", "on")


def require_strong(allow_weak: bool | None, found: Layers | None = None) -> Layers:
    """The layers, or one clear SandboxError when a kernel layer is missing and the user has not opted in."""
    found = found if found is not None else detect()
    missing = found.missing_kernel_layers()
    if missing and not weak_allowed(allow_weak):
        what = "; ".join(f"{layer.name} is off ({layer.detail})" for layer in missing)
        raise SandboxError(
            f"chart code will not run: {what}. Only the in-process guards would stop it; to run anyway, pass "
            f"--allow-weak-sandbox, Lida(allow_weak_sandbox=True) or set {ALLOW_WEAK_ENV}=1 (see `lida doctor`)"
        )
    return found
