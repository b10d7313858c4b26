"""Small and odd tables (issue 13): each gets the charts that make sense, or one line that says why
there are none; never a silent exit 1, never a traceback. Through `lida charts` and `Lida().run`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lida.api import Lida
from lida.cli import main
from lida.offline.fields import nothing_to_draw
from summarizer import summarize

ONE_ROW = "city,population,area\nLyon,522250,47.87\n"
CONSTANT = "a,b,c\n" + "1,x,2.5\n" * 6
MIXED = "id,value\n1,10\n2,twenty\n3,30\n4,40\n"
WORDS = "id,value\n1,ten\n2,twenty\n3,thirty\n4,forty\n"  # nothing measured, every row its own word
FREE_TEXT = "id,notes\n1,the quick brown fox jumps over\n2,a lazy dog sleeps under the tree\n3,nothing much happens here\n"


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "words"),
    [(ONE_ROW, ["single row", "city='Lyon'"]), (CONSTANT, ["every column holds a single value", "all 6 rows"]),
     (WORDS, ["no column holds a quantity", "value takes a different value in each of the 4 rows"]),
     (FREE_TEXT, ["notes"])],
    ids=["one-row", "constant", "labels-only", "free-text"],
)
def test_cli_says_why_there_is_nothing_to_draw(text, words, tmp_path, capsys):
    code = main(["charts", str(_write(tmp_path, "t.csv", text))])
    out = capsys.readouterr()
    assert code == 1
    lines = [line for line in out.err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("nothing worth drawing:"), out.err
    assert all(w in lines[0] for w in words), lines[0]
    assert "Traceback" not in out.err + out.out


@pytest.mark.parametrize("text", [ONE_ROW, CONSTANT, WORDS], ids=["one-row", "constant", "labels-only"])
def test_run_returns_a_note_and_no_charts(text, tmp_path):
    with Lida() as lida:
        run = lida.run(_write(tmp_path, "t.csv", text))
    assert run.charts == [] and run.failures == [] and run.goals == []
    assert run.note is not None and run.note.startswith("nothing worth drawing")


def test_nothing_to_draw_leaves_chartable_tables_alone(tmp_path):
    assert nothing_to_draw(summarize(_write(tmp_path, "m.csv", MIXED))) is None
    assert nothing_to_draw(summarize(_write(tmp_path, "two.csv", "x,y\n1,2\n3,5\n"))) is None


def test_stray_word_in_numbers_becomes_missing(tmp_path):
    summary = summarize(_write(tmp_path, "m.csv", MIXED))
    value = summary.field("value")
    assert value.numeric is not None and value.missing == 1
    assert "1 unparseable" in (value.parsed_from or "")


@pytest.mark.slow
def test_mixed_id_value_table_gets_value_by_id(tmp_path, capsys):
    path = _write(tmp_path, "m.csv", MIXED)
    with Lida() as lida:
        run = lida.run(path)
    assert run.charts and run.note is None
    bars = [c for c in run.charts if c.spec.get("mark") in ("bar", {"type": "bar"})
            and {d.get("field") for d in c.spec["encoding"].values() if isinstance(d, dict)} >= {"id", "value"}]
    assert bars, [c.spec.get("encoding") for c in run.charts]

    out_dir = tmp_path / "out"
    assert main(["charts", str(path), "--out", str(out_dir)]) == 0
    printed = capsys.readouterr().out
    assert "#1" in printed and "value" in printed and "id" in printed
    records = json.loads((out_dir / "charts.json").read_text(encoding="utf-8"))
    assert records and all(r["spec"] for r in records)
