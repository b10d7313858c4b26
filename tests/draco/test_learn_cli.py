"""`draco learn` reproduces the shipped weights; `draco evaluate-pairs` counts correct, ties, wrong."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from draco.commands import evaluate_pairs as learn_evaluate_cmd
from draco.commands import learn as learn_cmd
from draco.errors import DracoError
from draco.kb import ASP_DIR, read_weights
from draco.learn.pairs import HANDWRITTEN_PAIR_FILE, bundled_path

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data" / "preferences"


def _args(module: object, argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    module.add_arguments(parser)  # type: ignore[attr-defined]
    return parser.parse_args(argv)


def test_learn_reproduces_the_shipped_weights(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "weights.json"
    assert learn_cmd.run(_args(learn_cmd, ["--out", str(out), "--json"])) == 0
    summary = json.loads(capsys.readouterr().out)
    from draco.learn.pairs import load_pair_file
    from draco.learn.studies import STUDIES, study_path

    studies = sum(len(load_pair_file(study_path(s))) for s in STUDIES)
    assert summary["usable"] == 874 + studies  # Kim + Saket, then the graphical-perception studies
    assert summary["rejected"] == []
    shipped = (ASP_DIR / "weights.json").read_text(encoding="utf-8")
    assert out.read_text(encoding="utf-8") == shipped, "KB changed: rerun `draco learn`, commit weights.json"


def test_shipped_weights_are_non_negative_and_cover_every_soft_constraint() -> None:
    from draco.core import Draco

    weights = read_weights(ASP_DIR / "weights.json")
    assert all(v >= 0 for v in weights.values())
    soft = {c.name for c in Draco().constraints() if c.kind == "soft"}
    assert soft <= set(weights)


def test_evaluate_pairs_json_on_hand_written_pairs(capsys: pytest.CaptureFixture[str]) -> None:
    path = str(bundled_path(HANDWRITTEN_PAIR_FILE))
    assert learn_evaluate_cmd.run(_args(learn_evaluate_cmd, [path, "--json"])) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["correct"] + result["ties"] + result["wrong"] == result["total"] == 26
    assert result["accuracy"] == pytest.approx(result["correct"] / 26, abs=1e-6)
    assert set(result["by_source"]) == {"handwritten"}
    assert result["rejected"] == 0


def test_evaluate_pairs_prints_a_table(capsys: pytest.CaptureFixture[str]) -> None:
    path = str(bundled_path(HANDWRITTEN_PAIR_FILE))
    prior = str(ASP_DIR / "weights_prior.json")
    assert learn_evaluate_cmd.run(_args(learn_evaluate_cmd, [path, "--weights", prior])) == 0
    text = capsys.readouterr().out
    assert "source handwritten" in text
    assert "task summary" in text and "task value" in text


def test_invalid_pairs_are_counted_not_dropped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fields = [
        {"name": "c", "type": "string", "cardinality": 4},
        {"name": "q", "type": "number", "cardinality": 50},
    ]
    good = {"mark": "point", "encoding": {"x": {"field": "q", "type": "quantitative"}}}
    item = {
        "fields": fields,
        "num_rows": 50,
        "task": "value",
        "negative": {  # size cannot show a nominal field: a hard violation
            "mark": "point",
            "encoding": {
                "x": {"field": "q", "type": "quantitative"},
                "size": {"field": "c", "type": "nominal"},
            },
        },
        "positive": good,
    }
    unconvertible = dict(item, negative={"mark": "nonsense", "encoding": {}})
    path = tmp_path / "pairs.json"
    path.write_text(json.dumps({"source": "t", "data": [item, unconvertible, dict(item, negative=good)]}))
    assert learn_evaluate_cmd.run(_args(learn_evaluate_cmd, [str(path), "--json"])) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["rejected"] == 2
    reasons = " ".join(r["reason"] for r in result["rejected_pairs"])
    assert "size_nominal" in reasons and "cannot convert" in reasons
    assert (result["correct"], result["ties"], result["wrong"]) == (0, 1, 0)  # identical specs tie


def test_missing_pair_file_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(DracoError, match="no such pair file"):
        learn_evaluate_cmd.run(_args(learn_evaluate_cmd, [str(tmp_path / "nope.json")]))


@pytest.mark.skipif(not SHARED.exists(), reason="no ../shared data on this machine")
def test_evaluate_pairs_on_the_shared_files(capsys: pytest.CaptureFixture[str]) -> None:
    files = [str(SHARED / "kim2018.json"), str(SHARED / "saket2018.json")]
    assert learn_evaluate_cmd.run(_args(learn_evaluate_cmd, [*files, "--json"])) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["total"] == 874
    assert result["accuracy"] >= 0.94
    assert result["ties"] / result["total"] < 0.02
    assert set(result["by_task"]) == {"value", "summary"}


def test_learn_writes_only_where_told(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    asp = {p.name: p.read_bytes() for p in ASP_DIR.iterdir()}
    out = tmp_path / "mine.json"
    pairs = str(bundled_path(HANDWRITTEN_PAIR_FILE))
    assert learn_cmd.run(_args(learn_cmd, ["--pairs", pairs, "--out", str(out)])) == 0
    assert f"wrote {out}" in capsys.readouterr().out
    assert read_weights(out)  # a readable weights file, where we asked
    assert {p.name: p.read_bytes() for p in ASP_DIR.iterdir()} == asp  # nothing in the package changed


def test_learn_needs_an_output_and_checks_it(tmp_path: Path) -> None:
    with pytest.raises(SystemExit):  # neither --out nor --install: argparse refuses
        _args(learn_cmd, [])
    with pytest.raises(SystemExit):
        _args(learn_cmd, ["--out", "x.json", "--install"])
    with pytest.raises(DracoError, match="no such folder"):
        learn_cmd.run(_args(learn_cmd, ["--out", str(tmp_path / "nope" / "w.json")]))
    with pytest.raises(DracoError, match="is a folder"):
        learn_cmd.run(_args(learn_cmd, ["--out", str(tmp_path)]))


def test_learn_install_writes_the_file_draco_loads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import draco.kb

    assert draco.kb.LEARNED_WEIGHTS == ASP_DIR / "weights.json"
    target = tmp_path / "weights.json"  # stands in for the package's file, which this test must not touch
    monkeypatch.setattr(draco.kb, "LEARNED_WEIGHTS", target)
    pairs = str(bundled_path(HANDWRITTEN_PAIR_FILE))
    assert learn_cmd.run(_args(learn_cmd, ["--pairs", pairs, "--install"])) == 0
    assert read_weights(target)
