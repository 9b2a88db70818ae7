# GCM Tracker — `make run` to try it, `make test` to check it. `make help` lists the rest.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
PORT ?= 8000
# Tests run against PostgreSQL and Redis; `make run` against the embedded default.
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/gcm_tracker
TEST_REDIS_URL ?= redis://127.0.0.1:6379/15

.PHONY: help install run test smoke lint typecheck format migrations-check services seed demo clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-18s %s\n", $$1, $$2}'

# Reinstall only when the project's dependencies change.
$(VENV)/.installed: pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is needed ($(PYTHON) not found); set PYTHON=…"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed ## Create .venv and install the project with its dev tools

run: install ## Set up the embedded default (SQLite, tasks inline), load the compact and demo data, serve on 127.0.0.1:$(PORT)
	@DJANGO_DEBUG=$${DJANGO_DEBUG:-true} ./scripts/run.sh $(PORT)

services: ## Make sure PostgreSQL and Redis answer (starting them if installed but stopped)
	@./scripts/ensure-services.sh

lint: install ## ruff check and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install ## mypy (django-stubs) on the services, selectors, tasks and parsers listed in pyproject.toml
	DJANGO_DEBUG=true $(BIN)/mypy

format: install ## Apply ruff fixes and formatting
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

migrations-check: install ## Fail when models and migrations disagree
	DJANGO_DEBUG=true $(PY) manage.py makemigrations --check --dry-run

test: install services ## Lint, type-check, check migrations, run every test on PostgreSQL + Redis, then the smoke subset on SQLite
	$(BIN)/ruff check .
	$(MAKE) --no-print-directory typecheck
	DJANGO_DEBUG=true $(PY) manage.py makemigrations --check --dry-run
	@command -v chromium >/dev/null || echo "Browser tests will be skipped: apt-get install -y chromium to run them."
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} REDIS_URL=$${REDIS_URL:-$(TEST_REDIS_URL)} \
		$(PY) -m pytest
	$(MAKE) --no-print-directory smoke

smoke: install ## The smoke subset on the embedded SQLite default (what `make run` uses)
	DATABASE_URL=sqlite:///$(CURDIR)/.smoke.sqlite3 REDIS_URL= CELERY_TASK_ALWAYS_EAGER=true \
		$(PY) -m pytest -m smoke -q

seed: install ## Load the reference data into the configured database
	$(PY) manage.py seed

demo: install ## Create the demo accounts and demo pledges and reviews (password: DEMO_PASSWORD)
	$(PY) manage.py seed_demo --password "$${DEMO_PASSWORD:-gcm-demo-2026}"

clean: ## Remove the venv, the SQLite files and caches
	rm -rf $(VENV) db.sqlite3 .smoke.sqlite3 staticfiles .pytest_cache .ruff_cache .mypy_cache
