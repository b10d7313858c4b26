"""Scores for a chart on six dimensions, from the model, clamped to 1..10."""

from __future__ import annotations

import logging
import math
import re
from typing import Any

from lida.errors import LLMError
from lida.llm.answers import text
from lida.llm.blocks import code_block, data_block, goal_block
from lida.llm.client import TextGenerator
from lida.llm.templates import render_prompt
from lida.model import CandidateChart, Evaluation
from summarizer.model import Summary

log = logging.getLogger("lida.llm")

DIMENSIONS = ("bugs", "transformation", "encoding", "type", "aesthetics", "goal")
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def evaluate(llm: TextGenerator, summary: Summary, chart: CandidateChart) -> Evaluation:
    messages = render_prompt(
        "evaluate", data=data_block(summary), goal=goal_block(chart.goal), code=code_block(chart)
    )
    answer = llm.generate_json(messages)
    scores: dict[str, int] = {}
    rationales: dict[str, str] = {}
    for dimension, entry in _entries(answer):
        key = dimension.strip().lower()
        if key not in DIMENSIONS or key in scores:
            continue
        score = _score(entry.get("score") if isinstance(entry, dict) else entry)
        if score is None:
            continue
        scores[key] = score
        rationales[key] = (
            text(entry.get("rationale") or entry.get("reason")) if isinstance(entry, dict) else ""
        )
    if not scores:
        llm.usage.add(failures=1)
        raise LLMError("the model's evaluation has no usable scores")
    missing = [d for d in DIMENSIONS if d not in scores]
    if missing:
        log.warning("evaluation lacks dimensions %s", ", ".join(missing))
    return Evaluation(scores=scores, rationales=rationales, source="llm")


def _entries(answer: Any) -> list[tuple[str, Any]]:
    """(dimension, entry) pairs from {"bugs": {...}} or [{"dimension": "bugs", ...}] shapes."""
    if isinstance(answer, dict):
        inner = answer.get("scores") or answer.get("evaluation") or answer.get("evaluations")
        if inner is not None:
            return _entries(inner)
        return [(str(k), v) for k, v in answer.items()]
    if isinstance(answer, list):
        return [
            (str(e.get("dimension")), e)
            for e in answer
            if isinstance(e, dict) and isinstance(e.get("dimension"), str)
        ]
    return []


def _score(value: Any) -> int | None:
    """An int in 1..10 from 7, 7.5, "7", "7/10"; None if there is no number."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        number = float(value)
    elif isinstance(value, str) and (m := _NUMBER.search(value)):
        number = float(m.group(0))
    else:
        return None
    if math.isnan(number):
        return None
    return max(1, min(10, round(number)))
