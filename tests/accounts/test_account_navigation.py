"""The header offers signed-in people their own work: applications, the workspace, assignments."""

from __future__ import annotations

import re
from typing import Any

import pytest

from procurement.evaluation.models import Panel, PanelMember
from tests.procurement.factories import make_call

pytestmark = pytest.mark.django_db
HEADER = re.compile(r"<header.*?</header>", re.S)

LINKS = {
    "My applications": "/en/applications/",
    "Workspace": "/en/opportunities/manage/",
    "My assignments": "/en/evaluation/",
}


def header_links(client: Any) -> set[str]:
    header = HEADER.search(client.get("/en/").content.decode())
    assert header
    return {label for label, href in LINKS.items() if f'href="{href}">{label}<' in header.group(0)}


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("supplier_owner", {"My applications"}),
        ("supplier_member", {"My applications"}),
        ("officer", {"Workspace"}),
        ("approver", {"Workspace"}),
        ("evaluator", {"My assignments"}),
        ("admin", set()),
        ("anonymous", set()),
    ],
)
def test_each_persona_sees_its_own_work(name: str, expected: set[str], persona: Any, client_for: Any) -> None:
    assert header_links(client_for(persona(name))) == expected


def test_an_officer_with_a_panel_seat_also_sees_assignments(
    officer: Any, approver: Any, public_body: Any, client_for: Any
) -> None:
    client = client_for(officer)
    assert "My assignments" not in header_links(client)
    panel = Panel.objects.create(call=make_call(public_body))
    PanelMember.objects.create(panel=panel, user=officer, named_by=approver)
    assert header_links(client) == {"Workspace", "My assignments"}


def test_the_links_are_translated(supplier_owner: Any, client_for: Any) -> None:
    page = client_for(supplier_owner).get("/es/").content.decode()
    assert 'href="/es/applications/">Mis postulaciones<' in page
