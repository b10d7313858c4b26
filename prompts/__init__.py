"""Every LLM prompt, one Markdown template per file (read by lida.llm.templates).

A package only so that the templates install with the code; it holds no logic.
"""

from pathlib import Path

PROMPTS_DIR = Path(__file__).resolve().parent
