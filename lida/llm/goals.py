"""Analysis goals from the model: one request, typed and checked against the real columns.

Small models copy what the prompt shows them, so the prompt shows a worked example built from the
table's own columns (never an angle-bracket placeholder), the request asks for structured output with
the columns as an enum, and an answer that only repeats the example or a placeholder is asked again once.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import replace
from typing import Any

from lida.errors import LLMError
from lida.llm.answers import items, names, text
from lida.llm.blocks import data_block, defuse
from lida.llm.client import TextGenerator
from lida.llm.examples import example_goal
from lida.llm.fields import check_names
from lida.llm.intent import AGGREGATES, CHANNELS, MARKS, TIME_UNITS, TYPES, parse_intent
from lida.llm.templates import Message, render_prompt
from lida.model import Goal, Persona
from summarizer.model import Summary

log = logging.getLogger("lida.llm")

#: Tokens per goal in the answer (question, visualization, rationale, fields, chart), plus the wrapper.
GOAL_TOKENS = 260
GOALS_BASE_TOKENS = 120

#: A template placeholder a model copied back, e.g. "<the question, one sentence>".
_PLACEHOLDER = re.compile(r"<[^<>\n]{2,80}>")

_REASK = (
    "Your previous answer only repeated the example or the template. Write {n} new goal(s) of your own "
    "about this table, with real questions, in the same JSON form."
)


def goals(
    llm: TextGenerator,
    summary: Summary,
    n: int,
    persona: Persona | None = None,
    query: str | None = None,
    *,
    temperature: float = 0.0,
) -> list[Goal]:
    """Up to n goals; with `query` the user's question is turned into the goal(s).

    Raises LLMError when the model gives no usable goal (after one re-ask if it echoed the prompt)."""
    if n < 1:
        raise ValueError("n must be at least 1")
    example = example_goal(summary)
    messages = render_prompt(
        "goals",
        data=data_block(summary),
        n=n,
        focus=_focus(persona, query),
        marks=", ".join(MARKS),
        channels=", ".join(CHANNELS),
        example=json.dumps({"goals": [example]}, indent=1),
    )
    kwargs: dict[str, Any] = {
        "temperature": temperature,
        "max_tokens": GOALS_BASE_TOKENS + GOAL_TOKENS * n,
        "stage": "goals",
        "schema": goals_schema(summary, n),
    }
    answer = llm.generate_json(messages, **kwargs)
    out, echoed, proposed = _goals_from(answer, summary, persona, n, example)
    if not out and echoed:
        log.warning("the model's goals only repeated the prompt (%s); asking once more", echoed[0])
        again: list[Message] = [*messages, {"role": "assistant", "content": json.dumps(answer)[:2000]},
                                {"role": "user", "content": _REASK.format(n=n)}]  # fmt: skip
        out, echoed, more = _goals_from(llm.generate_json(again, **kwargs), summary, persona, n, example)
        proposed += more
    llm.usage.add(goals_proposed=proposed, goals_usable=len(out))
    if not out:
        llm.usage.add(failures=1)
        if echoed:
            raise LLMError(f"the model's goals only repeated the prompt ({echoed[0]!r}), twice")
        raise LLMError("the model proposed no goal that uses the table's columns")
    return out


def _goals_from(
    answer: Any, summary: Summary, persona: Persona | None, n: int, example: dict[str, Any]
) -> tuple[list[Goal], list[str], int]:
    """The usable goals, the questions dropped as echoes of the prompt, and how many goals were proposed."""
    out: list[Goal] = []
    echoed: list[str] = []
    proposed = items(answer, "goals")
    for item in proposed:
        why = _echo(item, example)
        if why is not None:
            echoed.append(why)
            continue
        goal = _goal(item, summary, persona)
        if goal is not None:
            goal.index = len(out)
            out.append(goal)
        if len(out) == n:
            break
    return out, echoed, len(proposed)


def _echo(item: dict[str, Any], example: dict[str, Any]) -> str | None:
    """Why this goal is the prompt coming back (a placeholder, or the worked example), else None."""
    question = text(item.get("question"))
    if _PLACEHOLDER.search(question) or _PLACEHOLDER.search(text(item.get("visualization"))):
        return question or "a placeholder"
    if question and question.casefold() == str(example["question"]).casefold():
        return question
    return None


def goals_schema(summary: Summary, n: int) -> dict[str, Any]:
    """The answer's JSON schema, for servers with structured output: columns and marks as enums, so
    a constrained decoder cannot invent a column or write a placeholder there."""
    def nullable(values: Any) -> dict[str, Any]:
        return {"anyOf": [{"type": "string", "enum": list(values)}, {"type": "null"}]}

    encoding = {
        "type": "object",
        "properties": {
            "channel": {"type": "string", "enum": list(CHANNELS)},
            "field": nullable(summary.field_names),
            "type": {"type": "string", "enum": list(TYPES)},
            "aggregate": nullable(AGGREGATES),
            "bin": {"type": ["boolean", "null"]},
            "time_unit": nullable(TIME_UNITS),
        },
        "required": ["channel", "field", "type"],
    }
    goal = {
        "type": "object",
        "properties": {
            "question": {"type": "string"},
            "visualization": {"type": "string"},
            "rationale": {"type": "string"},
            "fields": {
                "type": "array",
                "items": {"type": "string", "enum": summary.field_names},
                "minItems": 1,
                "maxItems": 3,
            },
            "chart": {
                "type": "object",
                "properties": {
                    "mark": {"type": "string", "enum": list(MARKS)},
                    "encodings": {"type": "array", "items": encoding, "maxItems": 4},
                },
                "required": ["mark", "encodings"],
            },
        },
        "required": ["question", "visualization", "rationale", "fields", "chart"],
    }
    return {
        "type": "object",
        "properties": {"goals": {"type": "array", "items": goal, "minItems": 1, "maxItems": n}},
        "required": ["goals"],
    }


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
