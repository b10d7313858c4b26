"""Shared fixtures. Nothing here reaches the network; `shared_data` skips cleanly when ../shared is absent."""

from __future__ import annotations

import os
from collections.abc import Iterator
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
from helpers.llm_server import llm_server  # noqa: E402, F401


@pytest.fixture(scope="session", autouse=True)
def weak_sandbox_where_the_kernel_lacks_layers() -> Iterator[None]:
    """On a kernel without Landlock or seccomp the suite still runs, with the in-process layers only (the
    hostile corpus then shows what those stop); where the kernel has both, nothing changes."""
    from lida.sandbox import layers

    if not layers.detect().missing_kernel_layers() or layers.ALLOW_WEAK_ENV in os.environ:
        yield
        return
    os.environ[layers.ALLOW_WEAK_ENV] = "1"
    try:
        yield
    finally:
        os.environ.pop(layers.ALLOW_WEAK_ENV, None)
