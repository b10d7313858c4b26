"""Chart code from the model: new charts for a goal, edits, follow-up recommendations, repairs.

The code is never run here; the sandbox does that. Unusable answers come back as candidates
with notes saying what went wrong, so a run can report them instead of crashing.
"""

from __future__ import annotations

import asyncio
import json

from draco.partial import PartialSpec
from lida.errors import LLMError
from lida.llm.answers import items, names, text
from lida.llm.blocks import code_block, data_block, defuse, field_list, goal_block, scaffold_block
from lida.llm.client import Completion, TextGenerator
from lida.llm.code import code_problem, ensure_imports, extract_code
from lida.llm.codegen import CODE_MAX_TOKENS, finish_code, repair_answer
from lida.llm.examples import example_chart, example_code
from lida.llm.fields import check_code_fields, check_names
from lida.llm.templates import render_prompt
from lida.model import CandidateChart, Goal
from summarizer.model import Summary

#: Several completions at temperature 0 would be identical; this spreads them a little.
DIVERSE_TEMPERATURE = 0.6


def visualize(
    llm: TextGenerator, summary: Summary, goal: Goal, n: int = 1, *, temperature: float | None = None
) -> list[CandidateChart]:
    """n candidate charts for one goal (one request with n completions)."""
    messages, temp = _visualize_request(summary, goal, n, temperature)
    completion = llm.generate(messages, n=n, temperature=temp, max_tokens=CODE_MAX_TOKENS, stage="code")
    return _candidates(llm, summary, goal, completion)


async def avisualize(
    llm: TextGenerator, summary: Summary, goal: Goal, n: int = 1, *, temperature: float | None = None
) -> list[CandidateChart]:
    """`visualize` through the async client, so many goals can wait on the network at once. Checking the
    answers (and the rare repair request for a cut-off answer) runs in a worker thread."""
    messages, temp = _visualize_request(summary, goal, n, temperature)
    completion = await llm.agenerate(messages, n=n, temperature=temp, max_tokens=CODE_MAX_TOKENS, stage="code")
    return await asyncio.to_thread(_candidates, llm, summary, goal, completion)


def _visualize_request(
    summary: Summary, goal: Goal, n: int, temperature: float | None
) -> tuple[list[dict[str, str]], float]:
    if n < 1:
        raise ValueError("n must be at least 1")
    messages = render_prompt(
        "visualize",
        data=data_block(summary),
        goal=goal_block(goal),
        scaffold=scaffold_block(summary),
        fields=field_list(summary),
    )
    return messages, temperature if temperature is not None else (0.0 if n == 1 else DIVERSE_TEMPERATURE)


def _candidates(llm: TextGenerator, summary: Summary, goal: Goal, completion: Completion) -> list[CandidateChart]:
    out = []
    for i, answer in enumerate(completion.texts):
        reason = completion.finish_reasons[i] if i < len(completion.finish_reasons) else None
        outcome = finish_code(llm, summary, answer, reason, example=example_code(summary))
        out.append(CandidateChart(goal=goal, code=outcome.code, source="llm", notes=outcome.notes))
    return out


def edit(llm: TextGenerator, summary: Summary, chart: CandidateChart, instructions: str) -> CandidateChart:
    """The chart changed as the user asks; notes say if the model's answer was unusable."""
    if not instructions.strip():
        raise ValueError("edit instructions are empty")
    messages = render_prompt(
        "edit",
        data=data_block(summary),
        code=code_block(chart),
        instructions=defuse(instructions.strip()),
        scaffold=scaffold_block(summary),
        fields=field_list(summary),
    )
    completion = llm.generate(messages, max_tokens=CODE_MAX_TOKENS, stage="code")
    reason = completion.finish_reasons[0] if completion.finish_reasons else None
    outcome = finish_code(llm, summary, completion.text, reason)
    notes = [f"edit: {instructions.strip()}", *outcome.notes]
    return CandidateChart(goal=chart.goal, code=outcome.code, source="llm", notes=notes)


def recommend(
    llm: TextGenerator, summary: Summary, chart: CandidateChart, n: int, *, temperature: float = 0.2
) -> list[CandidateChart]:
    """Up to n follow-up charts, each with its own goal."""
    if n < 1:
        raise ValueError("n must be at least 1")
    messages = render_prompt(
        "recommend",
        data=data_block(summary),
        goal=goal_block(chart.goal),
        code=code_block(chart),
        n=n,
        scaffold=scaffold_block(summary),
        fields=field_list(summary),
        example=_recommend_example(summary),
    )
    answer = llm.generate_json(
        messages, temperature=temperature, max_tokens=CODE_MAX_TOKENS * min(n, 4), stage="code"
    )
    out: list[CandidateChart] = []
    for item in items(answer, "charts"):
        code = item.get("code")
        if not isinstance(code, str) or not code.strip():
            continue
        asked = names(item.get("fields"))
        check = check_names(asked, summary.field_names)
        fields = [check.mapping.get(f, f) for f in asked if f not in check.unknown]
        question = text(item.get("question")) or text(item.get("visualization")) or "follow-up chart"
        goal = Goal(
            question=question,
            visualization=text(item.get("visualization")) or question,
            rationale=text(item.get("rationale")),
            fields=fields,
            intent=PartialSpec(fields=tuple(fields)),
            index=len(out),
            source="llm",
            persona=chart.goal.persona,
        )
        outcome = finish_code(llm, summary, code if "```" in code else f"```python\n{code}\n```")
        out.append(CandidateChart(goal=goal, code=outcome.code, source="llm", notes=outcome.notes))
        if len(out) == n:
            break
    if not out:
        llm.usage.add(failures=1)
        raise LLMError("the model recommended no chart with code")
    return out


def _recommend_example(summary: Summary) -> str:
    """One follow-up chart on this table in the answer's exact form (with the code as a JSON string)."""
    return json.dumps({"charts": [example_chart(summary)]}, indent=1)


def repair_code(llm: TextGenerator, summary: Summary, code: str, error: str) -> str:
    """Fixed code for a chart that failed (`error` is the sandbox's message).

    Raises LLMError when the answer is still not a complete plot(data) function.
    """
    answer = repair_answer(llm, summary, code, error)
    fixed = ensure_imports(extract_code(answer))
    problem = code_problem(fixed)
    if problem is not None:
        llm.usage.add(failures=1)
        raise LLMError(f"the model's repair is unusable: {problem}")
    return check_code_fields(fixed, summary.field_names).code
