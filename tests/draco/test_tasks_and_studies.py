"""The task vocabulary, the facts it adds (goal, dodge, scheme), and the study pair files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from draco import DataSchema, Draco, FieldSchema, PartialSpec
from draco.errors import DracoError
from draco.learn.pairs import PairsError, bundled_pair_paths, load_pair_file, parse_pairs
from draco.learn.studies import STUDIES, STUDIES_DIR, render, render_readme, study_path
from draco.tasks import LIDA_KIND_TASK, TASK_FAMILY, TASKS, check_task, task_family, task_for_kind
from draco.vegalite import normalize, scheme_kind, to_facts

F = FieldSchema
SCHEMA = DataSchema(
    num_rows=60,
    fields=(F("cat", "string", 5, 2.3), F("grp", "string", 3, 1.5), F("val", "number", 60, 5.0, 0, 100)),
)
GROUPED = {
    "mark": "bar",
    "encoding": {
        "x": {"field": "cat", "type": "nominal"},
        "y": {"field": "val", "type": "quantitative", "aggregate": "sum"},
        "color": {"field": "grp", "type": "nominal", "scale": {"scheme": "set2"}},
        "xOffset": {"field": "grp", "type": "nominal"},
    },
}


def test_every_task_has_a_kim_heer_family() -> None:
    assert set(TASK_FAMILY.values()) == {"value", "summary"}
    assert TASK_FAMILY["value"] == "value" and TASK_FAMILY["summary"] == "summary"
    assert task_family("extremes") == "value" and task_family("trend") == "summary"
    with pytest.raises(DracoError, match="unknown task: 'gaze'"):
        check_task("gaze")


def test_lida_kinds_map_to_known_tasks() -> None:
    from lida.explore.features import KINDS

    assert set(LIDA_KIND_TASK) <= set(KINDS)
    assert all(task_for_kind(k) in TASKS for k in KINDS)
    assert task_for_kind("relation") == "correlate" and task_for_kind("geo") == "summary"


def test_facts_carry_family_and_goal() -> None:
    facts = to_facts(GROUPED, SCHEMA, "compare")
    assert "task(0,value)." in facts and "goal(0,compare)." in facts
    assert "dodge(0)." in facts
    assert "scheme(0,2,categorical)." in facts


def test_offsets_and_schemes_survive_normalize() -> None:
    out = normalize(GROUPED, SCHEMA)
    assert out["encoding"]["xOffset"] == {"field": "grp", "type": "nominal"}
    assert out["encoding"]["color"]["scale"] == {"scheme": "set2"}


@pytest.mark.parametrize(
    ("name", "kind"),
    [("blues", "sequential"), ("Viridis", "sequential"), ("redblue-7", "diverging"), ("rainbow", "rainbow"),
     ("tableau10", "categorical"), ("no-such-scheme", None)],
)  # fmt: skip
def test_scheme_kinds(name: str, kind: str | None) -> None:
    assert scheme_kind(name) == kind


def test_grouped_bars_are_not_stacked() -> None:
    d = Draco()
    stacked = {**GROUPED, "encoding": {k: v for k, v in GROUPED["encoding"].items() if k != "xOffset"}}
    g, s = d.cost([GROUPED, stacked], SCHEMA, "compare")
    assert "stack_zero" not in g.counts and "stack_zero" in s.counts
    assert g.cost < s.cost  # Cleveland & McGill 1984: aligned segments beat stacked ones for comparison


def test_new_tasks_work_in_cost_and_completion() -> None:
    d = Draco()
    for task in TASKS:
        assert d.score(GROUPED, SCHEMA, task).violations == []
    best = d.complete(PartialSpec(fields=("cat", "val"), task="part_to_whole"), SCHEMA, k=1)
    assert best and best[0].spec["mark"] in ("arc", "bar")
    with pytest.raises(DracoError, match="unknown task"):
        d.complete(PartialSpec(fields=("cat", "val"), task="gaze"), SCHEMA, k=1)


def test_pair_fields_take_a_data_range() -> None:
    item = {
        "fields": [{"name": "v", "type": "number", "min": -5, "max": 5}],
        "negative": {"mark": "point", "encoding": {"x": {"field": "v", "type": "quantitative"}}},
        "positive": {"mark": "tick", "encoding": {"x": {"field": "v", "type": "quantitative"}}},
        "task": "distribution",
    }
    (pair,) = parse_pairs({"source": "t", "data": [item]})
    assert pair.fields[0].min == -5.0 and pair.fields_as_dicts()[0]["max"] == 5.0
    item["fields"] = [{"name": "v", "type": "number", "min": "low"}]
    with pytest.raises(PairsError, match="'min' must be a number"):
        parse_pairs({"source": "t", "data": [item]})


def test_study_files_are_the_generator_output() -> None:
    for study in STUDIES:
        path = study_path(study)
        assert path.read_text(encoding="utf-8") == render(study), f"{path.name}: rerun python -m draco.learn.studies --write"
    assert (STUDIES_DIR / "README.md").read_text(encoding="utf-8") == render_readme()


def test_study_files_name_their_paper_and_findings() -> None:
    total = 0
    for study in STUDIES:
        doc = json.loads(study_path(study).read_text(encoding="utf-8"))
        assert doc["source"] == study.source and doc["citation"] and doc["findings"]
        assert any(ch.isdigit() for ch in doc["citation"])  # the year
        pairs = load_pair_file(study_path(study))
        assert len(pairs) >= 6, study.source
        total += len(pairs)
    assert len(STUDIES) >= 10 and 150 <= total <= 300


def test_bundled_paths_are_kim_saket_then_studies() -> None:
    paths = bundled_pair_paths()
    assert [p.name for p in paths[:2]] == ["kim2018.json", "saket2018.json"]
    assert [Path(p).stem for p in paths[2:]] == [s.source for s in STUDIES]
    assert all(Path(p).exists() for p in paths)
