# vendorlock developer tasks. `make test` is the command README.md and CI run.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: venv demo test lint bench fuzz clean

# A stamp, not the vendorlock script: README's first command may already have made .venv with
# `pip install .` (no dev tools); this target must still add the test and lint extras.
STAMP := $(VENV)/.vendorlock-dev

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

venv: $(STAMP)

## Audit the bundled demo inventory; reports land in ./vendorlock-report/
demo: venv
	$(BIN)/vendorlock audit

## Lint, type-check and run the whole test suite
test: venv
	$(BIN)/ruff check vendorlock tests benchmarks
	$(BIN)/ruff format --check vendorlock tests benchmarks
	$(BIN)/mypy
	$(BIN)/pytest -q

lint: venv
	$(BIN)/ruff check vendorlock tests benchmarks
	$(BIN)/ruff format --check vendorlock tests benchmarks
	$(BIN)/mypy

## Bounded byte fuzzing of each inventory reader (hypothesis; FUZZ_EXAMPLES=200 per reader)
fuzz: venv
	$(BIN)/pytest -q -p no:cacheprovider tests/attacks/fuzz_readers.py

## Benchmarks (figures to quote in notes); BENCH_ARGS passes options through
bench: venv
	$(BIN)/python benchmarks/run_all.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) vendorlock-report .pytest_cache .mypy_cache .ruff_cache build dist
