"""Browser fixtures: a live server that tolerates ``MEDIA_URL = None`` and logging a persona in."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.test import Client


@pytest.fixture(scope="session")
def live_server() -> Iterator[Any]:
    """pytest-django's live server with a string ``MEDIA_URL`` (the test server's media handler needs one)."""
    from django.test.utils import override_settings
    from pytest_django.live_server_helper import LiveServer

    with override_settings(MEDIA_URL="/media-not-served/"):
        server = LiveServer("localhost")
    yield server
    server.stop()


@pytest.fixture
def login_as(live_server: Any) -> Any:
    """``login_as(page, user)`` puts a signed-in session cookie for ``user`` in the page's context."""

    def login(page: Any, user: Any) -> None:
        client = Client()
        client.force_login(user)
        page.context.clear_cookies()
        page.context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                    "url": live_server.url,
                }
            ]
        )

    return login
