"""What the wheel ships, checked from pyproject.toml without building it (.ci/wheel_check.sh builds and
installs the real wheel in `make test`)."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _package_data() -> dict[str, list[str]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    data: dict[str, list[str]] = config["tool"]["setuptools"]["package-data"]
    return data


def test_the_examples_are_package_data_of_lida() -> None:
    from lida.bundled import EXAMPLES_DIR
    from lida.commands.demo import example_files

    assert EXAMPLES_DIR == ROOT / "lida" / "examples"
    shipped = {p for pattern in _package_data()["lida"] for p in (ROOT / "lida").glob(pattern)}
    files = example_files()
    assert len(files) >= 3
    assert set(files) <= shipped, "an example table would be missing from the wheel"
    assert EXAMPLES_DIR / "README.md" in shipped  # their sources and licenses travel with them


def test_knowledge_base_files_are_package_data_of_draco() -> None:
    patterns = _package_data()["draco"]
    shipped = {p for pattern in patterns for p in (ROOT / "draco").glob(pattern)}
    needed = [*(ROOT / "draco" / "asp").glob("*.lp"), *(ROOT / "draco" / "asp").glob("*.json")]
    needed += [ROOT / "draco" / "data" / n for n in ("kim2018.json", "saket2018.json", "handwritten_pairs.json")]
    assert needed and set(needed) <= shipped


def test_core_dependencies_leave_the_app_and_test_data_to_extras() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    core = " ".join(config["project"]["dependencies"])
    extras = config["project"]["optional-dependencies"]
    assert "streamlit" not in core and any("streamlit" in d for d in extras["app"])
    assert "vega_datasets" not in core
    for package in ("summarizer", "draco", "lida"):  # the library never imports the app's or tests' packages
        for path in (ROOT / package).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            assert "import streamlit" not in text and "from streamlit" not in text, path
            assert "import vega_datasets" not in text and "from vega_datasets" not in text, path
