# The press room's commands. Each one sets up the virtualenv it needs, so a
# fresh clone needs only python3 (3.11+) and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CONTENT := content
OUTPUT := output
# The pressroom command (plugins/pressroom/commands/) checks the content,
# then runs Pelican (with --fatal warnings) into a fresh folder and swaps it
# in only on success.
PRESSROOM := $(BIN)/pressroom

.PHONY: html publish check status new import serve devserver test bench clean rsync_upload publish-due

# The pinned packages, then the press room itself (plugins/pyproject.toml),
# editable: a change under plugins/ needs no reinstall.
$(BIN)/.build-installed: requirements.txt plugins/pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e plugins
	touch $@

$(BIN)/.test-installed: requirements-test.txt $(BIN)/.build-installed
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-test.txt
	touch $@

html: $(BIN)/.build-installed
	$(PRESSROOM) build --settings pelicanconf.py --content $(CONTENT) --output $(OUTPUT)

publish: $(BIN)/.build-installed
	$(PRESSROOM) build --settings publishconf.py --content $(CONTENT) --output $(OUTPUT)

check: $(BIN)/.build-installed
	$(PRESSROOM) check --settings pelicanconf.py --content $(CONTENT)

# Lists the releases that lack a translation, oldest first, with counts, and
# builds the site, which has the same list as a page for editors (noindex,
# linked from nowhere).
status: html
	$(PRESSROOM) status --settings pelicanconf.py --content $(CONTENT)
	@echo "Page for editors: $(OUTPUT)/ko/editors/translation-status/index.html (/ko/editors/translation-status/ on the site)"

# Starts a draft release from the template (docs/writing.md):
#   make new SLUG=korea-mongolia-talks LANG=ko|en|both CATEGORY=bilateral DEPARTMENT=northeast-asia
# Asks for a value left out when run in a terminal, and fails naming it
# otherwise. LANG is also every shell's locale variable, which make imports
# from the environment: it counts only when given on the make command line.
# Given there, it is kept out of the command's environment, where LANG=ko
# would be taken for a locale (and Pelican would warn that it is none).
NEW_LANG = $(if $(filter command line,$(origin LANG)),$(LANG))
new: $(BIN)/.build-installed
	$(if $(NEW_LANG),env -u LANG) $(PRESSROOM) new --settings pelicanconf.py --content $(CONTENT) \
		--slug "$(SLUG)" --lang "$(NEW_LANG)" --category "$(CATEGORY)" --department "$(DEPARTMENT)"

# Brings the old site's archive in (docs/import.md): the saved pages under
# SOURCE become releases under content/, as PROFILE says where each part of
# a page is. Safe to run again: it changes only what it wrote and nobody
# edited since.
#   make import SOURCE=old-site PROFILE=plugins/pressroom/importing/profiles/egov-board.toml
import: $(BIN)/.build-installed
	$(PRESSROOM) import --settings pelicanconf.py --content $(CONTENT) --source "$(SOURCE)" --profile "$(PROFILE)"

serve: html
	$(BIN)/python -m http.server 8000 --bind 127.0.0.1 --directory $(OUTPUT)

# Serves at http://localhost:8000 and rebuilds (as `make html`) on every save
# under content/, theme/ or plugins/ and in pelicanconf.py; Ctrl-C stops it.
devserver: $(BIN)/.build-installed
	$(PRESSROOM) devserver --settings pelicanconf.py --content $(CONTENT) --output $(OUTPUT)

# axe-core and the Nu HTML Checker, pinned in package-lock.json.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts
	touch $@

# What pip and npm cannot install (Debian's chromium, a JRE, Korean fonts,
# rsync, npm itself): apt-get installs whatever is missing, through sudo when
# not root; silent, and a few milliseconds, once all of it is there.
.PHONY: system-packages
system-packages:
	@bash .ci/system-packages

# npm ci needs npm, which system-packages may install (order-only: that does
# not rerun npm ci).
node_modules/.installed: | system-packages

test: system-packages $(BIN)/.test-installed node_modules/.installed
	$(BIN)/python -m pytest

$(BIN)/.bench-installed: requirements-bench.txt $(BIN)/.test-installed
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-bench.txt
	touch $@

# Times make import on PAGES synthetic saved pages of an e-government board
# (half Korean in EUC-KR, half English), twice: a first run and an unchanged
# second run (docs/performance.md).
PAGES ?= 10000
.PHONY: bench-import
bench-import: $(BIN)/.test-installed
	$(BIN)/python tests/bench/import_bench.py --pages $(PAGES)

# Builds synthetic archives of both shapes (PAIRS pairs) with this project (cold,
# after one edit, the devserver), plain Pelican, i18n_subsites and Hugo; prints the tables.
# Hugo is Debian's package (installed with apt-get when run as root, else skipped);
# the search download needs Debian's chromium (make system-packages), else is skipped.
PAIRS ?= 2000
bench: $(BIN)/.bench-installed
	$(BIN)/python tests/bench/run_bench.py --pairs $(PAIRS)

# Uploads the production site to a plain web server (or a local folder):
#   make rsync_upload DEPLOY_TARGET=user@host:/var/www/press [SSH_PORT=2222] [RSYNC_OPTS=--dry-run]
# Only files whose size or time changed are sent: the build leaves unchanged
# files with their old mtimes. --delete-delay removes what the build no longer
# has (withdrawn releases), after the new files are in place; --delay-updates
# moves every new file into place at the end, so readers never see a half-
# updated site. New files and folders are made world-readable for the web
# server, whatever the build's umask.
DEPLOY_TARGET ?=
SSH_PORT ?= 22
RSYNC_OPTS ?=
ifneq ($(filter rsync_upload publish-due,$(MAKECMDGOALS)),)
ifeq ($(strip $(DEPLOY_TARGET)),)
$(error rsync_upload needs DEPLOY_TARGET, e.g. make rsync_upload DEPLOY_TARGET=user@host:/var/www/press; nothing was built or uploaded)
endif
endif
rsync_upload: publish
	rsync --recursive --times --omit-dir-times --compress --delete-delay --delay-updates --chmod=D755,F644 \
		-e "ssh -p $(SSH_PORT)" $(RSYNC_OPTS) "$(OUTPUT)/" "$(DEPLOY_TARGET)"

# For a cron entry or a systemd timer (README.md, "A web server, with rsync"):
#   make publish-due DEPLOY_TARGET=user@host:/var/www/press
# Uploads (make rsync_upload) only when a release became due (its embargo or
# date passed) since the last upload, whose time UPLOAD_STATE holds; with no
# UPLOAD_STATE yet, uploads. `pressroom due` exits 0 when one did, 3 when none
# did. The time recorded is the one the decision was made at (PRESSROOM_NOW,
# or the clock's), taken before the build: a release due while it built is
# uploaded once more rather than missed.
UPLOAD_STATE ?= .cache/last-upload
publish-due: $(BIN)/.build-installed
	@now="$${PRESSROOM_NOW:-$$(date -u +%Y-%m-%dT%H:%M:%SZ)}"; \
	if [ -s "$(UPLOAD_STATE)" ]; then \
		since=$$(cat "$(UPLOAD_STATE)"); status=0; \
		PRESSROOM_NOW="$$now" $(PRESSROOM) due --settings publishconf.py --content $(CONTENT) --since "$$since" \
			|| status=$$?; \
		if [ $$status -eq 3 ]; then echo "publish-due: nothing to upload"; exit 0; fi; \
		if [ $$status -ne 0 ]; then echo "publish-due: nothing was uploaded" >&2; exit $$status; fi; \
	else \
		echo "publish-due: no earlier upload recorded in $(UPLOAD_STATE): uploading the whole site"; \
	fi; \
	$(MAKE) --no-print-directory rsync_upload || exit $$?; \
	mkdir -p "$$(dirname "$(UPLOAD_STATE)")" && echo "$$now" > "$(UPLOAD_STATE).new" && \
		mv "$(UPLOAD_STATE).new" "$(UPLOAD_STATE)"; \
	echo "publish-due: uploaded to $(DEPLOY_TARGET); the next run publishes what becomes due after $$now"

clean:
	rm -rf $(OUTPUT) $(VENV) .pytest_cache node_modules tests/artifacts
