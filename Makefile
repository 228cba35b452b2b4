# RuralPulse: two commands do everything on a fresh machine with Python 3.11.
#   make run   install into .venv, run the pipeline on the sample corpus, print what was loaded
#   make test  install into .venv, lint, run the whole test suite
PYTHON ?= python3
UV_VERSION := 0.13.8
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)
export GX_ANALYTICS_ENABLED := false

.PHONY: install run test lint format bench clean

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

# Bytecode is compiled at install time: where PYTHONDONTWRITEBYTECODE is set (as on CI images),
# every start would otherwise recompile Dagster and GX from source (about 7 s a run).
$(VENV)/.installed: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --extra dev --python $(PYTHON) --compile-bytecode
	$(VENV)/bin/python -m compileall -q -j 0 orchestration sources transforms warehouse
	touch $@

install: $(VENV)/.installed

run: install
	$(VENV)/bin/ruralpulse run

test: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/pytest

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

bench: install
	$(VENV)/bin/python bench/extraction.py

clean:
	rm -rf $(VENV) $(TOOLS) data .pytest_cache .ruff_cache
