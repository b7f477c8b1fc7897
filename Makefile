# The README's commands are these targets.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: setup run test lint typecheck data db embed train evaluate bench chromium clean \
	catalogues extract catalogue-init reasons

# gettext catalogues (matcher/i18n): .po in git, .mo compiled here
LOCALE := matcher/i18n/locale
POT := matcher/i18n/messages.pot
PO := $(wildcard $(LOCALE)/*/LC_MESSAGES/matcher.po)
MO := $(PO:.po=.mo)

$(BIN)/python:
	$(PY) -m venv $(VENV)

# torch first and pinned: a looser requirement would pull a multi-GB CUDA build.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e ".[dev]"
	touch $@

setup: $(VENV)/.installed catalogues

catalogues: $(MO)

$(LOCALE)/%/LC_MESSAGES/matcher.mo: $(LOCALE)/%/LC_MESSAGES/matcher.po | $(VENV)/.installed
	$(BIN)/pybabel compile --statistics -D matcher -l $* -i $< -o $@

# refresh the template from the code and merge it into every catalogue (new keys empty)
extract: $(VENV)/.installed
	$(BIN)/pybabel -q extract -F babel.cfg --no-location --sort-output --omit-header -o $(POT) .
	$(BIN)/pybabel -q update -D matcher -i $(POT) -d $(LOCALE) --no-fuzzy-matching --ignore-obsolete

# the reviewer's sheet: every reason in every language (a test fails when it is stale)
reasons: catalogues
	$(BIN)/python -m matcher.reasons_sheet docs/reasons.md

# a new language: make catalogue-init LANG=cs, then translate matcher/i18n/locale/cs
catalogue-init: $(VENV)/.installed
	$(BIN)/pybabel init -D matcher -i $(POT) -d $(LOCALE) -l $(LANG)

chromium:
	@command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium chromium-driver >/dev/null)

db: setup
	$(BIN)/matcher db load

embed: setup
	$(BIN)/matcher embed

run: db embed
	$(BIN)/matcher serve

test: setup chromium
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/pytest

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: setup
	$(BIN)/mypy

data: setup
	$(BIN)/matcher data build

train: setup
	$(BIN)/matcher train

evaluate: setup
	$(BIN)/matcher evaluate

bench: setup
	$(BIN)/python scripts/bench_suggest.py

clean:
	rm -rf var test-artifacts $(MO)
