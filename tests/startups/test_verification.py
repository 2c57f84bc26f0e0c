"""Verification decisions by admins, and sanctions: audited, notified, shown, blocking."""

from __future__ import annotations

import datetime
import itertools

import pytest
from django.test import Client
from django.urls import reverse

from govtech.accounts.models import User
from govtech.audit.models import AuditEvent
from govtech.core.errors import ApplicationError, InvalidTransition, NotAllowed
from govtech.notifications.kinds import Kind
from govtech.notifications.models import Notification
from startups import selectors, services
from startups.lifecycle import VERIFICATION
from startups.models import Supplier
from tests.startups.english import en_url
from tests.startups.factories import SanctionFactory

pytestmark = pytest.mark.django_db
V = Supplier.Verification


def pending(supplier: Supplier) -> Supplier:
    Supplier.objects.filter(pk=supplier.pk).update(verification_status=V.PENDING)
    supplier.refresh_from_db()
    return supplier


def test_an_admin_verifies_and_the_owners_are_notified_and_it_is_audited(
    team: Supplier, admin: User, supplier_owner: User
) -> None:
    supplier = services.supplier_verify(actor=admin, supplier=pending(team))
    assert supplier.verification_status == V.VERIFIED
    assert supplier.verification_decided_by == admin
    assert Notification.objects.filter(recipient=supplier_owner, kind=Kind.VERIFICATION_DECISION).count() == 2
    event = AuditEvent.objects.get(verb="supplier.verified")
    assert event.before == {"verification_status": "pending"}


def test_a_rejection_needs_a_reason_that_the_supplier_sees(team: Supplier, admin: User, supplier_owner: User) -> None:
    pending(team)
    with pytest.raises(ApplicationError) as caught:
        services.supplier_reject(actor=admin, supplier=team, reason=" ")
    assert caught.value.field == "reason"
    services.supplier_reject(actor=admin, supplier=team, reason="El NIT no corresponde a la razón social")
    page = Client()
    page.force_login(supplier_owner)
    response = page.get(reverse("startups:detail", args=[team.slug]))
    assert "El NIT no corresponde a la razón social" in response.content.decode()


def test_the_owner_resubmits_a_rejected_profile(team: Supplier, admin: User, supplier_owner: User) -> None:
    services.supplier_reject(actor=admin, supplier=pending(team), reason="Falta información")
    services.supplier_transition(actor=supplier_owner, supplier=team, to=V.PENDING)
    assert Supplier.objects.get(pk=team.pk).verification_status == V.PENDING


LEGAL = {(a, b) for a, b, allowed in VERIFICATION.pairs() if allowed}
ILLEGAL = [(a, b) for a, b in itertools.product(V.values, V.values) if (a, b) not in LEGAL]


@pytest.mark.parametrize(("old", "new"), ILLEGAL)
def test_it_refuses_every_illegal_transition(
    team: Supplier, admin: User, supplier_owner: User, old: str, new: str
) -> None:
    Supplier.objects.filter(pk=team.pk).update(verification_status=old)
    # admins decide; going back to pending is the owner's resubmission (site roles hold no organisation's powers)
    actor = supplier_owner if new == Supplier.Verification.PENDING else admin
    with pytest.raises(InvalidTransition):
        services.supplier_transition(actor=actor, supplier=team, to=new, reason="motivo")
    assert Supplier.objects.get(pk=team.pk).verification_status == old


@pytest.mark.parametrize(
    "persona_name", ["editor", "publisher", "auditor", "officer", "supplier_owner", "supplier_member", "outsider"]
)
def test_only_admins_decide(team: Supplier, persona: object, persona_name: str) -> None:
    user = persona(persona_name)  # type: ignore[operator]
    with pytest.raises(NotAllowed):
        services.supplier_verify(actor=user, supplier=pending(team))


def test_a_sanction_in_force_blocks_applying_and_shows_on_the_profile(team: Supplier, admin: User) -> None:
    assert selectors.supplier_may_apply(team)
    services.sanction_impose(
        actor=admin,
        supplier=team,
        kind="debarment",
        reason="Fraude en licitación",
        starts_on=datetime.date(2024, 1, 1),
        ends_on=datetime.date(2099, 1, 1),
    )
    assert not selectors.supplier_may_apply(team)
    response = Client().get(reverse("startups:detail", args=[team.slug]))
    assert "Fraude en licitación" in response.content.decode()
    assert AuditEvent.objects.filter(verb="supplier.sanctioned").exists()


def test_an_expired_or_lifted_sanction_no_longer_blocks(team: Supplier, admin: User) -> None:
    SanctionFactory(supplier=team, starts_on=datetime.date(2020, 1, 1), ends_on=datetime.date(2021, 1, 1))
    assert selectors.supplier_may_apply(team)
    sanction = SanctionFactory(supplier=team)
    assert not selectors.supplier_may_apply(team)
    services.sanction_lift(actor=admin, sanction=sanction)
    assert selectors.supplier_may_apply(team)


def test_what_unverified_suppliers_may_do_is_a_setting(team: Supplier, settings: object) -> None:
    pending(team)
    assert not selectors.supplier_may_apply(team)
    settings.STARTUPS_UNVERIFIED_MAY_APPLY = True  # type: ignore[attr-defined]
    assert selectors.supplier_may_apply(team)


def test_a_sanction_period_must_make_sense(team: Supplier, admin: User) -> None:
    with pytest.raises(ApplicationError) as caught:
        services.sanction_impose(
            actor=admin,
            supplier=team,
            kind="sanction",
            reason="x",
            starts_on=datetime.date(2025, 1, 2),
            ends_on=datetime.date(2025, 1, 1),
        )
    assert caught.value.field == "ends_on"


def test_the_moderation_page_records_a_decision(team: Supplier, admin: User) -> None:
    client = Client()
    client.force_login(admin)
    url = en_url("startups:moderation", team.slug)
    response = client.post(url, {"action": "verify", "status": "suspended", "reason": ""})
    assert response.status_code == 400
    assert "Reason: explain the decision" in response.content.decode()
    response = client.post(url, {"action": "verify", "status": "suspended", "reason": "Documentos vencidos"})
    assert response.status_code == 302
    assert Supplier.objects.get(pk=team.pk).verification_status == V.SUSPENDED
