"""The shared path of every stage that gets chart code from the model (visualize, edit, recommend).

Extract the code, check it parses into a complete plot(data); if not, one repair round trip;
then check the column names. The outcome is always a value with notes, never a stray exception
from a bad answer (a failed request still raises LLMError).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from lida.errors import LLMError
from lida.fixers.deterministic import deterministic_repair
from lida.fixers.model import FixContext
from lida.llm.blocks import code_block, data_block, defuse, field_list, scaffold_block
from lida.llm.client import TextGenerator
from lida.llm.code import code_problem, ensure_imports, extract_code
from lida.llm.fields import check_code_fields
from lida.llm.templates import render_prompt
from summarizer.model import Summary

log = logging.getLogger("lida.llm")

#: Enough for any sensible plot() function; a cut-off answer is repaired once.
CODE_MAX_TOKENS = 1800


@dataclass
class CodeOutcome:
    code: str
    ok: bool  # False: still not a complete plot(data) after one repair
    notes: list[str] = field(default_factory=list)


def finish_code(
    llm: TextGenerator, summary: Summary, answer: str, finish_reason: str | None = None, *, example: str | None = None
) -> CodeOutcome:
    """Turn one answer into checked code, with at most one repair request. An answer that only repeats
    the prompt (the scaffold, or the prompt's `example` code) is re-asked before it costs a sandbox run."""
    code = ensure_imports(extract_code(answer))
    problem = code_problem(code)
    if problem is None and example is not None and _same_code(code, example):
        problem = "the answer repeats the prompt's example code instead of charting this goal"
    notes: list[str] = []
    if finish_reason == "length":
        if problem is None and not _fence_closed(answer):
            # Cut code often still parses ("return alt.Cha"); an open fence at the limit is the tell.
            problem = "the answer stopped at the token limit before the code block closed"
        elif problem is not None:
            problem += " (the answer hit the token limit)"
    if problem is not None and finish_reason != "length":
        # Whole answers with a slip (a missing return, prose around the code) are fixed for free.
        code, problem, fixed = _fix_locally(code, problem)
        notes.extend(fixed)
    if problem is not None:
        notes.append(f"first answer unusable: {problem}; asked the model to complete it")
        try:
            code, problem = _repair_once(llm, summary, code or answer, problem)
        except LLMError as exc:
            notes.append(f"repair request failed: {exc}")
        if problem is not None:
            llm.usage.add(failures=1)
            notes.append(f"no usable code: {problem}")
            log.warning("chart code unusable after one repair: %s", problem)
            return CodeOutcome(code=code, ok=False, notes=notes)
    checked = check_code_fields(code, summary.field_names)
    notes.extend(checked.notes)
    return CodeOutcome(code=checked.code, ok=True, notes=notes)


def _fix_locally(code: str, problem: str) -> tuple[str, str | None, list[str]]:
    result = deterministic_repair(code, FixContext())
    if result.code == code or code_problem(result.code) is not None:
        return code, problem, []
    return result.code, None, [f"fixed without the model: {r.kind}: {r.detail}" for r in result.repairs]


def _repair_once(llm: TextGenerator, summary: Summary, code: str, problem: str) -> tuple[str, str | None]:
    text = repair_answer(llm, summary, code, problem)
    fixed = ensure_imports(extract_code(text))
    return (fixed or code), code_problem(fixed)


def repair_answer(llm: TextGenerator, summary: Summary, code: str, error: str) -> str:
    messages = render_prompt(
        "repair",
        data=data_block(summary),
        code=code_block(code),
        error=defuse(error),
        scaffold=scaffold_block(summary),
        fields=field_list(summary),
    )
    return llm.generate(messages, max_tokens=CODE_MAX_TOKENS, stage="repair").text


def _same_code(a: str, b: str) -> bool:
    """Equal up to whitespace and quote style."""
    def norm(code: str) -> str:
        return "".join(code.replace("'", '"').split())

    return norm(a) == norm(b)


def _fence_closed(answer: str) -> bool:
    """True when the answer's code fences are balanced (the block was finished)."""
    fences = answer.count("```")
    return fences >= 2 and fences % 2 == 0
