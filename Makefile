# Gateway: `make run` starts the demo on SQLite; `make test` runs every test.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
UV := $(VENV)/bin/uv
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test setup deps assets migrate demo demo-code lint unit browser bench check-deploy clean

$(VENV)/bin/uv:
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet uv==0.13.9

$(VENV)/.deps: $(VENV)/bin/uv requirements/base.lock requirements/dev.lock
	$(UV) pip sync --quiet --python $(PY) requirements/base.lock requirements/dev.lock
	touch $@

deps: $(VENV)/.deps

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

assets: node_modules/.installed

setup: deps assets

migrate: setup
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_demo

run: demo
	@$(PY) manage.py demo_sign_ins --url http://$(HOST):$(PORT)
	@echo "Starting the background-task worker and the web server at http://$(HOST):$(PORT)"
	@trap 'kill 0' EXIT INT TERM; \
	  $(PY) manage.py db_worker --interval 2 --no-reload & \
	  $(PY) manage.py runserver --noreload $(HOST):$(PORT)

# The demo's current MFA code, for people without an authenticator app.
demo-code: deps
	@$(PY) manage.py demo_totp

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djlint gateway --lint
	$(PY) scripts/check_hazard_log.py
	DJANGO_SETTINGS_MODULE=gateway.config.settings.test $(PY) manage.py makemigrations --check --dry-run

unit: setup
	$(VENV)/bin/pytest -n 2 -m "not browser" -q

browser: setup
	@bash scripts/ensure-chromium.sh
	$(VENV)/bin/pytest -n 2 -m browser -q

check-deploy: setup
	DJANGO_SETTINGS_MODULE=gateway.config.settings.production DEMO_MODE=0 \
	  SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(60))') \
	  ALLOWED_HOSTS=gateway.example.nhs.uk $(PY) manage.py check --deploy --fail-level WARNING

test: setup
	@bash scripts/ensure-chromium.sh
	$(MAKE) --no-print-directory lint
	$(MAKE) --no-print-directory check-deploy
	$(VENV)/bin/pytest -n 2 -q

bench: setup
	GATEWAY_BENCH=1 $(VENV)/bin/pytest benchmarks -q -p no:xdist -s --disable-warnings

clean:
	rm -rf $(VENV) node_modules staticfiles var
