# Set-up and everyday commands. `make demo` and `make test` work on a fresh Debian machine.
SHELL := /bin/bash
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
APT_PKGS := tesseract-ocr tesseract-ocr-tha tesseract-ocr-eng fonts-thai-tlwg poppler-utils \
            fonts-noto-core libreoffice-writer-nogui chromium chromium-driver
OUT ?= out
# the sample reports; samples/README.md and the truth JSON are no inputs
SAMPLE_INPUTS := samples/pdf samples/pdf-pua samples/lo samples/scan samples/export

.PHONY: demo test test-fast test-ocr bench bench-batch bench-memory install system-deps samples score layouts clean

$(BIN)/ita: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

install: system-deps $(BIN)/ita

# Debian packages: tesseract with Thai, the TLWG Thai fonts, poppler for page images.
system-deps:
	@missing=""; for p in $(APT_PKGS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

demo: install
	rm -rf $(OUT)
	$(BIN)/ita extract $(SAMPLE_INPUTS) --out $(OUT)
	$(BIN)/ita summary $(OUT)

test: install
	$(BIN)/pytest -q -m "not ocr"
	$(BIN)/pytest -q -m ocr

test-fast: $(BIN)/ita
	$(BIN)/pytest -q -m "not ocr"

bench: install
	$(BIN)/python -m pipelines.bench

# the batch at archive scale: 1 and 2 local workers, a 2-worker LocalCluster (DOCS=200)
DOCS ?= 200
bench-batch: install
	$(BIN)/python -m pipelines.bench_batch --docs $(DOCS)

# memory flat: peak RSS of the client and the workers, 100 against 1,000 cheap documents
bench-memory: install
	$(BIN)/python -m pipelines.bench_batch --memory-check

score: install
	rm -rf $(OUT) && $(BIN)/ita extract $(SAMPLE_INPUTS) --out $(OUT)
	$(BIN)/python ../shared/eval/score.py $(OUT) samples

samples: install
	$(BIN)/python samples/generate.py

# random layouts (issue 9): 200 documents, 50 scans, a new seed each run (printed);
# e.g. make layouts LAYOUTS_ARGS="--n 30 --scans 6 --seed 123 --out /tmp/lay"
LAYOUTS_ARGS ?=
layouts: install
	$(BIN)/python samples/layouts.py $(LAYOUTS_ARGS)

clean:
	rm -rf $(OUT) .pytest_cache build *.egg-info
