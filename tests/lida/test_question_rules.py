"""Rules that decide which readings of a question come first and how many there are (issue #16, questions)."""

from __future__ import annotations

from dataclasses import replace

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


def test_pie_of_a_grouping_is_sized_by_count_then_total_and_mean(students: Summary) -> None:
    keys = [_key(g) for g in interpret(students, "pie chart of the cities")]
    assert keys[:3] == [
        _chart("arc", color=("city", None), theta=(None, "count")),
        _chart("arc", color=("city", None), theta=("age", "sum")),
        _chart("arc", color=("city", None), theta=("age", "mean")),
    ]


def test_pie_of_one_row_per_slice_shows_the_number_as_it_is(students: Summary) -> None:
    """Each student id is one row: its age needs no total or mean."""
    keys = [_key(g) for g in interpret(students, "pie chart of the student ids")]
    assert keys[:2] == [
        _chart("arc", color=("student_id", None), theta=(None, "count")),
        _chart("arc", color=("student_id", None), theta=("age", None)),
    ]
    assert _chart("arc", color=("student_id", None), theta=("age", "sum")) not in keys


def test_pie_of_a_named_number_groups_by_categories_of_several_rows(students: Summary) -> None:
    keys = [_key(g) for g in interpret(students, "pie chart of the total age")]
    assert keys[0] == _chart("arc", color=("city", None), theta=("age", "sum"))


def test_pie_without_numbers_offers_each_category_counted() -> None:
    fields = [_cat("policy_id", ["1", "2"], 15), _cat("customer_id", ["7", "8"], 10),
              _cat("policy_type", ["car", "home", "life"])]
    s = Summary("policies", "p.csv", 15, 3, fields)
    keys = [_key(g) for g in interpret(s, "pie chart of the policy types")]
    assert keys[0] == _chart("arc", color=("policy_type", None), theta=(None, "count"))
    assert {_chart("arc", color=(f, None), theta=(None, "count")) for f in ("policy_id", "customer_id")} <= set(keys)


def test_filter_value_names_the_slices_when_rows_are_counted(students: Summary) -> None:
    """"students named Smith or Jones": the names are the slices, not the student ids."""
    g = interpret(students, "pie chart of the students with last names Smith or Jones")[0]
    assert _key(g) == _chart("arc", color=("last_name", None), theta=(None, "count"))


def test_unasked_aggregate_follows_the_x(students: Summary) -> None:
    """A category of several rows per value needs a total or mean; one row per value shows the number as is."""
    keys = [_key(g) for g in interpret(students, "bar chart of age by city")]
    assert keys[0] == _chart("bar", x=("city", None), y=("age", "mean"))  # a total of ages says nothing
    assert _chart("bar", x=("city", None), y=("age", "sum")) in keys[1:5]
    assert _chart("bar", x=("city", None), y=("age", None)) not in keys[:2]
    keys = [_key(g) for g in interpret(students, "bar chart of age by student id")]
    assert keys[0] == _chart("bar", x=("student_id", None), y=("age", None))


def test_groups_of_ten_bin_the_named_number_and_filter_nothing() -> None:
    fields = [_num("mpg", 9, 46, 129), _num("acceleration", 8, 25, 96), _cat("origin", ["USA", "Japan"])]
    s = Summary("cars", "cars.csv", 406, 3, fields)
    text = "line chart of mpg by acceleration in groups of 10"
    r = read_question(s, text)
    assert (r.binned, r.bin_field, r.filters) == (True, "acceleration", [])
    g = interpret(s, text)[0]
    x = next(e for e in g.intent.encodings if e.channel == "x")
    y = next(e for e in g.intent.encodings if e.channel == "y")
    assert (x.field, x.bin, y.field, y.aggregate) == ("acceleration", True, "mpg", "mean")


def test_plain_words_for_links_people_and_majors() -> None:
    fields = [_cat("url", ["http://a", "http://b"], 30), _cat("people_id", ["1", "2"], 30),
              _num("major", 100, 600, 12), _cat("sex", ["F", "M"])]
    s = Summary("t", "t.csv", 30, 4, fields)
    assert read_question(s, "pie chart of the links").dims[0].field == "url"
    assert read_question(s, "box plot for individuals 1, 7 or 9").dims[0].field == "people_id"
    assert [m.field for m in read_question(s, "box plot of the field of study by sex").dims] == ["major", "sex"]


def test_heatmap_bins_a_number_of_many_values_only() -> None:
    fields = [_num("invoice_total", 1, 300, 120), _num("rating", 1, 5, 5), _cat("state", ["AB", "WA", "NS"])]
    s = Summary("inv", "inv.csv", 400, 3, fields)
    g = interpret(s, "heat map of invoice total by state")[0]
    bins = {e.field: bool(e.bin) for e in g.intent.encodings if e.channel in ("x", "y")}
    assert bins == {"invoice_total": True, "state": False}
    g = interpret(s, "heat map of rating by state")[0]
    assert not any(e.bin for e in g.intent.encodings)


def test_aggregate_reaches_its_column_over_a_qualifying_word() -> None:
    fields = [_num("horsepower", 46, 230, 93), _num("weight", 1600, 5100, 356), _cat("origin", ["USA", "Japan"])]
    s = Summary("cars", "cars.csv", 406, 3, fields)
    r = read_question(s, "scatter plot of the total engine horsepower by weight")
    assert [(m.field if m else None, a) for m, a in r.measures] == [("horsepower", "sum")]
    r = read_question(s, "total by origin and weight")  # no column after "total": nothing is summed by mistake
    assert [m.field for m in r.dims] == ["origin", "weight"]


def test_line_over_a_number_of_many_values_bins_it() -> None:
    fields = [_num("invoice_id", 1, 412, 412), replace(_num("amount", 1, 25, 23), semantic_type="amount"),
              _num("rating", 1, 5, 5)]
    s = Summary("inv", "inv.csv", 412, 3, fields)
    g = interpret(s, "line chart of the amount by invoice id")[0]
    enc = {e.channel: e for e in g.intent.encodings}
    assert (enc["x"].field, enc["x"].bin, enc["y"].field, enc["y"].aggregate) == ("invoice_id", True, "amount", "sum")
    g = interpret(s, "line chart of the number of records by rating")[0]
    enc = {e.channel: e for e in g.intent.encodings}
    assert (enc["x"].field, bool(enc["x"].bin)) == ("rating", False)


def test_box_plot_of_the_only_number_offers_other_groupings() -> None:
    fields = [_cat("name", ["a", "b"], 8), _num("salary", 1, 9, 6), _cat("sex", ["F", "M"]),
              _cat("dept", ["x", "y", "z"])]
    s = Summary("emp", "emp.csv", 8, 4, fields)
    keys = [_key(g) for g in interpret(s, "box plot of the salary by sex")]
    assert keys[0] == _chart("boxplot", x=("sex", None), y=("salary", None))
    assert {_chart("boxplot", x=(f, None), y=("salary", None)) for f in ("name", "dept")} <= set(keys[1:])


def test_heatmap_of_two_named_columns_then_each_against_another() -> None:
    fields = [_cat("order_id", ["1", "2"], 9), _cat("product_id", ["5", "6"], 10), _cat("status", ["paid", "due"])]
    s = Summary("orders", "o.csv", 15, 3, fields)
    keys = [_key(g) for g in interpret(s, "heat map of status by product id")]
    assert keys[0] == _chart("rect", x=("status", None), y=("product_id", None), color=(None, "count"))
    rest = {(dict((c, f) for c, f, _ in k[1]).get("x"), dict((c, f) for c, f, _ in k[1]).get("y")) for k in keys[1:]}
    assert rest & {("product_id", "order_id"), ("status", "order_id")}


def test_mean_by_identifier_colours_by_it_and_takes_another_x(students: Summary) -> None:
    """A mean per student id is each student's own age: the id tells the bars apart, another column is x."""
    keys = [_key(g) for g in interpret(students, "bar chart of the average age by student id")]
    assert keys[0] == _chart("bar", x=("last_name", None), y=("age", "mean"), color=("student_id", None)) or \
        keys[0] == _chart("bar", x=("city", None), y=("age", "mean"), color=("student_id", None))
    assert _chart("bar", x=("student_id", None), y=("age", "mean")) not in keys[:2]


def test_plot_without_a_chart_type_is_a_line_first(students: Summary) -> None:
    keys = [_key(g) for g in interpret(students, "plot the average age by enrolled date")]
    assert keys[0] == _chart("line", x=("enrolled", None), y=("age", "mean"))


def test_filtered_column_groups_rows_counted_by_a_weak_name() -> None:
    """"courses for the terms Fall and Spring": the values name the grouping, the courses are counted."""
    fields = [_cat("course_id", ["c1", "c2"], 85), _cat("semester", ["Fall", "Spring"]), _num("room", 1, 900, 25)]
    s = Summary("sections", "s.csv", 100, 3, fields)
    g = interpret(s, "pie chart of the courses for Fall and Spring")[0]
    assert _key(g) == _chart("arc", color=("semester", None), theta=(None, "count"))


def test_everyday_words_for_writers_conditions_regions_and_notes() -> None:
    fields = [_cat("written_by", ["a", "b"], 8), _cat("item_status_code", ["good", "bad"]),
              _cat("region", ["n", "s"]), _cat("notes", ["x", "y"], 7)]
    s = Summary("t", "t.csv", 20, 4, fields)
    r = read_question(s, "bar chart of the number of shows by authors and item condition")
    assert [m.field for m in r.dims] == ["written_by", "item_status_code"]
    assert read_question(s, "count by geographic area").dims[0].field == "region"
    assert read_question(s, "count by observations").dims[0].field == "notes"


def test_number_of_a_numeric_identifier_counts_rows() -> None:
    """"how many institutions" for a numeric instid: a count of rows, not a sum of identifiers."""
    fields = [_num("instid", 1000, 1070, 8), _cat("name", ["a", "b"], 8), _cat("country", ["JP", "FR"], 4)]
    s = Summary("inst", "i.csv", 8, 3, fields)
    g = interpret(s, "bar chart of the number of institutions by country")[0]
    assert _key(g)[1] >= {("x", "country", None), ("y", None, "count")}


def test_number_of_a_numeric_column_offers_its_values_and_a_count_by_it() -> None:
    fields = [_cat("country", ["FR", "US"], 6), _num("number_cities", 200, 400, 6)]
    s = Summary("markets", "m.csv", 6, 2, fields)
    keys = [_key(g) for g in interpret(s, "bar chart of the number of cities in each country")]
    assert keys[0] == _chart("bar", x=("country", None), y=("number_cities", None))
    assert _chart("bar", x=("number_cities", None), y=(None, "count"), color=("country", None)) in keys[:4] or \
        _chart("bar", x=("number_cities", None), y=(None, "count")) in keys[:4]


@pytest.fixture(scope="module")
def stocks() -> Summary:
    fields = [_cat("symbol", ["AAPL", "MSFT", "IBM", "GOOG", "AMZN"]),
              FieldSummary("date", "datetime64[ns]", "temporal", "date", 0, 123, 6.9, ["2000-01-01", "2010-03-01"],
                           temporal=TemporalStats("2000-01-01", "2010-03-01", "month")),
              _num("price", 5, 800, 500)]
    return Summary("stocks", "stocks.csv", 560, 3, fields)


def test_price_per_date_and_symbol_is_shown_as_it_is(stocks: Summary) -> None:
    """Dates repeat across symbols, but a date and a symbol together are one row: no total of prices."""
    g = interpret(stocks, "price over date by symbol")[0]
    assert _key(g) == _chart("line", x=("date", None), y=("price", None), color=("symbol", None))
    g = interpret(stocks, "line of price over date, only AAPL")[0]
    assert _key(g) == _chart("line", x=("date", None), y=("price", None), color=("symbol", None))


def test_ranges_of_one_number_measure_the_other_in_a_bar_chart() -> None:
    fields = [_num("mpg", 9, 46, 129), _num("acceleration", 8, 25, 96)]
    s = Summary("cars", "cars.csv", 406, 2, fields)
    g = interpret(s, "bar chart of mpg by acceleration in groups of 10")[0]
    enc = {e.channel: e for e in g.intent.encodings}
    assert (enc["x"].field, enc["x"].bin, enc["y"].field) == ("acceleration", True, "mpg")


def _shop() -> Summary:
    fields = [
        _cat("region", ["North", "South", "East", "West"]),
        _cat("customer", [f"c{i}" for i in range(5)], 30),  # more than a legend tells apart, fewer than 50
        _cat("tier", ["gold", "silver"]),
        replace(_num("sales", 0, 900), semantic_type="amount"),
        replace(_num("unit_price", 1, 90), semantic_type="amount"),
        _num("rating", 1, 5),
    ]
    return Summary("shop", "shop.csv", 600, len(fields), fields)


def test_unasked_total_only_for_what_adds_up() -> None:
    """Sales per region add up to a total; unit prices and ratings compare by their mean."""
    s = _shop()
    assert _key(interpret(s, "sales by region")[0]) == _chart("bar", x=("region", None), y=("sales", "sum"))
    assert _key(interpret(s, "unit price by region")[0]) == _chart("bar", x=("region", None), y=("unit_price", "mean"))
    assert _key(interpret(s, "rating by region")[0]) == _chart("bar", x=("region", None), y=("rating", "mean"))


def test_unnamed_colour_of_many_levels_comes_after_a_readable_one() -> None:
    keys = [_key(g) for g in interpret(_shop(), "bar chart of sales by region", k=10)]
    few = _chart("bar", x=("region", None), y=("sales", "sum"), color=("tier", None))
    many = _chart("bar", x=("region", None), y=("sales", "sum"), color=("customer", None))
    assert few in keys and (many not in keys or keys.index(few) < keys.index(many))


def test_no_line_across_unordered_categories_unless_asked() -> None:
    s = _shop()
    line = _chart("line", x=("region", None), y=("sales", "sum"))
    assert line not in [_key(g) for g in interpret(s, "sales by region", k=3)]
    assert _key(interpret(s, "line chart of sales by region")[0]) == line
