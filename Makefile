# The README's commands. Each creates or reuses .venv and installs what it needs.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: demo test lint typecheck app bench install clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/lida demo

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q

typecheck: $(STAMP)
	$(BIN)/mypy

app: $(STAMP)
	$(BIN)/streamlit run app.py --server.address 127.0.0.1 --server.headless true

bench: $(STAMP)
	$(BIN)/python bench/summarize.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache out
