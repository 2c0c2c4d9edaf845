# Everything a fresh machine needs is installed by these targets; nothing by hand.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DATA   ?= data
SITE   ?= site

.PHONY: setup check build serve test clean

$(STAMP): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Cần Python ≥ 3.11 (đang có " + sys.version.split()[0] + ")")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $(STAMP)

setup: $(STAMP)

check: $(STAMP)
	$(BIN)/camnang check --data $(DATA)

build: $(STAMP)
	$(BIN)/camnang build --data $(DATA) --site $(SITE)

serve: $(STAMP)
	$(BIN)/camnang serve --data $(DATA)

test: $(STAMP)
	$(BIN)/python -m pytest

clean:
	rm -rf $(SITE) .pytest_cache
