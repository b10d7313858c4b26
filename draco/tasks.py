"""The task vocabulary: what the reader of a chart wants to do, and how it maps onto Kim & Heer's two.

Kim & Heer (2018) measured two task families, `value` (read, compare or find individual values) and
`summary` (judge an aggregate property: average, trend, spread, correlation). Every soft constraint
written for them keys on `task(V,value|summary)`. Other studies separate finer goals (Saket et al.
2018; Albers, Correll & Gleicher 2014; Harrison et al. 2014), so a task here is one of `TASKS`; the
facts carry both its family (`task(V,F)`, so the Kim-derived constraints keep firing) and the goal
itself (`goal(V,T)`, for the constraints in asp/soft_literature.lp).

`LIDA_KIND_TASK` maps the question kinds of lida's ranker (lida/explore/features.py KINDS) onto these
tasks, so a caller that knows the question can ask draco for the design that fits it.
"""

from __future__ import annotations

from draco.errors import DracoError

#: goal -> family. value: individual values; summary: an aggregate property of many values.
TASK_FAMILY: dict[str, str] = {
    "value": "value",  # read one value (Kim & Heer's value task)
    "extremes": "value",  # find the largest / smallest item (Saket: find extremum; Albers: max/min)
    "compare": "value",  # compare individual values or groups of values (Cleveland & McGill's judgments)
    "summary": "summary",  # an aggregate property (Kim & Heer's summary task)
    "trend": "summary",  # how a quantity changes along an ordered axis (Zacks & Tversky 1999)
    "correlate": "summary",  # how two quantities relate (Harrison et al. 2014; Saket et al. 2018)
    "distribution": "summary",  # the shape and spread of values (Saket: characterize distribution)
    "part_to_whole": "summary",  # shares of a total (Spence & Lewandowsky 1991; Simkin & Hastie 1987)
}
TASKS: tuple[str, ...] = tuple(TASK_FAMILY)

#: lida ranker question kind -> draco task. Kinds not listed (geo, other) map to "summary".
LIDA_KIND_TASK: dict[str, str] = {
    "distribution": "distribution",
    "distribution_by": "distribution",
    "density": "distribution",
    "relation": "correlate",
    "small_multiples": "correlate",
    "connected": "correlate",
    "trend": "trend",
    "slope": "trend",
    "composition": "part_to_whole",
    "part_to_whole": "part_to_whole",
    "comparison": "compare",
    "two_way": "compare",
    "counts": "compare",
    "cross_counts": "compare",
}


def check_task(task: str) -> str:
    """The task itself, or a one-line error naming the known ones."""
    if task not in TASK_FAMILY:
        raise DracoError(f"unknown task: {task!r} (expected one of {', '.join(TASKS)})")
    return task


def task_family(task: str) -> str:
    """Kim & Heer's family (value or summary) of a task."""
    return TASK_FAMILY[check_task(task)]


def task_for_kind(kind: str) -> str:
    """The draco task for a lida ranker question kind; unknown kinds get the neutral `summary`."""
    return LIDA_KIND_TASK.get(kind, "summary")
