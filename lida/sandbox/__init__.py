"""Sandboxed execution of generated chart code: warm worker processes, a fresh locked-down process per run.

Layers, outermost first: an AST pre-check (clear errors), restricted builtins and imports, a PEP 578 audit
hook, rlimits, and kernel rules (Landlock filesystem rules, a seccomp filter) where the kernel has them.
Results come back as JSON (and PNG bytes), never pickles. Frames of 5,000+ rows in a chart come back as
Arrow IPC and are pre-aggregated with VegaFusion, or sampled, on the host (tables.py, bigdata.py)."""

from lida.errors import SandboxError
from lida.sandbox.pool import Sandbox, worker_env
from lida.sandbox.precheck import precheck
from lida.sandbox.result import ExecError, ExecResult

__all__ = ["ExecError", "ExecResult", "Sandbox", "SandboxError", "precheck", "worker_env"]
