"""Check an executed chart is right, not just that it ran.

Altair builds specs over fields that do not exist and Vega-Lite then draws nothing (or one
"undefined" bar); numbers on a temporal axis become 1970 dates. Each check returns `Issue`s; an
issue is handed to repair exactly like a crash.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from lida.fixers.names import match_field
from lida.repair.model import Issue
from lida.repair.spec_data import View, field_defs, field_root, is_number, iter_views, unescape

if TYPE_CHECKING:
    from draco import DataSchema, Draco
    from summarizer import Summary

#: Below this many milliseconds since 1970 (about 3 years), a number on a temporal axis is not a timestamp.
EPOCH_MS_FLOOR = 1e11


def _view_fields(view: View) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(channel, field, definition) for every field a view's encoding reads."""
    for channel, d in field_defs(view.encoding):
        if isinstance(d.get("field"), str):
            yield channel, d["field"], d
        sort = d.get("sort")
        if isinstance(sort, dict) and isinstance(sort.get("field"), str):
            yield channel, sort["field"], d
    for f in view.facet_fields:
        yield "facet", f, {}


def field_issues(spec: dict[str, Any]) -> list[Issue]:
    """Fields the encoding reads that the view's data (after its transforms) does not have."""
    issues: list[Issue] = []
    seen: set[str] = set()
    for view in iter_views(spec):
        if view.fields is None:
            continue
        for channel, field, _ in _view_fields(view):
            root = field_root(field)
            if root in view.fields or field in seen:
                continue
            seen.add(field)
            plain = unescape(field)
            if plain in view.fields:
                msg = (f"field {plain!r} on {channel} contains '.' or '[', which Vega-Lite reads as a nested path; "
                       f"escape it as {field.replace('.', chr(92) + '.')!r}")
            else:
                guess = match_field(plain, sorted(view.fields))
                hint = f" (did you mean {guess!r}?)" if guess else ""
                known = ", ".join(sorted(view.fields)[:12])
                msg = f"field {plain!r} on {channel} is not in the chart's data{hint}; the data has: {known}"
            issues.append(Issue("unknown-field", msg, plain))
    return issues


def _reads_data(definition: dict[str, Any]) -> bool:
    """A channel definition that shows data: a field (or a repeated one) or an aggregate such as count."""
    return "field" in definition or "aggregate" in definition


def no_encoding_issues(spec: dict[str, Any]) -> list[Issue]:
    """A chart none of whose views encodes a field or a count: a bare `mark_point()` draws one mark at
    the origin (or a mark per row, all in one place) and shows nothing of the data."""
    views = list(iter_views(spec))
    if not views or any(view.facet_fields or any(_reads_data(d) for _, d in field_defs(view.encoding)) for view in views):
        return []
    marks = ", ".join(dict.fromkeys(v.mark for v in views))
    known = sorted(set().union(*(v.fields or set() for v in views)))
    hint = f"; the data has: {', '.join(known[:12])}" if known else ""
    return [Issue("no-encoding", f"the chart encodes no data: its {marks} mark has no channel (x, y, color...) that "
                                 f"reads a field or a count, so it shows nothing; encode fields with .encode(...){hint}")]


def epoch_date_issues(spec: dict[str, Any]) -> list[Issue]:
    """Temporal encodings of small numbers (years like 2004), which Vega-Lite draws as 1970 dates."""
    issues: list[Issue] = []
    seen: set[str] = set()
    for view in iter_views(spec):
        if view.rows is None or view.base_fields is None:
            continue
        derived = {t.get("as") for t in view.transforms if "calculate" in t or "timeUnit" in t}
        for channel, field, d in _view_fields(view):
            if d.get("type") != "temporal" or field in seen or field in derived:
                continue
            root = field_root(field)
            if root not in view.base_fields:
                continue
            values = [r.get(root) for r in view.rows[:500]]
            present = [v for v in values if v is not None]
            nums = [v for v in present if is_number(v)]
            if nums and len(nums) == len(present) and all(abs(v) < EPOCH_MS_FLOOR for v in nums):
                seen.add(field)
                lo, hi = min(nums), max(nums)
                issues.append(Issue(
                    "epoch-dates",
                    f"field {root!r} on {channel} is temporal but holds numbers ({lo:g}..{hi:g}); Vega-Lite reads them as "
                    "milliseconds since 1970, so the axis shows 1970 dates. Convert them to dates (for years: "
                    "pd.to_datetime(col.astype(str), format='%Y')) or encode them as ordinal",
                    root,
                ))
    return issues


def empty_chart_issue(spec: dict[str, Any], sandbox: Any = None) -> Issue | None:
    """Render the spec to a Vega scenegraph in the sandbox's locked-down renderer (a one-off renderer
    when there is no sandbox) and check that some mark is drawn."""
    from lida.errors import SandboxError
    from lida.sandbox.renderer import mark_counts

    try:
        groups, items = mark_counts(spec, sandbox)
    except SandboxError as exc:
        return Issue("render-error", f"Vega could not render the spec: {str(exc).splitlines()[0][:300] if str(exc) else exc}")
    if groups and not items:
        return Issue("empty-chart", "the chart draws no marks: no data row survives its filters and encodings "
                                    "(a misspelled field, a filter matching nothing, or values Vega cannot parse)")
    return None


def spec_schema(spec: dict[str, Any], fallback: DataSchema | None = None) -> DataSchema | None:
    """A draco DataSchema of the data the chart actually carries (after any pandas work in plot())."""
    import pandas as pd

    from draco import DataSchema
    from summarizer import summarize

    views = [v for v in iter_views(spec) if v.rows]
    if not views:
        return fallback
    frame = pd.DataFrame(views[0].rows)
    for col in frame.columns:
        if frame[col].dtype == object:
            sample = frame[col].dropna().astype(str).head(50)
            if len(sample) and sample.str.match(r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?").all():
                frame[col] = pd.to_datetime(frame[col], errors="coerce")
    return DataSchema.from_summary(summarize(frame))


def chart_schema(spec: dict[str, Any], summary: Summary) -> DataSchema:
    """The table's schema plus the fields the chart's own data derives (pandas work inside plot()), so
    a chart over a derived column (a month, a bin, a pre-aggregated mean) can be checked and costed."""
    from draco import DataSchema

    base = DataSchema.from_summary(summary)
    own = spec_schema(spec)
    if own is None:
        return base
    return base.with_fields([f for f in own.fields if not base.has_field(f.name)])


def draco_issues(spec: dict[str, Any], draco: Draco, schema: DataSchema | None = None, task: str = "summary") -> list[Issue]:
    """The knowledge base's hard violations. A spec draco cannot read is not a failure of the chart."""
    from draco import DracoError

    schema = spec_schema(spec, schema)
    if schema is None:
        return []
    try:
        violations = draco.check(spec, schema, task)
    except DracoError:
        return []
    return [
        Issue(f"draco:{v.name}", f"{v.description} ({v.detail})" if v.detail and not v.detail.isdigit() else v.description)
        for v in violations
    ]


@dataclass
class Validator:
    """All checks; `draco=None` skips the design check, `render=False` the empty-chart check. `sandbox`
    renders the empty-chart check (None: a one-off renderer per spec, slower)."""

    draco: Draco | None = None
    task: str = "summary"
    render: bool = True
    sandbox: Any = None

    def validate(self, spec: dict[str, Any] | None) -> list[Issue]:
        if not isinstance(spec, dict):
            return [Issue("no-spec", "the code ran but produced no Vega-Lite spec")]
        issues = no_encoding_issues(spec) or field_issues(spec) + epoch_date_issues(spec)
        if issues:
            return issues
        if self.render:
            empty = empty_chart_issue(spec, self.sandbox)
            if empty is not None:
                return [empty]
        from lida.repair.specfix import overplot_issue

        if self.draco is not None:
            issues = draco_issues(spec, self.draco, task=self.task)
        crowded = overplot_issue(spec)
        return issues + ([crowded] if crowded else [])
