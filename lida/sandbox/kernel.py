"""Kernel-enforced rules for a run process: Landlock (filesystem, TCP, signals) and a seccomp filter.

These hold even for native code the audit hook never sees (pyarrow's C++ file I/O, a forged
fork_exec, ctypes). Both need Linux; on x86_64 the seccomp filter is installed, on kernels without
Landlock that layer is skipped and the audit hook and rlimits remain. Applied once, irreversibly, in the
forked run process only (the worker itself keeps its freedom to fork)."""

from __future__ import annotations

import ctypes
import os
import platform
import struct
from dataclasses import dataclass

_NR_LANDLOCK_CREATE_RULESET, _NR_LANDLOCK_ADD_RULE, _NR_LANDLOCK_RESTRICT_SELF = 444, 445, 446
_PR_SET_NO_NEW_PRIVS, _PR_SET_SECCOMP, _SECCOMP_MODE_FILTER = 38, 22, 2

# Landlock filesystem access rights, by ABI version that introduced them.
_FS_ABI1 = (1 << 13) - 1  # execute ... make_sym
_FS_REFER, _FS_TRUNCATE, _FS_IOCTL_DEV = 1 << 13, 1 << 14, 1 << 15
_FS_READ_FILE, _FS_READ_DIR = 1 << 2, 1 << 3
_NET_ALL = (1 << 0) | (1 << 1)  # bind_tcp, connect_tcp (ABI 4)
_SCOPE_ALL = (1 << 0) | (1 << 1)  # abstract unix sockets, signals (ABI 6)

# x86_64 seccomp: syscalls a chart never needs. Processes, exec, files changed, sockets, kernel admin.
_AUDIT_ARCH_X86_64 = 0xC000003E
_DENIED_SYSCALLS = (
    57, 58, 59, 322,  # fork vfork execve execveat
    41, 42, 43, 49, 50, 53, 288, 44, 46,  # socket connect accept bind listen socketpair accept4 sendto sendmsg
    85, 87, 263, 82, 264, 316, 83, 258, 84, 86, 265, 88, 266,  # creat unlink(at) rename(at/2) mkdir(at) rmdir link(at) symlink(at)
    90, 91, 268, 92, 93, 94, 260, 76, 77, 133, 259, 132, 235, 280, 261,  # chmod chown truncate mknod utime
    188, 189, 190, 197, 198, 199, 319,  # xattrs memfd_create
    101, 310, 311, 424, 434, 438, 129, 297,  # ptrace process_vm_* pidfd_* rt_(tg)sigqueueinfo
    165, 166, 155, 161, 167, 168, 169, 170, 171, 175, 313, 176, 246, 320, 321, 298, 323, 272, 308,
    248, 249, 250, 425, 426, 427, 160, 302, 141, 163, 164, 227, 159, 172, 173, 179, 135,
    105, 106, 113, 114, 117, 119, 122, 123, 116, 126, 303, 304, 300, 428, 429, 430, 431, 432, 433, 442,
)  # fmt: skip
_ENOSYS_SYSCALLS = (435, 437)  # clone3, openat2: their flags live in a struct the filter can't read
_NR_CLONE, _NR_OPEN, _NR_OPENAT, _NR_SOCKETPAIR = 56, 2, 257, 53
_SELF_TARGET_SYSCALLS = (62, 200, 234)  # kill tkill tgkill: only at this process
_CLONE_THREAD = 0x00010000
_OPEN_WRITE = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND

_RET_ALLOW, _RET_ERRNO, _RET_KILL = 0x7FFF0000, 0x00050000, 0x80000000
_LD_ABS_W, _JEQ, _JGE, _JSET, _RET = 0x20, 0x15, 0x35, 0x45, 0x06


@dataclass
class KernelStatus:
    """Which kernel layers a run process got (reported by `lock_down_run`)."""

    landlock_abi: int = 0
    seccomp: bool = False


def _libc() -> ctypes.CDLL:
    libc = ctypes.CDLL(None, use_errno=True)
    libc.syscall.restype = ctypes.c_long
    libc.prctl.restype = ctypes.c_int
    libc.prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]
    return libc


def _insn(code: int, jt: int, jf: int, k: int) -> bytes:
    return struct.pack("HBBI", code, jt, jf, k)


def seccomp_program(pid: int, allow_socketpair: bool = False) -> bytes:
    """The BPF program (x86_64). Denied calls fail with EPERM; other architectures' calls kill.

    `allow_socketpair` lets a connected AF_UNIX pair be made (the renderer's async runtime wakes its
    threads through one); it reaches nothing outside the process."""
    errno = lambda e: _insn(_RET, 0, 0, _RET_ERRNO | e)  # noqa: E731
    allow = _insn(_RET, 0, 0, _RET_ALLOW)
    prog = [
        _insn(_LD_ABS_W, 0, 0, 4),  # arch
        _insn(_JEQ, 1, 0, _AUDIT_ARCH_X86_64),
        _insn(_RET, 0, 0, _RET_KILL),
        _insn(_LD_ABS_W, 0, 0, 0),  # syscall number
        _insn(_JGE, 0, 1, 0x40000000),  # x32 ABI
        errno(1),
    ]
    for nr in _DENIED_SYSCALLS:
        if not (allow_socketpair and nr == _NR_SOCKETPAIR):
            prog += [_insn(_JEQ, 0, 1, nr), errno(1)]
    for nr in _ENOSYS_SYSCALLS:
        prog += [_insn(_JEQ, 0, 1, nr), errno(38)]
    # clone: threads only
    prog += [_insn(_JEQ, 0, 4, _NR_CLONE), _insn(_LD_ABS_W, 0, 0, 16), _insn(_JSET, 0, 1, _CLONE_THREAD), allow, errno(1)]
    # signals: only to ourselves
    for nr in _SELF_TARGET_SYSCALLS:
        prog += [_insn(_JEQ, 0, 4, nr), _insn(_LD_ABS_W, 0, 0, 16), _insn(_JEQ, 0, 1, pid), allow, errno(1)]
        prog += [_insn(_LD_ABS_W, 0, 0, 0)]
    # open/openat: read-only
    for nr, arg in ((_NR_OPEN, 1), (_NR_OPENAT, 2)):
        prog += [_insn(_JEQ, 0, 4, nr), _insn(_LD_ABS_W, 0, 0, 16 + 8 * arg), _insn(_JSET, 0, 1, _OPEN_WRITE), errno(13), allow]
    prog.append(allow)
    return b"".join(prog)


def _install_seccomp(libc: ctypes.CDLL, allow_socketpair: bool = False) -> bool:
    if platform.machine() != "x86_64":
        return False
    code = seccomp_program(os.getpid(), allow_socketpair)
    buf = ctypes.create_string_buffer(code, len(code))
    fprog = struct.pack("HxxxxxxQ", len(code) // 8, ctypes.addressof(buf))
    fbuf = ctypes.create_string_buffer(fprog, len(fprog))
    if libc.prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.addressof(fbuf), 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "seccomp filter refused")
    return True


def _install_landlock(libc: ctypes.CDLL, roots: tuple[str, ...]) -> int:
    abi = int(libc.syscall(_NR_LANDLOCK_CREATE_RULESET, None, 0, 1))
    if abi < 1:
        return 0
    handled_fs = _FS_ABI1 | (_FS_REFER if abi >= 2 else 0) | (_FS_TRUNCATE if abi >= 3 else 0)
    handled_fs |= _FS_IOCTL_DEV if abi >= 5 else 0
    attr = struct.pack("QQQ", handled_fs, _NET_ALL if abi >= 4 else 0, _SCOPE_ALL if abi >= 6 else 0)
    size = 8 if abi < 4 else (16 if abi < 6 else 24)
    attr_buf = ctypes.create_string_buffer(attr[:size], size)
    ruleset = int(libc.syscall(_NR_LANDLOCK_CREATE_RULESET, attr_buf, size, 0))
    if ruleset < 0:
        raise OSError(ctypes.get_errno(), "landlock ruleset refused")
    try:
        for root in roots:
            try:
                fd = os.open(root, os.O_PATH | os.O_CLOEXEC)
            except OSError:
                continue  # a root that does not exist needs no rule
            try:
                rights = _FS_READ_FILE | (_FS_READ_DIR if os.path.isdir(root) else 0)
                rule = struct.pack("=Qi", rights, fd)
                rule_buf = ctypes.create_string_buffer(rule, len(rule))
                if libc.syscall(_NR_LANDLOCK_ADD_RULE, ruleset, 1, rule_buf, 0) != 0:
                    raise OSError(ctypes.get_errno(), f"landlock rule for {root} refused")
            finally:
                os.close(fd)
        if libc.syscall(_NR_LANDLOCK_RESTRICT_SELF, ruleset, 0) != 0:
            raise OSError(ctypes.get_errno(), "landlock restrict_self refused")
    finally:
        os.close(ruleset)
    return abi


def lock_down_run(roots: tuple[str, ...], allow_socketpair: bool = False) -> KernelStatus:
    """Restrict this (forked, single-threaded) process for good: reads only under `roots`, no writes,
    no TCP, no signals outside itself, no new processes or exec. Raises OSError if a layer fails.
    Threads started afterwards inherit the rules (the renderer locks down before its engines start)."""
    if platform.system() != "Linux":
        return KernelStatus()
    libc = _libc()
    if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "no_new_privs refused")
    status = KernelStatus(landlock_abi=_install_landlock(libc, roots))
    status.seccomp = _install_seccomp(libc, allow_socketpair)
    return status
