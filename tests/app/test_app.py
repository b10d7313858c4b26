"""The Streamlit app's main flows through streamlit.testing's AppTest (no browser).

Chart flows run the real pipeline offline (sandbox included) on small data, with 3 charts.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, ClassVar

import pytest
import streamlit.testing.v1.app_test as app_test_module
from helpers.llm_server import Reply, error_body
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from lida.chart import Chart

APP = str(Path(__file__).resolve().parents[2] / "app.py")
CSV = b"region,month,sales,units\n" + b"".join(
    f"{r},2024-{m:02d}-01,{100 + 7 * m + 13 * i},{3 + (m * (i + 1)) % 11}\n".encode()
    for i, r in enumerate(["North", "South", "East", "West"])
    for m in range(1, 13)
)


def _app(timeout: float = 120) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=timeout)
    at.run()
    assert not at.exception
    return at


def _problems(at: AppTest) -> list[str]:
    """Error boxes and the details under them, for assertion messages."""
    out = [e.value for e in at.error]
    for box in at.get("expander"):
        if box.label == "details":
            out.extend(str(t.value) for t in box.get("text"))
    return out


def _texts(at: AppTest) -> str:
    """Every text the page shows (to check what is and is not on it)."""
    parts = []
    for kind in ("markdown", "caption", "error", "warning", "info", "success", "text", "code"):
        parts.extend(str(e.value) for e in at.get(kind))
    return "\n".join(parts)


def test_start_page_asks_for_data() -> None:
    at = _app()
    assert "Upload a table" in at.info[0].value
    assert at.get("file_uploader")[0].label == "Upload a table"
    assert at.selectbox(key="example").options[1:] == ["cars.json", "seattle-weather.csv", "stocks.csv"]
    key_box = at.text_input(key="llm_api_key")
    assert key_box.proto.type == key_box.proto.PASSWORD


def test_bad_file_is_a_friendly_error() -> None:
    at = _app()
    at.get("file_uploader")[0].set_value(("broken.csv", b"a,b,c\n", "text/csv")).run()
    assert not at.exception
    assert len(at.error) == 1
    message = at.error[0].value
    assert message.startswith("Could not read the table: broken.csv: ")
    assert "Traceback" not in message and "\n" not in message
    assert not at.tabs  # nothing else is attempted on a file that did not load


def test_uploaded_table_summary_and_goals(monkeypatch: pytest.MonkeyPatch) -> None:
    at = _app()
    at.sidebar.slider(key="n_charts").set_value(3)
    at.get("file_uploader")[0].set_value(("shop sales.csv", CSV, "text/csv")).run()
    assert not at.exception and not at.error, _problems(at)
    assert [t.label for t in at.tabs] == ["Charts", "Goals", "Summary"]
    summary = at.tabs[2]
    assert [m.value for m in summary.metric][:2] == ["48", "4"]
    fields = summary.dataframe[0].value
    assert list(fields["field"]) == ["region", "month", "sales", "units"]
    assert {"type", "nulls", "min", "max", "mean"} <= set(fields.columns)
    goals = [m.value for m in at.tabs[1].markdown if m.value.startswith("**")]
    assert len(goals) == 5
    # a question of one's own replaces the goals with its interpretations
    at.text_input(key="query").set_value("total sales by region").run()
    assert not at.exception
    asked = [m.value for m in at.tabs[1].markdown if m.value.startswith("**")]
    assert asked and "region" in asked[0].lower()


def test_persona_buttons_set_the_persona() -> None:
    at = _app()
    at.selectbox(key="example").set_value("cars.json").run()
    names = [b.label for b in at.tabs[1].button]
    assert names
    at.tabs[1].button[0].click().run()
    assert at.sidebar.text_input(key="persona").value == names[0]


class RecordingMediaFiles(MediaFileManager):
    """The app test's media store, also keeping what each download button would serve."""

    served: ClassVar[dict[str, tuple[str, Any]]] = {}  # file name -> (mime, bytes/str or callable)

    def add(
        self, path_or_data: Any, mimetype: str, coordinates: str, file_name: str | None = None, **kw: Any
    ) -> str:
        if file_name:
            RecordingMediaFiles.served[file_name] = (mimetype, path_or_data)
        return super().add(path_or_data, mimetype, coordinates, file_name, **kw)

    def add_deferred(
        self,
        data_callable: Any,
        mimetype: str | None,
        coordinates: str,
        file_name: str | None = None,
        **kw: Any,
    ) -> str:
        if file_name:
            RecordingMediaFiles.served[file_name] = (mimetype or "", data_callable)
        return super().add_deferred(data_callable, mimetype, coordinates, file_name, **kw)


EDITED_CODE = """import altair as alt
import pandas as pd


def plot(data: pd.DataFrame) -> alt.Chart:
    return alt.Chart(data, title="Edited in the test").mark_bar().encode(x="origin:N", y="count():Q")
"""


def _text_of(data: str | bytes) -> str:
    return data.decode("utf-8") if isinstance(data, bytes) else data


def _slots(at: AppTest) -> list[Any]:
    runs = at.session_state["slots"]
    assert len(runs) == 1
    return next(iter(runs.values()))


def test_charts_ranked_with_edits_code_reruns_and_downloads(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(app_test_module, "MediaFileManager", RecordingMediaFiles)
    RecordingMediaFiles.served.clear()
    at = _app()
    at.sidebar.slider(key="n_charts").set_value(3)
    at.selectbox(key="example").set_value("cars.json").run()
    assert not at.exception and not at.error, _problems(at)
    gallery = at.tabs[0]
    assert len(gallery.get("vega_lite_chart")) == 3
    assert [json.loads(c.proto.spec)["mark"] for c in gallery.get("vega_lite_chart")] == [
        s.chart.spec["mark"] for s in _slots(at)
    ]
    slots = _slots(at)
    assert [s.chart.rank for s in slots] == [1, 2, 3]
    scores = [s.chart.score for s in slots]  # the learned ranker's cost orders charts, not draco's alone
    assert all(isinstance(v, float) for v in scores) and scores[0] == min(scores)  # type: ignore[type-var]
    assert all(s.chart.insight for s in slots)  # why this rank leads with what the chart shows
    # each card: its rank and question, a cost badge, why this rank, an explanation
    heads = [m.value for m in gallery.markdown if m.value.startswith("**#")]
    assert heads == [f"**#{s.chart.rank}** · {s.chart.goal.visualization}" for s in slots]
    assert all(s.chart.goal.question in json.dumps(s.chart.spec) for s in slots)  # the charts' titles
    assert sum(":badge[cost " in m.value or "-badge[cost " in m.value for m in gallery.markdown) == 3
    labels = [e.label for e in gallery.get("expander")]
    assert labels.count("Why this rank") == 3 and labels.count("Explanation") == 3
    text = _texts(at)
    assert all(s.chart.explanation is not None and s.chart.explanation.what in text for s in slots)

    # downloads: PNG, SVG, Vega-Lite JSON, Python code and the chart record of each chart, with their data
    assert [d.label for d in gallery.get("download_button")] == ["PNG", "SVG", "Vega-Lite", "Python", "Chart"] * 3
    first = slots[0].chart
    served = {name: v for name, v in RecordingMediaFiles.served.items() if name.startswith("chart-1-")}
    by_ext = {name.split(".", 1)[-1]: v for name, v in served.items()}  # the slug has no dots
    assert json.loads(by_ext["vl.json"][1]) == first.spec
    assert Chart.from_dict(json.loads(by_ext["chart.json"][1]())) == first
    assert by_ext["py"][0] == "text/x-python"
    assert _text_of(by_ext["py"][1]) == first.code
    assert by_ext["png"][0] == "image/png" and by_ext["png"][1]()[:4] == b"\x89PNG"
    assert "<svg" in by_ext["svg"][1]()

    # edited code goes through the sandbox (the misspelt field is repaired) and replaces the chart
    gallery.text_area[0].set_value(EDITED_CODE)
    gallery.button(key=f"run-{_run_key(at)}-0").click().run()
    assert not at.exception
    edited = _slots(at)[0]
    assert edited.notice is not None and edited.notice[0] == "success", edited.notice
    assert edited.chart.rank == 1 and edited.chart.spec.get("title") == "Edited in the test"
    assert "Origin" in json.dumps(edited.chart.spec["encoding"])
    assert edited.chart.cost is not None
    assert at.success[0].value.startswith("Ran the edited code in the sandbox")

    # code that cannot give a chart: a one-line error on the card, the chart kept
    at.tabs[0].text_area[0].set_value("def plot(data):\n    return 42\n")
    at.tabs[0].button(key=f"run-{_run_key(at)}-0").click().run()
    assert not at.exception
    failed = _slots(at)[0]
    assert failed.notice is not None and failed.notice[0] == "error"
    assert failed.chart.spec.get("title") == "Edited in the test"
    errors = [e.value for e in at.tabs[0].error]
    assert errors and all("Traceback" not in e and "\n" not in e for e in errors)
    assert failed.notice[1] in errors

    # an instruction in plain words, then undo back to the chart the run made
    before = _slots(at)[1].chart
    at.tabs[0].text_input(key=f"edit-{_run_key(at)}-1-0").set_value("make it a line chart")
    at.tabs[0].button(key=f"apply-{_run_key(at)}-1").click().run()
    assert not at.exception
    changed = _slots(at)[1]
    assert changed.notice is not None and changed.notice[0] == "success", changed.notice
    assert "line" in json.dumps(changed.chart.spec["mark"])
    assert changed.chart.rank == before.rank and changed.history == [before]
    at.tabs[0].button(key=f"undo-{_run_key(at)}-1").click().run()
    assert not at.exception
    undone = _slots(at)[1]
    assert undone.chart is before and not undone.history
    drawn = json.loads(at.tabs[0].get("vega_lite_chart")[1].proto.spec)
    assert drawn["mark"] == before.spec["mark"]


def _run_key(at: AppTest) -> str:
    return next(iter(at.session_state["slots"]))


SECRET = "sk-app-test-SECRET-0123456789"
LLM_GOALS = {
    "goals": [
        {
            "question": "How many cars come from each origin?",
            "visualization": "bar chart of count by Origin",
            "rationale": "Shows the balance of the data.",
            "fields": ["Origin"],
            "chart": {"mark": "bar", "encodings": [{"channel": "x", "field": "Origin", "type": "nominal"}]},
        }
    ]
}


def _configure_llm(at: AppTest, url: str) -> None:
    at.sidebar.radio(key="llm_provider").set_value("openai-compatible")
    at.sidebar.text_input(key="llm_base_url").set_value(url)
    at.sidebar.text_input(key="llm_model").set_value("test-model")
    at.sidebar.text_input(key="llm_api_key").set_value(SECRET)
    at.sidebar.get("form_submit_button")[0].click()


def test_llm_key_is_used_but_never_shown(llm_server: Any) -> None:
    at = _app()
    _configure_llm(at, llm_server.url)
    llm_server.reply_json(LLM_GOALS)
    at.selectbox(key="example").set_value("cars.json").run()
    assert not at.exception and not at.error, _problems(at)
    assert llm_server.requests[0]["headers"]["Authorization"] == f"Bearer {SECRET}"
    assert "How many cars come from each origin?" in _texts(at)
    assert at.button(key="make-charts").label == "Make charts"  # an LLM run waits for a click
    assert len(llm_server.requests) == 1
    assert SECRET not in _texts(at)
    # the server rejects the key and echoes it: a one-line error, key blanked
    llm_server.queue(Reply(status=401, body=error_body(f"Incorrect API key provided: {SECRET}", "auth")))
    at.text_input(key="query").set_value("cars by origin").run()
    assert not at.exception
    errors = [e.value for e in at.error]
    assert errors and errors[0].startswith("Could not make goals: ")
    # the tab still answers, with the offline goals for that question, as a run's charts would
    assert any(i.value.startswith("Offline goals instead") for i in at.info)
    assert any(m.value.startswith("**1. ") for m in at.tabs[1].markdown)
    assert SECRET not in _texts(at)
    assert SECRET[:12] not in _texts(at)


def test_incomplete_llm_settings_fall_back_to_offline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    at = _app()
    at.sidebar.radio(key="llm_provider").set_value("openai")
    at.sidebar.get("form_submit_button")[0].click().run()
    assert not at.exception
    assert "needs an API key" in at.sidebar.error[0].value
    assert "showing offline results" in at.warning[0].value


def test_sessions_share_cached_work_but_not_charts(monkeypatch: pytest.MonkeyPatch) -> None:
    import lida.api

    calls: list[int] = []
    real_run = lida.api.Lida.run

    def counting_run(self: Any, *args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return real_run(self, *args, **kwargs)

    monkeypatch.setattr(lida.api.Lida, "run", counting_run)
    data = CSV.replace(b"North", b"Nord")  # content no other test uses, so the cache starts cold
    sessions = []
    for _ in range(2):
        at = _app()
        at.sidebar.slider(key="n_charts").set_value(3)
        at.get("file_uploader")[0].set_value(("shared.csv", data, "text/csv")).run()
        assert not at.exception and not at.error, _problems(at)
        sessions.append(at)
    a, b = sessions
    assert len(calls) == 1  # the second session got the first one's run from the cache
    # ...as its own copy: an edit in one session never shows in the other
    a.tabs[0].text_area[0].set_value(EDITED_CODE.replace('"origin:N"', '"region:N"'))
    a.tabs[0].button(key=f"run-{_run_key(a)}-0").click().run()
    assert _slots(a)[0].chart.spec.get("title") == "Edited in the test"
    b.run()
    assert _slots(b)[0].chart.spec.get("title") != "Edited in the test"
    assert _slots(b)[0].chart is not _slots(a)[0].chart
    assert not _slots(b)[0].history
    # a third session with different bytes under the same name is not served the cached run
    c = _app()
    c.sidebar.slider(key="n_charts").set_value(3)
    c.get("file_uploader")[0].set_value(("shared.csv", data + b"Nord,2025-01-01,1,1\n", "text/csv")).run()
    assert not c.exception and len(calls) == 2
    assert c.tabs[2].metric[0].value == "49"


LLM_CODE = """```python
import altair as alt
import pandas as pd


def plot(data: pd.DataFrame) -> alt.Chart:
    return alt.Chart(data, title="Cars per origin").mark_point().encode(
        x="Displacement:Q", y="Weight_in_lbs:Q", color="Cylinders:O"
    )
```"""


def test_llm_charts_start_on_request_and_run_in_the_sandbox(llm_server: Any) -> None:
    at = _app()
    _configure_llm(at, llm_server.url)
    llm_server.reply_json(LLM_GOALS)  # the Goals tab
    at.selectbox(key="example").set_value("cars.json").run()
    assert len(llm_server.requests) == 1 and not at.tabs[0].get("vega_lite_chart")
    llm_server.reply_json(LLM_GOALS)  # the run's goals, then its one chart
    llm_server.reply_text(LLM_CODE)
    at.button(key="make-charts").click().run()
    assert not at.exception and not at.error, _problems(at)
    assert len(llm_server.requests) == 3 and llm_server.unscripted == 0
    # the LLM's chart joined the offline candidates; one ranker ordered them all
    slots = _slots(at)
    (slot,) = [s for s in slots if s.chart.source == "llm"]
    assert slot.chart.spec.get("title") == "Cars per origin" and slot.chart.origin in ("llm", "llm+repair")
    assert slot.chart.rank is not None and slot.chart.cost is not None
    assert len(at.tabs[0].get("vega_lite_chart")) == len(slots)
    captions = [c.value for c in at.tabs[0].caption]
    assert any(c.startswith("LLM usage: ") for c in captions)
    assert any(c.startswith("Written by the LLM") for c in captions)  # the card says who drew it
    assert any(c.startswith("Charts: ") and "from the LLM" in c for c in captions)
    assert at.button(key=f"explain-{_run_key(at)}-0").label == "Explain this chart"
    # a rerun serves the session's goals and charts without asking the model again
    at.run()
    assert len(llm_server.requests) == 3 and len(at.tabs[0].get("vega_lite_chart")) == len(slots)
    assert SECRET not in _texts(at)
