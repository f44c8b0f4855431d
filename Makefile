# newsetl: `make run` sets everything up and runs the pipeline on seeds/; `make test` runs the tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DB ?= warehouse/news.duckdb
DAGSTER_HOME ?= $(CURDIR)/.dagster_home

.PHONY: install run test dev sql clean bench

install: $(STAMP)

# Exact pins from requirements.lock (what CI tested), then the project itself without re-resolving.
$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is required")'
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

$(DAGSTER_HOME)/dagster.yaml: pipelines/dagster.yaml
	mkdir -p $(DAGSTER_HOME)
	cp pipelines/dagster.yaml $@

run: install $(DAGSTER_HOME)/dagster.yaml
	DAGSTER_HOME=$(DAGSTER_HOME) $(BIN)/newsetl run --db $(DB)

test: install
	$(BIN)/python -m pytest -q

dev: install $(DAGSTER_HOME)/dagster.yaml
	DAGSTER_HOME=$(DAGSTER_HOME) $(BIN)/dagster dev -h 127.0.0.1 -p 3000  # location `newsetl`: [tool.dagster] in pyproject.toml

sql: install
	$(BIN)/newsetl sql --db $(DB) "$(Q)"

clean:
	rm -rf warehouse .dagster_home .pytest_cache
