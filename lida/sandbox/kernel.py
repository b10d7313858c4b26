"""Kernel-level rules (Landlock, seccomp) for worker and run processes; placeholders filled in below."""

from __future__ import annotations


def lock_down_run(roots: tuple[str, ...]) -> None:
    """Restrict a run process before chart code runs."""
    return None
