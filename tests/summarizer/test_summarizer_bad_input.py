"""Every kind of bad input is either handled sensibly or raises a one-line SummarizerError naming the file."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from summarizer import SummarizerError, load, prompt_text, read_table, summarize


def _write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_text(text, encoding=encoding)
    return path


def _error(path: Path | str) -> str:
    with pytest.raises(SummarizerError) as info:
        summarize(path)
    msg = str(info.value)
    assert "\n" not in msg
    assert str(path) in msg
    return msg


def test_missing_file(tmp_path: Path) -> None:
    assert "not found" in _error(tmp_path / "nope.csv")


def test_directory(tmp_path: Path) -> None:
    assert "directory" in _error(tmp_path)


def test_empty_file(tmp_path: Path) -> None:
    assert "empty" in _error(_write(tmp_path / "empty.csv", ""))


def test_whitespace_only_file(tmp_path: Path) -> None:
    assert "empty" in _error(_write(tmp_path / "blank.csv", "\n\n  \n"))


def test_header_only(tmp_path: Path) -> None:
    msg = _error(_write(tmp_path / "header.csv", "a,b,c\n"))
    assert "no data rows" in msg and "a, b, c" in msg


def test_no_header_numeric_first_row(tmp_path: Path) -> None:
    s = summarize(_write(tmp_path / "nohead.csv", "1,2.5,3\n4,5.5,6\n7,8.5,9\n"))
    assert s.field_names == ["column_1", "column_2", "column_3"]
    assert s.rows == 3  # the first row is data, not lost
    assert s.field("column_2").numeric is not None and s.field("column_2").numeric.min == 2.5
    assert any("column_1" in n and "header" in n for n in s.notes)


def test_text_header_is_kept(tmp_path: Path) -> None:
    s = summarize(_write(tmp_path / "head.csv", "x,y\n1,2\n3,4\n"))
    assert s.field_names == ["x", "y"] and s.rows == 2


def test_latin1_fallback_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "latin.csv"
    path.write_bytes("city,temp\nZürich,3\nMálaga,18\nSão Paulo,25\n".encode("latin-1"))
    s = summarize(path)
    assert "Zürich" in [t.value for t in s.field("city").top_values]
    assert any("latin-1" in n for n in s.notes)


def test_utf8_bom_is_not_part_of_the_first_name(tmp_path: Path) -> None:
    path = tmp_path / "bom.csv"
    path.write_bytes("\ufeffname,value\na,1\nb,2\n".encode())
    assert summarize(path).field_names == ["name", "value"]


def test_utf16_with_bom_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "u16.csv"
    path.write_bytes("k,v\nä,1\nö,2\n".encode("utf-16"))
    s = summarize(path)
    assert s.field_names == ["k", "v"] and s.rows == 2


def test_unreadable_encoding(tmp_path: Path) -> None:
    # not utf-8, and decoding as latin-1 gives mostly control characters: not a text table
    path = tmp_path / "weird.csv"
    path.write_bytes(bytes(range(0x80, 0xA0)) * 20 + b"\n" + bytes(range(0x81, 0x9F)) * 20)
    assert "encoding" in _error(path)


def test_binary_garbage(tmp_path: Path) -> None:
    path = tmp_path / "garbage.csv"
    path.write_bytes(np.random.default_rng(0).integers(0, 256, 4096, dtype=np.uint8).tobytes())
    assert "binary" in _error(path)


def test_binary_named_json(tmp_path: Path) -> None:
    path = tmp_path / "garbage.json"
    path.write_bytes(b"\x00\x01\x02" * 100)
    assert "binary" in _error(path)


def test_invalid_json(tmp_path: Path) -> None:
    assert "not valid JSON" in _error(_write(tmp_path / "bad.json", '[{"a": 1}, {"a": '))


def test_json_scalar_is_not_a_table(tmp_path: Path) -> None:
    assert "not a table" in _error(_write(tmp_path / "scalar.json", "42"))


def test_invalid_jsonl_line_is_named(tmp_path: Path) -> None:
    assert "line 2" in _error(_write(tmp_path / "bad.jsonl", '{"a": 1}\n{oops\n'))


def test_fake_parquet(tmp_path: Path) -> None:
    assert "parquet" in _error(_write(tmp_path / "fake.parquet", "a,b\n1,2\n"))


def test_fake_xlsx(tmp_path: Path) -> None:
    assert "xlsx" in _error(_write(tmp_path / "fake.xlsx", "a,b\n1,2\n"))


def test_ragged_rows(tmp_path: Path) -> None:
    msg = _error(_write(tmp_path / "ragged.csv", "a,b\n1,2\n3,4,5,6\n"))
    assert "parse" in msg


def test_duplicate_column_names_in_csv_are_kept_and_noted(tmp_path: Path) -> None:
    s = summarize(_write(tmp_path / "dup.csv", "a,a,b\n1,2,3\n4,5,6\n"))
    assert s.field_names == ["a", "a.1", "b"]
    assert s.field("a.1").numeric is not None and s.field("a.1").numeric.max == 5
    assert any("'a' -> 'a.1'" in n for n in s.notes)


def test_duplicate_column_names_in_dataframe(tmp_path: Path) -> None:
    df = pd.DataFrame([[1, 2], [3, 4]], columns=["x", "x"])
    loaded = load(df)
    assert list(loaded.frame.columns) == ["x", "x.1"]
    assert list(df.columns) == ["x", "x"]  # the caller's frame is untouched
    assert any("duplicate" in n for n in loaded.notes)


def test_all_null_column(tmp_path: Path) -> None:
    s = summarize(_write(tmp_path / "nulls.csv", "a,b\n1,\n2,\n3,\n"))
    b = s.field("b")
    assert b.semantic_type == "empty" and b.missing == 3 and b.unique == 0
    assert any("all-missing" in n and "b" in n for n in s.notes)


def test_mixed_type_column() -> None:
    df = pd.DataFrame({"m": [1, "two", 3.5, None, True, [1, 2]], "k": range(6)})
    s = summarize(df)
    m = s.field("m")
    assert m.dtype == "object" and m.missing == 1 and m.unique == 5
    assert m.vl_type == "nominal"
    assert any("mixes types" in n for n in s.notes)
    # samples stay JSON-safe
    Summary = type(s)
    assert Summary.from_json(s.to_json()).field("m").samples == m.samples


def test_mostly_numbers_with_junk_tokens(tmp_path: Path) -> None:
    rows = "\n".join(["v"] + [f"{i},{i * 1000}" for i in range(60)])
    path = _write(tmp_path / "junk.csv", "i,v\n" + rows.split("\n", 1)[1] + "\n61,n/a\n62,unknown\n")
    s = summarize(path)
    v = s.field("v")
    assert v.numeric is not None
    assert v.missing == 2
    assert v.parsed_from is not None and "1 unparseable" in v.parsed_from


@pytest.mark.parametrize(
    "name",
    ["total sales", "a.b", "x[0]", 'say "hi"', "ratio:pct", "température", "日付", " padded "],
)
def test_awkward_column_names_are_kept_exactly(tmp_path: Path, name: str) -> None:
    df = pd.DataFrame({name: [1, 2, 3], "other": ["a", "b", "c"]})
    path = tmp_path / "names.csv"
    df.to_csv(path, index=False)
    s = summarize(path)
    assert s.field_names == [name, "other"]
    assert load(path).frame[name].tolist() == [1, 2, 3]
    assert json.dumps(name, ensure_ascii=False) in prompt_text(s)  # quoted exactly when not a plain word


def test_thousands_separators_become_numbers(tmp_path: Path) -> None:
    path = _write(tmp_path / "money.csv", 'item,revenue\na,"1,234"\nb,"12,345,678"\nc,"999"\nd,"$2,500"\n')
    loaded = load(path)
    assert loaded.frame["revenue"].tolist() == [1234, 12345678, 999, 2500]
    f = summarize(path).field("revenue")
    assert f.dtype == "int64" and f.semantic_type == "amount"
    assert f.parsed_from is not None and "thousands" in f.parsed_from and "currency" in f.parsed_from


def test_decimal_commas(tmp_path: Path) -> None:
    path = _write(tmp_path / "eu.csv", 'k;wert\na;"1.234,5"\nb;"2,25"\nc;"10,0"\n')
    assert load(path).frame["wert"].tolist() == [1234.5, 2.25, 10.0]


def test_zip_codes_stay_text(tmp_path: Path) -> None:
    path = _write(tmp_path / "zip.csv", "zip,n\n02134,1\n10001,2\n00501,3\n")
    f = summarize(path).field("zip")
    assert f.numeric is None and "02134" in [t.value for t in f.top_values]


@pytest.mark.parametrize(
    ("values", "granularity"),
    [
        (["2021-03-01", "2021-03-02", "2021-03-05"], "day"),
        (["03/15/2021", "04/01/2021", "12/31/2021"], "day"),
        (["15/03/2021", "01/04/2021", "31/12/2021"], "day"),
        (["15.03.2021", "01.04.2021", "31.12.2021"], "day"),
        (["Jan 1 2000", "Feb 1 2000", "Mar 1 2000"], "month"),
        (["2021-03-01 10:15:00", "2021-03-01 11:20:30", "2021-03-02 09:00:00"], "second"),
        (["2019", "2020", "2021"], None),  # bare years stay integers (semantic year)
    ],
)
def test_date_formats(values: list[str], granularity: str | None) -> None:
    df = pd.DataFrame({"when": values, "y": [1, 2, 3]})
    f = summarize(df).field("when")
    if granularity is None:
        assert f.temporal is None
        return
    assert f.temporal is not None and f.temporal.granularity == granularity
    assert f.vl_type == "temporal" and f.parsed_from is not None


def test_dates_in_several_formats_in_one_column() -> None:
    df = pd.DataFrame({"d": ["2020-01-05", "Jan 6 2020", "7 February 2020", "2020/03/08"]})
    loaded = load(df)
    assert str(loaded.frame["d"].dtype).startswith("datetime64")
    assert loaded.frame["d"].dt.month.tolist() == [1, 1, 2, 3]
    assert "several formats" in (summarize(df).field("d").parsed_from or "")


def test_ambiguous_day_month_order_is_reported() -> None:
    df = pd.DataFrame({"d": ["01/02/2020", "03/04/2020", "05/06/2020"]})
    parsed = summarize(df).field("d").parsed_from or ""
    assert "ambiguous" in parsed


def test_wide_table_200_columns(tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    df = pd.DataFrame(rng.normal(size=(50, 200)), columns=[f"c{i}" for i in range(200)])
    path = tmp_path / "wide.csv"
    df.to_csv(path, index=False)
    s = summarize(path)
    assert s.columns == 200 and len(s.fields) == 200
    text = prompt_text(s)
    assert "Omitted 160" in text
    assert text.count("\nc") == 40 + 0  # 40 field lines, the omitted list starts with "Omitted"


def test_not_a_path_or_frame() -> None:
    with pytest.raises(SummarizerError, match="DataFrame"):
        summarize(42)  # type: ignore[arg-type]


def test_read_table_returns_raw_types(tmp_path: Path) -> None:
    path = _write(tmp_path / "raw.csv", 'd,v\n2020-01-01,"1,000"\n2020-01-02,"2,000"\n')
    raw = read_table(path)
    assert raw["v"].dtype == object and raw["d"].dtype == object
    cleaned = load(path).frame
    assert cleaned["v"].dtype == "int64" and str(cleaned["d"].dtype).startswith("datetime64")


def test_no_header_with_dates_in_first_row(tmp_path: Path) -> None:
    s = summarize(_write(tmp_path / "nohead_dates.csv", "2020-01-01,5,6\n2020-01-02,7,8\n"))
    assert s.field_names == ["column_1", "column_2", "column_3"] and s.rows == 2
    assert s.field("column_1").vl_type == "temporal"


def test_mixed_utc_offsets_become_utc(tmp_path: Path) -> None:
    path = _write(tmp_path / "tz.csv", "t\n2020-01-01T00:00:00+01:00\n2020-01-02T00:00:00-05:00\n")
    f = summarize(path).field("t")
    assert f.dtype == "datetime64[ns, UTC]" and "UTC" in (f.parsed_from or "")


def test_nested_json_values(tmp_path: Path) -> None:
    path = _write(tmp_path / "nested.json", '[{"a": {"x": 1}, "b": [1, 2]}, {"a": {"x": 2}, "b": [3]}]')
    s = summarize(path)
    assert s.field("a").unique == 2 and s.field("b").samples  # counted by text form, samples JSON-safe
    assert type(s).from_json(s.to_json()) == s


def test_trailing_delimiter_column_is_noted(tmp_path: Path) -> None:
    s = summarize(_write(tmp_path / "trail.csv", "a,b,\n1,2,\n3,4,\n"))
    assert s.field_names[-1] == "Unnamed: 2" and s.fields[-1].semantic_type == "empty"
    assert any("Unnamed: 2" in n for n in s.notes)


def test_version_strings_are_not_dates() -> None:
    f = summarize(pd.DataFrame({"v": ["1.2.3", "1.2.4", "2.0.1"]})).field("v")
    assert f.dtype == "object" and f.temporal is None
