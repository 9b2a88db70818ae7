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

.PHONY: help install run test smoke lint typecheck format migrations-check services seed demo messages mutate coverage bench clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-18s %s\n", $$1, $$2}'

# Reinstall only when the project's dependencies change.
$(VENV)/.installed: pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is needed ($(PYTHON) not found); set PYTHON=…"; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@echo "Installing the project and its dev tools into $(VENV) (log: $(VENV)/install.log)…"
	@{ $(PY) -m pip install --quiet --upgrade pip && $(PY) -m pip install --quiet -e '.[dev]'; } \
		>$(VENV)/install.log 2>&1 \
		|| { tail -n 25 $(VENV)/install.log; echo "Install failed: the whole log is $(VENV)/install.log"; exit 1; }
	@echo "Installed $$($(PY) -m pip list --format=freeze 2>/dev/null | wc -l) packages."
	@touch $@

install: $(VENV)/.installed ## Create .venv and install the project with its dev tools

run: install ## Set up the embedded default (SQLite, tasks inline), load the compact and demo data, serve on 127.0.0.1:$(PORT)
	@DJANGO_DEBUG=$${DJANGO_DEBUG:-true} ./scripts/run.sh $(PORT)

services: ## Make sure the PostgreSQL and Redis of DATABASE_URL / REDIS_URL take a login (starting local ones if stopped)
	@DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} REDIS_URL=$${REDIS_URL:-$(TEST_REDIS_URL)} \
		./scripts/ensure-services.sh

lint: install ## ruff check and format check, and the import contracts (ARCHITECTURE.md)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

typecheck: install ## mypy (django-stubs) on the services, selectors, tasks and parsers listed in pyproject.toml
	DJANGO_DEBUG=true $(BIN)/mypy

format: install ## Apply ruff fixes and formatting
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

migrations-check: install ## Fail when models and migrations disagree
	DJANGO_DEBUG=true $(PY) manage.py makemigrations --check --dry-run

test: install services ## Lint, type-check, check migrations, run every test (three dates, branch coverage with a floor) on PostgreSQL + Redis, then the smoke subset on SQLite
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(MAKE) --no-print-directory typecheck
	DJANGO_DEBUG=true DATABASE_URL=sqlite://:memory: $(PY) manage.py makemigrations --check --dry-run
	@command -v "$${CHROMIUM_PATH:-chromium}" >/dev/null || echo "Browser tests will be skipped (in CI they fail): apt-get install -y chromium, or set CHROMIUM_PATH."
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} REDIS_URL=$${REDIS_URL:-$(TEST_REDIS_URL)} \
		$(PY) -m pytest --cov --cov-report=term
	$(MAKE) --no-print-directory smoke

smoke: install ## The smoke subset on the embedded SQLite default (what `make run` uses)
	DATABASE_URL=sqlite:///$(CURDIR)/.smoke.sqlite3 REDIS_URL= CELERY_TASK_ALWAYS_EAGER=true \
		$(PY) -m pytest -m smoke -q

# The five translations (English is the source). Needs GNU gettext (apt-get install
# gettext); the compiled .mo files are committed, so `make run` does not.
LANGUAGES_TRANSLATED := ar es fr ru zh_Hans
MESSAGES_IGNORE := -i '.venv/*' -i 'tests/*' -i 'artifacts/*' -i 'mutants/*' -i 'staticfiles/*' -i 'media/*' -i 'build/*'

messages: install ## Collect the marked strings into locale/*/django.po, then compile the .mo files
	DJANGO_DEBUG=true $(PY) manage.py makemessages $(addprefix -l ,$(LANGUAGES_TRANSLATED)) \
		--no-obsolete --add-location=file $(MESSAGES_IGNORE)
	DJANGO_DEBUG=true $(PY) manage.py compilemessages $(addprefix -l ,$(LANGUAGES_TRANSLATED)) \
		$(MESSAGES_IGNORE)

# The benchmark (scripts/bench.py): BENCH_DATABASE_URL (default gcm_bench on the local
# PostgreSQL) is built once with BENCH_PLEDGES (100000) and reused; REDIS_URL for the cache.
bench: install ## Build 100,000 demo pledges on PostgreSQL (once), serve them with gunicorn and print the latency table (README, Performance)
	nice $(PY) scripts/bench.py
	nice $(PY) scripts/bench_snapshot.py

seed: install ## Load the reference data into the configured database
	$(PY) manage.py seed

demo: install ## Create the demo accounts and demo pledges and reviews (password: DEMO_PASSWORD)
	$(PY) manage.py seed_demo --password "$${DEMO_PASSWORD:-gcm-demo-2026}"

mutate: install services ## Mutation testing (mutmut) of the rules in [tool.mutmut]: the score, then the surviving mutants (MUTANTS='reviews.services*' for one module)
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} REDIS_URL=$${REDIS_URL:-$(TEST_REDIS_URL)} \
		$(BIN)/mutmut run --max-children $${MUTATE_JOBS:-4} $(MUTANTS) | tail -n 3
	@$(BIN)/mutmut results --all true | awk '/: killed$$/ {k++} /: timeout$$/ {t++} /: no tests$$/ {n++} \
		/: survived$$/ {s++; print} \
		END {printf "Mutation score: %d of %d mutants killed (%.1f %%), %d survived (listed above), %d not reached by the selected tests\n", \
		k+t, k+s+t, 100*(k+t)/((k+s+t)||1), s, n}'

coverage: install ## The branch coverage report of the last `make test`, as HTML in htmlcov/
	$(BIN)/coverage html && echo "Open htmlcov/index.html"

clean: ## Remove the venv, the SQLite files and caches
	rm -rf $(VENV) db.sqlite3 .smoke.sqlite3 staticfiles .pytest_cache .ruff_cache .mypy_cache .coverage htmlcov mutants
