"""Run many LLM coroutines with a cap on how many are in flight (servers rate-limit bursts)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Iterable
from typing import Any, TypeVar

T = TypeVar("T")


async def gather_bounded(
    aws: Iterable[Awaitable[T]], limit: int = 8, *, return_exceptions: bool = False
) -> list[Any]:
    """Like asyncio.gather, results in input order, but at most `limit` awaitables run at once.

    With return_exceptions=True a failure is returned in its slot instead of cancelling the rest.
    """
    if limit < 1:
        raise ValueError("limit must be at least 1")
    semaphore = asyncio.Semaphore(limit)

    async def run(aw: Awaitable[T]) -> T:
        async with semaphore:
            return await aw

    return list(await asyncio.gather(*(run(aw) for aw in aws), return_exceptions=return_exceptions))
