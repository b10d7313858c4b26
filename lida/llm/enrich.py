"""Summary enrichment in one request: a table description, field descriptions, better semantic types.

The model's answer is checked against the real columns: an invented column is dropped, an unknown
semantic type ignored. The input Summary is never mutated.
"""

from __future__ import annotations

import copy
import logging
from dataclasses import replace
from typing import Any

from lida.llm.answers import items, text
from lida.llm.blocks import data_block
from lida.llm.client import TextGenerator
from lida.llm.fields import normalize_name
from lida.llm.templates import render_prompt
from summarizer.model import SEMANTIC_TYPES, FieldSummary, Summary

log = logging.getLogger("lida.llm")

#: Types describing what the data physically is; a model's opinion never overrides these.
_FACTUAL_TYPES = {"constant", "empty"}


def enrich(llm: TextGenerator, summary: Summary) -> Summary:
    messages = render_prompt("enrich", data=data_block(summary), semantic_types=", ".join(SEMANTIC_TYPES))
    # a description and a type per column: the answer grows with the table
    answer = llm.generate_json(messages, max_tokens=300 + 90 * len(summary.fields))
    updates = _field_updates(answer, summary)
    fields: list[FieldSummary] = []
    for f in summary.fields:
        new = copy.deepcopy(f)
        description, semantic_type = updates.get(f.name, ("", None))
        if description:
            new.description = description
        if semantic_type and f.semantic_type not in _FACTUAL_TYPES:
            new.semantic_type = semantic_type
        fields.append(new)
    description = text(answer.get("description")) if isinstance(answer, dict) else ""
    return replace(
        summary,
        fields=fields,
        notes=list(summary.notes),
        description=description or summary.description,
    )


def _field_updates(answer: Any, summary: Summary) -> dict[str, tuple[str, str | None]]:
    """real column -> (description, semantic type or None), from the model's field list."""
    known = summary.field_names
    out: dict[str, tuple[str, str | None]] = {}
    raw = answer.get("fields") if isinstance(answer, dict) else answer
    if isinstance(raw, dict):  # {"col": {"description": ...}} shape
        raw = [
            {"name": k, **v} if isinstance(v, dict) else {"name": k, "description": v} for k, v in raw.items()
        ]
    for item in items(raw, "fields"):
        name = item.get("name") or item.get("field") or item.get("column")
        if not isinstance(name, str):
            continue
        real = name if name in known else _exact_ignoring_case(name, known)
        if real is None:
            log.warning("enrichment: dropped invented field %r", name)
            continue
        sem = item.get("semantic_type")
        sem_type = sem.strip().lower() if isinstance(sem, str) else None
        if sem_type is not None and sem_type not in SEMANTIC_TYPES:
            log.info("enrichment: ignored unknown semantic type %r for %r", sem, real)
            sem_type = None
        out.setdefault(real, (text(item.get("description")), sem_type))
    return out


def _exact_ignoring_case(name: str, known: list[str]) -> str | None:
    """Only case/space/punctuation differences count: a description of a guessed column would mislead."""
    same = [k for k in known if normalize_name(k) == normalize_name(name)]
    return same[0] if len(same) == 1 else None
