# Partnership Workshop. A newcomer needs two commands: `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

UV_VERSION := 0.13.9
UV := .tools/bin/uv
PYTHON := .venv/bin/python
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := .venv

# What makemessages reads: our code and templates, not the tools, vendored files, tests or benches.
MESSAGES_OPTIONS := --no-obsolete --add-location=file --ignore=.venv --ignore=.tools --ignore=static/vendor \
	--ignore=tests --ignore=bench --ignore=staticfiles --ignore=media --ignore=node_modules

HOST ?= 127.0.0.1
PORT ?= 8000
# Development values; production sets its own (see README, Configuration).
RUN_ENV := DJANGO_DEBUG=true DJANGO_HTTPS=false
TEST_ENV := DJANGO_DEBUG=false DJANGO_HTTPS=false DJANGO_SECRET_KEY=test-only-secret-key-not-for-production \
	DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost,testserver DJANGO_ALLOW_ASYNC_UNSAFE=true
# System packages the browser and PDF tests need (Debian names).
SYSTEM_PACKAGES := chromium poppler-utils gettext libharfbuzz-subset0 libpango-1.0-0 libpangoft2-1.0-0

# The shipped translations (English is the source language).
LOCALES := de ar

.PHONY: help setup system-deps run test lint format bench clean messages check-messages

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(UV):
	python3 -m venv .tools
	.tools/bin/pip install --quiet "uv==$(UV_VERSION)"

.venv/.synced: pyproject.toml uv.lock | $(UV)
	$(UV) sync --locked --quiet
	@touch $@

setup: .venv/.synced ## Create .venv and install the locked dependencies

system-deps: ## Install Chromium and poppler from Debian when missing (needs root)
	@missing=""; for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    echo "Installing Debian packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "Missing Debian packages:$$missing. Install them with: sudo apt-get install$$missing" >&2; exit 1; \
	  fi; \
	fi; \
	test -x /usr/bin/chromium || { echo "/usr/bin/chromium is missing: install Debian's chromium package." >&2; exit 1; }

run: setup ## Set up, migrate, load patterns and demo data, and serve on http://127.0.0.1:8000
	$(RUN_ENV) $(PYTHON) manage.py migrate --no-input -v0
	$(RUN_ENV) $(PYTHON) manage.py load_patterns patterns/library
	@if $(RUN_ENV) $(PYTHON) manage.py help seed_demo >/dev/null 2>&1; then $(RUN_ENV) $(PYTHON) manage.py seed_demo; fi
	@echo "Serving on http://$(HOST):$(PORT)/ (Ctrl+C stops)"
	$(RUN_ENV) $(PYTHON) -m uvicorn workshop.asgi:application --host $(HOST) --port $(PORT) --no-access-log --lifespan off

test: setup system-deps ## Set up and run the whole test suite, browser tests included
	$(TEST_ENV) $(PYTHON) -m pytest $(ARGS)

lint: setup ## ruff check and format check
	$(UV) run --locked ruff check .
	$(UV) run --locked ruff format --check .

format: setup ## Format and fix what ruff can
	$(UV) run --locked ruff format .
	$(UV) run --locked ruff check --fix .

messages: setup ## Extract marked strings into locale/*/LC_MESSAGES/django.po and compile the .mo files
	DJANGO_DEBUG=true $(PYTHON) manage.py makemessages $(addprefix -l ,$(LOCALES)) $(MESSAGES_OPTIONS) -v0
	DJANGO_DEBUG=true $(PYTHON) manage.py compilemessages $(addprefix -l ,$(LOCALES)) -v0

check-messages: setup ## Fail when a translation is missing or locale/ is out of date with the sources
	DJANGO_DEBUG=true $(PYTHON) manage.py check_messages $(addprefix -l ,$(LOCALES))

bench: setup ## Run every benchmark quickly
	@for b in bench/[!_]*.py; do echo "== $$b"; $(PYTHON) $$b --quick || exit 1; done

clean: ## Remove the virtual environment and local data
	rm -rf .venv .tools db.sqlite3 staticfiles
