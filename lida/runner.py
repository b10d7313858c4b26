"""Where batch work runs. One small interface, so a distributed executor can replace the local pool.

`map` yields (item, outcome) as each item finishes; an outcome is the function's result, or the
exception that escaped it (a crashed worker process included), so one bad item never stops the rest.
"""

from __future__ import annotations

import concurrent.futures as cf
import multiprocessing
from collections.abc import Callable, Iterable, Iterator
from typing import Protocol, TypeVar

T = TypeVar("T")
R = TypeVar("R")


class Runner(Protocol):
    """`items` may be a lazy iterable: a runner that can (lida.distributed.DaskRunner) pulls only as many
    as it keeps in flight; the local ones list them first."""

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[tuple[T, R | BaseException]]: ...


class SerialRunner:
    """In this process, one item at a time: for debugging and for one-item batches."""

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[tuple[T, R | BaseException]]:
        for item in items:
            try:
                yield item, fn(item)
            except Exception as exc:
                yield item, exc


class PoolRunner:
    """A local process pool (CPU-bound offline work) or thread pool (I/O-bound LLM work)."""

    def __init__(self, workers: int = 2, processes: bool = True) -> None:
        self.workers = max(1, workers)
        self.processes = processes

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[tuple[T, R | BaseException]]:
        items = list(items)
        workers = min(self.workers, max(1, len(items)))
        # Processes start fresh ("spawn"): forking a parent that runs threads (sandbox readers, servers)
        # can copy a held lock into the child and hang it.
        pool: cf.Executor = (
            cf.ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"))
            if self.processes
            else cf.ThreadPoolExecutor(max_workers=workers)
        )
        with pool:
            futures = {pool.submit(fn, item): item for item in items}
            for fut in cf.as_completed(futures):
                exc = fut.exception()
                yield futures[fut], (exc if exc is not None else fut.result())


def make_runner(workers: int, processes: bool = True) -> Runner:
    return SerialRunner() if workers <= 1 else PoolRunner(workers, processes)
