"""Offline units of the LLM layer: JSON extraction, code extraction/checks, field matching, templates."""

from __future__ import annotations

import ast

import pytest

from lida.errors import LLMError
from lida.llm.blocks import defuse
from lida.llm.code import SCAFFOLD, code_problem, ensure_imports, extract_code
from lida.llm.fields import check_code_fields, check_names, resolve_field
from lida.llm.jsonparse import JSONExtractError, extract_json
from lida.llm.templates import load_prompt, prompt_names, prompts_dir
from lida.model import SCAFFOLD_SIGNATURE

# ---- JSON ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"a": 1}', {"a": 1}),
        ('Sure, here it is:\n```json\n{"a": [1, 2]}\n```\nAnything else?', {"a": [1, 2]}),
        ('prefix {"a": "x}y", "b": {"c": 2}} suffix {"z": 0}', {"a": "x}y", "b": {"c": 2}}),
        ('{"a": [1, 2,], "b": 3,}', {"a": [1, 2], "b": 3}),
        ("{'a': 'single', 'b': True, 'c': None}", {"a": "single", "b": True, "c": None}),
        ("{'a': true, 'b': null}", {"a": True, "b": None}),
        ('[{"q": 1}, {"q": 2}]', [{"q": 1}, {"q": 2}]),
        ('{\n  // a comment\n  "a": 1\n}', {"a": 1}),
        ('```\n{"a": 1}\n```', {"a": 1}),
    ],
)
def test_extract_json_recovers(text, expected):
    assert extract_json(text) == expected


@pytest.mark.parametrize("text", ["", "   ", "no json here", '{"a": 1', "[1, 2"])
def test_extract_json_fails_cleanly(text):
    with pytest.raises(JSONExtractError):
        extract_json(text)


# ---- code ------------------------------------------------------------------------------------------
CODE = (
    "import altair as alt\nimport pandas as pd\n\n\ndef plot(data):\n    return alt.Chart(data).mark_bar()\n"
)


def test_extract_code_prefers_the_block_with_plot():
    text = f"Install:\n```bash\npip install altair\n```\n```python\nx = 1\n```\n```python\n{CODE}```\nDone."
    assert extract_code(text) == CODE


def test_extract_code_unterminated_fence_and_bare_code():
    assert extract_code("```python\n" + CODE) == CODE
    assert extract_code("The code:\n" + CODE) == CODE
    assert extract_code("I can't do that") == ""


def test_scaffold_matches_the_contract():
    assert SCAFFOLD_SIGNATURE in SCAFFOLD
    # the bare scaffold parses, but it is the prompt coming back, not a chart
    assert "scaffold" in (code_problem(SCAFFOLD) or "")


@pytest.mark.parametrize(
    ("code", "needle"),
    [
        ("", "no code"),
        (CODE.replace("mark_bar()", "mark_bar("), "does not parse"),
        ("def draw(data):\n    return 1\n", "no top-level function plot"),
        ("def plot():\n    return 1\n", "first argument"),
        ("def plot(data):\n    chart = 1\n", "never returns"),
        ("async def plot(data):\n    return 1\n", "not async"),
    ],
)
def test_code_problem(code, needle):
    problem = code_problem(code)
    assert problem is not None and needle in problem


def test_ensure_imports_adds_only_missing():
    body = "def plot(data):\n    return alt.Chart(data)\n"
    fixed = ensure_imports(body)
    assert fixed.startswith("import altair as alt\nimport pandas as pd\n") and body in fixed
    assert ensure_imports(CODE) == CODE


# ---- fields ----------------------------------------------------------------------------------------
KNOWN = ["Horsepower", "Miles_per_Gallon", "Release Date", "price_usd", "price_eur", "Name"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Horsepower", "Horsepower"),
        ("horsepower", "Horsepower"),
        ("miles per gallon", "Miles_per_Gallon"),
        ("release_date", "Release Date"),
        ("Horsepowr", "Horsepower"),
        ("price", None),  # two equally close columns: ambiguous
        ("Weight", None),
        ("", None),
    ],
)
def test_resolve_field(name, expected):
    assert resolve_field(name, KNOWN) == expected


def test_check_names_reports_each_name_once():
    check = check_names(["horsepower", "Weight", "Weight", "Name"], KNOWN)
    assert check.mapping == {"horsepower": "Horsepower"} and check.unknown == ["Weight"]
    assert len(check.notes()) == 2


def test_check_code_fields_ignores_derived_and_implicit_columns():
    code = """import altair as alt
import pandas as pd


def plot(data):
    df = data.assign(ratio=data["Horsepower"] / 2)
    counts = data["Name"].value_counts().reset_index()
    long = data.melt(id_vars=["Name"], var_name="metric", value_name="amount")
    chart = (
        alt.Chart(df)
        .transform_aggregate(total="sum(price_usd)", groupby=["Name"])
        .transform_calculate(z="datum.total * 2")
        .mark_bar()
        .encode(x="ratio:Q", y="total:Q", color="count:Q", row="metric:N", column="amount:Q",
                tooltip=["z:Q", alt.Tooltip("Name:N")])
    )
    return chart
"""
    result = check_code_fields(code, KNOWN)
    assert result.code == code and result.notes == []


def test_check_code_fields_leaves_unparsable_code_alone():
    result = check_code_fields("def plot(data:\n", KNOWN)
    assert result.code == "def plot(data:\n" and result.notes == []


def test_check_code_fields_rewrites_only_field_literals():
    code = 'def plot(data):\n    t = "horsepower"\n    return alt.Chart(data).encode(x="horsepower:Q", y="count()")\n'
    result = check_code_fields(code, KNOWN)
    assert 't = "horsepower"' in result.code and 'x="Horsepower:Q"' in result.code
    ast.parse(result.code)


# ---- templates -------------------------------------------------------------------------------------
EXPECTED_PROMPTS = {
    "goals", "personas", "visualize", "repair", "edit", "explain", "evaluate", "recommend", "enrich", "json_repair",
}  # fmt: skip


def test_every_expected_prompt_exists():
    assert set(prompt_names()) >= EXPECTED_PROMPTS


@pytest.mark.parametrize("name", sorted(EXPECTED_PROMPTS))
def test_every_template_renders_with_its_declared_variables(name):
    template = load_prompt(name)
    assert template.variables, "a template without variables cannot carry the data"
    values = {v: f"<<{v}-value>>" for v in template.variables}
    messages = template.render(**values)
    assert [m["role"] for m in messages] == ["system", "user"]
    joined = "\n".join(m["content"] for m in messages)
    for v in template.variables:
        assert f"<<{v}-value>>" in joined
    assert "$" not in joined.replace("$$", "")  # no placeholder left unfilled
    assert "not instructions" in messages[0]["content"] or "not\ninstructions" in messages[0]["content"]
    with pytest.raises(ValueError, match="missing"):
        template.render(**dict(list(values.items())[1:]))
    with pytest.raises(ValueError, match="unexpected"):
        template.render(**values, extra="x")


def test_structured_prompts_state_a_json_schema():
    for name in ("personas", "explain", "evaluate", "enrich"):
        template = load_prompt(name)
        assert "JSON" in template.system + template.user and "{" in template.user, name
    # goals and recommend show their form as a worked example built from the table (test_llm_robust.py)
    for name in ("goals", "recommend"):
        template = load_prompt(name)
        assert "JSON" in template.system and "example" in template.variables, name


def test_no_prompt_has_an_angle_bracket_placeholder_a_model_could_echo():
    import re

    from lida.llm.templates import prompt_names

    block_tags = re.compile(r"</?(data|code|goal|error|question|broken|instructions)>|<!-- (system|user) -->")
    for name in prompt_names():
        template = load_prompt(name)
        text = block_tags.sub("", template.system + template.user)
        assert not re.search(r"<[^<>\n]{2,80}>", text), (name, re.search(r"<[^<>\n]{2,80}>", text))


def test_bad_template_is_a_clear_error(tmp_path):
    (tmp_path / "bad.md").write_text("---\nvariables: a\n---\n<!-- system -->\nx $b\n<!-- user -->\ny\n")
    with pytest.raises(LLMError, match="declares"):
        load_prompt("bad", tmp_path)
    with pytest.raises(LLMError, match="not readable"):
        load_prompt("missing", tmp_path)


def test_prompts_dir_is_the_repository_folder():
    assert (prompts_dir() / "goals.md").is_file()


def test_defuse_closes_no_block():
    assert (
        defuse("a </data> b <CODE> c </ instructions >") == "a &lt;/data> b &lt;CODE> c &lt;/ instructions >"
    )
