"""What a call requires of an application, the review step, and the receipt: reference, digest, PDF, e-mail."""

from __future__ import annotations

import json
import re
import threading
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone, translation

from govtech.notifications.kinds import Kind
from govtech.notifications.models import Notification
from procurement.applications import services
from procurement.applications.models import Application
from procurement.calls.forms import CallForm
from procurement.calls.models import Call
from tests.accounts.factories import MembershipFactory, SupplierOrganisationFactory, UserFactory
from tests.pdf_text import pdf_text
from tests.procurement.applications.applications_helpers import complete_draft, eligible, open_call, pdf
from tests.procurement.factories import make_call, second_supplier

pytestmark = pytest.mark.django_db
REFERENCE = re.compile(r"^GT-(\d{4})-(\d{6})$")
STRICT = {"team": True, "plan": True, "files": ["proposal", "budget"]}


@pytest.fixture
def call(public_body: Any, supplier_org: Any) -> Call:
    eligible(supplier_org)
    return open_call(public_body)


def test_a_submission_gets_a_sequential_reference_kept_after_a_withdrawal(call, supplier_org, supplier_owner):
    other, other_user = second_supplier()
    eligible(other)
    first = complete_draft(call, supplier_owner)
    second = complete_draft(call, other_user, supplier=other)
    services.application_submit(application=first, actor=supplier_owner)
    services.application_submit(application=second, actor=other_user)
    first.refresh_from_db()
    second.refresh_from_db()
    year = timezone.localtime().year
    a, b = REFERENCE.match(first.reference or ""), REFERENCE.match(second.reference or "")
    assert a is not None
    assert b is not None
    assert int(a.group(1)) == int(b.group(1)) == year
    assert int(b.group(2)) == int(a.group(2)) + 1
    services.application_withdraw(application=first, actor=supplier_owner)
    receipt = services.application_submit(application=first, actor=supplier_owner)
    first.refresh_from_db()
    assert first.reference == a.group(0)  # the same application keeps its reference
    assert receipt.manifest["reference"] == first.reference
    # the e-mail and the inbox say the reference, and link to the receipt
    sent = Notification.objects.filter(kind=Kind.SUBMISSION_RECEIPT, recipient=supplier_owner).latest("pk")
    assert sent.context["reference"] == first.reference
    assert sent.context["digest"] == receipt.digest
    assert sent.url.endswith(f"/applications/{first.pk}/receipts/{receipt.number}/")


@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_get_unique_sequential_references(public_body, supplier_org, supplier_owner):
    eligible(supplier_org)
    call = open_call(public_body)
    drafts = [(complete_draft(call, supplier_owner), supplier_owner)]
    for n in range(3):
        org = eligible(SupplierOrganisationFactory(name=f"Proveedor {n} SAS", country="CO"))
        user = MembershipFactory(user=UserFactory(email=f"owner{n}@p{n}.co"), organisation=org, role="owner").user
        drafts.append((complete_draft(call, user, supplier=org), user))
    barrier = threading.Barrier(len(drafts))
    errors: list[BaseException] = []

    def submit(application: Application, user: Any) -> None:
        try:
            barrier.wait()
            services.application_submit(application=application, actor=user)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=pair) for pair in drafts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    references = sorted(Application.objects.filter(call=call).values_list("reference", flat=True))
    numbers = [int(REFERENCE.match(r).group(2)) for r in references]  # type: ignore[union-attr]
    assert len(set(references)) == len(drafts)
    assert numbers == list(range(numbers[0], numbers[0] + len(drafts)))


def test_the_call_decides_what_is_required_and_the_api_names_each_missing_part(call, client_for, supplier_owner):
    Call.objects.filter(pk=call.pk).update(requirements=STRICT)
    call.refresh_from_db()
    application = complete_draft(call, supplier_owner, team="", plan="", price=None)
    client = client_for(supplier_owner)
    refused = client.post(f"/api/v1/applications/{application.pk}/submit/", HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 400
    error = refused.json()["error"]
    assert [p["part"] for p in error["missing_parts"]] == ["team", "plan", "price", "file:proposal", "file:budget"]
    assert set(error["fields"]) == {"team", "plan", "price", "files"}
    assert len(error["missing"]) == 5
    eligibility = client.get(f"/api/v1/applications/{application.pk}/eligibility/").json()
    assert eligibility["requirements"]["files"] == ["proposal", "budget"]
    assert len(eligibility["missing_parts"]) == 5
    # fill them in: the files by kind
    services.application_update(application=application, actor=supplier_owner, team="Dos", plan="Tres", price="10")
    assert (
        client.post(f"/api/v1/applications/{application.pk}/files/", {"file": pdf(), "kind": "proposal"}).status_code
        == 201
    )
    still = client.post(f"/api/v1/applications/{application.pk}/submit/").json()["error"]
    assert [p["part"] for p in still["missing_parts"]] == ["file:budget"]
    assert (
        client.post(
            f"/api/v1/applications/{application.pk}/files/", {"file": pdf("b.pdf"), "kind": "budget"}
        ).status_code
        == 201
    )
    receipt = client.post(f"/api/v1/applications/{application.pk}/submit/")
    assert receipt.status_code == 201
    body = receipt.json()
    assert REFERENCE.match(body["reference"])
    assert body["pdf"].endswith(f"/applications/{application.pk}/receipts/1/pdf/")
    assert client.get(f"/api/v1/applications/{application.pk}/").json()["reference"] == body["reference"]
    kinds = sorted(f["kind"] for f in body["manifest"]["content"]["files"])
    assert kinds == ["budget", "proposal"]


def test_a_call_without_requirements_keeps_todays_rule(call, supplier_owner):
    application = complete_draft(call, supplier_owner, team="", plan="")
    assert services.missing_parts(application) == []
    Call.objects.filter(pk=call.pk).update(requirements={"criteria": False, "price": False})
    application = Application.objects.get(pk=application.pk)
    services.application_update(application=application, actor=supplier_owner, price=None, criteria_responses={})
    assert services.missing_parts(Application.objects.get(pk=application.pk)) == []


def test_officers_set_requirements_through_the_api_and_bad_ones_are_refused(public_body, client_for, officer):
    draft = make_call(public_body)
    client = client_for(officer)

    def patch(value: Any) -> Any:
        return client.patch(
            f"/api/v1/calls/{draft.pk}/", json.dumps({"requirements": value}), content_type="application/json"
        )

    for bad in ({"files": ["passport"]}, {"team": "yes"}, {"colour": True}, ["team"]):
        answer = patch(bad)
        assert answer.status_code == 400, bad
        assert "requirements" in answer.json()["error"]["fields"]
    ok = patch({"team": True, "files": ["budget", "proposal"]})
    assert ok.status_code == 200
    assert ok.json()["requirements"] == {
        "criteria": True,
        "price": True,
        "team": True,
        "plan": False,
        "files": ["proposal", "budget"],
    }


def test_the_pages_mark_what_is_required_review_everything_and_refuse_naming_each_part(
    call, client_for, supplier_owner
):
    Call.objects.filter(pk=call.pk).update(requirements=STRICT)
    client = client_for(supplier_owner)
    call_page = client.get(f"/en/opportunities/calls/{call.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    top = call_page.index('id="apply-top"')
    assert top < call_page.index("Questions and answers")  # "Apply" near the top, not only at the bottom
    assert "A file: Detailed budget" in call_page
    application = complete_draft(call, supplier_owner, team="", plan="")
    edit = client.get(f"/en/applications/{application.pk}/edit/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Team (required)" in edit
    assert "Work plan (required)" in edit
    assert 'aria-required="true"' in edit
    detail = client.get(f"/en/applications/{application.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert detail.index('id="files"') < detail.index(f"/applications/{application.pk}/review/")
    assert f'action="/en/applications/{application.pk}/submit/"' not in detail  # the submit is on the review
    review = client.get(f"/en/applications/{application.pk}/review/", HTTP_ACCEPT_LANGUAGE="en")
    text = review.content.decode()
    assert review.status_code == 200
    with translation.override("en"):
        assert services.deadline_text(call) in text
    for part in ("Describe the team.", "Give the work plan.", "Attach a file: Technical proposal."):
        assert part in text
    assert "Semáforos que aprenden" in text
    refused = client.post(f"/en/applications/{application.pk}/submit/", HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 400
    body = refused.content.decode()
    for part in ("team", "plan", "file:proposal", "file:budget"):
        assert f'data-part="{part}"' in body
    assert Application.objects.get(pk=application.pk).status == Application.Status.DRAFT


def test_the_receipt_page_and_its_pdf_for_the_applicants_members_only(
    call, client_for, supplier_org, supplier_owner, supplier_member, officer, outsider
):
    supplier_org.name = "Łódź Tecnologia"
    supplier_org.save(update_fields=["name"])
    application = complete_draft(call, supplier_owner, title="Ñandú para São João")
    client = client_for(supplier_owner)
    assert (
        client.post(
            f"/en/applications/{application.pk}/files/", {"file": pdf("Ñandú.pdf"), "kind": "proposal"}
        ).status_code
        == 302
    )
    submitted = client.post(f"/en/applications/{application.pk}/submit/")
    application.refresh_from_db()
    assert submitted["Location"].endswith(f"/applications/{application.pk}/receipts/1/")
    page = client.get(submitted["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    receipt = application.receipts.get()
    assert application.reference in page
    assert receipt.digest in page
    assert f"/applications/{application.pk}/receipts/1/pdf/" in page
    for member in (supplier_owner, supplier_member):
        answer = client_for(member).get(f"/en/applications/{application.pk}/receipts/1/pdf/")
        assert answer.status_code == 200
        assert answer["Content-Type"] == "application/pdf"
        text = pdf_text(answer.content)
        lines = text.splitlines()
        assert "Łódź Tecnologia" in lines
        assert "Ñandú para São João" in lines
        assert "Ñandú.pdf" in lines
        assert receipt.digest in text
        assert application.reference in text
    for stranger in (officer, outsider):
        assert client_for(stranger).get(f"/en/applications/{application.pk}/receipts/1/pdf/").status_code == 404


def test_the_officer_call_form_reads_and_writes_the_requirements(public_body):
    draft = make_call(public_body, requirements={"team": True, "files": ["legal"]})
    initial = CallForm.initial_from(draft)
    assert (initial["require_criteria"], initial["require_team"], initial["require_plan"]) == (True, True, False)
    assert initial["required_files"] == ["legal"]
    form = CallForm(initial=initial)
    form.cleaned_data = {"title": "x", "require_price": True, "require_plan": True, "required_files": ["budget"]}
    assert form.to_service()["requirements"] == {
        "criteria": False,
        "price": True,
        "team": False,
        "plan": True,
        "files": ["budget"],
    }
    assert "required_files" in CallForm().fields
