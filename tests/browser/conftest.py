"""Browser fixtures: logging a persona in."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client


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
