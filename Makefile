# Both targets bootstrap .venv on a fresh machine (only python3 and make needed)
# and reinstall when pyproject.toml changes.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# Bytecode for bot/ ahead of time, as pip does for the packages: without it
# (PYTHONDONTWRITEBYTECODE, a read-only checkout) every start compiles the
# sources again, a seventh of serve's start-up.
COMPILE := $(PY) -m compileall -q bot > /dev/null

.PHONY: run test lint bench check clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	$(COMPILE)
	touch $(STAMP)

run: $(STAMP)
	$(COMPILE)
	$(PY) -m bot serve --host 127.0.0.1

test: $(STAMP)
	$(PY) -m ruff check bot tests
	$(PY) -m bot knowledge check
	$(PY) -m pytest

bench: $(STAMP)
	$(COMPILE)
	$(PY) -m pytest tests/benchmarks -s -q -p no:cacheprovider --override-ini addopts=

check: $(STAMP)
	$(PY) -m bot knowledge check

clean:
	rm -rf $(VENV) var
