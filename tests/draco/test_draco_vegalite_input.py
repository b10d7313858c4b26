"""`draco check|cost|explain FILE.vl.json` on a bare Vega-Lite spec: the schema comes from --data, the
spec's inline data (values or an Altair named dataset), or a data url that is a local file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from draco.cli import main as draco_main

ROWS = [{"region": r, "sales": s} for r, s in (("north", 3), ("south", 5), ("east", 1), ("west", 4))]
ENCODING = {"x": {"field": "region", "type": "nominal"}, "y": {"field": "sales", "type": "quantitative"}}
#: a hard violation only the schema can reveal: "region" is text, so a quantitative axis on it is invalid
BROKEN = {"x": {"field": "region", "type": "quantitative"}, "y": {"field": "sales", "type": "quantitative"}}


def _run(capsys: pytest.CaptureFixture[str], tmp_path: Path, spec: dict[str, Any], *args: str) -> tuple[int, str, str]:
    path = tmp_path / "chart.vl.json"
    path.write_text(json.dumps(spec))
    code = draco_main([args[0], str(path), *args[1:]])
    out, err = capsys.readouterr()
    return code, out, err


def test_inline_values_give_the_schema(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    spec = {"$schema": "https://vega.github.io/schema/vega-lite/v6.json", "data": {"values": ROWS}, "mark": "bar", "encoding": ENCODING}
    code, out, err = _run(capsys, tmp_path, spec, "check")
    assert code == 0, err
    assert json.loads(out) == {"valid": True, "violations": []}
    code, out, _ = _run(capsys, tmp_path, dict(spec, encoding=BROKEN), "check")
    assert code == 0 and json.loads(out)["valid"] is False  # the schema knows region is text
    code, out, _ = _run(capsys, tmp_path, spec, "explain", "--task", "value")
    assert code == 0 and json.loads(out)["preferences"]


def test_altair_named_dataset_gives_the_schema(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    spec = {"data": {"name": "data-1"}, "datasets": {"data-1": ROWS}, "mark": "bar", "encoding": ENCODING}
    code, out, err = _run(capsys, tmp_path, spec, "cost")
    assert code == 0, err
    score = json.loads(out)
    assert score["valid"] is True and score["cost"] > 0


def test_local_data_url_relative_to_the_spec(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "sales.csv").write_text("region,sales\n" + "".join(f"{r['region']},{r['sales']}\n" for r in ROWS))
    spec = {"data": {"url": "data/sales.csv"}, "mark": "bar", "encoding": ENCODING}
    code, out, err = _run(capsys, tmp_path, spec, "check")
    assert code == 0, err
    assert json.loads(out)["valid"] is True
    code, out, _ = _run(capsys, tmp_path, dict(spec, encoding=BROKEN), "check")
    assert json.loads(out)["valid"] is False


def test_data_option_gives_the_schema(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    data = tmp_path / "t.json"
    data.write_text(json.dumps(ROWS))
    spec = {"mark": "bar", "encoding": ENCODING}
    code, out, err = _run(capsys, tmp_path, spec, "check", "--data", str(data))
    assert code == 0, err
    assert json.loads(out)["valid"] is True
    code, out, _ = _run(capsys, tmp_path, dict(spec, encoding=BROKEN), "explain", "--data", str(data))
    assert code == 0 and json.loads(out)["violations"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (None, "no top-level data"),
        ({"url": "https://example.org/x.csv"}, "not a local file"),
        ({"url": "missing.csv"}, "no such file"),
        ({"name": "nope"}, "datasets lack"),
        ({"values": []}, "non-empty list"),
    ],
)
def test_no_usable_data_is_one_clear_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, data: dict[str, Any] | None, message: str
) -> None:
    spec: dict[str, Any] = {"mark": "bar", "encoding": ENCODING}
    if data is not None:
        spec["data"] = data
    code, out, err = _run(capsys, tmp_path, spec, "check")
    assert code == 2 and out == ""
    assert err.startswith("error: ") and message in err and "--data FILE" in err
    assert len(err.strip().splitlines()) == 1


def test_complete_refuses_a_vega_lite_spec(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = _run(capsys, tmp_path, {"data": {"values": ROWS}, "mark": "bar"}, "complete")
    assert code == 2 and "needs a request with a partial" in err
