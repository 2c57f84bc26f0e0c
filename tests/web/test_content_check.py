"""The content check (#15): every persona, every language, two clicks deep, and every e-mail of the demo.

It ends with ``pages=<n> emails=<m> problems=0``; each problem names the page (and the page that
showed the link) or the message, what is wrong, and the text around it.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

from govtech.accounts.models import User
from tests.web.content_check import LANGUAGES, Report, code_words, crawl, email_problems, english_catalogue_messages

pytestmark = [
    pytest.mark.django_db(transaction=False),
    pytest.mark.slow,
]

PERSONAS = (
    None,
    "admin@demo.govtech.example",
    "editor@demo.govtech.example",
    "publisher@demo.govtech.example",
    "auditor@demo.govtech.example",
    "officer@demo.govtech.example",
    "approver@demo.govtech.example",
    "evaluator@demo.govtech.example",
    "startup@demo.govtech.example",
    "member@demo.govtech.example",
)


def test_what_every_persona_reads_is_whole(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("load_demo", stdout=io.StringIO())
    english, codes = english_catalogue_messages(), code_words()
    report = Report()
    seen: set[tuple[str, str, str]] = set()
    for email in PERSONAS:
        for language in LANGUAGES:
            client = Client()
            if email:
                client.force_login(User.objects.get(email=email))
            crawl(client, email or "anonymous", language, report, english, codes, seen)
    email_problems(report, english, codes)
    Path("/tmp/content-check-visited.txt").write_text("\n".join(report.visited))
    listing = "\n".join(str(problem) for problem in report.problems[:200])
    with capsys.disabled():
        print(f"\n{listing}\n{report.summary}")
    assert not report.problems, f"{report.summary}\n{listing}"
