"""bench/llm_check.py and bench/llm_server.py without the model: Gemma 3's turn format with the system text
folded in, the tables made from an nvBench schema, where each chart came from, and the one JSON line."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from types import ModuleType
from typing import Any

import pandas as pd
import pytest
from helpers.llm_server import Reply, chat_body

ROOT = Path(__file__).resolve().parents[2]


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"bench_{name}", ROOT / "bench" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules[f"bench_{name}"] = mod
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def check() -> ModuleType:
    return _load("llm_check")


@pytest.fixture(scope="module")
def server() -> ModuleType:
    return _load("llm_server")


# ---- the chat format -----------------------------------------------------------------------------------


def test_system_text_goes_into_the_first_user_turn(server: ModuleType) -> None:
    msgs = [{"role": "system", "content": "You write JSON."}, {"role": "user", "content": "Goals for cars."}]
    assert server.fold_system(msgs) == [{"role": "user", "content": "You write JSON.\n\nGoals for cars."}]
    assert server.gemma3_prompt(msgs) == (
        "<start_of_turn>user\nYou write JSON.\n\nGoals for cars.<end_of_turn>\n<start_of_turn>model\n"
    )


def test_turns_alternate_and_the_assistant_is_the_model(server: ModuleType) -> None:
    msgs = [
        {"role": "system", "content": "Rules."},
        {"role": "user", "content": "a"},
        {"role": "user", "content": [{"type": "text", "text": "b"}]},  # OpenAI content parts
        {"role": "assistant", "content": "c"},
        {"role": "system", "content": "More rules."},  # a later system text still reaches the model
        {"role": "user", "content": "d"},
    ]
    turns = server.fold_system(msgs)
    assert [t["role"] for t in turns] == ["user", "model", "user"]
    assert turns[0]["content"] == "Rules.\n\nMore rules.\n\na\n\nb"
    prompt = server.gemma3_prompt(msgs, add_generation_prompt=False)
    assert prompt.count("<start_of_turn>") == 3 and "<start_of_turn>model\nc<end_of_turn>" in prompt
    assert not prompt.endswith("<start_of_turn>model\n")


def test_a_system_only_conversation_still_reaches_the_model(server: ModuleType) -> None:
    assert server.fold_system([{"role": "system", "content": "Only this."}]) == [
        {"role": "user", "content": "Only this."}
    ]
    turns = server.fold_system([{"role": "system", "content": "S"}, {"role": "assistant", "content": "x"}])
    assert turns == [{"role": "user", "content": "S"}, {"role": "model", "content": "x"}]


# ---- tables from an nvBench schema ---------------------------------------------------------------------

SCHEMA = {
    "table_columns": ["authid", "score", "name", "start_date", "code"],
    "column_examples": {
        "authid": [50, 55.5, 62],
        "score": [1, 2, 3],
        "name": ["Lela", "Ottilie"],
        "start_date": ["2016-05-11", "2018-09-19"],
        "code": ["13", "11", "4"],
    },
    "unique_value_counts": {"authid": 13, "score": 8, "name": 5, "start_date": 4, "code": 3},
}


def test_synth_table_matches_the_schema(check: ModuleType, tmp_path: Path) -> None:
    table = check.synth_table(json.dumps(SCHEMA), seed=1)
    assert list(table) == SCHEMA["table_columns"]
    assert {len(v) for v in table.values()} == {13}  # rows = the largest unique count
    for col, unique in SCHEMA["unique_value_counts"].items():
        assert len(set(table[col])) == unique, col
        assert set(SCHEMA["column_examples"][col]) <= set(table[col]), col  # the examples are in it
    assert all(isinstance(v, float | int) for v in table["authid"])
    assert all(float(v).is_integer() for v in table["score"]) and min(table["score"]) >= 1
    assert all(pd.Timestamp(v).year in (2016, 2017, 2018) for v in table["start_date"])
    assert check.synth_table(SCHEMA, seed=1) == table  # same schema and seed: same table
    assert check.synth_table(SCHEMA, seed=2) != table
    frame = pd.read_csv(check.write_csv(table, tmp_path / "t.csv"))
    assert list(frame.columns) == SCHEMA["table_columns"] and len(frame) == 13


def test_synth_table_on_thin_schemas(check: ModuleType) -> None:
    narrow = check.synth_table({"table_columns": ["a"], "column_examples": {"a": [5, 5]},
                                "unique_value_counts": {"a": 4}})  # fmt: skip
    assert len(narrow["a"]) == 4 and len(set(narrow["a"])) == 4  # a range of one value is widened
    bare = check.synth_table({"table_columns": ["x", "y"]})
    assert list(bare) == ["x", "y"] and len(bare["x"]) == 3
    big = check.synth_table({"table_columns": ["big"], "unique_value_counts": {"big": 10**6}}, max_rows=50)
    assert len(big["big"]) == 50 and len(set(big["big"])) == 50  # capped
    assert check.synth_table("not json") == {}


def test_pick_items_spreads_over_the_file(check: ModuleType) -> None:
    items = [{"nl_query": f"q{i}", "table_schema": "{}"} for i in range(100)] + [{"nl_query": ""}]
    picked = check.pick_items(items, 10)
    assert [i for i, _ in picked] == list(range(0, 100, 10))
    assert check.pick_items(items[:3], 10) == [(0, items[0]), (1, items[1]), (2, items[2])]
    assert check.pick_items(items, 0) == []


def test_nvbench_table_prefers_a_shipped_csv(check: ModuleType, tmp_path: Path) -> None:
    data = tmp_path / "dev.json"
    data.write_text("[]", encoding="utf-8")
    item = {"csv_file": "db@T.csv", "table_schema": json.dumps(SCHEMA), "nl_query": "q"}
    made, shipped = check.nvbench_table(item, data, tmp_path / "made", 7)
    assert not shipped and made.name == "007_db_T.csv" and pd.read_csv(made).shape == (13, 5)
    (tmp_path / "tables").mkdir()
    (tmp_path / "tables" / "db@T.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    real, shipped = check.nvbench_table(item, data, tmp_path / "made", 7)
    assert shipped and real == tmp_path / "tables" / "db@T.csv"


def test_nvbench_part_is_skipped_with_a_note_when_shared_is_absent(check: ModuleType, tmp_path: Path) -> None:
    jobs, note = check._nvbench_jobs(tmp_path / "absent.json", 10, tmp_path)
    assert jobs == [] and note.startswith("skipped:")


# ---- where charts came from, and the JSON line ---------------------------------------------------------


def _chart(source: str = "llm", *stages: tuple[str, bool], origin: str | None = None) -> dict:
    rec = {"source": source, "attempts": [{"stage": s, "ok": ok} for s, ok in stages]}
    if origin is not None:
        rec["origin"] = origin
    return rec


def test_chart_origin(check: ModuleType) -> None:
    assert check.chart_origin(_chart("llm", ("initial", True))) == "first"
    assert check.chart_origin(_chart("llm", ("initial", True), origin="llm")) == "first"
    assert (
        check.chart_origin(_chart("llm", ("initial", False), ("llm", True), origin="llm+repair"))
        == "llm_repair"
    )
    assert (
        check.chart_origin(_chart("offline", ("initial", True), origin="fallback: timed out")) == "fallback"
    )
    assert check.chart_origin(_chart("offline", ("initial", True), origin="offline")) == "offline"  # the pool
    assert check.chart_origin(_chart("llm", ("initial", True), ("spec", True))) == "first"  # a soft fix only
    assert check.chart_origin(_chart("llm", ("initial", False), ("deterministic", True))) == "deterministic"
    repaired = _chart("llm", ("initial", False), ("deterministic", False), ("llm", True))
    assert check.chart_origin(repaired) == "llm_repair"
    assert check.chart_origin(_chart("offline", ("initial", True))) == "fallback"
    assert check.chart_origin(_chart("llm", ("initial", True), origin="fallback")) == "fallback"


def test_aggregate_sums_runs_into_one_line(check: ModuleType) -> None:
    R = check.RunRecord
    records = [
        R("cars", "example", status="ok", seconds=40.0, goals_proposed=5, goals_usable=3,
          charts=["first", "fallback", "llm_repair"], failed_candidates=2,
          usage={"calls": 6, "prompt_tokens": 3000, "completion_tokens": 900, "retries": 1}),
        R("stocks", "example", status="error", seconds=12.5, goals_proposed=2, goals_usable=0,
          error="LLMError: no goal", usage={"calls": 1, "prompt_tokens": 500, "completion_tokens": 80}),
        R("nvbench0", "nvbench", status="over_budget", seconds=75.2, charts=[]),
        R("nvbench75", "nvbench", status="ok", seconds=9.0, charts=["deterministic", "fallback", "offline"]),
    ]  # fmt: skip
    line = check.aggregate(records, wall_s=140.0, model="m")
    assert line["runs"] == 4 and line["runs_with_charts"] == 2 and line["runs_without_chart"] == 2
    assert (line["runs_lida_error"], line["runs_over_budget"], line["runs_crashed"]) == (1, 1, 0)
    assert (line["goals_proposed"], line["goals_usable"]) == (7, 3)
    assert line["charts"] == 6 and line["charts_offline_pool"] == 1
    assert (line["charts_first_try"], line["charts_after_deterministic_repair"],
            line["charts_after_llm_repair"], line["charts_from_fallback"]) == (1, 1, 1, 2)  # fmt: skip
    tokens = (line["llm_calls"], line["prompt_tokens"], line["completion_tokens"], line["llm_retries"])
    assert tokens == (7, 3500, 980, 1)
    assert line["candidates_failed"] == 2 and line["slowest_run_s"] == 75.2
    assert line["wall_s"] == 140.0 and line["model"] == "m"
    assert json.loads(json.dumps(line)) == line  # one JSON line
    assert check.aggregate([])["runs"] == 0


def test_runs_share_what_is_left_of_the_total_budget(check: ModuleType) -> None:
    assert check.share_budget(75, 1000, 5) == 75  # plenty left: the per-run budget
    assert check.share_budget(75, 300, 10) == 30  # the build took long: the runs left share the rest
    assert check.share_budget(75, 100, 10) is None  # 10 s each would only measure start-up: not started


def test_lida_gets_most_of_the_run_budget_for_the_model(check: ModuleType) -> None:
    assert check.llm_budget(75) == 45 and check.llm_budget(200) == 120  # 60%
    assert check.llm_budget(30) == 10  # at least 20 s left for the sandbox and the fallback
    assert check.llm_budget(15) == 5


def test_goal_items_reads_goals_answers_only(check: ModuleType) -> None:
    two = {"goals": [{"question": "a"}, {"question": "b"}, "junk"]}
    assert len(check.goal_items(two)) == 2
    assert len(check.goal_items({"goal": {"question": "a"}})) == 1
    assert len(check.goal_items([{"question": "a"}])) == 1
    assert check.goal_items({"what": "x", "how_to_read": "y"}) == []  # an explanation answer
    assert check.goal_items([{"name": "persona"}]) == []
    assert len(check.goal_items([{"name": "x"}], stage="goals")) == 1  # lida labels its goals request
    assert check.goal_items("not json") == []


def test_goal_counter_wraps_this_runs_objects(check: ModuleType) -> None:
    class Client:
        def generate_json(self, messages: Any, **kw: Any) -> Any:
            return (
                {"goals": [{"question": "<q>"}, {"question": "real"}]} if kw.get("stage") == "goals" else {}
            )

    class Generator:
        def goals(self, summary: Any, n: int) -> list[str]:
            return ["kept"]

    counter = check.GoalCounter()
    client, gen = Client(), Generator()
    counter.watch_client(client)
    counter.watch_generator(gen)
    assert client.generate_json([], stage="goals")["goals"][1]["question"] == "real"  # answers pass through
    client.generate_json([], stage="explain")
    assert gen.goals(None, 3) == ["kept"]
    assert (counter.proposed, counter.usable) == (2, 1)
    assert Client().generate_json([], stage="goals") and not hasattr(
        Client, "proposed"
    )  # the class is untouched


def test_record_round_trip_ignores_unknown_keys(check: ModuleType) -> None:
    rec = check.RunRecord("a", "example", status="ok", charts=["first"])
    data = {**rec.__dict__, "later_field": 1}
    assert check.RunRecord.from_dict(data) == rec


def test_remote_server_from_env(check: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    assert check._spec_from_env() is None
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9999/v1/")
    monkeypatch.setenv("LIDA_MODEL", "qwen")
    assert check._spec_from_env() == ("openai-compatible:http://127.0.0.1:9999/v1:qwen", "127.0.0.1:9999")
    monkeypatch.setenv("OPENAI_BASE_URL", "https://api.openai.com/v1")
    assert check._spec_from_env() == ("openai:qwen", "api.openai.com")


# ---- the whole check against the scripted server (OPENAI_BASE_URL: no build, no model) ----------------

SAMPLE = ROOT / "tests" / "data_nl2vis" / "sample.json"


def _run_check(llm_server: Any, tmp_path: Path, *args: str, **env_extra: str) -> tuple[dict[str, Any], str]:
    env = dict(os.environ, OPENAI_BASE_URL=llm_server.url, OPENAI_API_KEY="test", LIDA_MODEL="scripted",
               PYTHONPATH=str(ROOT), **env_extra)  # fmt: skip
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "llm_check.py"), "--no-examples", "--nvbench", str(SAMPLE),
         "--items", "1", "--out", str(tmp_path / "out"), *args],
        capture_output=True, text=True, env=env, timeout=240, cwd=ROOT,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    lines = done.stdout.strip().splitlines()
    assert len(lines) == 1, done.stdout  # one JSON line, progress on stderr
    return json.loads(lines[0]), done.stderr


@pytest.mark.slow
def test_check_counts_what_the_real_model_did(llm_server: Any, tmp_path: Path) -> None:
    """Gemma 270M copied the prompt's placeholder as its goal: proposed 1, usable 0, tokens counted."""
    llm_server.reply_json({"goals": [{"question": "<the question, one sentence>", "fields": ["<field>"]}]})
    line, _ = _run_check(llm_server, tmp_path, "--run-budget", "60")
    assert line["runs"] == 1 and line["runs_crashed"] == 0 and line["runs_not_started"] == 0
    assert (line["goals_proposed"], line["goals_usable"]) == (1, 0)
    assert line["prompt_tokens"] >= 10 and line["llm_calls"] >= 1
    assert line["server"].startswith("127.0.0.1:") and line["model"] == "scripted"
    assert "Show the average unit price by region" in llm_server.prompt_of(0)  # the item's nl_query was asked
    assert line["nvbench"] == "1 items of sample.json, 0 with a shipped table, 1 made from the schema"
    assert (tmp_path / "out" / "result.json").read_text(encoding="utf-8").strip() == json.dumps(line)


@pytest.mark.slow
def test_a_run_over_its_budget_is_killed_and_counted(llm_server: Any, tmp_path: Path) -> None:
    llm_server.queue(Reply(body=chat_body("{}"), delay=60))  # a model that never answers in time
    start = time.monotonic()
    # lida is told it may wait longer than the run's budget, so it is the check that ends the run
    line, err = _run_check(
        llm_server, tmp_path, "--run-budget", "15", "--llm-timeout", "100", LIDA_LLM_BUDGET="100"
    )
    assert time.monotonic() - start < 50
    assert line["runs_over_budget"] == 1 and line["runs_without_chart"] == 1
    assert 15 <= line["slowest_run_s"] < 25
    assert "over_budget" in err and "killed after its 15 s budget" in err
