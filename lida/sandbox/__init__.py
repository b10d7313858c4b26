"""Sandboxed execution of generated chart code: warm worker processes, a fresh locked-down process per run.

Layers, outermost first: an AST pre-check (clear errors), restricted builtins and imports, a PEP 578 audit
hook, rlimits, and kernel rules (Landlock filesystem rules, a seccomp filter) where the kernel has them.
Results come back as JSON (and PNG bytes), never pickles. Frames of 5,000+ rows in a chart travel as
Arrow IPC to the worker's renderer, which pre-aggregates them with VegaFusion, or samples them, and
renders PNG/SVG, locked down like a run process and under the chart's time and memory budget
(renderer.py, tables.py, bigdata.py). Every spec is checked for depth, URL loads and transform output
size (specguard.py) before anything walks, renders or evaluates it, on the host as well."""

from lida.errors import SandboxError
from lida.sandbox.pool import Sandbox, worker_env
from lida.sandbox.precheck import precheck
from lida.sandbox.result import ExecError, ExecResult

__all__ = ["ExecError", "ExecResult", "Sandbox", "SandboxError", "precheck", "worker_env"]
