"""`lida batch` on a Dask cluster: one task per table, on an engine people already run.

Why Dask and not a scheduler of our own: clusters that chart a data lake already exist, with their
monitoring, autoscaling and retries. We add three things on top:

- `DaskRunner`, the `lida.runner.Runner` interface over a `distributed.Client`: tasks are submitted from
  a lazy iterable with a bounded number in flight, and (item, outcome) pairs come back as they finish.
- `LidaWorkerPlugin`, registered once per run: every worker process (also one restarted after a crash)
  keeps its own warm `Lida` with its own sandbox pool. The sandbox starts its workers with
  `subprocess.Popen`, never `multiprocessing`, so it works inside Dask's daemonic worker processes and in
  a worker started plainly with `dask worker ADDRESS`.
- `run_table`, the task: the worker reads its input itself (a path on shared storage or any fsspec URL;
  only the URL travels through the client and the scheduler) and builds its folder atomically
  (lida.batch.process_dataset).

A worker killed mid-table leaves only a temporary folder; the scheduler reschedules the table on
another worker (Dask's `allowed-failures`), and one table's failure never stops the others.
"""

from __future__ import annotations

import contextlib
import os
import queue
import re
import socket
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Any, TypeVar

from distributed import WorkerPlugin

from lida.errors import LidaError

# Below lida.batch and lida.api (which import this module): jobs, settings and the Lida class arrive as
# arguments, so nothing here imports them.
Lida = Any

T = TypeVar("T")
R = TypeVar("R")

PLUGIN_NAME = "lida-batch"
_LOCAL = re.compile(r"^local(?::(\d+))?$")


@dataclass(frozen=True)
class SchedulerSpec:
    """Where to run: an address of a running scheduler, or a LocalCluster of `workers` processes."""

    address: str | None
    workers: int = 0

    @property
    def local(self) -> bool:
        return self.address is None


def parse_scheduler(spec: str) -> SchedulerSpec:
    """`tcp://host:8786` (any Dask address) or `local[:N]` (N worker processes, default 2)."""
    text = spec.strip()
    match = _LOCAL.match(text)
    if match:
        n = int(match.group(1) or 2)
        if n < 1:
            raise LidaError(f"--scheduler local:N needs N >= 1, got {text!r}")
        return SchedulerSpec(None, n)
    if "://" not in text:
        if re.match(r"^[A-Za-z0-9_.\-\[\]:]+:\d+$", text):  # host:port, Dask's default protocol
            return SchedulerSpec(f"tcp://{text}")
        raise LidaError(f"--scheduler wants an address such as tcp://127.0.0.1:8786, or local[:N]; got {text!r}")
    return SchedulerSpec(text)


class DaskRunner:
    """A `Runner` over a Dask cluster: attaches to `scheduler` (an address) or starts a LocalCluster
    (`local[:N]`). `max_in_flight` bounds the tasks submitted and not yet collected (default four per
    worker thread, at least 16), so a manifest of millions of tables never sits in the client's memory.
    `allowed_failures` (LocalCluster only; a running scheduler keeps its own setting) is how many worker
    deaths a task may cause before it is reported as failed.
    `keep_warm` leaves the worker plugin (warm Lida and sandbox per worker) on an attached cluster after
    close, and the next batch with the same settings reuses it instead of starting it again; by default
    close removes it, so no sandbox processes outlive the batch. Close it (or use `with`) to disconnect."""

    def __init__(
        self,
        scheduler: str,
        *,
        plugin: WorkerPlugin | None = None,
        max_in_flight: int | None = None,
        retries: int = 1,
        allowed_failures: int = 2,
        connect_timeout: float = 20.0,
        keep_warm: bool = False,
    ) -> None:
        from distributed import Client, LocalCluster

        self.spec = parse_scheduler(scheduler)
        self.retries = retries
        self.keep_warm = keep_warm
        self._max_in_flight = max_in_flight
        self._cluster: Any = None
        try:
            if self.spec.local:
                self._cluster = LocalCluster(
                    n_workers=self.spec.workers,
                    threads_per_worker=1,  # offline work is CPU: one table per worker process at a time
                    processes=True,
                    dashboard_address=None,
                    scheduler_kwargs={"allowed_failures": allowed_failures},
                )
                self.client = Client(self._cluster)
            else:
                self.client = Client(self.spec.address, timeout=connect_timeout)
        except (OSError, TimeoutError) as exc:
            if self._cluster is not None:
                self._cluster.close()
            where = self.spec.address or f"a local cluster of {self.spec.workers}"
            raise LidaError(f"cannot reach the Dask scheduler at {where}: {exc}") from exc
        self.address: str = str(self.client.scheduler.address)
        self._plugin = plugin
        if plugin is not None and not self._warm_already(plugin):
            self.client.register_plugin(plugin, name=PLUGIN_NAME)

    def _warm_already(self, plugin: WorkerPlugin) -> bool:
        """Does every worker already hold an equal plugin (left by an earlier batch with keep_warm)?"""
        if not isinstance(plugin, LidaWorkerPlugin):
            return False
        prints = self.client.run(_installed_fingerprint)
        return bool(prints) and all(p == plugin.fingerprint() for p in prints.values())

    @property
    def engine(self) -> dict[str, str]:
        """What report.json records about where a table ran (the worker adds its own address)."""
        cluster = f"local:{self.spec.workers}" if self.spec.local else "attached"
        return {"name": "dask", "scheduler": self.address, "cluster": cluster}

    def max_in_flight(self) -> int:
        """Tasks submitted and not yet collected: as many as the cluster has threads (asked again as
        workers come and go). One per thread keeps each worker holding only the table it runs, so a
        worker that dies takes no queued table down with it (Dask counts a death against every task the
        worker held); the cost is one client round trip per table, milliseconds against seconds."""
        if self._max_in_flight is not None:
            return max(1, self._max_in_flight)
        return max(1, sum(self.client.nthreads().values()))

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[tuple[T, R | BaseException]]:
        import time

        from distributed import as_completed

        source = iter(items)
        pending: dict[Any, T] = {}
        done = as_completed()
        limit, asked = self.max_in_flight(), time.monotonic()

        def submit_next() -> bool:
            for item in source:
                # pure=False: the same table twice is two tasks (the second run is the point of --force)
                future = self.client.submit(fn, item, pure=False, retries=self.retries)
                pending[future] = item
                done.add(future)
                return True
            return False

        try:
            while len(pending) < limit and submit_next():
                pass
            for future in done:
                item = pending.pop(future)
                try:
                    outcome: R | BaseException = future.result()
                except Exception as exc:  # the task raised, or its workers kept dying (KilledWorker)
                    outcome = exc
                future.release()
                if time.monotonic() - asked > 5.0:  # the cluster may have grown or shrunk
                    limit, asked = self.max_in_flight(), time.monotonic()
                while len(pending) < limit and submit_next():
                    pass
                yield item, outcome
        finally:
            if pending:  # interrupted: tasks not started are dropped, running ones finish on their own
                self.client.cancel(list(pending))

    def close(self) -> None:
        if self._plugin is not None and not (self.keep_warm and self._cluster is None):
            with contextlib.suppress(Exception):  # best effort: a cluster already gone has nothing to close
                self.client.unregister_worker_plugin(PLUGIN_NAME)
        self.client.close()
        if self._cluster is not None:
            self._cluster.close()

    def __enter__(self) -> DaskRunner:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class LidaWorkerPlugin(WorkerPlugin):
    """Per worker process: warm `Lida` instances, one per table running at once there.

    Offline, each thread gets its own Lida (draco, ranker, a one-worker sandbox), so tables never share
    solver state. With an LLM, the threads share one Lida whose client holds at most `llm_in_flight`
    requests at once: the bound is per worker, and the cluster's total is workers x llm_in_flight.
    The LLM cache is `llm_cache` when given (a location every worker sees), otherwise one sqlite file
    per worker next to the default cache, so workers never contend for one file over a network mount.
    The first Lida is built in a background thread at setup, so the worker's event loop stays free."""

    idempotent = False

    def __init__(
        self,
        settings: Any,
        allow_weak_sandbox: bool | None = None,
        *,
        llm_cache: str | None = None,
        llm_in_flight: int = 8,
        generator: Any = None,
        llm_timeout: float | None = None,
        lida_class: Any = None,
    ) -> None:
        if llm_in_flight < 1:
            raise LidaError(f"llm_in_flight must be at least 1, got {llm_in_flight}")
        self.settings = settings
        self.allow_weak_sandbox = allow_weak_sandbox
        self.llm_cache = llm_cache
        self.llm_in_flight = llm_in_flight
        self.generator = generator  # a picklable custom Generator, shipped once per worker
        self.llm_timeout = llm_timeout  # seconds per LLM request; None: the stage defaults
        self.lida_class = lida_class  # lida.api.Lida (pickled by reference)
        self._state: _WorkerState | None = None

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["_state"] = None  # a worker's instances never travel
        return state

    def fingerprint(self) -> str:
        """Equal for plugins that would build the same Lida (so a warm one can be reused)."""
        import hashlib

        import cloudpickle

        parts = (self.settings, self.allow_weak_sandbox, self.llm_cache, self.llm_in_flight, self.generator,
                 self.lida_class)  # fmt: skip
        return hashlib.sha256(cloudpickle.dumps(parts)).hexdigest()

    def setup(self, worker: Any) -> None:
        self._state = _WorkerState(self, worker_label=_label(str(worker.name)), nthreads=int(worker.state.nthreads))
        self._state.warm()

    def teardown(self, worker: Any) -> None:
        if self._state is not None:
            self._state.close()
            self._state = None

    @contextlib.contextmanager
    def borrow(self) -> Iterator[Lida]:
        if self._state is None:
            raise LidaError("the lida worker plugin was not set up on this worker")
        with self._state.borrow() as lida:
            yield lida

    def llm_client(self, worker_label: str) -> Any:
        """This worker's LLM client (None offline): at most `llm_in_flight` requests at once, its cache
        at `cache_path`. Built on the worker from the spec, so the API key comes from the worker's
        environment and never travels through the scheduler."""
        if self.settings.llm is None:
            return None
        from lida.llm.client import TextGenerator, parse_spec

        overrides: dict[str, Any] = {"max_concurrency": self.llm_in_flight}
        if self.llm_timeout is not None:
            overrides["timeout"] = self.llm_timeout
        cache = self.cache_path(worker_label)
        if cache is not None:
            overrides["cache_path"] = cache
        return TextGenerator(parse_spec(self.settings.llm, **overrides))

    def cache_path(self, worker_label: str) -> str | None:
        """Where this worker's LLM cache lives (None offline)."""
        if self.settings.llm is None and self.generator is None:
            return None
        if self.llm_cache:
            return self.llm_cache
        from lida.llm.cache import default_cache_path

        return str(default_cache_path().with_name(f"llm-{_label(socket.gethostname())}-{worker_label}.sqlite"))


class _WorkerState:
    """The Lida instances of one worker process, borrowed by one task at a time (offline) or shared."""

    def __init__(self, plugin: LidaWorkerPlugin, worker_label: str, nthreads: int) -> None:
        self.plugin = plugin
        self.worker_label = worker_label
        self.shared = plugin.settings.llm is not None or plugin.generator is not None
        self.capacity = 1 if self.shared else max(1, nthreads)
        self._idle: queue.Queue[Lida] = queue.Queue()
        self._all: list[Lida] = []
        self._lock = threading.Lock()
        self._first_ready = threading.Event()
        self._first_error: BaseException | None = None

    def _build(self) -> Lida:
        plugin = self.plugin
        if plugin.lida_class is None:
            raise LidaError("the lida worker plugin needs lida_class (lida.api.Lida)")
        llm = plugin.llm_client(self.worker_label)
        # threads share the LLM Lida: its sandbox gets a worker per thread; offline one each
        workers = max(2, self.capacity) if self.shared else 1
        lida = plugin.lida_class(llm=llm, generator=plugin.generator, sandbox_workers=workers,
                                 allow_weak_sandbox=plugin.allow_weak_sandbox,
                                 strict_llm=plugin.settings.strict_llm)  # fmt: skip
        lida.sandbox.start()
        with self._lock:
            self._all.append(lida)
        return lida

    def warm(self) -> None:
        def first() -> None:
            try:
                self._idle.put(self._build())
            except BaseException as exc:  # kept and raised in every task: the report then says why
                self._first_error = exc
            finally:
                self._first_ready.set()

        threading.Thread(target=first, name="lida-warm", daemon=True).start()

    @contextlib.contextmanager
    def borrow(self) -> Iterator[Lida]:
        self._first_ready.wait()
        if self._first_error is not None:
            raise LidaError(f"this worker could not start lida: {self._first_error}") from self._first_error
        if self.shared:
            yield self._idle.queue[0]
            return
        try:
            lida = self._idle.get_nowait()
        except queue.Empty:
            with self._lock:
                grow = len(self._all) < self.capacity
            lida = self._build() if grow else self._idle.get()
        try:
            yield lida
        finally:
            self._idle.put(lida)

    def close(self) -> None:
        with self._lock:
            everything, self._all = self._all, []
        for lida in everything:
            lida.close()


def _installed_fingerprint(dask_worker: Any) -> str | None:
    plugin = dask_worker.plugins.get(PLUGIN_NAME)
    return plugin.fingerprint() if isinstance(plugin, LidaWorkerPlugin) else None


def _label(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", text).strip("-") or "worker"


def run_table(job: Any, process: Callable[..., dict[str, Any]]) -> dict[str, Any]:
    """The Dask task for one table (`process` is lida.batch.process_dataset), run on a worker: borrow the
    worker's warm Lida, read the input there, build the folder. A bad table becomes a failed report; only
    a dying worker escapes as an error."""
    from distributed import get_worker

    worker = get_worker()
    plugin = worker.plugins.get(PLUGIN_NAME)
    if not isinstance(plugin, LidaWorkerPlugin):
        raise LidaError("no lida worker plugin on this worker (was the batch started with DaskRunner?)")
    job = replace(job, engine={**(job.engine or {}), "worker": str(worker.address), "pid": str(os.getpid())})
    with plugin.borrow() as lida:
        return process(job, lida=lida)
