"""personas: a small fixed set of readers, adapted by name and rationale to the table's fields."""

from __future__ import annotations

from lida.model import Persona
from lida.offline.fields import roles
from summarizer.model import Summary


def _list(names: list[str], k: int = 3) -> str:
    names = names[:k]
    if not names:
        return "the table's fields"
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def personas(summary: Summary, n: int = 3) -> list[Persona]:
    """Up to n personas, most general first. Deterministic."""
    rs = roles(summary)
    ms = [r.name for r in rs.measures]
    cs = [r.name for r in rs.categories if not r.label]
    ts = [r.name for r in rs.times]
    money = [f.name for f in summary.fields if f.semantic_type == "amount"]
    data = summary.name or "this data"
    out = [
        Persona("analyst", f"An analyst exploring {data}: wants the distribution of {_list(ms, 2)} and how it "
                           f"differs across {_list(cs, 2)}."),
        Persona("executive", f"An executive who wants the headline: which {_list(cs, 1)} leads on "
                             f"{_list(money or ms, 1)}, the top values and the overall share."),
        Persona("data scientist", f"A data scientist looking for correlation, outliers and the relationship "
                                  f"between {_list(ms, 3)}."),
    ]
    if money:
        out.append(Persona("finance lead", f"A finance lead tracking money: {_list(money)} by "
                                           f"{_list(cs or ts, 2)}, totals and top contributors."))
    if ts:
        out.append(Persona("operations planner", f"An operations planner watching the trend and seasons of "
                                                 f"{_list(ms, 2)} over {ts[0]}."))
    if rs.geo:
        out.append(Persona("regional manager", f"A regional manager asking where things happen: "
                                               f"{_list([g.name for g in rs.geo], 2)} and {_list(cs, 1)}."))
    return out[: max(0, n)]
