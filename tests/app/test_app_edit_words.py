"""The app's "Change it" box says which words of an edit were applied and which were not (AppTest, offline)."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def test_change_it_shows_applied_and_not_applied_words() -> None:
    at = AppTest.from_file(APP, default_timeout=180)
    at.run()
    at.sidebar.slider(key="n_charts").set_value(1)
    at.selectbox(key="example").set_value("cars.json").run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    run_key = next(iter(at.session_state["slots"]))
    slot = at.session_state["slots"][run_key][0]
    color = slot.chart.spec.get("encoding", {}).get("color", {}).get("field")
    target = "Cylinders" if color == "Origin" else "Origin"
    at.tabs[0].text_input(key=f"edit-{run_key}-0-0").set_value(f"color by {target} and make it sparkle")
    at.tabs[0].button(key=f"apply-{run_key}-0").click().run()
    assert not at.exception
    edited = at.session_state["slots"][run_key][0]
    assert edited.notice is not None and edited.notice[0] == "success", edited.notice
    assert target in str(edited.chart.spec["encoding"]["color"])
    infos = [i.value for i in at.tabs[0].info]
    warnings = [w.value for w in at.tabs[0].warning]
    assert any(i.startswith("applied:") and f"colour by {target}" in i for i in infos), infos
    assert any(w.startswith("not applied: 'sparkle'") for w in warnings), warnings

    # words that change nothing: a one-line error on the card that says why, the chart kept
    at.tabs[0].text_input(key=f"edit-{run_key}-0-1").set_value("make it sparkle")
    at.tabs[0].button(key=f"apply-{run_key}-0").click().run()
    assert not at.exception
    kept = at.session_state["slots"][run_key][0]
    assert kept.chart is edited.chart and kept.notice is not None and kept.notice[0] == "error"
    errors = [e.value for e in at.tabs[0].error]
    assert any("nothing changed" in e and "sparkle" in e and "\n" not in e for e in errors), errors
