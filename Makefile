# The stable interface of the project: make serve | build | check | test | bench | new ID=...
# Every target creates .venv and installs the locked dependencies first, when needed.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 8000

# Material prints an end-of-life banner on every build; it is known and pinned (see README).
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build check test fuzz bench lint lock clean browser pango permalinks linkcheck new

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

# Test-only JavaScript tools (axe-core), pinned by package-lock.json; reinstalled when it changes.
NPM_STAMP := node_modules/.installed
$(NPM_STAMP): package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

# The editors' preview (python -m portal preview, see README): problems show on the pages, and a
# saved practice re-renders only its pages. `make build` stays the one source of truth.
serve: $(STAMP) pango
	$(BIN)/python -m portal preview -a $(HOST):$(PORT)

build: $(STAMP) pango
	$(BIN)/mkdocs build --strict --site-dir site

check: $(STAMP) pango
	$(BIN)/python -m portal check

# A new practice file with every field explained: make new ID=chile-mesa-intersectorial
new: $(STAMP)
	@test -n "$(ID)" || { echo "Uso / Usage: make new ID=pais-nombre-de-la-practica" >&2; exit 2; }
	$(BIN)/python -m portal new -- "$(ID)"

test: $(STAMP) browser pango $(NPM_STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The property-based tests of `make check` with many more, fresh random cases than `make test`
# runs (FUZZ_EXAMPLES per property; a failure prints the smallest file that shows it).
FUZZ_EXAMPLES ?= 2000
fuzz: $(STAMP)
	PORTAL_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/python -m pytest tests/test_fuzz_check.py tests/test_markdown_once.py -p no:cacheprovider $(PYTEST_ARGS)

# Add every URL of a fresh build to permalinks.txt (never removes one); commit the result.
permalinks: build
	$(BIN)/python -m portal permalinks --site site

# Every scripts/bench_*.py prints its own figures; none of them asserts a time.
bench: $(STAMP) browser pango
	@for script in scripts/bench_*.py; do $(BIN)/python $$script || exit 1; done

# Offline check of the built site: internal links, anchors, duplicate ids, both languages.
linkcheck: build
	$(BIN)/python scripts/linkcheck.py site

lint: $(STAMP)
	$(BIN)/ruff check src scripts tests

# Headless Chromium and its driver, from Debian, for the browser tests.
browser:
	@scripts/ensure-debian-packages.sh "the browser tests" chromium chromium-driver

# Pango and the Noto Sans fonts, from Debian, for WeasyPrint's PDF sheets.
pango:
	@scripts/ensure-debian-packages.sh "the PDF sheets" libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-core

# Re-pin every dependency after editing pyproject.toml.
lock: $(STAMP)
	$(BIN)/uv pip compile pyproject.toml --extra dev --generate-hashes --python-version 3.11 \
	  --no-header -o requirements.lock

clean:
	rm -rf site .site.staging-* .site.old-* .cache docs/practicas docs/paises docs/objetivos docs/temas docs/poblaciones .pytest_cache
