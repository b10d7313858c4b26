"""lida's LLM path: a text generator over the openai SDK and the stage functions that use it.

Every stage mirrors its offline twin in lida.offline; lida.generator wraps both behind one protocol.
Importing this package does not import openai (that happens on the first request).
"""

from lida.llm.charts import avisualize, edit, recommend, repair_code, visualize
from lida.llm.client import DEFAULT_MODEL, Completion, LLMConfig, TextGenerator, llm_from_spec, parse_spec
from lida.llm.concurrency import gather_bounded
from lida.llm.enrich import enrich
from lida.llm.evaluate import evaluate
from lida.llm.explain import explain
from lida.llm.goals import goals
from lida.llm.personas import personas
from lida.llm.usage import Usage

__all__ = [
    "DEFAULT_MODEL",
    "Completion",
    "LLMConfig",
    "TextGenerator",
    "Usage",
    "avisualize",
    "edit",
    "enrich",
    "evaluate",
    "explain",
    "gather_bounded",
    "goals",
    "llm_from_spec",
    "parse_spec",
    "personas",
    "recommend",
    "repair_code",
    "visualize",
]
