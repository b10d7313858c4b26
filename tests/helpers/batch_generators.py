"""Custom generators for the Dask batch tests, shipped to workers through `Lida(generator=...).batch`.

`Scripted` is the offline generator, except for the tables named in its constructor: one ends its worker
process while it is planned (what a native crash or the kernel's OOM killer does to a worker), one
sleeps there first, so a test can kill the worker mid-table. One instance serves every test, so the
warm worker plugin is reused between them (keep_warm). Importable on a worker
because LocalCluster's processes inherit the test process's sys.path.
"""

from __future__ import annotations

import os
import signal
import time
from typing import Any

from lida.generator import OfflineGenerator
from lida.model import CandidateChart, Goal


class Scripted:
    """The offline generator (built lazily on the worker: draco is not shipped), except while planning
    the table named `kills` (its worker process is killed) or `slow` (it sleeps `seconds` first)."""

    llm = None
    explains_for_free = True

    def __init__(self, kills: str | None = None, slow: str | None = None, seconds: float = 4.0) -> None:
        self.kills, self.slow, self.seconds = kills, slow, seconds
        self._inner: OfflineGenerator | None = None

    def __getstate__(self) -> dict[str, Any]:
        return {"kills": self.kills, "slow": self.slow, "seconds": self.seconds, "_inner": None}

    def _gen(self) -> OfflineGenerator:
        if self._inner is None:
            from draco import Draco

            self._inner = OfflineGenerator(Draco())
        return self._inner

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self._gen(), name)

    def plan(self, summary: Any, frame: Any, stats: Any, ranker: Any, n: int) -> Any:
        """One bar chart of the first text column by the first number column: the tests are about where
        tables run, so the chart is cheap (no draco planning), but it still runs in the sandbox."""
        if summary.name == self.kills:
            os.kill(os.getpid(), signal.SIGKILL)
        if summary.name == self.slow:
            time.sleep(self.seconds)
        text = next(f.name for f in summary.fields if not f.is_numeric)
        number = next(f.name for f in summary.fields if f.is_numeric)
        goal = Goal(question=f"total {number} by {text}", visualization="bar chart", rationale="", fields=[text, number])
        code = (
            "import altair as alt\n\n\ndef plot(data):\n"
            f"    return alt.Chart(data).mark_bar().encode(x={text + ':N'!r}, y={'sum(' + number + '):Q'!r})\n"
        )
        return [(goal, CandidateChart(goal=goal, code=code))]
