# Everything a fresh machine needs is installed by these targets; nothing by hand.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DATA   ?= data
SITE   ?= site

SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: setup check fmt lint build serve test test-fast bench clean system-deps offline

$(STAMP): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Cần Python ≥ 3.11 (đang có " + sys.version.split()[0] + ")")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $(STAMP)

setup: $(STAMP)

check: $(STAMP)
	$(BIN)/camnang check --data $(DATA)

fmt: $(STAMP)
	$(BIN)/camnang fmt --data $(DATA)

# ruff (style, likely bugs) over everything, mypy strict over the core package; zero findings.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

build: $(STAMP)
	$(BIN)/camnang build --data $(DATA) --site $(SITE)

serve: $(STAMP)
	$(BIN)/camnang serve --data $(DATA)

# A copy to read without a server (file://), search included: Material's offline plugin, zipped.
OFFLINE_SITE ?= site-offline
OFFLINE_ZIP  ?= cam-nang-offline.zip
offline: $(STAMP)
	CAMNANG_OFFLINE=true $(BIN)/camnang build --data $(DATA) --site $(OFFLINE_SITE)
	$(BIN)/python -m camnang.offline $(OFFLINE_SITE) $(OFFLINE_ZIP)

# Debian's Chromium (browser tests), poppler-utils (PDF pages to PNG) and Node.js/npm
# (axe-core, Lighthouse), installed when missing.
system-deps:
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v pdftoppm >/dev/null || missing="$$missing poppler-utils"; \
	command -v npm >/dev/null || missing="$$missing nodejs npm"; \
	if [ -n "$$missing" ]; then \
	  command -v apt-get >/dev/null || { echo "Thiếu:$$missing — hãy cài bằng trình quản lý gói của máy." >&2; exit 1; }; \
	  echo "Cài:$$missing"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq $$missing >/dev/null || exit 1; \
	fi

# axe-core and Lighthouse, pinned in package-lock.json.
NODE_STAMP := node_modules/.installed
$(NODE_STAMP): package.json package-lock.json | system-deps
	npm ci --no-audit --no-fund --loglevel=error
	@touch $(NODE_STAMP)

test: $(STAMP) system-deps $(NODE_STAMP) lint
	$(BIN)/python -m pytest

# The edit–test loop (about a minute): lint, then every test but those marked `browser` (Chromium,
# Lighthouse) or `slow` (builds of their own, corpora, imports, fuzzing); one build of the real
# handbook. pytest's exit code 5, "no tests", fails here as it does in `make test`.
test-fast: $(STAMP) system-deps lint
	$(BIN)/python -m pytest -m "not browser and not slow"

# Build times, memory and sizes: real handbook + synthetic corpora; rewrites BENCHMARKS.md.
bench: $(STAMP)
	$(BIN)/python scripts/bench.py --write

clean:
	rm -rf $(SITE) $(OFFLINE_SITE) $(OFFLINE_ZIP) .pytest_cache
