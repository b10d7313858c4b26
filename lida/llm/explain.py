"""Plain-words explanation of a chart, from the model."""

from __future__ import annotations

from lida.errors import LLMError
from lida.llm.answers import text
from lida.llm.blocks import code_block, data_block, goal_block
from lida.llm.client import TextGenerator
from lida.llm.templates import render_prompt
from lida.model import CandidateChart, Explanation
from summarizer.model import Summary


def explain(llm: TextGenerator, summary: Summary, chart: CandidateChart) -> Explanation:
    messages = render_prompt(
        "explain", data=data_block(summary), goal=goal_block(chart.goal), code=code_block(chart)
    )
    answer = llm.generate_json(messages)
    if not isinstance(answer, dict):
        llm.usage.add(failures=1)
        raise LLMError("the model's explanation is not a JSON object")
    what = text(answer.get("what") or answer.get("summary") or answer.get("description"))
    how = text(answer.get("how_to_read") or answer.get("how") or answer.get("encodings"))
    alt = text(answer.get("alt_text") or answer.get("alt"))
    if not what:
        llm.usage.add(failures=1)
        raise LLMError("the model's explanation has no 'what'")
    return Explanation(what=what, how_to_read=how, alt_text=alt or what, source="llm")
