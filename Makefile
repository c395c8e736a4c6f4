# EHCNA portal — every command a developer, CI or an operator needs.
# Works on a fresh Debian machine with Python 3.11 and Node 20 and no internet
# but the package registries: Python packages from PyPI, bun / Dart Sass /
# govuk-frontend / axe-core from the npm registry (into tools/), and Debian's
# chromium for the browser tests.

SHELL := /bin/bash
.DEFAULT_GOAL := help
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
NODE_BIN := tools/node_modules/.bin
STAMPS := .make
GOVUK_CSS := assets/govuk/govuk-frontend.min.css
MOJ_CSS := assets/govuk/moj-frontend.min.css

export PATH := $(CURDIR)/$(NODE_BIN):$(CURDIR)/$(BIN):$(PATH)
# Reflex's own bun download needs the internet and Node 20 is too old for its
# npm path: use the bun installed from the npm registry into tools/.
export REFLEX_USE_SYSTEM_BUN := 1
# Nothing may reach the internet at run time.
export REFLEX_CHECK_LATEST_VERSION := 0
export REFLEX_TELEMETRY_ENABLED := false
export DO_NOT_TRACK := 1
# Unless told which npm registry to use, Reflex's first front-end install times registry.npmjs.org against
# registry.npmmirror.com (and probes 1.1.1.1): tell it the one npm on this machine is configured with.
ifndef NPM_CONFIG_REGISTRY
NPM_CONFIG_REGISTRY := $(shell npm config get registry 2>/dev/null)
endif
export NPM_CONFIG_REGISTRY
export NPM_CONFIG_UPDATE_NOTIFIER := false
export NPM_CONFIG_FUND := false
export NPM_CONFIG_AUDIT := false
# semgrep runs local rules only (.semgrep/), and never phones home: no metrics, no version check.
UV_VERSION := 0.13.9
SEMGREP_VENV := .venv-semgrep
export SEMGREP_ENABLE_VERSION_CHECK := 0
export SEMGREP_SEND_METRICS := off
export SEMGREP_SETTINGS_FILE := $(CURDIR)/$(SEMGREP_VENV)/settings.yml
export SEMGREP_LOG_FILE := $(CURDIR)/$(SEMGREP_VENV)/semgrep.log
SEMGREP := $(SEMGREP_VENV)/bin/semgrep scan --metrics=off --disable-version-check --error --quiet --config .semgrep/

.PHONY: help setup migrate seed run serve test test-fast bench lint clean

help:
	@echo "make run     - install everything, migrate, seed demo data, start with hot reload on http://localhost:3000"
	@echo "make test    - install everything, then run the whole test suite (unit, integration, browser)"
	@echo "make test-fast - unit and integration tests only (no browser), for the edit-test loop"
	@echo "make serve   - install everything, migrate, run in production mode on EHCNA_HOST:EHCNA_PORT (default 0.0.0.0:8000)"
	@echo "make bench   - run the benchmarks in bench/ (not part of make test)"
	@echo "make lint    - ruff, bandit and semgrep (offline, project rules in .semgrep/); make test runs it first"

# uv (from PyPI, into the app's virtualenv) installs the pinned packages: the same versions as pip, both
# virtualenvs in about 20 s instead of about 65 s, which every fresh clone and CI run waits for. It compiles the
# bytecode as pip does: these machines set PYTHONDONTWRITEBYTECODE, so without it every process of the run
# (served apps, CLI tests) would compile Reflex and the rest from source each time it starts.
UV := $(BIN)/uv pip install --quiet --compile-bytecode --python

$(BIN)/uv:
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check 'uv==$(UV_VERSION)'

$(STAMPS)/python: pyproject.toml constraints.txt | $(BIN)/uv
	@mkdir -p $(STAMPS)
	$(UV) $(BIN)/python -c constraints.txt -e '.[dev]'
	@touch $@

# semgrep in its own virtualenv: its pinned dependencies (click, wrapt…) must not change the app's.
$(STAMPS)/semgrep: requirements-semgrep.txt | $(BIN)/uv
	@mkdir -p $(STAMPS)
	test -x $(SEMGREP_VENV)/bin/python || $(PYTHON) -m venv --without-pip $(SEMGREP_VENV)
	$(UV) $(SEMGREP_VENV)/bin/python -r requirements-semgrep.txt
	@touch $@

# moto in server mode, in its own virtualenv: the S3-compatible store the bucket-store tests run against
# (tests/support/s3_server.py); its pins (botocore, werkzeug…) must not change the app's.
MOTO_VENV := .venv-moto
$(STAMPS)/moto: requirements-moto.txt | $(BIN)/uv
	@mkdir -p $(STAMPS)
	test -x $(MOTO_VENV)/bin/python || $(PYTHON) -m venv --without-pip $(MOTO_VENV)
	$(UV) $(MOTO_VENV)/bin/python -r requirements-moto.txt
	@touch $@

$(STAMPS)/node: tools/package.json tools/package-lock.json
	@mkdir -p $(STAMPS)
	cd tools && npm ci --silent
	@touch $@

$(GOVUK_CSS): scss/council.scss $(STAMPS)/node
	@mkdir -p $(dir $@)
	$(NODE_BIN)/sass --load-path=tools/node_modules --style=compressed --no-source-map --quiet-deps scss/council.scss $@

# The portal's own scripts (scripts/), bundled and minified by bun into assets/portal.js (one response, no comments).
# Edit scripts/*.js, then `make setup` (as for scss/).
PORTAL_JS := assets/portal.js
$(PORTAL_JS): $(wildcard scripts/*.js) $(STAMPS)/node
	$(NODE_BIN)/bun build scripts/portal.js --minify --format=iife --outfile=$@ >/dev/null

# MOJ Frontend, on its own (scss/staff.scss says why); its Sass finds govuk-frontend as node_modules/… (tools/).
$(MOJ_CSS): scss/staff.scss $(STAMPS)/node
	@mkdir -p $(dir $@)
	$(NODE_BIN)/sass --load-path=tools/node_modules --load-path=tools --style=compressed --no-source-map --quiet-deps \
		scss/staff.scss $@

# Debian's Chromium (Playwright's own download is not reachable): the browser tests run its headless shell,
# the build Playwright itself runs headless (a third less CPU than the full browser); make bench the full one.
$(STAMPS)/chromium:
	@mkdir -p $(STAMPS)
	command -v chromium >/dev/null && command -v chromium-headless-shell >/dev/null || { apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-headless-shell >/dev/null; }
	@touch $@

# Debian's redis-server, for the Redis restart test (it runs a private one it can shut down). After the
# Chromium stamp: apt-get runs one at a time (make -j).
$(STAMPS)/redis-server: | $(STAMPS)/chromium
	@mkdir -p $(STAMPS)
	command -v redis-server >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null; }
	@touch $@

setup: $(STAMPS)/python $(STAMPS)/node $(GOVUK_CSS) $(MOJ_CSS) $(PORTAL_JS)

migrate: setup
	$(BIN)/ehcna-portal db upgrade

seed: migrate
	$(BIN)/ehcna-portal seed-demo

run: migrate
	@if [ "$${EHCNA_ENV:-dev}" != "prod" ]; then $(BIN)/ehcna-portal seed-demo; fi
	exec $(BIN)/reflex run --env dev

serve: migrate
	exec $(BIN)/reflex run --env prod --single-port --frontend-port $${EHCNA_PORT:-8000} --backend-port $${EHCNA_PORT:-8000} --backend-host $${EHCNA_HOST:-0.0.0.0}

# The groups run in parallel on TEST_WORKERS processes (pytest-xdist): unit and integration tests one by
# one, browser tests on whichever worker is free except the modules that run whole (tests/browser/conftest.py).
# tests/README.md says what each group needs and costs.
TEST_WORKERS ?= 3
PYTEST_PARALLEL := $(BIN)/pytest -n $(TEST_WORKERS) --dist loadgroup --no-loadscope-reorder

# The installs that do not depend on each other (the app's and semgrep's virtualenvs, the npm tools, the Debian
# packages) run side by side; then lint runs beside the tests (its output is printed after theirs), and either
# failing fails make test.
test:
	$(MAKE) -j3 setup $(STAMPS)/semgrep $(STAMPS)/moto $(STAMPS)/chromium $(STAMPS)/redis-server
	@$(MAKE) --no-print-directory lint > $(STAMPS)/lint.log 2>&1 & linting=$$!; \
	$(PYTEST_PARALLEL) tests/unit tests/integration tests/browser; tested=$$?; \
	wait $$linting; linted=$$?; echo "--- make lint"; cat $(STAMPS)/lint.log; \
	test $$tested -eq 0 -a $$linted -eq 0

test-fast: setup
	$(PYTEST_PARALLEL) tests/unit tests/integration

# matplotlib and pyinstrument, for make bench only (not needed to run or test the portal)
$(STAMPS)/bench: pyproject.toml constraints.txt $(STAMPS)/python
	$(UV) $(BIN)/python -c constraints.txt -e '.[dev,bench]'
	@touch $@

bench: setup $(STAMPS)/bench
	$(BIN)/python -m bench.run
	$(BIN)/python -m bench.scale
	$(BIN)/python -m bench.page_weight
	$(BIN)/python -m bench.plan_pdf
	$(BIN)/python -m bench.queue
	$(BIN)/python -m bench.backup

lint: setup $(STAMPS)/semgrep
	$(BIN)/ruff check .
	@# bandit warns "nosec encountered … but no failed test" for a reviewed line it checks twice: not a finding.
	set -o pipefail; $(BIN)/bandit -q -r ehcna_portal -c pyproject.toml 2>&1 | { grep -v 'nosec encountered' || true; }
	$(SEMGREP) ehcna_portal/

clean:
	rm -rf $(STAMPS) .web .states assets/govuk $(PORTAL_JS)
