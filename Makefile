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

# Debian packages the tests drive for real: headless Chromium (pages) and LibreOffice Calc (the
# 进展报送表 saved by another spreadsheet program, then imported).
chromium:
	@test -x /usr/bin/chromium -a -x /usr/bin/soffice || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-noto-cjk libreoffice-calc-nogui)

check: install
	$(PY) -m generator check

build: install
	$(VENV)/bin/mkdocs build --strict

# The site built twice, as of one date: by MkDocs (site/, as `make build`) and by ProperDocs from
# the pages `generator pages` writes; compared file by file (only <meta name="generator"> may differ).
build-properdocs: export HUIJI_AS_OF ?= $(shell TZ=Asia/Shanghai date +%F)
build-properdocs: install
	$(VENV)/bin/mkdocs build --strict -q
	rm -rf build/properdocs && $(PY) -m generator pages --out build/properdocs
	cd build/properdocs && SOURCE_DATE_EPOCH=$$(cat SOURCE_DATE_EPOCH) ../../$(VENV)/bin/properdocs build --strict -q
	$(PY) -m generator finish build/properdocs/site --pages build/properdocs
	$(PY) scripts/compare-sites.py site build/properdocs/site

serve: install
	HUIJI_SITE_URL=http://127.0.0.1:8000/ $(VENV)/bin/mkdocs serve --dirty -a 127.0.0.1:8000

# A site of two documents: the test fixture (the mini plan and its invented 2025 successor, a unit
# renamed) written to build/two-docs, previewed as of 2025-08-01 (both documents in force)
serve-two-docs: install
	rm -rf build/two-docs && $(PY) -c "import sys; sys.path.insert(0, 'tests'); from pathlib import Path; \
	from conftest import write_two_document_site as w; w(Path('build/two-docs'))"
	HUIJI_PLAN_DATA=build/two-docs HUIJI_AS_OF=2025-08-01 HUIJI_SITE_URL=http://127.0.0.1:8000/ \
	$(VENV)/bin/mkdocs serve --dirty -a 127.0.0.1:8000

# The same site with made-up progress reports (examples/demo-progress/, 示例数据 on every page)
serve-demo: install
	HUIJI_PROGRESS=examples/demo-progress HUIJI_SITE_URL=http://127.0.0.1:8000/ $(VENV)/bin/mkdocs serve --dirty -a 127.0.0.1:8000

lint: install
	$(VENV)/bin/ruff check generator tests benchmarks examples scripts
	$(VENV)/bin/mypy generator

test: install chromium
	$(VENV)/bin/ruff check generator tests benchmarks examples scripts
	$(VENV)/bin/mypy generator
	$(PY) -m generator check
	$(PY) -m pytest

# Three builders, one site (BENCHMARKS.md §8): the written pages rendered by MkDocs, ProperDocs and
# Zensical (installed into build/zensical-venv on first use) and compared page type by page type.
bench-builders: install chromium
	$(PY) benchmarks/bench_builders.py

.PHONY: install chromium check build build-properdocs serve serve-demo serve-two-docs lint test bench-builders
