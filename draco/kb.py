"""The knowledge base on disk: the .lp programs, their documented constraints, and the weights.

Every draco/asp/*.lp file except generate.lp (completion's search space) is part of the
knowledge base, so a file added later (e.g. learned perception constraints) is picked up
without code changes. Documentation comes from `% @hard(name) text` / `% @soft(name) text`
lines placed above each rule group.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from draco.errors import DracoError
from draco.model import ConstraintDoc

ASP_DIR = Path(__file__).parent / "asp"
GENERATE_FILE = "generate.lp"
#: Prior weight files, later ones adding names the earlier ones lack (soft_perception.lp's, then
#: soft_literature.lp's: the graphical-perception studies, docs/learning.md).
PRIOR_FILES: tuple[str, ...] = ("weights_prior.json", "weights_perception_prior.json", "weights_literature_prior.json")
#: The learned weights `Draco()` loads; only `draco learn --install` (or an explicit --out) rewrites it.
LEARNED_WEIGHTS = ASP_DIR / "weights.json"

_DOC = re.compile(r"^%\s*@(hard|soft)\((\w+)\)\s*(.*)$")


def parse_docs(path: Path) -> list[ConstraintDoc]:
    """The documented constraint blocks of one .lp file."""
    docs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        m = _DOC.match(line.strip())
        if m:
            kind: Literal["hard", "soft"] = "hard" if m.group(1) == "hard" else "soft"
            docs.append(ConstraintDoc(name=m.group(2), kind=kind, description=m.group(3).strip(), file=path.name))
    return docs


@dataclass(frozen=True)
class KnowledgeBase:
    """The program text and the documentation, read once per `Draco` instance."""

    program: str  # all constraint files, for check/cost/explain
    generate: str  # the completion search space
    docs: tuple[ConstraintDoc, ...]

    @classmethod
    def load(cls, asp_dir: Path = ASP_DIR) -> KnowledgeBase:
        files = sorted(p for p in asp_dir.glob("*.lp") if p.name != GENERATE_FILE)
        if not files:
            raise DracoError(f"no .lp files in {asp_dir}")
        program = "\n".join(p.read_text(encoding="utf-8") for p in files)
        docs: list[ConstraintDoc] = []
        seen: dict[str, str] = {}
        for p in files:
            for d in parse_docs(p):
                if d.name in seen:
                    raise DracoError(f"constraint {d.name!r} documented twice ({seen[d.name]} and {p.name})")
                seen[d.name] = p.name
                docs.append(d)
        gen = asp_dir / GENERATE_FILE
        return cls(program=program, generate=gen.read_text(encoding="utf-8") if gen.exists() else "", docs=tuple(docs))

    def doc(self, name: str) -> ConstraintDoc | None:
        for d in self.docs:  # a few hundred entries, looked up only for hard violations and explain
            if d.name == name:
                return d
        return None

    @property
    def soft_names(self) -> list[str]:
        return [d.name for d in self.docs if d.kind == "soft"]


def read_weights(source: Mapping[str, int] | str | Path) -> dict[str, int]:
    """Weights from a mapping or a JSON file: {name: non-negative integer}.

    Integers only: clingo optimises integer weights, so a float (or a negative) is a mistake we name
    rather than round away (0.4 would silently become 0)."""
    if isinstance(source, Mapping):
        raw: object = dict(source)
        where = "weights"
    else:
        p = Path(source)
        where = str(p)
        try:
            raw = json.loads(p.read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            raise DracoError(f"{p}: no such weights file") from exc
        except (OSError, json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise DracoError(f"{p}: not a readable weights JSON file: {exc}") from exc
    if not isinstance(raw, dict):
        raise DracoError(f"{where}: weights must map constraint names to integers")
    out: dict[str, int] = {}
    for k, v in raw.items():
        if not isinstance(v, int) or isinstance(v, bool) or v < 0:
            raise DracoError(f"{where}: weight of {k!r} must be a non-negative integer, got {v!r}")
        out[str(k)] = v
    return out


def weights_json(weights: Mapping[str, int]) -> str:
    """The canonical text of a weights file (what read_weights reads): sorted names, trailing newline."""
    return json.dumps(dict(sorted(weights.items())), indent=2) + "\n"


def load_prior(asp_dir: Path = ASP_DIR) -> dict[str, int]:
    """The hand-set weights: what Draco falls back to for a name its weights lack, and what learning
    starts from and is pulled back toward. Later files only add names the earlier ones lack."""
    prior: dict[str, int] = {}
    for name in PRIOR_FILES:
        path = asp_dir / name
        if path.exists():
            for key, value in read_weights(path).items():
                prior.setdefault(key, value)
    return prior


def resolve_weights(kb: KnowledgeBase, weights: Mapping[str, int] | str | Path | None) -> dict[str, int]:
    """Given weights, else the shipped learned file, else the prior; missing names fall back to the prior."""
    prior = load_prior()
    if weights is None:
        chosen = read_weights(LEARNED_WEIGHTS) if LEARNED_WEIGHTS.exists() else prior
    else:
        chosen = read_weights(weights)
    return {name: chosen.get(name, prior.get(name, 0)) for name in kb.soft_names}
