"""A recommendation page lists the portal's open calls and challenges that match it, and curators
link a real challenge or call by its number (read through procurement's registered source)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from govtech.audit.models import AuditEvent
from govtech.core.errors import ApplicationError, NotAllowed
from procurement.calls.models import Call
from procurement.challenges.models import Challenge
from recommendations.models import PracticeLink, Recommendation
from recommendations.services.practice import practice_link_target_create
from tests.accounts.factories import PublicBodyOrganisationFactory
from tests.procurement.factories import make_call, verified_body

PILOTS = "pay-for-pilots-and-plan-scale"  # tagged "pilots", "procurement"
CHALLENGES = "run-open-innovation-challenges"  # tagged "challenges", "demand"


@pytest.fixture
def body(db):
    org = PublicBodyOrganisationFactory(name="Alcaldía de Medellín")
    verified_body(org)
    return org


def _page(client, slug: str) -> str:
    return client.get(f"/en/recommendations/{slug}/").content.decode()


def test_open_calls_whose_instrument_matches_the_tags_are_listed(catalogue, body, client):
    now = timezone.now()
    make_call(body, Call.Status.PUBLISHED, title="Piloto de riego", instrument=Call.Instrument.PILOT, published_at=now)
    make_call(body, Call.Status.PUBLISHED, title="Prueba CPSI", instrument=Call.Instrument.CPSI, published_at=now)
    make_call(body, Call.Status.PUBLISHED, title="Compra PPI", instrument=Call.Instrument.PPI, published_at=now)
    make_call(body, Call.Status.DRAFT, title="Borrador piloto", instrument=Call.Instrument.PILOT)
    make_call(body, Call.Status.IN_APPROVAL, title="En aprobación", instrument=Call.Instrument.PILOT)
    make_call(body, Call.Status.CLOSED, title="Piloto cerrado", instrument=Call.Instrument.PILOT, published_at=now)
    html = _page(client, PILOTS)
    assert "Piloto de riego" in html
    assert "Prueba CPSI" in html
    assert "Compra PPI" not in html  # another instrument
    for hidden in ("Borrador piloto", "En aprobación", "Piloto cerrado"):
        assert hidden not in html


def test_calls_and_challenges_match_on_sectors_too(catalogue, body, client):
    recommendation = Recommendation.objects.with_content().get(slug=CHALLENGES)
    assert "challenges" in recommendation.published_version.tags
    Challenge.objects.create(body=body, title="Basuras en el río", problem="x", status=Challenge.Status.PUBLISHED)
    Challenge.objects.create(body=body, title="Reto en borrador", problem="x", status=Challenge.Status.DRAFT)
    make_call(body, Call.Status.PUBLISHED, title="Demanda temprana", sectors=["demand"], published_at=timezone.now())
    html = _page(client, CHALLENGES)
    assert "Basuras en el río" in html
    assert "Demanda temprana" in html
    assert "Reto en borrador" not in html


def test_an_editor_links_a_published_call_by_number_and_it_shows_live(catalogue, body, editor, client_for):
    call = make_call(body, Call.Status.AWARDED, title="Semáforos", published_at=timezone.now() - dt.timedelta(60))
    client = client_for(editor)
    assert client.get(f"/en/recommendations/{PILOTS}/").context["target_form"] is not None
    response = client.post(f"/en/recommendations/{PILOTS}/practice/portal/", {"kind": "call", "number": call.pk})
    assert response.status_code == 302
    link = PracticeLink.objects.get()
    assert link.target == call
    assert link.organisation_id == body.pk
    assert AuditEvent.objects.filter(verb="practice_link.created").exists()
    html = _page(client_for(None), PILOTS)
    assert "Semáforos" in html
    assert f"/en/opportunities/calls/{call.pk}/" in html
    Call.objects.filter(pk=call.pk).update(title="Semáforos inteligentes")  # described live, not copied
    assert "Semáforos inteligentes" in _page(client_for(None), PILOTS)


def test_drafts_unknown_numbers_and_duplicates_get_field_errors(catalogue, body, editor, client_for):
    recommendation = Recommendation.objects.get(slug=PILOTS)
    draft = make_call(body, Call.Status.DRAFT)
    for number in (draft.pk, 999999):
        with pytest.raises(ApplicationError) as exc:
            practice_link_target_create(actor=editor, recommendation=recommendation, kind="call", number=number)
        assert exc.value.field == "number"
    response = client_for(editor).post(
        f"/en/recommendations/{PILOTS}/practice/portal/", {"kind": "call", "number": draft.pk}
    )
    assert response.status_code == 400
    assert "number" in response.context["target_form"].errors
    published = make_call(body, Call.Status.PUBLISHED, published_at=timezone.now())
    practice_link_target_create(actor=editor, recommendation=recommendation, kind="call", number=published.pk)
    with pytest.raises(ApplicationError):
        practice_link_target_create(actor=editor, recommendation=recommendation, kind="call", number=published.pk)
    assert PracticeLink.objects.count() == 1


@pytest.mark.parametrize("persona_name", ["officer", "supplier_owner", "outsider", "auditor"])
def test_only_curators_link_portal_rows(catalogue, body, persona, persona_name, client_for):
    call = make_call(body, Call.Status.PUBLISHED, published_at=timezone.now())
    user = persona(persona_name)
    with pytest.raises(NotAllowed):
        practice_link_target_create(
            actor=user, recommendation=Recommendation.objects.get(slug=PILOTS), kind="call", number=call.pk
        )
    response = client_for(user).post(f"/en/recommendations/{PILOTS}/practice/portal/", {"kind": "call", "number": 1})
    assert response.status_code == 403
    assert not PracticeLink.objects.exists()


def test_a_linked_call_that_is_no_longer_public_disappears_from_the_page(catalogue, body, editor, client):
    call = make_call(body, Call.Status.PUBLISHED, title="Desaparece", published_at=timezone.now())
    practice_link_target_create(
        actor=editor, recommendation=Recommendation.objects.get(slug=PILOTS), kind="call", number=call.pk
    )
    Call.objects.filter(pk=call.pk).update(status=Call.Status.DRAFT)
    assert "Desaparece" not in _page(client, PILOTS)
