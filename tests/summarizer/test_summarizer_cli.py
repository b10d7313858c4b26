"""`lida summarize` and `lida demo` through lida.cli.main."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lida.cli import main

pytestmark = pytest.mark.slow  # starts sandbox workers (run the quick tests with -m 'not slow')


def test_summarize_table(cars_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["summarize", str(cars_path)]) == 0
    out = capsys.readouterr().out
    assert "cars: 406 rows x 9 columns" in out
    assert "Miles_per_Gallon" in out and "temporal" in out and "USA (254)" in out


def test_summarize_json(cars_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["summarize", str(cars_path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["rows"] == 406 and len(data["fields"]) == 9


def test_summarize_prompt(cars_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["summarize", str(cars_path), "--prompt"]) == 0
    assert capsys.readouterr().out.startswith("Table cars: 406 rows")


def test_missing_file_is_one_line_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nope.csv"
    assert main(["summarize", str(missing)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    err = captured.err.strip()
    assert err == f"error: {missing}: file not found"
    assert "Traceback" not in captured.err


def test_bad_file_is_one_line_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"\x00\xff\x00garbage")
    assert main(["summarize", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(bad) in err


def test_demo_empty_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--examples", str(tmp_path)]) == 2
    assert "no example data files" in capsys.readouterr().err
