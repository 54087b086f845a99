# Two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev

.PHONY: demo test test-thorough lint typecheck pytest docs schema clean bench bench-memory fuzz

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(DEV_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@ $(STAMP)

demo: $(STAMP)
	$(BIN)/seedparse validate seeds
	@for f in seeds/*.txt; do echo "== $$f"; $(BIN)/seedparse parse --indent 2 "$$f"; done

lint: $(DEV_STAMP)
	$(BIN)/ruff check src tests fuzz benchmarks
	$(BIN)/ruff format --check src tests fuzz benchmarks

typecheck: $(DEV_STAMP)
	$(BIN)/mypy

pytest: $(DEV_STAMP)
	$(BIN)/pytest -q

# The documentation site, into site/; --strict fails on a broken reference, link or page entry.
docs: $(DEV_STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --quiet

test: lint typecheck pytest docs

# The property tests with the `thorough` Hypothesis profile (2,000 examples each); slow.
test-thorough: $(DEV_STAMP)
	SEEDPARSE_HYPOTHESIS_PROFILE=thorough $(BIN)/pytest -q tests/test_properties.py tests/test_timestamps.py

# Speed against markdown-it-py on the seeds and a synthetic corpus of 10,000 documents (minutes; not in `test`).
bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py

# Peak memory (tracemalloc) of parsing 10 MB inputs, as a multiple of their size; fails at 20x
# (an input far denser than real files is bounded per node instead: see benchmarks/memory.py).
bench-memory: $(STAMP)
	$(BIN)/python benchmarks/memory.py

# Fuzz parse and render with atheris for FUZZ_SECONDS (default 60; 600 for the ten-minute run).
# New inputs collect in fuzz/corpus (not committed); a crash is written to fuzz/crash-*:
# copy it into fuzz/regressions/, where tests/test_hostile.py replays it. Not part of
# `make test` (a run worth having takes minutes); the harness's property runs there on the
# seeds, the corpus and fuzz/regressions.
FUZZ_SECONDS ?= 60
fuzz: $(DEV_STAMP)
	mkdir -p fuzz/corpus
	$(BIN)/python fuzz/fuzz_parse.py fuzz/corpus seeds tests/data/corpus fuzz/regressions \
		-max_total_time=$(FUZZ_SECONDS) -max_len=16384 -artifact_prefix=fuzz/ -print_final_stats=1

# The committed JSON Schemas (schema/) and the packaged copies, from the models; read the diff.
schema: $(STAMP)
	$(BIN)/seedparse schema --write schema
	$(BIN)/seedparse schema --write src/seedparse/schemas

clean:
	rm -rf $(VENV) build dist *.egg-info src/*.egg-info .pytest_cache .mypy_cache .ruff_cache .hypothesis
