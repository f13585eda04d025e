# PPF Self-Assessment: the two commands a new user needs are `make run` and `make test`.
# Both create .venv when it is missing and install what the project needs.

SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
APP_STAMP := $(VENV)/.stamp-app
TEST_STAMP := $(VENV)/.stamp-test
PYTEST_ARGS ?=

.PHONY: install install-test system-deps run test test-fast check lint typecheck contracts bench screenshots package clean

# The first Python 3.11+ on PATH makes the virtual environment.
$(PY):
	@py=$$(bash scripts/find-python.sh) || exit 1; \
	echo "Creating $(VENV) with $$py"; \
	"$$py" -m venv $(VENV)

$(APP_STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	@touch $@

$(TEST_STAMP): pyproject.toml $(APP_STAMP)
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $@

## install: create .venv and install the app into it
install: $(APP_STAMP)

install-test: install $(TEST_STAMP)

## system-deps: the Debian/Ubuntu libraries Qt and the PDF checks need (installs them as root)
system-deps:
	@bash scripts/system-deps.sh

## run: start the desktop app (ARGS="--data-dir DIR" to pass options)
run: install
	@bash scripts/system-deps.sh --runtime-only --quiet
	$(BIN)/ppf-app $(ARGS)

## check: lint, import contracts and types
lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

contracts: install-test
	$(BIN)/lint-imports

typecheck: install-test
	$(BIN)/mypy

check: lint contracts typecheck

## test: every check and test, headless
test: install-test system-deps check
	@QT_QPA_PLATFORM=offscreen bash scripts/run-pytest.sh $(PY) $(PYTEST_ARGS)

## test-fast: every test but the packaging build and the slow ones (make test runs all)
test-fast: install-test system-deps
	@QT_QPA_PLATFORM=offscreen bash scripts/run-pytest.sh $(PY) -m "not slow and not packaging" $(PYTEST_ARGS)

## bench: performance figures against same-run baselines
# The app's modules are compiled first, as an installed app's are (pip and the packaged
# bundle ship bytecode); otherwise each timed start would compile them again.
bench: install-test system-deps
	$(PY) -m compileall -q ppf_app > /dev/null
	QT_QPA_PLATFORM=offscreen $(PY) -m tests.bench $(ARGS)

## screenshots: render every page into docs/screenshots/
screenshots: install-test system-deps
	QT_QPA_PLATFORM=offscreen $(PY) scripts/screenshots.py docs/screenshots

## package: build dist/ppf/ (ppf-app and ppf, one folder) and a .tar.gz of it for IT to deploy
package: install-test
	$(BIN)/pyinstaller --noconfirm --log-level WARN --distpath dist --workpath build/pyinstaller \
		packaging/ppf.spec
	dist/ppf/ppf --version
	@version=$$($(PY) -c 'import ppf_app; print(ppf_app.__version__)'); \
	system=$$(uname -s | tr '[:upper:]' '[:lower:]'); \
	archive=dist/ppf-self-assessment-$$version-$$system-$$(uname -m).tar.gz; \
	tar -C dist -czf "$$archive" ppf && echo "Built dist/ppf/ and $$archive"

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache
