# The press room's commands. Each one sets up the virtualenv it needs, so a
# fresh clone needs only python3 (3.11+) and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PELICAN := $(BIN)/pelican
CONTENT := content
OUTPUT := output
# --fatal warnings: a broken {filename} link, a plugin that fails to load or
# a file Pelican cannot process stops the build instead of being logged.
PELICAN_FLAGS := --fatal warnings

.PHONY: html publish serve test clean

$(BIN)/.build-installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(BIN)/.test-installed: requirements-test.txt $(BIN)/.build-installed
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-test.txt
	touch $@

html: $(BIN)/.build-installed
	$(PELICAN) $(CONTENT) -o $(OUTPUT) -s pelicanconf.py $(PELICAN_FLAGS)

publish: $(BIN)/.build-installed
	$(PELICAN) $(CONTENT) -o $(OUTPUT) -s publishconf.py $(PELICAN_FLAGS)

serve: html
	$(BIN)/python -m http.server 8000 --bind 127.0.0.1 --directory $(OUTPUT)

test: $(BIN)/.test-installed
	$(BIN)/python -m pytest

clean:
	rm -rf $(OUTPUT) $(VENV) .pytest_cache
