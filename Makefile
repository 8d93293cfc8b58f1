# Ferrumba's front door: the README's set-up commands and CI run these targets.
PYTHON ?= python3
PIP ?= $(PYTHON) -m pip

.PHONY: help develop demo test test-rust test-python bench lint clean

help:  ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

develop:  ## Build the Rust core and install ferrumba in editable mode
	$(PIP) install --quiet "maturin>=1.5,<2" "numpy>=1.24"
	$(PIP) install --quiet --no-build-isolation -e .

demo: develop  ## Install, then run the quick-start example
	$(PYTHON) examples/quickstart.py

test: develop  ## Install the test tools, then run every test (Rust and Python)
	$(PIP) install --quiet "pytest>=7" pytest-timeout pandas polars "dask[array]" distributed cloudpickle
	$(MAKE) test-rust test-python

test-rust:  ## Rust unit and snapshot tests
	cargo test --workspace --quiet

test-python:  ## Behaviour tests (compiled vs plain Python), then the pure-Python layer's tests
	$(PYTHON) -m pytest tests -q --timeout 120
	FERRUMBA_TEST_PYTHON_LAYER=1 $(PYTHON) -m pytest tests/python_layer -q --timeout 120

bench:  ## Side-by-side benchmarks: ferrumba, Numba (if installed), plain Python, NumPy
	$(PYTHON) benches/run.py

lint:  ## Clippy and rustfmt checks
	cargo clippy --workspace --all-targets -- -D warnings
	cargo fmt --all -- --check

clean:  ## Remove build outputs
	cargo clean
	rm -f python/ferrumba/_core*.so
