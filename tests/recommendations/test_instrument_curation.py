"""Instruments: editors draft, publishers publish (simpler workflow, audited, no versions)."""

from __future__ import annotations

import pytest

from govtech.audit.models import AuditEvent
from govtech.core.errors import InvalidTransition, NotAllowed
from recommendations.models import Instrument
from recommendations.services.instruments import instrument_save, instrument_transition
from tests.recommendations.factories import InstrumentFactory


def test_an_editor_drafts_and_a_publisher_publishes(db, editor, publisher, client):
    instrument = Instrument(slug="nuevo-fondo", kind="fund", country="PE", name={"es": "Nuevo fondo"})
    instrument_save(actor=editor, instrument=instrument)
    assert instrument.status == "draft"
    assert client.get("/es/recommendations/instruments/nuevo-fondo/").status_code == 404
    with pytest.raises(NotAllowed):
        instrument_transition(actor=editor, instrument=instrument, to="published")
    instrument_transition(actor=publisher, instrument=instrument, to="published")
    assert client.get("/es/recommendations/instruments/nuevo-fondo/").status_code == 200
    assert AuditEvent.objects.for_target(instrument).count() == 2


def test_publishers_cannot_edit_and_archived_cannot_be_published(db, publisher):
    instrument = InstrumentFactory(status="archived")
    with pytest.raises(NotAllowed):
        instrument_save(actor=publisher, instrument=instrument)
    with pytest.raises(InvalidTransition):
        instrument_transition(actor=publisher, instrument=instrument, to="published")


def test_the_admin_publish_action_goes_through_the_service(db, publisher, editor, client_for):
    instrument = InstrumentFactory(status="draft")
    url = "/es/admin/recommendations/instrument/"
    data = {"action": "publish", "_selected_action": [instrument.pk]}
    client_for(editor).post(url, data)
    instrument.refresh_from_db()
    assert instrument.status == "draft"  # editors do not even get the action
    client_for(publisher).post(url, data)
    instrument.refresh_from_db()
    assert instrument.status == "published"


def test_the_directory_filters_by_country_and_kind(catalogue, client):
    page = client.get("/en/recommendations/instruments/?country=BR&kind=procurement")
    assert [i.slug for i in page.context["instruments"]] == ["cpsi-brazil"]


def test_sources_with_script_addresses_are_refused(db, editor):
    from django.core.exceptions import ValidationError

    instrument = Instrument(
        slug="malo",
        kind="fund",
        country="PE",
        name={"es": "Fondo"},
        sources=[{"title": "x", "url": "javascript:alert(1)"}],
    )
    with pytest.raises(ValidationError) as exc:
        instrument_save(actor=editor, instrument=instrument)
    assert "sources" in exc.value.message_dict
    assert not Instrument.objects.filter(slug="malo").exists()


def test_an_editor_adds_an_instrument_in_the_admin_linked_to_recommendations(catalogue, editor, client_for):
    from recommendations.models import Recommendation

    rec = Recommendation.objects.get(slug="create-govtech-funds")
    response = client_for(editor).post(
        "/es/admin/recommendations/instrument/add/",
        {
            "slug": "fondo-lima",
            "kind": "fund",
            "country": "PE",
            "name": '{"es": "Fondo Lima"}',
            "description": '{"es": "Fondo municipal."}',
            "phases": "{}",
            "caps": "{}",
            "rules": "{}",
            "sources": '[{"title": "Municipalidad", "url": "https://example.pe"}]',
            "recommendations": [rec.pk],
        },
    )
    assert response.status_code == 302, response.content[:2000]
    instrument = Instrument.objects.get(slug="fondo-lima")
    assert instrument.status == "draft"
    assert list(instrument.recommendations.all()) == [rec]
    event = AuditEvent.objects.for_target(instrument).get()
    assert event.after["recommendations"] == ["create-govtech-funds"]


def test_the_admin_shows_bad_sources_as_a_form_error(catalogue, editor, client_for):
    response = client_for(editor).post(
        "/es/admin/recommendations/instrument/add/",
        {
            "slug": "malo",
            "kind": "fund",
            "country": "PE",
            "name": '{"es": "Malo"}',
            "description": "{}",
            "phases": "{}",
            "caps": "{}",
            "rules": "{}",
            "sources": '[{"title": "x", "url": "javascript:alert(1)"}]',
        },
    )
    assert response.status_code == 200
    assert "sources" in response.context["adminform"].form.errors
    assert not Instrument.objects.filter(slug="malo").exists()
