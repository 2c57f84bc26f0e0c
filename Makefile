# Govtech Portal. Two commands do all the set-up on a fresh machine:
#   make run    the portal at http://127.0.0.1:8000 (embedded PostgreSQL and Redis)
#   make test   the whole test suite
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test test-fast install lint format typecheck messages translations check-deploy clean-embedded

$(STAMP): requirements/dev.lock
	@$(PYTHON) -c 'import sys; sys.exit("Python 3.11 or newer is required") if sys.version_info < (3, 11) else None'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check uv
	$(VENV)/bin/uv pip sync -q --python $(PY) requirements/dev.lock
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(PY) manage.py runportal

test: $(STAMP)
	$(PY) manage.py compiletranslations --verbosity 0
	$(PY) -m pytest -n 2 --dist loadgroup

# The suite without browser, real-process (workers, servers) and benchmark tests: for the edit-test loop.
test-fast: $(STAMP)
	$(PY) manage.py compiletranslations --verbosity 0
	$(PY) -m pytest -n 2 --dist loadgroup -m "not browser and not slow and not benchmark"

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

typecheck: $(STAMP)
	$(VENV)/bin/mypy govtech startups procurement recommendations

messages: $(STAMP)
	$(PY) manage.py makemessages -l es -l pt_BR -l en --ignore '.venv/*' --ignore 'staticfiles/*' --ignore 'tests/*'

translations: $(STAMP)
	$(PY) manage.py compiletranslations --check

check-deploy: $(STAMP)
	DJANGO_SETTINGS_MODULE=govtech.settings.production SECRET_KEY=$$($(PY) -c 'import secrets;print(secrets.token_urlsafe(64))') \
	  ALLOWED_HOSTS=portal.example.org DATABASE_URL=postgres://placeholder@127.0.0.1:5432/placeholder \
	  MFA_ENCRYPTION_KEYS=$$($(PY) -c 'from cryptography.fernet import Fernet;print(Fernet.generate_key().decode())') \
	  REDIS_URL=redis://127.0.0.1:6379/0 $(PY) manage.py check --deploy --fail-level WARNING

# If the portal was killed with SIGKILL, the embedded PostgreSQL may still run: this stops it.
clean-embedded:
	-$(PY) -c 'from govtech.devtools.embedded import stop_stale_servers; stop_stale_servers()'
