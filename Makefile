# Maillage — the two commands a newcomer needs are `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
PY      = $(VENV)/bin/python
PIP     = $(VENV)/bin/pip
DB     ?= data/maillage.duckdb
FIXTURE_DB ?= tests/.cache/fixture.duckdb
FIXTURE_DEPS ?= 90,25,70,39,23
PORT   ?= 8501
IMAGE  ?= maillage:local
BASE_IMAGE ?= python:3.11-slim

.PHONY: help run test data fixture lint bench loadtest docker-check clean e2e unit

help:
	@echo "make run    — installe, construit la base si absente, lance l'application (http://localhost:$(PORT))"
	@echo "make test   — installe les outils de test et lance toute la suite"
	@echo "make data   — (re)construit $(DB) depuis data/raw/"
	@echo "make lint   — ruff, mypy (modèle), contrats d'import"
	@echo "make bench  — mesures de performance (affiche des chiffres)"
	@echo "make loadtest — N sessions navigateur simultanées (SESSIONS=30 DURATION=180 THINK=3)"
	@echo "make docker-check — construit l'image Docker et vérifie santé, utilisateur non root, base en lecture seule"

$(VENV)/bin/activate:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Maillage demande Python 3.11 ou plus récent (trouvé : %s)" % sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

# Runtime install (pinned by constraints.txt for a reproducible set-up).
$(VENV)/.runtime: $(VENV)/bin/activate pyproject.toml constraints.txt
	$(PIP) install --quiet -c constraints.txt -e .
	@touch $@

$(VENV)/.dev: $(VENV)/.runtime
	$(PIP) install --quiet -c constraints.txt -e '.[dev]'
	@touch $@

$(DB): | $(VENV)/.runtime
	$(PY) -m maillage.cli build --db $(DB)

data: $(VENV)/.runtime
	$(PY) -m maillage.cli build --db $(DB)

run: $(VENV)/.runtime $(DB)
	MAILLAGE_DB=$(DB) MALLOC_ARENA_MAX=2 $(VENV)/bin/streamlit run app.py --server.port $(PORT) --browser.serverAddress localhost

$(FIXTURE_DB): $(VENV)/.runtime $(wildcard queries/build/*.sql) $(wildcard src/maillage/data/*.py)
	@mkdir -p $(dir $(FIXTURE_DB))
	$(PY) -m maillage.cli build --db $(FIXTURE_DB) --deps $(FIXTURE_DEPS) --quiet

fixture: $(FIXTURE_DB)

test: $(VENV)/.dev $(FIXTURE_DB)
	MAILLAGE_TEST_DB=$(FIXTURE_DB) $(VENV)/bin/pytest -q

unit: $(VENV)/.dev
	$(VENV)/bin/pytest -q tests/unit

e2e: $(VENV)/.dev $(FIXTURE_DB)
	MAILLAGE_TEST_DB=$(FIXTURE_DB) $(VENV)/bin/pytest -q tests/e2e

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check src tests app.py pages bench
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

bench: $(VENV)/.dev $(DB)
	MAILLAGE_DB=$(DB) $(PY) bench/run.py

loadtest: $(VENV)/.dev $(DB)
	MAILLAGE_DB=$(DB) $(PY) bench/loadtest.py --sessions $${SESSIONS:-30} --duration $${DURATION:-180} --think $${THINK:-3} $(LOADTEST_ARGS)

# Needs a Docker daemon. BASE_IMAGE: another Python 3.11 image if Docker Hub is out of reach (a local mirror).
docker-check:
	docker build --build-arg BASE_IMAGE=$(BASE_IMAGE) -t $(IMAGE) .
	bash bench/docker_check.sh $(IMAGE)

clean:
	rm -rf $(VENV) tests/.cache artifacts .pytest_cache .mypy_cache .ruff_cache
