"""Who sees what: suggestions only for the body's officers, recommendations only for the supplier's people;
pages in the viewer's language, forms that work without JavaScript, API errors as JSON."""

from __future__ import annotations

from typing import Any

import pytest

from govtech.notifications.models import Notification
from procurement.calls.models import Call
from procurement.matching import services, sources
from procurement.matching.models import MatchDismissal, MatchInvitation
from tests.accounts.factories import PublicBodyOrganisationFactory
from tests.procurement.factories import verified_body
from tests.procurement.matching.wiring import published_call, published_challenge, traffic_supplier
from tests.startups.english import en_url

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def ranked(public_body: Any, supplier_org: Any) -> tuple[Call, Any]:
    sources.forget_catalogue()
    supplier = traffic_supplier(supplier_org)
    call = published_call(public_body)
    services.match_target_rank(target=call)
    return call, supplier


# --- officers: suggested suppliers ---------------------------------------------------------------


def test_an_officer_sees_suggestions_with_reasons_and_invites(ranked, officer, supplier_owner, client_for) -> None:
    call, supplier = ranked
    client = client_for(officer)
    page = client.get(en_url("matching:call_suggestions", call.pk), **EN)
    html = page.content.decode()
    assert page.status_code == 200
    assert supplier.display_name in html
    assert "Same CPV code 34996000" in html
    assert "Key words in common" in html
    assert f"Invite {supplier.display_name} to apply" in html
    answer = client.post(en_url("matching:call_invite", call.pk, supplier.pk), **EN)
    assert answer.status_code == 302
    assert MatchInvitation.objects.filter(call=call, supplier=supplier).exists()
    assert Notification.objects.filter(recipient=supplier_owner, kind="invitation_to_apply").count() == 2  # inbox+mail
    again = client.post(en_url("matching:call_invite", call.pk, supplier.pk), **EN)
    assert again.status_code == 409
    assert "already been invited" in again.content.decode()
    assert "Invited" in client.get(en_url("matching:call_suggestions", call.pk), **EN).content.decode()


def test_the_officer_call_page_links_to_the_suggestions(ranked, officer, client_for) -> None:
    call, _supplier = ranked
    html = client_for(officer).get(en_url("procurement:officer_call", call.pk), **EN).content.decode()
    assert en_url("matching:call_suggestions", call.pk) in html


def test_reasons_are_rendered_in_the_viewers_language(ranked, officer, client_for) -> None:
    call, _supplier = ranked
    html = client_for(officer).get(f"/es/opportunities/manage/calls/{call.pk}/suggested-suppliers/").content.decode()
    assert "Proveedores sugeridos" in html
    assert "Palabras clave en común" in html


@pytest.mark.parametrize("persona_name", ["supplier_owner", "outsider", "evaluator", "editor"])
def test_suggestions_are_refused_to_others(ranked, persona, persona_name, client_for) -> None:
    call, supplier = ranked
    client = client_for(persona(persona_name))
    assert client.get(en_url("matching:call_suggestions", call.pk), **EN).status_code == 403
    assert client.post(en_url("matching:call_invite", call.pk, supplier.pk), **EN).status_code == 403
    api = client.get(f"/api/v1/calls/{call.pk}/suggested-suppliers/")
    assert api.status_code == 403
    assert api.json()["error"]["status"] == 403


def test_another_bodys_officer_is_refused_and_a_hidden_draft_is_a_404(ranked, public_body, client_for) -> None:
    from tests.accounts.factories import MembershipFactory

    call, _supplier = ranked
    other_body = PublicBodyOrganisationFactory(name="Otra alcaldía")
    verified_body(other_body)
    stranger = MembershipFactory(organisation=other_body, role="officer").user
    client = client_for(stranger)
    assert client.get(f"/api/v1/calls/{call.pk}/suggested-suppliers/").status_code == 403
    draft = published_call(public_body, status="draft")
    assert client.get(f"/api/v1/calls/{draft.pk}/suggested-suppliers/").status_code == 404
    assert client.get(en_url("matching:call_suggestions", draft.pk), **EN).status_code == 404


def test_the_api_lists_suggestions_and_invites_once(ranked, officer, client_for) -> None:
    call, supplier = ranked
    officer.language = "en"  # the API speaks the account's language
    officer.save(update_fields=["language"])
    client = client_for(officer)
    rows = client.get(f"/api/v1/calls/{call.pk}/suggested-suppliers/", **EN).json()
    assert rows[0]["supplier"]["id"] == supplier.pk
    assert rows[0]["rank"] == 1
    assert rows[0]["invited"] is False
    assert any(r["code"] == "terms_matched" and r["text"].startswith("Key words") for r in rows[0]["reasons"])
    url = f"/api/v1/calls/{call.pk}/suggested-suppliers/{supplier.pk}/invite/"
    assert client.post(url).status_code == 201
    assert client.post(url).status_code == 409
    missing = client.post(f"/api/v1/calls/{call.pk}/suggested-suppliers/999999/invite/")
    assert missing.status_code == 400
    assert "supplier" in missing.json()["error"]["fields"]


def test_challenge_suggestions_in_the_api(public_body, supplier_org, officer, client_for) -> None:
    sources.forget_catalogue()
    supplier = traffic_supplier(supplier_org)
    challenge = published_challenge(public_body)
    services.match_target_rank(target=challenge)
    rows = client_for(officer).get(f"/api/v1/challenges/{challenge.pk}/suggested-suppliers/").json()
    assert [r["supplier"]["id"] for r in rows] == [supplier.pk]


# --- suppliers: recommended for you ------------------------------------------------------------


def test_a_supplier_sees_its_recommendations_and_dismisses_one(ranked, supplier_owner, client_for) -> None:
    call, _supplier = ranked
    client = client_for(supplier_owner)
    html = client.get(en_url("matching:recommended"), **EN).content.decode()
    assert call.title in html
    assert "Key words in common" in html
    home = client.get("/en/", **EN).content.decode()
    assert "Recommended for you" in home
    assert call.title in home
    result_id = client.get("/api/v1/matches/").json()["results"][0]["id"]
    assert client.post(en_url("matching:dismiss", result_id), **EN).status_code == 302
    assert MatchDismissal.objects.filter(call=call).exists()
    after = client.get(en_url("matching:recommended"), **EN).content.decode()
    assert en_url("procurement:call", call.pk) not in after
    assert "No recommendations for now" in after
    assert client.get("/api/v1/matches/").json()["results"] == []


def test_the_api_dismiss_action(ranked, supplier_member, client_for) -> None:
    client = client_for(supplier_member)
    result_id = client.get("/api/v1/matches/").json()["results"][0]["id"]
    assert client.get(f"/api/v1/matches/{result_id}/").status_code == 200
    assert client.post(f"/api/v1/matches/{result_id}/dismiss/").json() == {"dismissed": True}
    assert client.post(f"/api/v1/matches/{result_id}/dismiss/").status_code == 404  # no longer recommended


@pytest.mark.parametrize("persona_name", ["outsider", "officer", "admin"])
def test_a_supplier_sees_only_its_own_recommendations(ranked, persona, persona_name, client_for) -> None:
    client = client_for(persona(persona_name))
    owner_rows = client_for(persona("supplier_owner")).get("/api/v1/matches/").json()["results"]
    assert owner_rows
    assert client.get("/api/v1/matches/").json()["results"] == []
    assert client.get(f"/api/v1/matches/{owner_rows[0]['id']}/").status_code == 404
    assert client.post(f"/api/v1/matches/{owner_rows[0]['id']}/dismiss/").status_code == 404
    assert owner_rows[0]["id"]
    assert not MatchDismissal.objects.exists()


def test_anonymous_visitors_are_refused(ranked, client_for) -> None:
    from django.contrib.auth.models import AnonymousUser

    client = client_for(AnonymousUser())
    assert client.get("/api/v1/matches/").status_code in (401, 403)
    assert client.get(en_url("matching:recommended")).status_code == 302  # to the log-in page


def test_closed_calls_are_no_longer_recommended(ranked, supplier_owner, client_for) -> None:
    call, _supplier = ranked
    Call.objects.filter(pk=call.pk).update(status=Call.Status.CLOSED)
    assert client_for(supplier_owner).get("/api/v1/matches/").json()["results"] == []
