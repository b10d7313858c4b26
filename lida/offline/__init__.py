"""The offline generator: goals, personas, chart code, edits, explanations, evaluations and
recommendations from rules and the draco knowledge base, with no LLM."""

from lida.offline.charts import visualize
from lida.offline.edit import edit
from lida.offline.evaluate import evaluate
from lida.offline.explain import explain
from lida.offline.goals import goals
from lida.offline.personas import personas
from lida.offline.recommend import recommend

__all__ = ["edit", "evaluate", "explain", "goals", "personas", "recommend", "visualize"]
