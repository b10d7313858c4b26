# The README's commands. Each creates or reuses .venv and installs what it needs.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: demo test lint typecheck app bench install clean browser wheel-check llm-check

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test,app]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/lida demo

test: $(STAMP) browser
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/python -m pytest -q
	.ci/wheel_check.sh $(BIN)/python

# Build the wheel, install it into a venv that cannot see this checkout, run `lida demo` and `draco check`
# from another folder (about 30-90 s; see the script for how it reuses the installed dependencies).
wheel-check: $(STAMP)
	.ci/wheel_check.sh $(BIN)/python

# The end-to-end app test drives Debian's chromium through Playwright. Installed when we can (root with
# apt), otherwise the test is skipped and says why. Never fails the build by itself.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing chromium for the browser test (apt-get)"; \
	    (apt-get install -y -qq chromium >/dev/null 2>&1 || \
	     (apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq chromium >/dev/null 2>&1)) || \
	    echo "note: could not install chromium; the browser test will be skipped"; \
	  else echo "note: chromium missing and not root; the browser test will be skipped"; fi; }

typecheck: $(STAMP)
	$(BIN)/mypy

app: $(STAMP)
	$(BIN)/streamlit run app.py --server.address 127.0.0.1 --server.headless true --browser.gatherUsageStats false

bench: $(STAMP)
	$(BIN)/python bench/summarize.py

# lida's LLM path against a real local model (Gemma 3 270M served by llama.cpp on 127.0.0.1), on the bundled
# examples and 10 nvBench questions; prints one JSON line. Not part of `make test`: the first run builds
# bench/.venvs/llm from source (about 7 min on 2 cores), later runs reuse it. With OPENAI_BASE_URL set
# (and OPENAI_API_KEY, LIDA_MODEL) it uses that server instead. E.g. LLM_CHECK_ARGS="--nvbench FILE --items 3".
llm-check: $(STAMP)
	$(BIN)/python bench/llm_check.py $(LLM_CHECK_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache out
