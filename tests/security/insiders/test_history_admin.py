"""Issue 21: the membership history is visible to administrators (per organisation and per person) and nobody can
edit it, the site administrator (a superuser) included: "was a member in the last 24 months" is what the
conflict-of-interest checks read, so an insider who could rewrite it could clear their own conflict."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from govtech.accounts.history import membership_history_record
from govtech.accounts.models import Membership, MembershipEvent
from startups.services.team import membership_admin_remove
from tests.accounts.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:accounts_membershipevent_changelist"


@pytest.fixture
def history(supplier_org: Any, other_supplier_org: Any, supplier_owner: Any, admin: Any) -> Any:
    """A person who was a member of ``supplier_org`` and left (removed, with a reason), and one in another."""
    person = UserFactory(email="exmiembro@startup.example", full_name="Exmiembro Uno")
    membership = MembershipFactory(user=person, organisation=supplier_org, role=Membership.Role.MEMBER)
    membership_history_record(membership=membership, event=MembershipEvent.Event.JOINED, actor=supplier_owner)
    membership_admin_remove(actor=admin, membership=membership, reason="Dejó la empresa")
    MembershipFactory(
        user=UserFactory(email="ajena@otra.example", full_name="Ajena Dos"),
        organisation=other_supplier_org,
        role="owner",
    )
    return person


def test_the_admin_reads_the_history_per_organisation_and_per_person(
    history: Any, admin: Any, supplier_org: Any, client_for: Any
) -> None:
    client = client_for(admin)
    everything = client.get(reverse(CHANGELIST))
    assert everything.status_code == 200
    page = client.get(reverse(CHANGELIST) + f"?organisation__id__exact={supplier_org.pk}").content.decode()
    assert "Exmiembro Uno" in page
    assert "Ajena Dos" not in page  # another organisation's history
    mine = client.get(reverse(CHANGELIST) + f"?user__id__exact={history.pk}").content.decode()
    assert "Exmiembro Uno" in mine
    assert "Ajena Dos" not in mine
    rows = MembershipEvent.objects.filter(user=history).order_by("at", "pk")
    assert [r.event for r in rows] == [MembershipEvent.Event.JOINED, MembershipEvent.Event.LEFT]
    detail = client.get(reverse("admin:accounts_membershipevent_change", args=[rows.last().pk])).content.decode()  # type: ignore[union-attr]
    assert "Dejó la empresa" in detail  # the reason of the departure


def test_nobody_edits_the_history_not_even_the_superuser(history: Any, admin: Any, client_for: Any) -> None:
    client = client_for(admin)
    left = MembershipEvent.objects.filter(user=history, event=MembershipEvent.Event.LEFT).get()
    before = list(MembershipEvent.objects.order_by("pk").values())
    # changing the departure away (to clear a conflict), deleting it, adding a made-up row: all refused
    change = client.post(
        reverse("admin:accounts_membershipevent_change", args=[left.pk]),
        {"event": "joined", "at_0": "2000-01-01", "at_1": "00:00:00", "reason": "x"},
    )
    assert change.status_code == 403
    delete = client.post(reverse("admin:accounts_membershipevent_delete", args=[left.pk]), {"post": "yes"})
    assert delete.status_code == 403
    add = client.post(
        reverse("admin:accounts_membershipevent_add"),
        {"user": history.pk, "organisation": left.organisation_id, "event": "left", "role": "member"},
    )
    assert add.status_code == 403
    bulk = client.post(reverse(CHANGELIST), {"action": "delete_selected", "_selected_action": [left.pk], "post": "yes"})
    assert bulk.status_code in (200, 302)  # no actions at all: nothing happens
    assert list(MembershipEvent.objects.order_by("pk").values()) == before
    detail = client.get(reverse("admin:accounts_membershipevent_change", args=[left.pk])).content.decode()
    assert 'name="event"' not in detail  # shown, never as a form field


@pytest.mark.parametrize("name", ["officer", "approver", "evaluator", "editor", "publisher", "supplier_owner"])
def test_other_personas_do_not_see_the_history(name: str, persona: Any, history: Any, client_for: Any) -> None:
    response = client_for(persona(name)).get(reverse(CHANGELIST))
    assert response.status_code in (302, 403)
    assert "Exmiembro Uno" not in response.content.decode()
