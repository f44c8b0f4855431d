# newsetl: `make run` sets everything up and runs the pipeline on seeds/; `make test` runs the tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CLUSTER_STAMP := $(VENV)/.installed-cluster
DB ?= warehouse/news.duckdb
REPORT := $(dir $(DB))report/$(basename $(notdir $(DB)))/index.html
DAGSTER_HOME ?= $(CURDIR)/.dagster_home
PORT ?= 3000

.PHONY: install install-cluster run test dev sql clean report walkthrough cluster

install: $(STAMP)

# Exact pins from requirements.lock (what CI tested), then the project itself without re-resolving.
# The scale-out packages (the [cluster] extra) are not part of it: see install-cluster.
$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is required")'
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --upgrade pip
	$(BIN)/python -m pip install -r requirements.lock
	$(BIN)/python -m pip install --no-deps -e .
	touch $(STAMP)

# The [cluster] extra (celery, redis, dagster-celery, dagster-postgres, psycopg2) at the exact pins of
# requirements-cluster.lock: for `make cluster` and the scale-out tests.
install-cluster: $(CLUSTER_STAMP)

$(CLUSTER_STAMP): $(STAMP) requirements-cluster.lock
	$(BIN)/python -m pip install -r requirements-cluster.lock
	touch $(CLUSTER_STAMP)

$(DAGSTER_HOME)/dagster.yaml: pipelines/dagster.yaml
	mkdir -p $(DAGSTER_HOME)
	cp pipelines/dagster.yaml $@

run: install $(DAGSTER_HOME)/dagster.yaml
	DAGSTER_HOME=$(DAGSTER_HOME) $(BIN)/newsetl run --db $(DB)
	@echo
	@echo "report: $(REPORT)"
	@echo "  open it: $(BIN)/newsetl report --db $(DB) --open"
	@echo "next:"
	@echo "  make dev                        the Dagster UI: the pipeline, its runs and checks"
	@echo "  make sql Q='SELECT * FROM speaker_quote_counts LIMIT 10'"
	@echo "  drop files into landing/        make dev's sensor runs them within a minute"

# Everything the tests need, the scale-out tests' packages included.
test: install-cluster
	$(BIN)/python -m pytest -q

# `dg dev` is Dagster's current local command (the project is a dg project: [tool.dg] in pyproject.toml,
# code location `newsetl`). LINEAGE is the asset graph with every stage group expanded.
LINEAGE := http://127.0.0.1:$(PORT)/asset-groups?expanded=global@global:ingest,global@global:cleaning,global@global:nlp,global@global:entities,global@global:stories,global@global:analysis
dev: install $(DAGSTER_HOME)/dagster.yaml
	@echo "newsetl UI, the whole pipeline: $(LINEAGE)"
	@echo "click 'Materialize all' (top right) to run it; the report: $(BIN)/newsetl report --open"
	DAGSTER_HOME=$(DAGSTER_HOME) $(BIN)/dg dev --host 127.0.0.1 --port $(PORT)

# The HTML report of the warehouse, next to it ($(REPORT)), opened in the browser.
report: install
	$(BIN)/newsetl report --db $(DB) --open

# README's 'Ask the warehouse' from a fresh warehouse built from seeds/.
walkthrough: install
	$(BIN)/python -m pipelines.walkthrough

sql: install
	$(BIN)/newsetl sql --db $(DB) "$(Q)"

# The scale-out stack for a person to try: PostgreSQL (Dagster's instance and the DuckLake catalog),
# Redis, WORKERS Celery workers and `dagster dev` on the cluster code location, against the lake
# under .cluster/; Ctrl-C stops everything. Needs Debian's postgresql and redis-server.
WORKERS ?= 2
cluster: install-cluster
	$(BIN)/python -m pipelines.cluster --workers $(WORKERS) --port $(PORT)

clean:
	rm -rf warehouse .dagster_home .pytest_cache .cluster
