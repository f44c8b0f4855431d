# newsetl: `make run` sets everything up and runs the pipeline on seeds/; `make test` runs the tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DB ?= warehouse/news.duckdb
DAGSTER_HOME ?= $(CURDIR)/.dagster_home

.PHONY: install run test dev sql clean bench report walkthrough cluster

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

# `dg dev` is Dagster's current local command (the project is a dg project: [tool.dg] in pyproject.toml,
# code location `newsetl`). LINEAGE is the asset graph with every stage group expanded.
LINEAGE := http://127.0.0.1:3000/asset-groups?expanded=global@global:ingest,global@global:cleaning,global@global:nlp,global@global:entities,global@global:stories,global@global:analysis
dev: install $(DAGSTER_HOME)/dagster.yaml
	@echo "newsetl UI, the whole pipeline: $(LINEAGE)"
	@echo "click 'Materialize all' (top right) to run it; the report asset's page links report/index.html"
	DAGSTER_HOME=$(DAGSTER_HOME) $(BIN)/dg dev --host 127.0.0.1 --port 3000

# The HTML report of the warehouse, next to it (warehouse/report/index.html).
report: install
	$(BIN)/newsetl report --db $(DB)

# README's 'Ask the warehouse' from a fresh warehouse built from seeds/.
walkthrough: install
	$(BIN)/python -m pipelines.walkthrough

sql: install
	$(BIN)/newsetl sql --db $(DB) "$(Q)"

# The scale-out stack for a person to try (issue 16): PostgreSQL (Dagster's instance and the DuckLake
# catalog), Redis, WORKERS Celery workers and `dagster dev` on the cluster code location, against the lake
# under .cluster/; Ctrl-C stops everything. Needs Debian's postgresql and redis-server.
WORKERS ?= 2
cluster: install
	$(BIN)/python -m pipelines.cluster --workers $(WORKERS) --port 3000

clean:
	rm -rf warehouse .dagster_home .pytest_cache .cluster
