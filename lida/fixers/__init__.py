"""Pure fixers for chart source code: each is `(code, ctx) -> (code, repairs)` and touches only text.

This package imports neither the LLM nor the sandbox, so both the LLM path (tidying an answer) and
the repair loop (fixing code that failed) build on it. Import from the concrete modules, e.g.
`lida.fixers.deterministic.deterministic_repair`; this file re-exports nothing, so it never forms
an import cycle with its own submodules.
"""
