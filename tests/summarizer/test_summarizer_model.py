"""Serialisation, determinism, sampling and file formats."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from summarizer import DEFAULT_SAMPLE_ROWS, Summary, load, prompt_text, summarize


def test_json_round_trip(cars_path: Path) -> None:
    s = summarize(cars_path)
    text = s.to_json()
    json.loads(text)  # strict JSON
    back = Summary.from_json(text)
    assert back == s
    assert Summary.from_dict(json.loads(json.dumps(s.to_dict()))) == s


def test_round_trip_with_every_kind_of_field() -> None:
    df = pd.DataFrame(
        {
            "d": pd.date_range("2021-01-01", periods=6, freq="h"),
            "b": [True, False] * 3,
            "x": [1.5, None, 3.0, 4.0, 5.0, 6.0],
            "t": ["a", "b", None, "a", "b", "c"],
            "e": [None] * 6,
            "m": [1, "x", 2.0, None, {"k": 1}, [1]],
        }
    )
    s = summarize(df)
    assert Summary.from_json(s.to_json()) == s


def test_deterministic_across_processes(cars_path: Path) -> None:
    """Same input, same Summary, whatever the process hash seed."""
    code = "import sys; from summarizer import summarize; print(summarize(sys.argv[1]).to_json())"
    outs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        proc = subprocess.run(
            [sys.executable, "-c", code, str(cars_path)], capture_output=True, text=True, env=env, check=True
        )
        outs.append(proc.stdout)
    assert outs[0] == outs[1] and outs[0].startswith("{")


def _big_frame(n: int) -> pd.DataFrame:
    rng = np.random.default_rng(7)
    return pd.DataFrame(
        {
            "value": rng.normal(size=n),
            "group": rng.choice(["a", "b", "c"], size=n),
            "when": pd.Timestamp("2020-01-01") + pd.to_timedelta(rng.integers(0, 1000, n), unit="D"),
        }
    )


def test_sampling_is_reported_and_exact_where_promised() -> None:
    df = _big_frame(50_000)
    s = summarize(df, sample_rows=10_000, seed=3)
    assert s.rows == 50_000 and s.sampled and s.sample_rows == 10_000
    assert s.sample_method is not None and "seed 3" in s.sample_method
    v = s.field("value")
    assert v.numeric is not None and v.numeric.min == pytest.approx(df["value"].min())
    assert v.missing == 0
    assert sum(t.count for t in s.field("group").top_values) == 10_000  # top counts are over the sample
    assert "10000-row sample" in prompt_text(s)
    assert summarize(df, sample_rows=10_000, seed=3) == s
    small = summarize(df.head(100))
    assert not small.sampled and small.sample_rows is None and small.sample_method is None
    assert DEFAULT_SAMPLE_ROWS >= 10_000


def test_dataframe_is_not_mutated() -> None:
    df = pd.DataFrame(
        {"amount": ["1,000", "2,000", "3,500"], "day": ["2020-01-01", "2020-01-02", "n/a"], 5: [1, 2, 3]}
    )
    before = df.copy()
    loaded = load(df)
    summarize(df)
    pd.testing.assert_frame_equal(df, before)
    assert loaded.frame["amount"].tolist() == [1000, 2000, 3500]
    assert list(loaded.frame.columns) == ["amount", "day", "5"]
    assert loaded.parsed_from.keys() == {"amount", "day"}


def test_name_and_source() -> None:
    s = summarize(pd.DataFrame({"a": [1, 2]}), name="mine")
    assert (s.name, s.source) == ("mine", "<DataFrame>")


@pytest.mark.parametrize("ext", ["csv", "tsv", "json", "jsonl", "parquet", "xlsx"])
def test_every_format(tmp_path: Path, ext: str) -> None:
    df = pd.DataFrame({"city name": ["Oslo", "Lima", "Pune"], "pop": [700_000, 10_000_000, 3_100_000],
                       "founded": ["1040-01-01", "1535-01-18", "1700-05-01"]})  # fmt: skip
    path = tmp_path / f"t.{ext}"
    if ext == "csv":
        df.to_csv(path, index=False)
    elif ext == "tsv":
        df.to_csv(path, index=False, sep="\t")
    elif ext == "json":
        df.to_json(path, orient="records")
    elif ext == "jsonl":
        df.to_json(path, orient="records", lines=True)
    elif ext == "parquet":
        df.to_parquet(path)
    else:
        df.to_excel(path, index=False)
    s = summarize(path)
    assert s.field_names == ["city name", "pop", "founded"] and s.rows == 3
    assert s.field("pop").numeric is not None and s.field("pop").numeric.max == 10_000_000
    assert s.name == "t" and s.source == str(path)


def test_semicolon_and_pipe_delimiters_are_sniffed(tmp_path: Path) -> None:
    for sep in (";", "|"):
        path = tmp_path / "d.csv"
        path.write_text(f"a{sep}b{sep}c\n1{sep}x{sep}2.5\n3{sep}y{sep}4.5\n")
        s = summarize(path)
        assert s.field_names == ["a", "b", "c"]
        assert any(repr(sep) in n for n in s.notes)


def test_json_wrapper_object(tmp_path: Path) -> None:
    path = tmp_path / "w.json"
    path.write_text(json.dumps({"meta": {"v": 1}, "data": [{"a": 1}, {"a": 2}]}))
    assert summarize(path).rows == 2


def test_summarizing_a_loaded_frame_is_stable(cars_path: Path) -> None:
    """Downstream code may summarize load(path).frame again: the types must not drift."""
    from summarizer import summarize_loaded

    direct = summarize(cars_path)
    again = summarize(load(cars_path).frame)
    key = [(f.name, f.dtype, f.vl_type, f.semantic_type, f.unique, f.missing) for f in direct.fields]
    assert [(f.name, f.dtype, f.vl_type, f.semantic_type, f.unique, f.missing) for f in again.fields] == key
    kept = summarize_loaded(load(cars_path))
    assert kept == direct  # same source, notes and parsed_from as summarizing the path
