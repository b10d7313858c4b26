"""Rules that decide which readings of a question come first and how many there are (issue #16, questions)."""

from __future__ import annotations

import pytest

from lida.model import Goal
from lida.offline.question import interpret, read_question
from summarizer.model import FieldSummary, NumericStats, Summary, TemporalStats, TopValue


def _cat(name: str, values: list[str], unique: int | None = None) -> FieldSummary:
    return FieldSummary(name, "object", "nominal", "category", 0, unique or len(values), 1.5, values[:5],
                        top_values=[TopValue(v, 10) for v in values])


def _num(name: str, lo: float, hi: float, unique: int = 50) -> FieldSummary:
    mid = (lo + hi) / 2
    return FieldSummary(name, "float64", "quantitative", "measure", 0, unique, 5.0, [lo, mid, hi],
                        NumericStats(lo, hi, mid, (hi - lo) / 4, lo, mid, hi))


@pytest.fixture(scope="module")
def students() -> Summary:
    fields = [
        _cat("student_id", ["1", "2", "3"], 40),
        _cat("last_name", ["Smith", "Jones", "Brown"], 30),
        _cat("city", ["NYC", "DAL", "LOS"]),
        _num("age", 17, 30, 14),
        FieldSummary("enrolled", "datetime64[ns]", "temporal", "date", 0, 40, 3.0, ["2017-01-02", "2018-05-01"],
                     temporal=TemporalStats("2017-01-02", "2018-05-01", "day")),
    ]
    return Summary("students", "students.csv", 40, len(fields), fields)


def _key(g: Goal) -> tuple[str, frozenset[tuple[str, str | None, str | None]]]:
    return g.intent.mark or "", frozenset((e.channel or "", e.field, e.aggregate) for e in g.intent.encodings)


def _chart(mark: str, **channels: tuple[str | None, str | None]) -> tuple[str, frozenset[tuple[str, str | None,
                                                                                              str | None]]]:
    return mark, frozenset((c, f, a) for c, (f, a) in channels.items())


def test_counted_rows_group_the_bars_both_ways(students: Summary) -> None:
    """"number of students for each family name": the students' column is the second grouping, on either axis."""
    r = read_question(students, "bar chart of the number of students for each family name")
    assert [m.field for m in r.counted] == ["student_id"]
    keys = [_key(g) for g in interpret(students, "bar chart of the number of students for each family name")]
    assert keys[:2] == [
        _chart("bar", x=("last_name", None), y=(None, "count"), color=("student_id", None)),
        _chart("bar", x=("student_id", None), y=(None, "count"), color=("last_name", None)),
    ]


def test_filtered_column_is_a_grouping(students: Summary) -> None:
    """A column named only to filter ("for cities NYC or DAL") is offered as the colour of a count by another."""
    text = "bar chart of the number of records by family name for cities NYC or DAL"
    r = read_question(students, text)
    assert [m.field for m in r.filtered] == ["city"]
    keys = [_key(g) for g in interpret(students, text)]
    assert _chart("bar", x=("last_name", None), y=(None, "count"), color=("city", None)) in keys[:2]
    assert _chart("bar", x=("city", None), y=(None, "count"), color=("last_name", None)) in keys[:2]


def test_counted_rows_do_not_colour_a_time_axis(students: Summary) -> None:
    """Over time the line of counts comes first; the rows counted are not forced in as a colour."""
    g = interpret(students, "line chart of the number of students over enrolled date")[0]
    assert _key(g) == _chart("line", x=("enrolled", None), y=(None, "count"))


def test_unnamed_chart_offers_bar_then_line_of_the_same_columns(students: Summary) -> None:
    keys = [_key(g) for g in interpret(students, "average age for each city")]
    assert keys[0] == _chart("bar", x=("city", None), y=("age", "mean"))
    assert _chart("line", x=("city", None), y=("age", "mean")) in keys[1:3]
