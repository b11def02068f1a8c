# Two commands do all the set-up on a fresh Debian machine:  make run   and   make test
PYTHON ?= python3.11
VENV   ?= .venv
PY     := $(VENV)/bin/python
PORT   ?= 8501

.PHONY: run server test system-deps lint bench demo clean

$(VENV)/.runtime: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

# Debian packages: Chromium (browser tests, chart and map PNG export), fonts with
# Vietnamese diacritics (PDF meeting pack), PostgreSQL 15 + PostGIS 3 (the shared server and
# its tests' throw-away cluster). Installed only when missing.
system-deps:
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	test -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf || missing="$$missing fonts-dejavu-core"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing; \
	  else echo "Please install with sudo apt-get install$$missing"; exit 1; fi; \
	fi
	@pg=""; \
	test -x /usr/lib/postgresql/15/bin/initdb || pg="$$pg postgresql-15"; \
	test -f /usr/share/postgresql/15/extension/postgis.control || pg="$$pg postgresql-15-postgis-3"; \
	if [ -n "$$pg" ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $$pg; \
	  else echo "Please install with sudo apt-get install --no-install-recommends$$pg"; exit 1; fi; \
	fi

## Start the app on the bundled Son La demo (created on first run in ./workspace); serve.py is
## app.py plus a warm-up when the server starts (ui/warmup.py; FRUITMAP_WARMUP=0: none)
run: $(VENV)/.runtime
	-$(MAKE) --no-print-directory system-deps
	$(PY) -m streamlit run serve.py --server.port $(PORT)

## The shared-server set-up on this machine: PostgreSQL + PostGIS on 127.0.0.1:$(PGPORT) (created
## on first run), schema, admin account, the demo, and the app on it (README: Shared server)
PGPORT ?= 5433
server: $(VENV)/.runtime system-deps
	$(PY) -m fruitmap.server.local --port $(PGPORT) --app-port $(PORT)

## Install what the tests need and run the whole suite (unit, AppTest, browser)
test: $(VENV)/.dev system-deps
	$(PY) -m pytest

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .

bench: $(VENV)/.dev
	$(PY) benchmarks/bench_balance.py
	$(PY) benchmarks/bench_map.py
	$(PY) benchmarks/bench_export.py

demo: $(VENV)/.runtime
	$(PY) -m fruitmap demo --workspace workspace --force

clean:
	rm -rf $(VENV) workspace .pytest_cache
