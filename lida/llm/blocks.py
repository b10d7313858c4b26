"""Text blocks that put untrusted material (data summaries, code, user text) into prompts.

Each block sits between tags the prompts name (<data>, <code>, ...). A closing tag inside the
material is defused so a column name or a code comment cannot end the block early.
"""

from __future__ import annotations

import re

from lida.llm.examples import example_code
from lida.model import CandidateChart, Goal
from summarizer.model import Summary
from summarizer.prompt import prompt_text

_TAGS = re.compile(r"</?\s*(data|code|goal|error|instructions|question|broken)\s*>", re.IGNORECASE)


def defuse(text: str) -> str:
    """Neutralise our block tags inside untrusted text ("</data>" -> "&lt;/data>")."""
    return _TAGS.sub(lambda m: "&lt;" + m.group(0)[1:], text)


def data_block(summary: Summary) -> str:
    return defuse(prompt_text(summary))


def field_list(summary: Summary) -> str:
    return ", ".join(repr(name) for name in summary.field_names)


def scaffold_block(summary: Summary) -> str:
    """The form chart code must have, shown as a complete example on this table (never a bare scaffold,
    which small models echo back)."""
    return f"```python\n{defuse(example_code(summary))}```"


def goal_block(goal: Goal) -> str:
    lines = [f"Question: {goal.question}", f"Chart: {goal.visualization}"]
    if goal.rationale:
        lines.append(f"Why: {goal.rationale}")
    if goal.fields:
        lines.append("Columns: " + ", ".join(repr(f) for f in goal.fields))
    intent = goal.intent
    if intent.mark:
        lines.append(f"Mark: {intent.mark}")
    for enc in intent.encodings:
        parts = [f"{k}={v}" for k, v in vars(enc).items() if v is not None]
        if parts:
            lines.append("Encoding: " + ", ".join(parts))
    return defuse("\n".join(lines))


def code_block(chart: CandidateChart | str) -> str:
    return defuse(chart if isinstance(chart, str) else chart.code)
