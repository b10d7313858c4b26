"""The app's Streamlit-free pieces: reading uploads, LLM settings, the fields table, badges, downloads."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest

from lida.chart import Chart, Cost
from lida.errors import LidaError, LLMError
from lida.model import Goal
from lida.ui.data import digest, example_bytes, examples, load_bytes
from lida.ui.present import (
    cost_badge,
    describe_error,
    downloads,
    fields_table,
    origin_label,
    origins_line,
    slug,
    why_lines,
)
from lida.ui.settings import LLMSettings, build_generator
from summarizer import SummarizerError

CSV = b"city,month,sales\nOslo,2024-01-01,10\nOslo,2024-02-01,12\nRome,2024-01-01,7\nRome,2024-02-01,9\n"
SPEC = {
    "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
    "data": {"values": [{"a": "x", "b": 1}, {"a": "y", "b": 2}]},
    "mark": "bar",
    "encoding": {"x": {"field": "a", "type": "nominal"}, "y": {"field": "b", "type": "quantitative"}},
}


def _chart(cost: float | None = 3.0, costs: list[Cost] | None = None) -> Chart:
    goal = Goal(
        question="Which A has the most B?", visualization="bar chart", rationale="", fields=["a", "b"]
    )
    return Chart(
        goal=goal, code="def plot(data):\n    return None\n", spec=SPEC, cost=cost, costs=costs or [], rank=2
    )


def test_examples_are_bundled_and_load() -> None:
    names = examples()
    assert {"cars.json", "seattle-weather.csv", "stocks.csv"} <= set(names)
    table = load_bytes("stocks.csv", example_bytes("stocks.csv"))
    assert table.summary.rows == 560
    assert table.summary.source == "stocks.csv"
    assert list(table.frame.columns) == ["symbol", "date", "price"]


def test_upload_bytes_in_each_format() -> None:
    frame = pd.DataFrame({"city": ["Oslo", "Rome"], "sales": [10, 7]})
    parquet, xlsx = io.BytesIO(), io.BytesIO()
    frame.to_parquet(parquet)
    frame.to_excel(xlsx, index=False)
    files = {
        "s.csv": CSV,
        "s.tsv": CSV.replace(b",", b"\t"),
        "s.json": frame.to_json(orient="records").encode(),
        "s.parquet": parquet.getvalue(),
        "s.xlsx": xlsx.getvalue(),
    }
    for name, data in files.items():
        table = load_bytes(name, data)
        assert table.name == "s"
        assert "city" in table.summary.field_names, name
        assert table.summary.source == name


@pytest.mark.parametrize(
    ("name", "data", "needle"),
    [
        ("notes.docx", b"PK\x03\x04", "cannot read .docx"),
        ("empty.csv", b"", "empty"),
        ("header.csv", b"a,b,c\n", "header.csv"),
        ("bin.csv", bytes(range(256)) * 8, "bin.csv"),
    ],
)
def test_bad_uploads_are_one_line_errors_naming_the_file(name: str, data: bytes, needle: str) -> None:
    with pytest.raises(SummarizerError) as info:
        load_bytes(name, data)
    message = str(info.value)
    assert needle in message
    assert "\n" not in message
    assert "lida-app-" not in message  # never our temporary path


def test_upload_name_cannot_escape_the_temporary_directory() -> None:
    table = load_bytes("../../etc/evil.csv", CSV)
    assert table.summary.source == "evil.csv"


def test_digest_tells_files_apart() -> None:
    assert digest(CSV) == digest(bytes(CSV))
    assert digest(CSV) != digest(CSV + b"Rome,2024-03-01,1\n")


def test_fields_table_has_types_stats_and_nulls() -> None:
    table = load_bytes("s.csv", CSV + b"Rome,2024-03-01,\n")
    df = fields_table(table.summary)
    assert list(df["field"]) == ["city", "month", "sales"]
    row = df.set_index("field").loc["sales"]
    assert row["type"] == "quantitative"
    assert row["nulls"] == 1
    assert row["min"] == 7 and row["max"] == 12
    assert "2024-01-01" in df.set_index("field").loc["month", "values"]


def test_cost_badge_colours_relative_to_the_best() -> None:
    assert cost_badge(_chart(3.0), best=3.0).color == "green"
    assert cost_badge(_chart(20.0), best=3.0).color == "orange"
    assert cost_badge(_chart(1069.0), best=425.0).color == "blue"
    assert cost_badge(_chart(0.0), best=0.0).color == "green"
    assert cost_badge(_chart(3.0), best=3.0).label == "cost 3"
    assert cost_badge(_chart(10_000.0), best=3.0).label == "not scored"


def test_why_lines_name_violated_preferences() -> None:
    costs = [
        Cost("aggregate_count", 1, 2, "count aggregate"),
        Cost("c_c_point", 1, 5, "a scatter of two numbers"),
    ]
    lines = why_lines(_chart(7.0, costs))
    assert lines == ["Count aggregate (x1, +2)", "A scatter of two numbers (x1, +5)"]
    assert why_lines(_chart(2.0, [Cost("x", 1, 2, "more than one count.")])) == [
        "More than one count (x1, +2)"
    ]
    assert why_lines(_chart(0.0)) == ["violates no design preference"]


def test_downloads_carry_the_chart() -> None:
    chart = _chart()
    by_label = {d.label: d for d in downloads(chart, 1)}
    assert set(by_label) == {"PNG", "SVG", "Vega-Lite", "Python", "Chart"}
    record = by_label["Chart"].data
    assert callable(record) and Chart.from_dict(json.loads(str(record()))) == chart
    assert json.loads(str(by_label["Vega-Lite"].data)) == SPEC
    assert by_label["Python"].data == chart.code
    assert by_label["PNG"].file_name == "chart-2-which-a-has-the-most-b.png"
    png = by_label["PNG"].data
    assert callable(png) and png()[:8] == b"\x89PNG\r\n\x1a\n"
    svg = by_label["SVG"].data
    assert callable(svg) and "<svg" in str(svg())


def test_slug() -> None:
    assert slug("How is Miles_per_Gallon distributed?") == "how-is-miles-per-gallon-distributed"
    assert slug("???") == "chart"


def test_describe_error() -> None:
    assert describe_error(LidaError("no chart\nfor this")) == ("no chart for this", None)
    message, details = describe_error(KeyError("x"))
    assert message == "something went wrong (KeyError)" and details == "'x'"


def test_llm_settings_keep_the_key_out_of_text() -> None:
    s = LLMSettings(provider="openai", model="gpt-4o-mini", api_key="sk-secret-123")
    assert "sk-secret" not in repr(s)
    assert "sk-secret" not in s.fingerprint()
    assert "sk-secret" not in s.label()
    assert s.redact("bad key sk-secret-123 given") == "bad key *** given"
    assert (
        s.fingerprint() != LLMSettings(provider="openai", model="gpt-4o-mini", api_key="other").fingerprint()
    )


def test_build_generator(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("AZURE_OPENAI_API_KEY", raising=False)
    assert build_generator(LLMSettings()) is None
    with pytest.raises(LLMError, match="API key"):
        build_generator(LLMSettings(provider="openai"))
    with pytest.raises(LLMError, match="base URL"):
        build_generator(LLMSettings(provider="openai-compatible", model="m"))
    gen = build_generator(LLMSettings(provider="openai", model="gpt-4o-mini", api_key="sk-secret-123"))
    assert gen is not None
    assert gen.cache is None  # the app never writes prompts or answers to the shared disk cache
    assert "sk-secret" not in repr(gen)


def test_origin_label_says_who_drew_the_chart() -> None:
    chart = _chart()
    assert origin_label(chart) is None  # made outside a run
    chart.origin = "offline"
    assert origin_label(chart) is None
    chart.origin = "llm+repair"
    assert origin_label(chart) == "Written by the LLM, then repaired"
    chart.origin = "fallback: no usable code: the answer repeats the code scaffold"
    label = origin_label(chart) or ""
    assert label.startswith("Offline fallback") and "repeats the code scaffold" in label
    assert origins_line({"offline": 3}) is None
    assert origins_line({"llm": 2, "fallback": 1}) == "1 offline fallback, 2 from the LLM"
