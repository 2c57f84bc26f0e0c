"""Personas, real services and the browser, for every test.

"Every persona" in the issues means the list in ``PERSONAS``. Each persona fixture
returns a saved ``User`` (``anonymous`` returns ``AnonymousUser``); ``client_for``
gives a Django test client signed in as one.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from govtech.accounts.models import Membership, Organisation, User
from tests.accounts.factories import (
    MembershipFactory,
    PublicBodyOrganisationFactory,
    SupplierOrganisationFactory,
    UserFactory,
)

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # ORM calls inside Playwright's event loop

ROOT = Path(__file__).resolve().parent.parent
PERSONAS = [
    "admin",
    "editor",
    "publisher",
    "auditor",
    "officer",
    "evaluator",
    "approver",
    "supplier_owner",
    "supplier_member",
    "outsider",
    "anonymous",
]


# --- organisations and personas ---
@pytest.fixture
def public_body(db: Any) -> Organisation:
    return PublicBodyOrganisationFactory(name="Secretaría Distrital de Movilidad", country="CO")


@pytest.fixture
def supplier_org(db: Any) -> Organisation:
    return SupplierOrganisationFactory(name="Datos Abiertos SAS", country="CO")


@pytest.fixture
def other_supplier_org(db: Any) -> Organisation:
    return SupplierOrganisationFactory(name="Otra Startup Ltda", country="BR")


def _staff(role: str, **extra: Any) -> User:
    return UserFactory(
        email=f"{role}@portal.example", full_name=role.capitalize(), site_roles=[role], is_staff=True, **extra
    )


@pytest.fixture
def admin(db: Any) -> User:
    return _staff(User.SiteRole.ADMIN, is_superuser=True)


@pytest.fixture
def editor(db: Any) -> User:
    return _staff(User.SiteRole.EDITOR)


@pytest.fixture
def publisher(db: Any) -> User:
    return _staff(User.SiteRole.PUBLISHER)


@pytest.fixture
def auditor(db: Any) -> User:
    return _staff(User.SiteRole.AUDITOR)


def _member(org: Organisation, role: str, email: str) -> User:
    return MembershipFactory(user=UserFactory(email=email), organisation=org, role=role).user


@pytest.fixture
def officer(public_body: Organisation) -> User:
    return _member(public_body, Membership.Role.OFFICER, "officer@movilidad.gov.co")


@pytest.fixture
def evaluator(public_body: Organisation) -> User:
    return _member(public_body, Membership.Role.EVALUATOR, "evaluator@movilidad.gov.co")


@pytest.fixture
def approver(public_body: Organisation) -> User:
    return _member(public_body, Membership.Role.APPROVER, "approver@movilidad.gov.co")


@pytest.fixture
def supplier_owner(supplier_org: Organisation) -> User:
    return _member(supplier_org, Membership.Role.OWNER, "owner@datosabiertos.co")


@pytest.fixture
def supplier_member(supplier_org: Organisation) -> User:
    return _member(supplier_org, Membership.Role.MEMBER, "member@datosabiertos.co")


@pytest.fixture
def outsider(other_supplier_org: Organisation) -> User:
    """Signed in, but of another organisation."""
    return _member(other_supplier_org, Membership.Role.OWNER, "owner@otrastartup.com.br")


@pytest.fixture
def anonymous() -> AnonymousUser:
    return AnonymousUser()


@pytest.fixture
def persona(request: pytest.FixtureRequest) -> Callable[[str], Any]:
    """``persona("officer")`` returns that persona's user."""
    return request.getfixturevalue


@pytest.fixture
def client_for() -> Callable[[Any], Client]:
    """``client_for(user)``: a test client signed in as ``user`` (anonymous for AnonymousUser)."""

    def make(user: Any) -> Client:
        client = Client()
        if getattr(user, "is_authenticated", False):
            client.force_login(user)
        return client

    return make


# --- real SMTP on loopback ---
class SMTPSink:
    def __init__(self) -> None:
        self.messages: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(envelope)
        return "250 OK"

    def parsed(self) -> list[Any]:
        import email
        from email import policy

        return [email.message_from_bytes(env.content, policy=policy.default) for env in self.messages]

    def wait_for(self, count: int, timeout: float = 10.0) -> list[Any]:
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.parsed()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def smtp_server(settings: Any) -> Iterator[SMTPSink]:
    """A real SMTP server on loopback; Django's SMTP backend sends to it."""
    from aiosmtpd.controller import Controller

    sink = SMTPSink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    try:
        yield sink
    finally:
        controller.stop()


# --- a real Celery worker process on the test database ---
def database_url_for_subprocesses() -> str:
    db = settings.DATABASES["default"]
    host = db.get("HOST") or ""
    user = db.get("USER") or ""
    password = db.get("PASSWORD") or ""
    auth = f"{user}:{password}@" if password else f"{user}@"
    if host.startswith("/"):
        return f"postgresql://{auth}/{db['NAME']}?host={host}"
    return f"postgresql://{auth}{host}:{db.get('PORT') or 5432}/{db['NAME']}"


@pytest.fixture
def worker_env() -> dict[str, str]:
    """Environment for a child process that must see the test database and Redis."""
    env = {**os.environ}
    env.update(
        DJANGO_SETTINGS_MODULE="govtech.settings.test",
        DATABASE_URL=database_url_for_subprocesses(),
        REDIS_URL=settings.REDIS_URL,
        EMAIL_HOST=str(settings.EMAIL_HOST),
        EMAIL_PORT=str(settings.EMAIL_PORT),
        PYTHONUNBUFFERED="1",
    )
    return env


@pytest.fixture
def celery_worker_process(
    transactional_db: Any, worker_env: dict[str, str], tmp_path: Path
) -> Iterator[Callable[..., subprocess.Popen[bytes]]]:
    """Start real ``celery worker`` processes: ``start(queues="celery,matching", concurrency=1)`` (the queues `runportal` consumes)."""
    started: list[subprocess.Popen[bytes]] = []

    def start(
        *, queues: str = "celery,matching", concurrency: int = 1, pool: str = "solo", name: str | None = None
    ) -> subprocess.Popen[bytes]:
        label = name or f"w{len(started)}"
        log = open(tmp_path / f"worker-{label}.log", "wb")  # noqa: SIM115
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "govtech",
                "worker",
                "-l",
                "INFO",
                f"--pool={pool}",
                f"--concurrency={concurrency}",
                "-Q",
                queues,
                "-n",
                f"{label}@%h",
                "--without-gossip",
                "--without-mingle",
            ],
            cwd=ROOT,
            env=worker_env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        started.append(proc)
        return proc

    yield start
    for proc in started:
        if proc.poll() is None:
            proc.terminate()
    for proc in started:
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()


# --- the browser: Debian's Chromium through Playwright ---
CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_type_launch_args, "executable_path": CHROMIUM_PATH, "args": CHROMIUM_ARGS}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    have_browser = Path(CHROMIUM_PATH).exists() and shutil.which(CHROMIUM_PATH) is not None
    if have_browser:
        return
    if os.environ.get("GOVTECH_REQUIRE_BROWSER") == "1":
        raise pytest.UsageError(f"GOVTECH_REQUIRE_BROWSER=1 but there is no Chromium at {CHROMIUM_PATH}")
    skip = pytest.mark.skip(reason=f"browser test: no Chromium at {CHROMIUM_PATH} (apt-get install chromium)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _reference_data_survives_flushes(request: pytest.FixtureRequest) -> None:
    """Transactional tests end with a flush that also empties the tables data migrations fill
    (CPV codes, sectors, technologies); put them back so test order never matters."""
    marker = request.node.get_closest_marker("django_db")
    transactional = "transactional_db" in request.fixturenames or bool(marker and marker.kwargs.get("transaction"))
    if not transactional:
        return
    request.getfixturevalue("transactional_db")
    from startups import reference_data
    from startups.models import CpvCode, Sector, Technology

    if not Sector.objects.exists():
        reference_data.seed_taxonomy(Sector, Technology)
    if not CpvCode.objects.exists():
        reference_data.load_cpv(CpvCode)
    first_legal_texts()


def first_legal_texts() -> None:
    """The first versions of the terms and of the privacy notice, as migration ``accounts.0004`` loads them (a flush
    empties them too). Idempotent."""
    import importlib

    from django.apps import apps

    importlib.import_module("govtech.accounts.migrations.0004_first_legal_texts").create(apps, None)


@pytest.fixture
def legal_texts(db: Any) -> None:
    """The first legal texts in force, whatever an earlier transactional test flushed."""
    first_legal_texts()


@pytest.fixture(autouse=True)
def _the_portal_celery_app_stays_current() -> Iterator[None]:
    """``@shared_task`` proxies publish through Celery's *current* app: a test that builds its own
    app (a dead broker, a private Redis) must not leave it current, or later tests enqueue there."""
    from celery import _state

    from govtech.celery import app

    yield
    if _state.get_current_app() is not app:
        app.set_current()


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """Every test starts with an empty cache: fragments and throttles never leak between tests."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """A request through the test client leaves its language active in the thread: every test starts (and ends)
    in the portal's default language, so an earlier test's ``/en/`` page never changes a later test's links."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)
