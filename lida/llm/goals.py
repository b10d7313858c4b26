"""Analysis goals from the model: one request, typed and checked against the real columns."""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Any

from lida.errors import LLMError
from lida.llm.answers import items, names, text
from lida.llm.blocks import data_block, defuse
from lida.llm.client import TextGenerator
from lida.llm.fields import check_names
from lida.llm.intent import CHANNELS, MARKS, parse_intent
from lida.llm.templates import render_prompt
from lida.model import Goal, Persona
from summarizer.model import Summary

log = logging.getLogger("lida.llm")


def goals(
    llm: TextGenerator,
    summary: Summary,
    n: int,
    persona: Persona | None = None,
    query: str | None = None,
    *,
    temperature: float = 0.0,
) -> list[Goal]:
    """Up to n goals; with `query` the user's question is turned into the goal(s)."""
    if n < 1:
        raise ValueError("n must be at least 1")
    messages = render_prompt(
        "goals",
        data=data_block(summary),
        n=n,
        focus=_focus(persona, query),
        marks=", ".join(MARKS),
        channels=", ".join(CHANNELS),
    )
    answer = llm.generate_json(messages, temperature=temperature)
    out: list[Goal] = []
    for item in items(answer, "goals"):
        goal = _goal(item, summary, persona)
        if goal is not None:
            goal.index = len(out)
            out.append(goal)
        if len(out) == n:
            break
    if not out:
        llm.usage.add(failures=1)
        raise LLMError("the model proposed no goal that uses the table's columns")
    return out


def _focus(persona: Persona | None, query: str | None) -> str:
    parts = []
    if query:
        parts.append(
            "The user asked the question below. Make it the first goal, restated precisely with the "
            "exact column names; further goals, if any, should help answer the same question.\n"
            f"<question>\n{defuse(query)}\n</question>"
        )
    if persona is not None:
        parts.append(
            f"Write the goals for this reader: {defuse(persona.name)} ({defuse(persona.rationale)})."
        )
    return "\n\n".join(parts) if parts else "Write goals for a curious analyst who has not seen the table."


def _goal(item: dict[str, Any], summary: Summary, persona: Persona | None) -> Goal | None:
    question = text(item.get("question"))
    if not question:
        return None
    known = summary.field_names
    asked = names(item.get("fields"))
    check = check_names(asked, known)
    fields = list(dict.fromkeys(check.mapping.get(n, n) for n in asked if n not in check.unknown))
    unknown_in_chart: list[str] = []
    intent = parse_intent(item.get("chart") or item.get("intent"), known, fields, unknown_in_chart)
    for hint in intent.encodings:
        if hint.field is not None and hint.field not in fields:
            fields.append(hint.field)
    for note in check.notes():
        log.warning("goal %r: %s", question, note)
    for name in dict.fromkeys(unknown_in_chart):
        log.warning("goal %r: chart field %r matches no column; encoding dropped", question, name)
    if not fields:
        log.warning("dropped goal %r: it uses no column of the table", question)
        return None
    return Goal(
        question=question,
        visualization=text(item.get("visualization")) or question,
        rationale=text(item.get("rationale")),
        fields=fields,
        intent=replace(intent, fields=tuple(fields)),
        source="llm",
        persona=persona.name if persona is not None else None,
    )
