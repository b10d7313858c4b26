"""'Why this rank' leads with what the chart shows, then at most three design reasons."""

from __future__ import annotations

from draco.model import Preference
from lida.chart import Chart
from lida.model import Goal


def _chart(**kw: object) -> Chart:
    goal = Goal(question="q", visualization="v", rationale="r", fields=["a"])
    return Chart(goal=goal, code="", spec={"mark": "point"}, **kw)  # type: ignore[arg-type]


def test_why_leads_with_the_insight_and_keeps_three_reasons():
    costs = [Preference(f"p{i}", 1, 10 - i, f"Design preference {i}.") for i in range(6)]
    chart = _chart(cost=100.0, costs=costs, insight="strong negative relation of b and a (rho = -0.78)",
                   reasons=["the colour groups separate clearly"])
    lines = chart.why_lines()
    assert lines[0] == "strong negative relation of b and a (rho = -0.78)"
    assert lines[1] == "the colour groups separate clearly"
    assert len(lines) == 4  # the insight and three design reasons, not every soft constraint
    assert lines[2] == "design preference 0"
    assert chart.why.startswith("strong negative relation")


def test_why_without_ranker_still_reads():
    assert _chart(cost=0.0).why == "violates no design preference"
    chart = _chart(cost=50.0, costs=[Preference("p", 2, 25, "Binning loses precision.")])
    assert chart.why == "binning loses precision"
