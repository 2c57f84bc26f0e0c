from __future__ import annotations

from typing import Any

import pytest

from procurement.calls.models import Call
from tests.procurement.factories import make_call

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


@pytest.mark.parametrize("name", PERSONAS)
def test_it_shows_published_calls_and_hides_drafts(name: str, persona: Any, client_for: Any, public_body: Any) -> None:
    user = persona(name)
    published = make_call(public_body, status=Call.Status.PUBLISHED, title="Movilidad publicada")
    draft = make_call(public_body, status=Call.Status.DRAFT, title="Borrador secreto")
    client = client_for(user)
    listing = client.get("/en/opportunities/")
    assert listing.status_code == 200
    assert "Movilidad publicada" in listing.content.decode()
    assert client.get(f"/en/opportunities/calls/{published.pk}/").status_code == 200
    assert client.get(f"/en/opportunities/calls/{published.pk}/apply/").status_code == 200
    insider = name in {"admin", "officer", "evaluator", "approver"}
    assert client.get(f"/en/opportunities/calls/{draft.pk}/").status_code == (200 if insider else 404)


def test_it_lets_a_supplier_follow_a_call(supplier_owner: Any, client_for: Any, public_body: Any) -> None:
    call = make_call(public_body, status=Call.Status.PUBLISHED)
    response = client_for(supplier_owner).post(f"/en/opportunities/calls/{call.pk}/follow/", {"action": "follow"})
    assert response.status_code == 302
    assert call.follows.filter(user=supplier_owner).exists()
