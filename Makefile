# Information Theory Basics: every command sets up what it needs in .venv.
#   make book   build the website into _build/html (warnings are errors)
#   make test   run the library's tests and doctests, and re-run every notebook (nbval)
# README.md is for learners; CONTRIBUTING.md has the rest.

PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip --disable-pip-version-check -q
HOST   ?= 127.0.0.1
PORT   ?= 8000

.DEFAULT_GOAL := help
.PHONY: help book pdf serve test test-routes test-conventions notebooks setup-cells lab bench clean assignments grade site-check site-tests site-budget site-node-tools lock drift

help:
	@echo "make book       build the website into _build/html"
	@echo "make pdf        print the whole book to _build/html/information-theory-basics.pdf (Chromium)"
	@echo "make serve      serve the built website on http://$(HOST):$(PORT)"
	@echo "make site-check check the built website in Chromium (axe, console, math, links, HTML) and print its budgets"
	@echo "                (its halves: make site-tests, the browser checks; make site-budget, page weights and Lighthouse)"
	@echo "make test       run infolib's tests and doctests and re-run every notebook (nbval)"
	@echo "make test-conventions  check chapter 9's Keras and JAX/optax conventions against those libraries (own environment)"
	@echo "make test-routes  run the chapters as Colab, Binder and the no-make route would (fresh venvs; slow)"
	@echo "make notebooks  re-execute every chapter in place (refresh stored outputs)"
	@echo "make setup-cells  rewrite each chapter's setup cell (installs the release v<pyproject version> from _config.yml's repository)"
	@echo "make lab        open the chapters in JupyterLab"
	@echo "make bench      print infolib's speed against scipy, numpy and scikit-learn, and its coders' sizes against -log2 P, constriction and xz"
	@echo "make assignments  build the graded assignments (student folders, autograder zips) into $(ASSIGN_BUILD)"
	@echo "make grade HW=hw03_entropy SUBMISSIONS=folder [OUT=folder] [TIMEOUT=s] [FORCE=1] [SANDBOX=off]  grade a folder of submissions (in a bubblewrap sandbox)"
	@echo "make lock       re-resolve the locked versions (locks/*.txt) from pyproject.toml (needs PyPI)"
	@echo "make drift      build the site and run the fast tests with the newest allowed versions; report what changed"
	@echo "make clean      remove _build (keeps .venv)"

# One stamp per extra, installed at the versions locked in locks/<extra>.txt
# (CONTRIBUTING.md: "Pinned environments and releases"); reinstalled when pyproject.toml
# or the lock changes. The locks are resolved for Python $(LOCK_PYTHON): Python 3.12 or
# newer installs the same versions (not checked by CI); on 3.10, which they
# cannot serve, the newest versions pyproject.toml allows are installed, with a warning.
LOCKS       := locks
LOCK_PYTHON := 3.11
LOCK_EXTRAS := book test assign lab site conventions

$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 10))' || \
	  { echo "Python 3.10 or newer is needed; $(PYTHON) is $$($(PYTHON) --version)"; exit 1; }
	@$(PYTHON) -m venv $(VENV) || \
	  { echo "Could not create $(VENV). On Debian or Ubuntu: sudo apt-get install python3-venv"; exit 1; }
	@$(PIP) install --upgrade pip

$(VENV)/.installed-%: pyproject.toml $(LOCKS)/%.txt | $(PY)
	@if $(PY) -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then \
	  $(PY) -c 'import sys; sys.exit(f"{sys.version_info[0]}.{sys.version_info[1]}" != "$(LOCK_PYTHON)")' || \
	    echo "Note: the locked versions are checked on Python $(LOCK_PYTHON); this is $$($(PY) --version)."; \
	  echo "Installing the '$*' environment (locks/$*.txt) and infolib into $(VENV) ..."; \
	  $(PIP) install -r $(LOCKS)/$*.txt && $(PIP) install --no-deps -e .; \
	else \
	  echo "Warning: locks/$*.txt is for Python $(LOCK_PYTHON) or newer; installing the newest versions pyproject.toml allows."; \
	  $(PIP) install -e ".[$*]"; \
	fi
	@touch $@

# Re-resolve every lock with uv (a pinned version, in its own environment
# $(LOCK_VENV), so that .venv keeps exactly the locked packages; under _build,
# which the book's build does not read).
# All extras are resolved together into locks/all.txt first and each extra's
# lock is cut from it, so that the extras installed side by side in .venv agree.
UV_VERSION := 0.13.9
LOCK_VENV  ?= _build/lock-venv
UV_COMPILE  = $(LOCK_VENV)/bin/uv pip compile pyproject.toml --quiet --universal --fork-strategy fewest \
              --python-version $(LOCK_PYTHON) --custom-compile-command 'make lock' $(LOCK_FLAGS)
lock:
	@test -x $(LOCK_VENV)/bin/uv && $(LOCK_VENV)/bin/uv --version | grep -q " $(UV_VERSION)" || \
	  { $(PYTHON) -m venv $(LOCK_VENV) && $(LOCK_VENV)/bin/python -m pip install -q --disable-pip-version-check "uv==$(UV_VERSION)"; }
	@mkdir -p $(LOCKS)
	$(UV_COMPILE) --all-extras -o $(LOCKS)/all.txt
	@for extra in $(LOCK_EXTRAS); do \
	  echo "$(UV_COMPILE) --extra $$extra -c $(LOCKS)/all.txt -o $(LOCKS)/$$extra.txt"; \
	  $(UV_COMPILE) --extra $$extra -c $(LOCKS)/all.txt -o $(LOCKS)/$$extra.txt || exit 1; \
	done
	@git diff --stat -- $(LOCKS) 2>/dev/null || true

# The newest versions pyproject.toml allows, in a fresh environment outside
# .venv (_build/drift/venv): installs them, builds the site and runs the fast tests, then prints
# which versions differ from the locks and how the outcome differs.
drift: $(VENV)/.installed-test
	$(PY) scripts/drift.py

# jupyter-book ends by naming the page to open (_build/html/index.html and its
# file:// address); this adds only how to serve the site instead.
book: $(VENV)/.installed-book
	@rm -rf _build/.doctrees
	$(VENV)/bin/jupyter-book build . --builder html -W -n --keep-going
	@echo "Or serve it: run 'make serve' and visit http://$(HOST):$(PORT)/"

# The whole book as one PDF, printed from the built website by Debian's
# Chromium through Playwright (the `site` extra); the Start here page links it.
pdf: $(VENV)/.installed-site
	@test -f _build/html/index.html || $(MAKE) book
	$(PY) scripts/book_pdf.py

serve:
	@test -f _build/html/index.html || $(MAKE) book
	@echo "Serving _build/html on http://$(HOST):$(PORT)/ (Ctrl-C to stop)"
	$(PY) -m http.server $(PORT) --bind $(HOST) --directory _build/html

test: $(VENV)/.installed-test $(VENV)/.installed-assign
	$(PY) -m pytest

# The routes a student takes without this Makefile, emulated (tests/routes):
# each test builds its own fresh virtual environments, so this is slow.
test-routes: $(VENV)/.installed-test
	$(PY) -m pytest tests/routes -o addopts="" -p no:cacheprovider -q -rs

# Chapter 9's table of library conventions, checked against Keras 3 (JAX backend) and
# JAX/optax themselves (tests/conventions), in an environment of their own
# ($(CONVENTIONS_VENV), locks/conventions.txt), so that .venv keeps exactly its locks.
CONVENTIONS_VENV ?= _build/conventions/venv
test-conventions:
	@$(MAKE) --no-print-directory VENV=$(CONVENTIONS_VENV) $(CONVENTIONS_VENV)/.installed-conventions
	$(CONVENTIONS_VENV)/bin/python -m pytest tests/conventions -o addopts="" -p no:cacheprovider -q -rs

setup-cells: $(VENV)/.installed-test
	$(PY) scripts/setup_cells.py

# Before executing: the setup cells, figure-only cells' code hidden on the site,
# the licences in the notebooks' metadata. After: the reading times (each
# chapter's **Time:** line and start_here.md) and start_here.md's exercise index.
notebooks: setup-cells
	$(PY) scripts/tag_figure_cells.py
	$(PY) scripts/notebook_metadata.py
	$(VENV)/bin/jupyter nbconvert --to notebook --execute --inplace \
	  --ExecutePreprocessor.timeout=600 --ExecutePreprocessor.kernel_name=python3 chapters/*.ipynb
	$(PY) scripts/reading_time.py --write
	$(PY) scripts/exercise_index.py --write

lab: $(VENV)/.installed-lab
	$(VENV)/bin/jupyter lab chapters

bench: $(VENV)/.installed-test
	$(PY) benchmarks/bench_measures.py
	$(PY) benchmarks/bench_mutual_information.py
	$(PY) benchmarks/bench_channel_capacity.py
	$(PY) benchmarks/bench_arithmetic.py
	$(PY) benchmarks/bench_language_coding.py

clean:
	rm -rf _build

# Graded assignments (otter-grader, the 'assign' extra). See instructors.md.
ASSIGN_BUILD ?= assignments/_build
JOBS         ?= $(shell nproc 2>/dev/null || echo 2)

assignments: $(VENV)/.installed-assign
	$(PY) assignments/build.py --out $(ASSIGN_BUILD)

# Each submission runs in its own process inside a bubblewrap sandbox (no network, no
# view of other files, memory and process limits; SANDBOX=off runs it unsandboxed,
# with your permissions), killed with its kernel after TIMEOUT seconds; a cell is
# interrupted after CELL_TIMEOUT seconds (default TIMEOUT/2) and the next one runs.
# Quoted, so that folder names may hold spaces: make grade SUBMISSIONS="My folder".
TIMEOUT      ?= 300
SANDBOX      ?= on
grade: $(VENV)/.installed-assign
	@test -n "$(HW)" -a -n "$(SUBMISSIONS)" || \
	  { echo "usage: make grade HW=hw03_entropy SUBMISSIONS=path/to/folder [OUT=folder] [JOBS=n] [TIMEOUT=seconds] [CELL_TIMEOUT=seconds] [FORCE=1] [SANDBOX=off] [RETRIES=n]"; exit 2; }
	@case "$(SANDBOX)" in on|off) ;; *) echo "SANDBOX must be on or off, not '$(SANDBOX)'"; exit 2;; esac
	$(PY) assignments/grade.py "$(HW)" "$(SUBMISSIONS)" --build "$(ASSIGN_BUILD)" --jobs $(JOBS) \
	  --timeout $(TIMEOUT) $(if $(CELL_TIMEOUT),--cell-timeout $(CELL_TIMEOUT)) $(if $(OUT),--out "$(OUT)") \
	  $(if $(FORCE),--force) $(if $(filter off,$(SANDBOX)),--no-sandbox) $(if $(RETRIES),--retries $(RETRIES))

# The website's checks: pytest + Playwright in Debian's Chromium (tests/site),
# then page weights and Lighthouse scores against their budgets. Node tools
# (axe-core, vnu-jar, lighthouse) are installed into tests/site/node_modules
# when npm is there; missing tools make the tests skip and say how to get them.
# site-tests and site-budget are its two halves (CI runs the browser tests
# beside other work and the budgets alone, since Lighthouse measures speed).
site-check: site-tests site-budget

site-tests: $(VENV)/.installed-site
	@test -f _build/html/index.html || $(MAKE) book
	@test -f _build/html/information-theory-basics.pdf || $(MAKE) pdf
	@$(MAKE) --no-print-directory site-node-tools
	$(PY) -m pytest tests/site -o addopts="" -p no:cacheprovider -rs -q

site-budget: $(VENV)/.installed-site
	@test -f _build/html/index.html || $(MAKE) book
	@$(MAKE) --no-print-directory site-node-tools
	$(PY) scripts/site_budget.py

site-node-tools:
	@if [ ! -d tests/site/node_modules ] && command -v npm >/dev/null; then \
	  echo "Installing the site checks' node tools into tests/site/node_modules ..."; \
	  (cd tests/site && npm ci --no-audit --no-fund --loglevel=error); fi
