"""The deterministic repair pass: every fixer in a fixed order, repeated until nothing changes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from lida.fixers import api, dates, entry, fields, inputs, structure
from lida.fixers.model import FixContext, Fixed, Repair

Fixer = Callable[[str, FixContext], Fixed]

#: Shape first (so later fixers can parse the code), then API, then names and types, then data.
FIXERS: tuple[Fixer, ...] = (
    structure.strip_markdown,
    structure.fix_indentation,
    structure.wrap_in_plot,
    inputs.add_data_parameter,
    inputs.read_data_passed_in,
    inputs.unwrap_open,
    entry.drop_plot_runs,
    entry.return_the_chart,
    structure.drop_side_effects,
    structure.add_missing_return,
    structure.add_missing_imports,
    structure.alias_undefined_data,
    api.migrate_selections,
    api.fix_keyword_names,
    api.fix_parameter_names,
    api.drop_nested_configure,
    api.fix_option_values,
    api.fix_value_as_field,
    fields.fix_encoding_types,
    fields.fix_aggregates,
    fields.fix_field_names,
    fields.escape_dotted_fields,
    dates.parse_dates,
    dates.years_as_ordinal,
)


@dataclass
class FixResult:
    code: str
    repairs: list[Repair] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.repairs)


def deterministic_repair(code: str, ctx: FixContext, fixers: tuple[Fixer, ...] = FIXERS, max_rounds: int = 3) -> FixResult:
    """Apply every fixer; a fix can expose another (a wrap exposes a missing import), so loop."""
    repairs: list[Repair] = []
    for _ in range(max_rounds):
        before = code
        for fixer in fixers:
            code, done = fixer(code, ctx)
            repairs.extend(done)
        if code == before:
            break
    return FixResult(code, repairs)
