"""Personas from the model: who would read this table, and what they want from it."""

from __future__ import annotations

from lida.errors import LLMError
from lida.llm.answers import items, text
from lida.llm.blocks import data_block
from lida.llm.client import TextGenerator
from lida.llm.templates import render_prompt
from lida.model import Persona
from summarizer.model import Summary


def personas(llm: TextGenerator, summary: Summary, n: int, *, temperature: float = 0.0) -> list[Persona]:
    if n < 1:
        raise ValueError("n must be at least 1")
    answer = llm.generate_json(
        render_prompt("personas", data=data_block(summary), n=n), temperature=temperature, max_tokens=150 + 80 * n
    )
    out: list[Persona] = []
    seen: set[str] = set()
    for item in items(answer, "personas"):
        name = text(item.get("name") or item.get("persona"))
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            out.append(Persona(name=name, rationale=text(item.get("rationale") or item.get("goal"))))
    if not out:
        llm.usage.add(failures=1)
        raise LLMError("the model returned no personas")
    return out[:n]
