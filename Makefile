# Hetao: `make demo` serves the demo zone; `make test` runs lint and the whole suite.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HETAO := $(VENV)/bin/hetao
PG_URL ?= postgres://postgres@127.0.0.1:5432/hetao
DEMO_HOST ?= 127.0.0.1:8000

.PHONY: demo test lint bench messages install install-test serve clean test-sqlite test-postgres

$(VENV)/.base:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	touch $@

$(VENV)/.installed: pyproject.toml $(VENV)/.base
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.base
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed messages
install-test: $(VENV)/.installed-test messages

# Translation catalogues compile with polib (pure Python), so nothing beyond make is needed.
messages: $(VENV)/.installed
	$(PY) -m hetao.core.compilemessages

demo: install
	HETAO_DEBUG=1 $(HETAO) migrate --no-input
	HETAO_DEBUG=1 $(HETAO) zone_sync
	HETAO_DEBUG=1 $(HETAO) seed_demo
	HETAO_DEBUG=1 $(HETAO) seed_programmes_demo
	@echo
	@echo "Serving the demo zone on http://$(DEMO_HOST)/ (Ctrl-C stops it)"
	HETAO_DEBUG=1 $(HETAO) runserver --noreload $(DEMO_HOST)

lint: install-test
	$(VENV)/bin/ruff check src tests benchmarks
	$(VENV)/bin/mypy src/hetao
	HETAO_TESTING=1 $(HETAO) check --fail-level WARNING
	HETAO_TESTING=1 $(HETAO) makemigrations --check --dry-run
	HETAO_TESTING=1 $(PY) -m pytest -q -p no:randomly tests/test_architecture.py

test-sqlite: install-test
	HETAO_TESTING=1 $(PY) -m pytest -q

# The PostgreSQL pass runs when a server answers; in CI (CI=true) it is required.
test-postgres: install-test
	@if $(PY) -m hetao.config.pgcheck ping "$(PG_URL)"; then \
		$(PY) -m hetao.config.pgcheck ensure "$(PG_URL)" && \
		HETAO_TESTING=1 HETAO_DATABASE_URL="$(PG_URL)" HETAO_REQUIRE_POSTGRES=1 $(PY) -m pytest -q; \
	elif [ "$${CI:-}" = "true" ]; then \
		echo "PostgreSQL is required in CI and does not answer at $(PG_URL)"; exit 1; \
	else \
		echo "SKIPPED the PostgreSQL pass: no server answers at $(PG_URL) (PostgreSQL-only tests did not run)"; \
	fi

test: lint test-sqlite test-postgres

bench: install-test
	$(PY) benchmarks/run_all.py --write docs/benchmarks.md

clean:
	rm -rf $(VENV) var .mypy_cache .ruff_cache .pytest_cache
