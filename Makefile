# Two commands on a fresh machine:
#   make serve   — install, build the site and serve it on http://127.0.0.1:8000
#   make test    — install (incl. Debian chromium) and run every test
VENV ?= .venv
PY := $(VENV)/bin/python

$(VENV)/.installed: requirements.txt pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.txt
	touch $@

install: $(VENV)/.installed

chromium:
	@test -x /usr/bin/chromium || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk)

check: install
	$(PY) -m generator check

build: install
	$(VENV)/bin/mkdocs build --strict

serve: install
	HUIJI_SITE_URL=http://127.0.0.1:8000/ $(VENV)/bin/mkdocs serve --dirty -a 127.0.0.1:8000

lint: install
	$(VENV)/bin/ruff check generator tests benchmarks

test: install chromium
	$(VENV)/bin/ruff check generator tests benchmarks
	$(PY) -m generator check
	$(PY) -m pytest

.PHONY: install chromium check build serve lint test
