"""Fixtures of the recommendations tests."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from recommendations.models import Recommendation
from recommendations.services.loader import catalogue_load


@pytest.fixture
def catalogue(db: Any) -> None:
    """The starting catalogue: 3 lines, 30 published recommendations, the instruments."""
    catalogue_load()


@pytest.fixture
def recommendation(catalogue: None) -> Recommendation:
    return Recommendation.objects.with_content().get(slug="open-data-apis-and-sandboxes")


@pytest.fixture
def api_client_for(client_for: Any) -> Any:
    return client_for


@pytest.fixture(scope="session")
def live_server() -> Iterator[Any]:
    """pytest-django's live server, started with a string ``MEDIA_URL``.

    The project sets ``MEDIA_URL = None`` (uploads are only served through views), and
    Django's test server wraps every request in a media handler that needs a string;
    without this override each request fails with a ``TypeError``.
    """
    from django.test.utils import override_settings
    from pytest_django.live_server_helper import LiveServer

    with override_settings(MEDIA_URL="/media-not-served/"):
        server = LiveServer("localhost")
    yield server
    server.stop()


@pytest.fixture
def audit_trail_flushable(transactional_db: Any) -> Iterator[None]:
    """Let a transactional test's flush empty the append-only audit table.

    The audit trigger refuses TRUNCATE, so the flush that ends every transactional test
    (browser tests need one) would fail. Just before the flush this lets the test
    session skip triggers; the ``post_migrate`` signal that the flush sends afterwards
    restores them, so no other test runs without the append-only guard.
    """
    from django.db import connection
    from django.db.models.signals import post_migrate

    yield

    def restore(**kwargs: Any) -> None:
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = origin")
        post_migrate.disconnect(restore, dispatch_uid="recommendations-audit-restore")

    post_migrate.connect(restore, dispatch_uid="recommendations-audit-restore", weak=False)
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
