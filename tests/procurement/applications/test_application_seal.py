"""The seal: before the opening nobody at the body (administrators included) reads an application's content or
files, through any route: API, pages, file URLs, the Django admin. After the opening the body's officers do; a
supplier never reads another's application."""

from __future__ import annotations

from typing import Any

import pytest

from procurement.applications import services
from procurement.applications.models import Application
from tests.procurement.applications.applications_helpers import PDF, complete_draft, eligible, open_call, pdf
from tests.procurement.factories import pass_deadline

pytestmark = pytest.mark.django_db

SECRET = "Sensores secretos con un modelo propio"
READERS_NEVER = ["admin", "editor", "publisher", "auditor", "evaluator", "outsider"]
BODY = ["officer", "approver"]


@pytest.fixture
def sealed(public_body: Any, supplier_org: Any, supplier_owner: Any) -> dict[str, Any]:
    eligible(supplier_org)
    call = open_call(public_body)
    application = complete_draft(call, supplier_owner, solution=SECRET)
    item = services.application_file_add(application=application, actor=supplier_owner, upload=pdf("oferta.pdf"))
    receipt = services.application_submit(application=application, actor=supplier_owner)
    return {"call": call, "application": application, "file": item, "receipt": receipt}


def _routes(s: dict[str, Any]) -> list[str]:
    a, f, r = s["application"].pk, s["file"].pk, s["receipt"].number
    return [
        f"/api/v1/applications/{a}/",
        f"/api/v1/applications/{a}/files/",
        f"/api/v1/applications/{a}/files/{f}/",
        f"/api/v1/applications/{a}/receipts/",
        f"/api/v1/applications/{a}/eligibility/",
        f"/en/applications/{a}/",
        f"/en/applications/{a}/files/{f}/",
        f"/en/applications/{a}/receipts/{r}/",
    ]


def _body(response: Any) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return bytes(response.content)


@pytest.mark.parametrize("name", READERS_NEVER + BODY)
def test_before_the_opening_no_route_shows_content_or_files(name, sealed, persona, client_for):
    client = client_for(persona(name))
    for path in _routes(sealed):
        response = client.get(path, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 404, (path, response.status_code)
        assert SECRET.encode() not in _body(response)
        assert PDF not in _body(response)


@pytest.mark.parametrize("name", ["officer", "approver"])
def test_the_body_and_admins_learn_only_the_count(name, sealed, persona, client_for):
    client = client_for(persona(name))
    got = client.get(f"/api/v1/calls/{sealed['call'].pk}/applications/")
    assert got.status_code == 200
    # before the deadline not even how many applied (issue 21, finding 3)
    assert (got.json()["submitted_count"], got.json()["opened"], got.json()["applications"]) == (None, False, [])
    page = client.get(f"/en/applications/calls/{sealed['call'].pk}/received/")
    assert page.status_code == 200
    assert SECRET not in page.content.decode()
    assert sealed["application"].title not in page.content.decode()
    assert 'id="submitted-count">Sealed until the deadline</dd>' in page.content.decode()
    pass_deadline(sealed["call"])
    got = client.get(f"/api/v1/calls/{sealed['call'].pk}/applications/")
    assert (got.json()["submitted_count"], got.json()["opened"], got.json()["applications"]) == (1, False, [])
    page = client.get(f"/en/applications/calls/{sealed['call'].pk}/received/")
    assert '<dd class="govuk-summary-list__value" id="submitted-count">1</dd>' in page.content.decode()


def test_the_django_admin_does_not_show_sealed_content(sealed, client_for, admin):
    client = client_for(admin)
    a = sealed["application"].pk
    listing = client.get("/en/admin/applications/application/")
    assert listing.status_code == 200
    assert "0 applications" in listing.content.decode() or sealed["application"].title not in listing.content.decode()
    change = client.get(f"/en/admin/applications/application/{a}/change/", follow=True)
    assert SECRET not in change.content.decode()
    receipts = client.get("/en/admin/applications/submissionreceipt/")
    assert sealed["receipt"].digest not in receipts.content.decode()
    receipt = client.get(f"/en/admin/applications/submissionreceipt/{sealed['receipt'].pk}/change/", follow=True)
    assert SECRET not in receipt.content.decode()


def test_anonymous_visitors_are_sent_to_sign_in_or_refused(sealed, client):
    for path in _routes(sealed):
        response = client.get(path)
        assert response.status_code in (302, 401, 403), path
        assert SECRET.encode() not in _body(response)


def test_a_supplier_never_sees_another_suppliers_application(sealed, client_for, outsider, other_supplier_org):
    eligible(other_supplier_org, identifier_scheme="CO-RUE")
    theirs = complete_draft(sealed["call"], outsider)
    assert list(Application.objects.visible_to(outsider)) == [theirs]
    client = client_for(outsider)
    assert [row["id"] for row in client.get("/api/v1/applications/").json()["results"]] == [theirs.pk]
    assert client.get(f"/api/v1/applications/{sealed['application'].pk}/").status_code == 404
    pass_deadline(sealed["call"])
    assert client.get(f"/api/v1/applications/{sealed['application'].pk}/").status_code == 404


def test_after_the_opening_the_body_reads_everything(sealed, client_for, officer, approver, admin, outsider):
    call = sealed["call"]
    pass_deadline(call)
    opened = client_for(officer).post(f"/api/v1/calls/{call.pk}/applications/open/", {"declaration": True})
    assert opened.status_code == 201
    assert opened.json()["submitted_count"] == 1
    a, f = sealed["application"].pk, sealed["file"].pk
    for user in (officer, approver):
        client = client_for(user)
        listing = client.get(f"/api/v1/calls/{call.pk}/applications/").json()
        assert [row["solution"] for row in listing["applications"]] == [SECRET]
        assert client.get(f"/api/v1/applications/{a}/").json()["solution"] == SECRET
        download = client.get(f"/en/applications/{a}/files/{f}/")
        assert download.status_code == 200
        assert _body(download) == PDF
        assert download["X-Content-Type-Options"] == "nosniff"
        assert download["Content-Disposition"].startswith("attachment")
        api_download = client.get(f"/api/v1/applications/{a}/files/{f}/")
        assert _body(api_download) == PDF
        assert SECRET in client.get(f"/en/applications/{a}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
        page = client.get(f"/en/applications/calls/{call.pk}/received/").content.decode()
        assert f"/applications/{a}/files/{f}/" in page
    for user in (admin, outsider):  # the seal is lifted for the body, not for everyone
        assert client_for(user).get(f"/api/v1/applications/{a}/").status_code == 404
        assert client_for(user).get(f"/en/applications/{a}/files/{f}/").status_code == 404


def test_the_opening_page_button_is_audited_and_single(sealed, client_for, officer, outsider):
    from govtech.audit.models import AuditEvent

    call = sealed["call"]
    client = client_for(officer)
    early = client.post(f"/en/applications/calls/{call.pk}/open/", HTTP_ACCEPT_LANGUAGE="en")
    assert early.status_code == 400
    assert "after the deadline" in early.content.decode()
    pass_deadline(call)
    assert client_for(outsider).post(f"/en/applications/calls/{call.pk}/open/").status_code == 403
    assert client.post(f"/en/applications/calls/{call.pk}/open/", {"declaration": "on"}).status_code == 302
    assert AuditEvent.objects.filter(verb="call.applications_open").count() == 1
    again = client_for(officer).post(f"/api/v1/calls/{call.pk}/applications/open/")
    assert again.status_code == 409
