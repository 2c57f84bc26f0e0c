"""Registering a company is a guided flow in three visible steps; a supplier waiting for verification sees so, how
long it usually takes (median of recent decisions), and can browse, follow, save searches and prepare drafts."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from govtech.accounts.models import Organisation, User
from procurement.applications.models import Application
from procurement.calls.models import CallFollow
from startups import selectors
from startups.models import PublicReference, Supplier
from startups.services import supplier_transition, supplier_verify
from tests.procurement.factories import published_call
from tests.startups.english import en_url
from tests.startups.factories import SupplierFactory
from tests.startups.identifiers import valid_identifier

pytestmark = pytest.mark.django_db


def _decided(admin: User, hours: float, *, n: int) -> Supplier:
    supplier = SupplierFactory(verification_status=Supplier.Verification.PENDING)
    now = timezone.now() - datetime.timedelta(minutes=n)
    Supplier.objects.filter(pk=supplier.pk).update(verification_requested_at=now - datetime.timedelta(hours=hours))
    supplier_verify(actor=admin, supplier=supplier)
    Supplier.objects.filter(pk=supplier.pk).update(verification_decided_at=now)
    return supplier


def test_the_waiting_time_is_the_median_of_recent_decisions(admin: User) -> None:
    assert selectors.verification_waiting_time() == (None, 0)
    assert "no recent verifications" in selectors.waiting_time_text(None, 0)
    for n, hours in enumerate([10, 30, 50, 70, 1000]):
        _decided(admin, hours, n=n)
    duration, count = selectors.verification_waiting_time()
    assert count == 5
    assert duration == datetime.timedelta(hours=50)
    assert selectors.waiting_time_text(duration, count) == (
        "It usually takes about 2 days (the median of the 5 most recent verifications)."
    )
    assert selectors.verification_waiting_time(sample=2)[0] == datetime.timedelta(hours=20)
    assert "about 5 hours" in selectors.waiting_time_text(datetime.timedelta(hours=5), 1)
    assert "less than an hour" in selectors.waiting_time_text(datetime.timedelta(minutes=5), 1)


def test_imported_and_undecided_profiles_do_not_count(admin: User) -> None:
    SupplierFactory(verification_status=Supplier.Verification.PENDING)
    SupplierFactory()  # verified by a factory: no administrator's decision
    assert selectors.verification_waiting_time() == (None, 0)


def test_a_resubmission_restarts_the_waiting_clock(admin: User, supplier_owner: User, supplier_org: Any) -> None:
    supplier = SupplierFactory(organisation=supplier_org, verification_status=Supplier.Verification.REJECTED)
    Supplier.objects.filter(pk=supplier.pk).update(verification_requested_at=timezone.now() - datetime.timedelta(9))
    before = timezone.now()
    supplier_transition(actor=supplier_owner, supplier=supplier, to=Supplier.Verification.PENDING)
    supplier.refresh_from_db()
    assert supplier.verification_requested_at >= before


def test_the_guided_registration_saves_each_step_and_ends_on_the_waiting_state(client_for: Any) -> None:
    user = User.objects.create_user("founder@startup.co", "x" * 12, full_name="Founder")
    client = client_for(user)
    page = client.get(en_url("startups:register")).content.decode()
    assert "Step 1 of 3" in page
    assert 'aria-current="step"' in page

    step1 = client.post(
        en_url("startups:register"),
        {"legal_name": "Andes Data SAS", "country": "CO", "identifier": valid_identifier("CO", 31)},
    )
    supplier = Supplier.objects.get(legal_name="Andes Data SAS")
    assert step1["Location"] == en_url("startups:edit", supplier.slug) + "?guided=1"
    step2_page = client.get(step1["Location"]).content.decode()
    assert "Step 2 of 3" in step2_page
    assert "Skip this step" in step2_page

    step2 = client.post(
        en_url("startups:edit", supplier.slug),
        {"guided": "1", "legal_name": "Andes Data SAS", "pitch_es": "Datos para alcaldías"},
    )
    assert step2.status_code == 302, step2.content.decode()[:2000]
    assert step2["Location"] == en_url("startups:onboarding_references", supplier.slug)
    supplier.refresh_from_db()
    assert supplier.pitch_es == "Datos para alcaldías"

    step3 = client.get(step2["Location"]).content.decode()
    assert "Step 3 of 3" in step3
    saved = client.post(
        en_url("startups:onboarding_references", supplier.slug),
        {"public_body_name": "Alcaldía de Pasto", "year": "2024", "description": "Portal de datos abiertos"},
    )
    assert saved.status_code == 302
    assert PublicReference.objects.filter(supplier=supplier, public_body_name="Alcaldía de Pasto").exists()

    detail = client.get(en_url("startups:detail", supplier.slug)).content.decode()
    assert "Waiting for verification" in detail
    assert "What happens next" in detail
    assert "There are no recent verifications to estimate from yet" in detail


def test_the_waiting_state_shows_to_the_team_only(client_for: Any, supplier_owner: User, outsider: User) -> None:
    supplier = SupplierFactory(
        organisation=supplier_owner.memberships.get().organisation, verification_status=Supplier.Verification.PENDING
    )
    assert (
        "Waiting for verification"
        in client_for(supplier_owner).get(en_url("startups:detail", supplier.slug)).content.decode()
    )
    assert client_for(outsider).get(en_url("startups:detail", supplier.slug)).status_code in {200, 404}
    assert (
        "Waiting for verification"
        not in client_for(outsider).get(en_url("startups:detail", supplier.slug)).content.decode()
    )


def test_while_waiting_a_supplier_can_follow_save_a_search_and_prepare_a_draft(
    client_for: Any, supplier_owner: User, public_body: Organisation
) -> None:
    SupplierFactory(
        organisation=supplier_owner.memberships.get().organisation, verification_status=Supplier.Verification.PENDING
    )
    call = published_call(public_body)
    client = client_for(supplier_owner)
    assert client.get("/en/opportunities/").status_code == 200
    client.post(f"/en/opportunities/calls/{call.pk}/follow/")
    assert CallFollow.objects.filter(call=call, user=supplier_owner).exists()
    saved = client.post(
        "/en/inbox/saved-searches/new/",
        {"scope": "calls", "name": "Datos", "params": '{"q": "datos"}', "frequency": "daily"},
    )
    assert saved.status_code == 302, saved.content.decode()[:3000]
    started = client.post(f"/en/applications/calls/{call.pk}/apply/")
    assert started.status_code == 302, started.content.decode()[:3000]
    assert Application.objects.filter(call=call).exists()
