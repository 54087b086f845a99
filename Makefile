# Two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev

.PHONY: demo test test-slow test-thorough lint typecheck pytest docs docs-serve schema clean bench bench-memory bench-hostile fuzz fuzz-long

# pip 25.1 or later reads the development tools from pyproject.toml's [dependency-groups].
$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade 'pip>=25.1'

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

# The package (editable) and the `dev` dependency group: tests, linters, docs and fuzzing tools.
$(DEV_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade 'pip>=25.1'
	$(BIN)/python -m pip install --quiet -e . --group dev
	touch $@ $(STAMP)

# One screen: what validate says about seeds/, an excerpt of a document's JSON, a deep link.
demo: $(STAMP)
	@$(BIN)/python examples/demo.py

lint: $(DEV_STAMP)
	$(BIN)/ruff check src tests fuzz benchmarks examples
	$(BIN)/ruff format --check src tests fuzz benchmarks examples

typecheck: $(DEV_STAMP)
	$(BIN)/mypy

# Every test but those marked slow (pyproject.toml's addopts: -m "not slow").
pytest: $(DEV_STAMP)
	$(BIN)/pytest -q

# The documentation site, into site/; --strict fails on a broken reference, link or page entry.
# (Not --quiet: it hides the warnings from the count --strict fails on, so the build would pass.)
docs: $(DEV_STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict

# The site served at http://127.0.0.1:8000/, rebuilt as pages change (Ctrl-C stops it).
docs-serve: $(DEV_STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs serve

# Lint, types, the tests (a few minutes on two cores) and the strict docs build.
test: lint typecheck pytest docs

# The tests marked slow: hostile-input timing ratios, the long property runs and the Dask
# recipe on a local cluster. CI (.ci/run) runs them after `make test`.
test-slow: $(DEV_STAMP)
	$(BIN)/pytest -q -m slow

# The property tests with the `thorough` Hypothesis profile (2,000 examples each), slow ones included.
test-thorough: $(DEV_STAMP)
	SEEDPARSE_HYPOTHESIS_PROFILE=thorough $(BIN)/pytest -q -m "" tests/test_properties.py tests/test_timestamps.py

# Speed against markdown-it-py on the seeds and a synthetic corpus of 10,000 documents (minutes; not in `test`).
bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py

# Peak memory (tracemalloc) of parsing 10 MB inputs, as a multiple of their size; fails at 20x
# (an input far denser than real files is bounded per node instead: see benchmarks/memory.py).
bench-memory: $(STAMP)
	$(BIN)/python benchmarks/memory.py

# Each hostile input (the issue's and tests/test_hostile.py's) at 400 KB and 4 MB: CPU time
# against an ordinary document of the same size and peak memory per byte of input; marks
# those over 10x or 100 B/B and fails if any is (tens of minutes, some GB at 4 MB; not in `test`).
# BENCH_ARGS="--sizes 400000 --only '[['" narrows it.
BENCH_ARGS ?=
bench-hostile: $(DEV_STAMP)
	$(BIN)/python benchmarks/hostile.py $(BENCH_ARGS)

# Fuzz parse, render, the canonical form, fix and from_json with atheris for FUZZ_SECONDS
# (default 60). New inputs collect in fuzz/corpus (not committed); the first failure stops
# the run and is written to fuzz/crash-*: copy it into fuzz/regressions/, where
# tests/test_hostile.py replays it. Not part of `make test` (a run worth having takes
# minutes); the harness's properties run there on the seeds, the corpus and fuzz/regressions.
FUZZ_SECONDS ?= 60
FUZZ_ARGS = fuzz/corpus seeds tests/data/corpus fuzz/regressions -max_len=16384 -artifact_prefix=fuzz/ \
	-print_final_stats=1
fuzz: $(DEV_STAMP)
	mkdir -p fuzz/corpus
	$(BIN)/python fuzz/fuzz_parse.py $(FUZZ_ARGS) -max_total_time=$(FUZZ_SECONDS)

# The long run: thirty minutes, going on past failures (each kind's first inputs and their
# counts in fuzz/findings/, summary.json); the executions are in the final stats.
fuzz-long: $(DEV_STAMP)
	mkdir -p fuzz/corpus fuzz/findings
	SEEDPARSE_FUZZ_FINDINGS=fuzz/findings $(BIN)/python fuzz/fuzz_parse.py $(FUZZ_ARGS) \
		-max_total_time=$${FUZZ_SECONDS:-1800}

# The committed JSON Schemas (schema/) and the packaged copies, from the models; read the diff.
schema: $(STAMP)
	$(BIN)/seedparse schema --write schema
	$(BIN)/seedparse schema --write src/seedparse/schemas

clean:
	rm -rf $(VENV) build dist *.egg-info src/*.egg-info .pytest_cache .mypy_cache .ruff_cache .hypothesis
