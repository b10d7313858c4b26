"""`Draco`: check, cost, explain and complete charts against the knowledge base.

Scoring grounds the knowledge base once for all specs (every view gets its own id, every
distinct schema its own data id) and reads hard/soft atoms from the single stable model.
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import clingo
import clingo.ast

from draco.complete import complete
from draco.errors import DracoError
from draco.kb import KnowledgeBase, resolve_weights
from draco.model import Completion, ConstraintDoc, Preference, Score, Violation
from draco.partial import PartialSpec
from draco.schema import DataSchema
from draco.vegalite import check_task, parse_views, schema_facts, view_facts

SpecLike = dict[str, Any] | str
_ATOM = re.compile(r'(hard|soft)\(([a-z_][A-Za-z0-9_]*),(-?\d+),([^"]*)\)$')


def _detail(sym: clingo.Symbol) -> str:
    if sym.type == clingo.SymbolType.String:
        return sym.string
    return str(sym)


class Draco:
    """The knowledge base with one set of weights. Cheap to keep around and reuse."""

    def __init__(self, weights: Mapping[str, int] | str | Path | None = None, kb: KnowledgeBase | None = None):
        self.kb = kb or KnowledgeBase.load()
        self.weights: dict[str, int] = resolve_weights(self.kb, weights)
        self._base_ast: list[clingo.ast.AST] = []
        # clingo corrupts its state when two threads feed the shared parsed program into Controls at
        # once (seen as "invalid ast" errors and heap corruption), so solver work is one at a time.
        self._lock = threading.RLock()
        clingo.ast.parse_string(self.kb.program + "\n#show hard/3. #show soft/3.", self._base_ast.append)

    # ---- documentation --------------------------------------------------------------------------
    def constraints(self) -> list[ConstraintDoc]:
        return list(self.kb.docs)

    # ---- scoring --------------------------------------------------------------------------------
    def control(self, args: Sequence[str] = ()) -> clingo.Control:
        """A fresh clingo Control holding the parsed knowledge base: add facts, ground, solve.

        Public so that completion (draco.complete) can solve on it without importing this module.
        Draco's own methods build it under their lock (clingo is not thread-safe over the parsed program)."""
        ctl = clingo.Control(["--warn=none", *args])
        with clingo.ast.ProgramBuilder(ctl) as b:
            for node in self._base_ast:
                b.add(node)
        return ctl

    def cost(
        self,
        specs: Sequence[SpecLike],
        schemas: DataSchema | Sequence[DataSchema],
        tasks: str | Sequence[str] = "summary",
    ) -> list[Score]:
        """Scores for many specs in one solver run. A spec with hard violations still gets a cost."""
        n = len(specs)
        schema_list = [schemas] * n if isinstance(schemas, DataSchema) else list(schemas)
        task_list = [tasks] * n if isinstance(tasks, str) else list(tasks)
        if len(schema_list) != n or len(task_list) != n:
            raise DracoError(f"got {n} specs, {len(schema_list)} schemas and {len(task_list)} tasks")
        facts: list[str] = []
        data_ids: dict[int, int] = {}
        keep: list[DataSchema] = []  # keeps schemas alive so their id() keys stay unique
        owner: dict[int, int] = {}  # view id -> spec index
        next_view = 0
        for i, (spec, schema, task) in enumerate(zip(specs, schema_list, task_list, strict=True)):
            if not isinstance(schema, DataSchema):
                raise DracoError(f"schema must be a DataSchema, got {type(schema).__name__}")
            check_task(task)
            try:
                views, ext = parse_views(spec, schema)
            except DracoError as exc:
                raise DracoError(f"spec {i}: {exc}") if n > 1 else exc from None
            key = id(ext)
            if key not in data_ids:
                keep.append(ext)
                data_ids[key] = len(data_ids)
                facts.extend(schema_facts(ext, data_ids[key]))
            for v in views:
                facts.extend(view_facts(v, next_view, task, data_ids[key], ext))
                owner[next_view] = i
                next_view += 1
        hard: list[list[Violation]] = [[] for _ in range(n)]
        counts: list[Counter[str]] = [Counter() for _ in range(n)]
        for kind, name, view, det in self._solve_facts(facts):
            i = owner[view]
            if kind == "hard":
                doc = self.kb.doc(name)
                hard[i].append(Violation(name, doc.description if doc else "", det))
            else:
                counts[i][name] += 1
        out = []
        for i in range(n):
            c = dict(sorted(counts[i].items()))
            cost = sum(k * self.weights.get(name, 0) for name, k in c.items())
            out.append(Score(cost=cost, counts=c, violations=sorted(hard[i], key=lambda v: (v.name, v.detail))))
        return out

    def _solve_facts(self, facts: list[str]) -> list[tuple[str, str, int, str]]:
        """(kind, name, view, detail) of every hard/soft atom of the single stable model.

        Atoms are read as text in bulk (one string per atom) rather than walked term by term:
        that is most of the Python time when scoring thousands of specs."""
        atoms: list[str] | None = None
        with self._lock:
            ctl = self.control()
            ctl.add("base", [], "\n".join(facts))
            ctl.ground([("base", [])])
            with ctl.solve(yield_=True) as handle:
                for model in handle:
                    atoms = [str(s) for s in model.symbols(shown=True)]
                    break
        if atoms is None:
            raise DracoError("the knowledge base has no model for these facts (internal inconsistency)")
        out = []
        for a in atoms:
            m = _ATOM.match(a)
            if m is None:  # a detail that is not a plain term (e.g. a quoted string): parse it properly
                sym = clingo.parse_term(a)
                name, view, det = sym.arguments
                out.append((sym.name, name.name, view.number, _detail(det)))
            else:
                out.append((m.group(1), m.group(2), int(m.group(3)), m.group(4)))
        return out

    def check(self, spec: SpecLike, schema: DataSchema, task: str = "summary") -> list[Violation]:
        """The hard constraints the spec breaks; empty when it is valid."""
        return self.cost([spec], schema, task)[0].violations

    def score(self, spec: SpecLike, schema: DataSchema, task: str = "summary") -> Score:
        return self.cost([spec], schema, task)[0]

    def explain(self, spec: SpecLike, schema: DataSchema, task: str = "summary") -> list[Preference]:
        """The violated soft preferences, largest contribution first."""
        score = self.score(spec, schema, task)
        prefs = []
        for name, count in score.counts.items():
            doc = self.kb.doc(name)
            prefs.append(Preference(name, count, self.weights.get(name, 0), doc.description if doc else ""))
        return sorted(prefs, key=lambda p: (-p.contribution, p.name))

    # ---- completion -----------------------------------------------------------------------------
    def complete(self, partial: PartialSpec, schema: DataSchema, k: int = 5) -> list[Completion]:
        """The k cheapest distinct valid charts that fill the partial's holes."""
        with self._lock:
            return complete(self.control(), self.kb.generate, self.weights, partial, schema, k)
