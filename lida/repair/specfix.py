"""Spec-level repair: fix a chart that ran but breaks a design rule, by editing its Vega-Lite.

The spec is data, so editing and re-rendering it needs no sandbox. Each fixer handles one
problem (named like draco's hard constraints, plus overplotting) and records a `Repair`.
"""

from __future__ import annotations

import copy
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from lida.fixers.model import Repair
from lida.repair.model import Issue
from lida.repair.spec_data import View, field_defs, field_root, is_number, iter_views

#: points above which a scatter is overplotted: lower opacity, then a binned heatmap
OVERPLOT_ROWS = 1500
HEATMAP_ROWS = 6000
TOP_N_COLOR = 10
TOP_N_SHAPE = 7
TOP_N_PIE_BARS = 20


@dataclass
class SpecFix:
    spec: dict[str, Any]
    repairs: list[Repair] = field(default_factory=list)
    unfixed: list[Issue] = field(default_factory=list)


def _positional(view: View) -> list[tuple[str, dict[str, Any]]]:
    return [(ch, d) for ch, d in field_defs(view.encoding) if ch in {"x", "y"} and isinstance(d, dict)]


def fix_zero_baseline(spec: dict[str, Any]) -> list[Repair]:
    """Bars and areas measure length from zero: drop zero=false and log scales on their quantitative axis."""
    repairs: list[Repair] = []
    for view in iter_views(spec):
        if view.mark not in {"bar", "area"}:
            continue
        for ch, d in _positional(view):
            scale = d.get("scale")
            if d.get("type") != "quantitative" or not isinstance(scale, dict):
                continue
            if scale.get("zero") is False:
                scale["zero"] = True
                repairs.append(Repair("spec:zero-baseline", f"{view.mark} {ch} axis now starts at zero"))
            if scale.get("type") in {"log", "sqrt", "pow", "symlog"}:
                repairs.append(Repair("spec:zero-baseline", f"{view.mark} {ch} axis: {scale.pop('type')} scale -> linear"))
            domain = scale.get("domain")
            if isinstance(domain, list) and len(domain) == 2 and is_number(domain[0]) and domain[0] > 0:
                scale.pop("domain")
                repairs.append(Repair("spec:zero-baseline", f"{view.mark} {ch} axis: dropped a domain starting at {domain[0]:g}"))
    return repairs


def _values(view: View, field: str) -> list[Any]:
    root = field_root(field)
    return [r.get(root) for r in view.rows or [] if r.get(root) is not None]


def fix_log_scale(spec: dict[str, Any]) -> list[Repair]:
    """A log (or sqrt) scale over zero or negative values is undefined there: make it linear."""
    repairs: list[Repair] = []
    for view in iter_views(spec):
        for ch, d in field_defs(view.encoding):
            scale = d.get("scale")
            if not isinstance(scale, dict) or scale.get("type") not in {"log", "sqrt"} or not isinstance(d.get("field"), str):
                continue
            nums = [v for v in _values(view, d["field"]) if is_number(v)]
            if d.get("aggregate") not in (None, "min", "max") or not nums:
                continue
            bad = min(nums) <= 0 if scale["type"] == "log" else min(nums) < 0
            if bad:
                repairs.append(Repair("spec:log-scale", f"{ch}: {scale.pop('type')} scale over values down to {min(nums):g} -> linear"))
    return repairs


def _top_values(view: View, field: str, n: int) -> list[Any]:
    counts = Counter(v for v in _values(view, field) if not isinstance(v, (dict, list)))
    return [v for v, _ in counts.most_common(n)]


def _lump_other(view: View, field: str, n: int, what: str) -> Repair | None:
    """Keep the n most frequent values of `field` and call the rest "Other".

    The rows are rewritten in place (not a calculate transform) so the chart's data, and any
    schema built from it, show the lumped categories.
    """
    keep = _top_values(view, field, n)
    total = len(set(map(str, _values(view, field))))
    if not keep or total <= n or view.rows is None:
        return None
    root = field_root(field)
    kept = set(keep)
    for row in view.rows:
        if row.get(root) is not None and row[root] not in kept:
            row[root] = "Other"
    return Repair(f"spec:top-{what}", f"{root!r}: kept the {n} most frequent of {total} values on {what}, the rest are 'Other'")


def fix_too_many_categories(spec: dict[str, Any], channel: str = "color", n: int = TOP_N_COLOR) -> list[Repair]:
    repairs: list[Repair] = []
    for view in iter_views(spec):
        d = view.encoding.get(channel)
        if not isinstance(d, dict) or d.get("type") not in {"nominal", "ordinal"} or not isinstance(d.get("field"), str):
            continue
        if d.get("aggregate") or d.get("bin") or d.get("timeUnit") or view.rows is None:
            continue
        r = _lump_other(view, d["field"], n, channel)
        if r:
            repairs.append(r)
    return repairs


def fix_pie_slices(spec: dict[str, Any]) -> list[Repair]:
    """A pie with too many slices becomes a sorted bar chart (theta -> x, color -> y)."""
    repairs: list[Repair] = []
    for view in iter_views(spec):
        if view.mark != "arc":
            continue
        enc = view.encoding
        theta, color = enc.get("theta"), enc.get("color")
        if not isinstance(theta, dict) or not isinstance(color, dict):
            continue
        mark = view.spec["mark"]
        view.spec["mark"] = {"type": "bar", "tooltip": mark.get("tooltip")} if isinstance(mark, dict) and mark.get("tooltip") else "bar"
        x = {k: v for k, v in theta.items() if k not in {"stack", "scale"}}
        y = {k: v for k, v in color.items() if k not in {"scale", "legend"}}
        y["sort"] = "-x"
        for ch in ("theta", "color", "radius", "theta2", "radius2"):
            enc.pop(ch, None)
        enc["x"], enc["y"] = x, y
        lumped = _lump_other(view, y["field"], TOP_N_PIE_BARS, "y") if isinstance(y.get("field"), str) else None
        repairs.append(Repair("spec:pie-to-bar", f"pie with too many slices -> bar chart of {y.get('field')!r} sorted by {x.get('field') or x.get('aggregate')}"))
        if lumped:
            repairs.append(lumped)
    return repairs


def overplot_issue(spec: dict[str, Any]) -> Issue | None:
    """A raw scatter with more points than the eye can separate."""
    for view in iter_views(spec):
        if view.mark not in {"point", "circle", "square"} or view.rows is None or len(view.rows) <= OVERPLOT_ROWS:
            continue
        pos = dict(_positional(view))
        mark = view.spec.get("mark")
        if "opacity" in view.encoding or (isinstance(mark, dict) and "opacity" in mark):
            continue
        if all(pos.get(c, {}).get("type") == "quantitative" and not pos[c].get("aggregate") and not pos[c].get("bin") for c in ("x", "y")):
            return Issue("overplotted", f"a scatter of {len(view.rows)} points hides their density", hard=False)
    return None


def fix_overplotting(spec: dict[str, Any]) -> list[Repair]:
    """Lower the opacity of a crowded scatter, or bin a very crowded one into a count heatmap."""
    repairs: list[Repair] = []
    for view in iter_views(spec):
        if view.mark not in {"point", "circle", "square"} or view.rows is None or len(view.rows) <= OVERPLOT_ROWS:
            continue
        enc = view.encoding
        x, y = enc.get("x"), enc.get("y")
        if not (isinstance(x, dict) and isinstance(y, dict)) or x.get("type") != "quantitative" or y.get("type") != "quantitative":
            continue
        if x.get("aggregate") or y.get("aggregate") or x.get("bin") or y.get("bin"):
            continue
        n = len(view.rows)
        if n > HEATMAP_ROWS and "color" not in enc:
            x["bin"] = {"maxbins": 40}
            y["bin"] = {"maxbins": 40}
            x.pop("scale", None)
            y.pop("scale", None)
            view.spec["mark"] = "rect"
            for ch in ("size", "opacity", "shape", "tooltip"):
                enc.pop(ch, None)
            enc["color"] = {"aggregate": "count", "type": "quantitative", "title": "points"}
            repairs.append(Repair("spec:overplotting", f"{n} points -> binned heatmap of counts (40 x 40 bins)"))
        elif "opacity" not in enc:
            mark = view.spec["mark"]
            mark = dict(mark) if isinstance(mark, dict) else {"type": mark}
            opacity = round(max(0.08, min(0.5, 600 / n)), 2)
            mark.setdefault("opacity", opacity)
            if view.mark == "point":
                mark.setdefault("filled", True)
                mark.setdefault("size", 12)
            view.spec["mark"] = mark
            repairs.append(Repair("spec:overplotting", f"{n} points -> opacity {mark['opacity']} so density shows"))
    return repairs


#: issue kind -> fixer
FIXES: dict[str, Callable[[dict[str, Any]], list[Repair]]] = {
    "draco:bar_area_without_zero": fix_zero_baseline,
    "draco:stack_log": fix_zero_baseline,
    "draco:log_nonpositive": fix_log_scale,
    "draco:log_with_zero": fix_log_scale,
    "draco:sqrt_negative": fix_log_scale,
    "draco:pie_too_many_slices": fix_pie_slices,
    "draco:color_too_many_categories": fix_too_many_categories,
    "draco:shape_too_many_categories": lambda s: fix_too_many_categories(s, "shape", TOP_N_SHAPE),
    "overplotted": fix_overplotting,
}


def can_fix(issues: list[Issue]) -> bool:
    """True when every hard issue has a spec fixer (so no code repair is needed)."""
    return bool(issues) and all(i.kind in FIXES or not i.hard for i in issues)


def fix_spec(spec: dict[str, Any], issues: list[Issue]) -> SpecFix:
    """A fixed copy of the spec; `unfixed` lists the issues no fixer changed anything for."""
    out = copy.deepcopy(spec)
    repairs: list[Repair] = []
    unfixed: list[Issue] = []
    done: set[str] = set()
    # a pie turned into bars no longer needs its colors cut down
    ordered = sorted(issues, key=lambda i: i.kind != "draco:pie_too_many_slices")
    for issue in ordered:
        fixer = FIXES.get(issue.kind)
        if fixer is None:
            unfixed.append(issue)
            continue
        if id(fixer) in {id(FIXES[k]) for k in done}:
            continue
        made = fixer(out)
        done.add(issue.kind)
        if made:
            repairs.extend(made)
        elif issue.kind != "draco:color_too_many_categories" or "spec:pie-to-bar" not in {r.kind for r in repairs}:
            unfixed.append(issue)
    return SpecFix(out, repairs, unfixed)
