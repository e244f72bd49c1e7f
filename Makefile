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

## Coverage-guided byte fuzzing of every reader (atheris, the `fuzz` extra): FUZZ_SECONDS per
## target (default 60), or FUZZ_TOTAL for the whole run (CI: 50, FUZZ_SEED=1); findings land in
## fuzz-findings/
FUZZ_SECONDS ?= 60
FUZZ_STAMP := $(VENV)/.vendorlock-fuzz

$(FUZZ_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,fuzz]'
	touch $@

fuzz: $(FUZZ_STAMP)
	$(BIN)/python -m tests.fuzz $(if $(FUZZ_TOTAL),--total $(FUZZ_TOTAL),--seconds $(FUZZ_SECONDS)) $(if $(FUZZ_SEED),--seed $(FUZZ_SEED))

## Benchmarks (figures to quote in notes); BENCH_ARGS passes options through
bench: venv
	$(BIN)/python benchmarks/run_all.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) vendorlock-report .pytest_cache .mypy_cache .ruff_cache build dist
