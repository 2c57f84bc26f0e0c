"""``manage.py bench_notifications`` runs end to end and prints its summary line."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.core.management import call_command

from govtech.accounts.models import User
from tests.conftest import database_url_for_subprocesses as worker_database_url

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_the_bench_sends_everything_once_and_cleans_up(
    private_redis: Any, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.REDIS_URL = private_redis.url
    monkeypatch.setenv("DATABASE_URL", worker_database_url())  # the workers' database: the test one
    monkeypatch.setenv("DJANGO_SETTINGS_MODULE", "govtech.settings.test")
    out = io.StringIO()
    call_command("bench_notifications", "--count", "60", "--threads", "2", "--timeout", "120", stdout=out)
    last = out.getvalue().strip().splitlines()[-1]
    assert re.fullmatch(r"sent=60 duplicates=0 seconds=\d+\.\d", last), out.getvalue()
    assert not User.objects.filter(email__endswith="@bench.invalid").exists()
