"""Shared fixtures. Nothing here reaches the network; `shared_data` skips cleanly when ../shared is absent."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "lida" / "examples"


@pytest.fixture
def examples_dir() -> Path:
    return EXAMPLES


@pytest.fixture
def cars_path() -> Path:
    return EXAMPLES / "cars.json"


# The LLM tests' scripted OpenAI-compatible server on 127.0.0.1 (tests/llm_server.py).
from llm_server import llm_server  # noqa: E402, F401
