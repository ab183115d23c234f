# Brobygger — the two quick-start commands are `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000
PG_HOST ?= 127.0.0.1
PG_PORT ?= 5432
export BROBYGGER_SQLITE_PATH ?= $(CURDIR)/var/brobygger.sqlite3

# Find a Python >= 3.12: $PYTHON, python3.13/python3.12 on PATH (if they run), then pyenv's versions.
define FIND_PYTHON
for c in "$$PYTHON" python3.13 python3.12 python3 \
         $$(ls -d $$(pyenv root 2>/dev/null || echo $$HOME/.pyenv)/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -rV); do \
  [ -n "$$c" ] || continue; \
  if "$$c" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; then command -v "$$c" || echo "$$c"; exit 0; fi; \
done; exit 1
endef

.PHONY: help
help:
	@echo "make run    – install, migrate, load the demo partnership, start web server and task worker"
	@echo "make test   – install test tools and run the whole suite (SQLite, PostgreSQL, browser)"
	@echo "make demo   – (re)load the demo partnership"
	@echo "make lint   – ruff, mypy, migrations and translation checks"

$(PY):
	@PYBIN=$$($(FIND_PYTHON)) || { echo "ERROR: Brobygger needs Python 3.12 or newer (Django 6). None was found:" >&2; \
	  echo "       install one (e.g. 'pyenv install 3.12') or set PYTHON=/path/to/python3.12" >&2; exit 1; }; \
	echo "Using $$PYBIN ($$($$PYBIN --version))"; \
	"$$PYBIN" -m venv $(VENV)
	$(PIP) install -q --upgrade pip

$(VENV)/.installed: $(PY) requirements.lock
	$(PIP) install -q -r requirements.lock
	@touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.lock
	$(PIP) install -q -r requirements-dev.lock
	@touch $@

.PHONY: install
install: $(VENV)/.installed
	@mkdir -p var

.PHONY: migrate
migrate: install
	$(PY) manage.py migrate --noinput -v 0

.PHONY: demo
demo: migrate
	$(PY) manage.py load_demo

.PHONY: run
run: demo
	@echo "Starting the task worker and the daily scheduler in the background (logs in var/)."
	@BROBYGGER_DEBUG=1 $(PY) manage.py db_worker --interval 1 > var/worker.log 2>&1 & echo $$! > var/worker.pid
	@BROBYGGER_DEBUG=1 $(PY) manage.py run_scheduler > var/scheduler.log 2>&1 & echo $$! > var/scheduler.pid
	@trap 'kill $$(cat var/worker.pid) $$(cat var/scheduler.pid) 2>/dev/null' EXIT INT TERM; \
	  $(PY) manage.py demo_logins; \
	  echo "Brobygger runs on http://$(HOST):$(PORT)/  (stop with Ctrl-C)"; \
	  BROBYGGER_DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT) --noreload

.PHONY: messages
messages: install
	$(PY) scripts/i18n.py update

.PHONY: lint
lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy .
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) manage.py check
	bash scripts/check_translations.sh

.PHONY: test-deps
test-deps: $(VENV)/.installed-dev
	@bash scripts/ensure_test_system.sh

.PHONY: test
test: test-deps
	@bash scripts/check_translations.sh
	@echo "== Unit and integration tests on SQLite =="
	$(VENV)/bin/pytest -q -n 2 -m "not e2e and not postgresql" --ignore=tests/e2e
	@echo "== Unit and integration tests on PostgreSQL ($(PG_HOST):$(PG_PORT)) =="
	@bash scripts/check_postgres.sh $(PG_HOST) $(PG_PORT)
	BROBYGGER_DB=postgresql BROBYGGER_DB_HOST=$(PG_HOST) BROBYGGER_DB_PORT=$(PG_PORT) \
	  $(VENV)/bin/pytest -q -n 2 -m "not e2e" --ignore=tests/e2e
	@echo "== Production set-up: gunicorn, PostgreSQL, Redis, check --deploy =="
	bash scripts/production_smoke.sh
	@echo "== Browser tests in headless Chromium =="
	$(VENV)/bin/pytest -q tests/e2e -m e2e

.PHONY: clean
clean:
	rm -rf var/brobygger.sqlite3* var/*.log var/*.pid
