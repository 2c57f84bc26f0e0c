"""The award pages per persona, the debrief e-mail through real SMTP, the public API and the indicator."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from govtech.notifications import delivery
from govtech.notifications.models import Notification
from procurement.awards import services
from procurement.awards.models import Award, Complaint, Decision
from procurement.awards.services import AwardLine
from recommendations.indicators import IndicatorQuery
from recommendations.indicators.awards import award_share_startups, median_days_call_to_contract, pilots_to_contracts
from tests.conftest import PERSONAS
from tests.procurement.factories import end_standstill, scored_call, second_supplier


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """Messages are asserted in English: URLs reversed under /en/, services speaking English."""
    with translation.override("en"):
        yield


@pytest.fixture
def decided(public_body: Any, approver: Any, evaluator: Any, supplier_org: Any, supplier_owner: Any) -> Any:
    other, other_user = second_supplier()
    call, (winner, loser) = scored_call(
        public_body, approver, evaluator, [(supplier_org, supplier_owner), (other, other_user)], [(8, 6), (5, 9)]
    )
    decision = services.decision_take(
        call=call,
        actor=approver,
        outcome="awarded",
        justification="La mejor",
        awards=[AwardLine(winner.pk, "85000", "COP")],
    )
    return decision, winner, loser, other_user


def test_the_approver_decides_on_the_page(
    public_body: Any, approver: Any, evaluator: Any, supplier_org: Any, supplier_owner: Any, client_for: Any
) -> None:
    other, other_user = second_supplier()
    call, (winner, _loser) = scored_call(
        public_body, approver, evaluator, [(supplier_org, supplier_owner), (other, other_user)], [(8, 6), (5, 9)]
    )
    client = client_for(approver)
    url = reverse("awards:decide", args=[call.pk])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert b"Datos Abiertos SAS" in page.content
    bad = client.post(
        url,
        {
            "outcome": "awarded",
            "justification": "x",
            f"award_{winner.pk}": "on",
            f"amount_{winner.pk}": "-3",
            f"currency_{winner.pk}": "COP",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert bad.status_code == 400
    assert b"greater than zero" in bad.content
    assert not Decision.objects.exists()
    done = client.post(
        url,
        {
            "outcome": "awarded",
            "justification": "La mejor",
            f"award_{winner.pk}": "on",
            f"amount_{winner.pk}": "85000",
            f"currency_{winner.pk}": "COP",
        },
    )
    decision = Decision.objects.get()
    assert done.status_code == 302
    assert done["Location"].endswith(reverse("awards:decision", args=[decision.pk]))
    again = client.post(url, {"outcome": "unsuccessful", "justification": "otra vez"}, HTTP_ACCEPT_LANGUAGE="en")
    assert again.status_code in (400, 409)
    report = client.get(reverse("awards:report", args=[decision.pk]))
    assert report.status_code == 200
    assert report["Content-Type"] == "application/pdf"
    assert b"".join(report.streaming_content).startswith(b"%PDF-")


@pytest.mark.parametrize("persona_name", PERSONAS)
def test_who_sees_what(decided: Any, persona_name: str, persona: Any, client_for: Any) -> None:
    decision, winner, _loser, _other = decided
    user = persona(persona_name)
    client = client_for(user)
    call = decision.call
    award = decision.awards.get()
    expected = {
        # page: personas who get 200 (the others: 302 to log in when anonymous, 403 or 404)
        reverse("awards:public"): set(PERSONAS),
        reverse("awards:decide", args=[call.pk]): {"approver"},
        reverse("awards:decision", args=[decision.pk]): {"officer", "approver", "auditor", "admin"},
        reverse("awards:report", args=[decision.pk]): {"officer", "approver", "auditor", "admin"},
        reverse("awards:debrief", args=[winner.pk]): {"supplier_owner", "supplier_member"},
        reverse("awards:award", args=[award.pk]): {
            "officer",
            "approver",
            "auditor",
            "admin",
            "supplier_owner",
            "supplier_member",
        },
    }
    for url, allowed in expected.items():
        got = client.get(url)
        if persona_name in allowed:
            assert got.status_code == 200, (url, persona_name, got.status_code)
        else:
            assert got.status_code in (302, 403, 404), (url, persona_name, got.status_code)
            if persona_name == "anonymous" and url != reverse("awards:public"):
                assert got.status_code == 302


def test_complaint_pages_for_both_parties(
    decided: Any, officer: Any, supplier_owner: Any, outsider: Any, client_for: Any
) -> None:
    _decision, winner, _loser, other_user = decided
    client = client_for(supplier_owner)
    debrief = client.get(reverse("awards:debrief", args=[winner.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert b"Innovaci\xc3\xb3n 8: buena idea" in debrief.content
    assert b"File the complaint" in debrief.content
    disguised = SimpleUploadedFile("anexo.pdf", b"MZ\x90\x00 this is a program", content_type="application/pdf")
    bad = client.post(
        reverse("awards:debrief", args=[winner.pk]),
        {"grounds": "x", "documents": [disguised]},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert bad.status_code == 400
    assert b"not accepted" in bad.content
    pdf = SimpleUploadedFile("anexo.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    filed = client.post(reverse("awards:debrief", args=[winner.pk]), {"grounds": "Monto bajo", "documents": [pdf]})
    complaint = Complaint.objects.get()
    assert filed.status_code == 302
    url = reverse("awards:complaint", args=[complaint.pk])
    assert client_for(outsider).get(url).status_code == 404
    assert client_for(other_user).get(url).status_code == 404  # another applicant is not a party
    doc = complaint.documents.get()
    assert client_for(officer).get(reverse("awards:complaint_document", args=[complaint.pk, doc.pk])).status_code == 200
    assert client.post(url, {"answer": "reject", "response": "No"}).status_code == 403
    answered = client_for(officer).post(
        url, {"answer": "reject", "response": "El monto es el ofertado", "declaration": "on"}
    )
    assert answered.status_code == 302
    assert Complaint.objects.get().status == Complaint.Status.REJECTED
    assert b"El monto es el ofertado" in client.get(url).content


def test_contract_and_milestones_on_the_page(decided: Any, officer: Any, supplier_owner: Any, client_for: Any) -> None:
    decision, _winner, _loser, _ = decided
    award = decision.awards.get()
    url = reverse("awards:award_action", args=[award.pk, "sign"])
    early = client_for(officer).post(url, {}, HTTP_ACCEPT_LANGUAGE="en")
    assert early.status_code == 409
    assert b"standstill period runs until" in early.content
    end_standstill(decision)
    assert client_for(supplier_owner).post(url, {}).status_code == 403
    assert client_for(officer).post(url, {}).status_code == 302
    due = (datetime.date.today() + datetime.timedelta(days=30)).isoformat()
    added = client_for(officer).post(
        reverse("awards:award_action", args=[award.pk, "milestone"]), {"name": "Piloto en 3 cruces", "due_date": due}
    )
    assert added.status_code == 302
    milestone = award.milestones.get()
    moved = client_for(officer).post(reverse("awards:milestone_status", args=[milestone.pk]), {"status": "late"})
    assert moved.status_code == 302
    page = client_for(supplier_owner).get(reverse("awards:award", args=[award.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert b"Piloto en 3 cruces" in page.content
    assert b"Late" in page.content
    assert (
        client_for(officer).post(reverse("awards:award_action", args=[award.pk, "became-contract"])).status_code == 302
    )
    values = pilots_to_contracts(IndicatorQuery())
    assert [(v.country, v.value) for v in values] == [("CO", 100.0)]
    assert [(v.country, v.value) for v in median_days_call_to_contract(IndicatorQuery(country="co"))] == [("CO", 0.0)]
    assert [v.country for v in award_share_startups(IndicatorQuery())] == ["CO"]
    assert median_days_call_to_contract(IndicatorQuery(country="BR")) == []


def test_public_awards_page_and_api(decided: Any, client_for: Any, anonymous: Any) -> None:
    decision, winner, _loser, _ = decided
    client = client_for(anonymous)
    page = client.get(reverse("awards:public"), {"call": decision.call_id})
    assert page.status_code == 200
    assert b"Datos Abiertos SAS" in page.content
    assert client.get(reverse("awards:public"), {"call": "x"}).status_code == 400
    call_page = client.get(reverse("procurement:call", args=[decision.call_id]))
    assert reverse("awards:public").encode() in call_page.content
    api = client.get("/api/v1/awards/", {"supplier": winner.supplier_id})
    assert api.status_code == 200
    body = api.json()
    assert body["count"] == 1
    row = body["results"][0]
    assert (row["supplier_name"], row["amount"], row["currency"]) == ("Datos Abiertos SAS", "85000.00", "COP")
    assert client.get("/api/v1/awards/", {"body": "nope"}).status_code == 400
    assert client.get("/api/v1/awards/", {"body": decision.call.body_id + 1000}).json()["count"] == 0


def test_the_debrief_e_mail_goes_through_real_smtp(decided: Any, smtp_server: Any, supplier_owner: Any) -> None:
    ids = list(Notification.objects.filter(kind="outcome", channel="email").values_list("pk", flat=True))
    assert ids
    delivery.deliver("email", ids)
    messages = smtp_server.wait_for(len(ids))
    mine = [m for m in messages if m["To"] == supplier_owner.email]
    assert len(mine) == 1
    text = mine[0].get_body(preferencelist=("plain",)).get_content()
    assert "innovation (60 %): 8.00/10" in text
    assert "Innovación 8: buena idea" in text
    assert f"/awards/applications/{decided[1].pk}/" in text


def test_the_api_journey(
    decided: Any, approver: Any, officer: Any, supplier_owner: Any, outsider: Any, client_for: Any
) -> None:
    decision, _winner, loser, other_user = decided
    assert client_for(outsider).get("/api/v1/decisions/").json()["count"] == 0
    assert (
        client_for(officer).get(f"/api/v1/decisions/{decision.pk}/").json()["report_sha256"] == decision.report_sha256
    )
    twice = client_for(approver).post(
        "/api/v1/decisions/",
        {"call": decision.call_id, "outcome": "unsuccessful", "justification": "x"},
        content_type="application/json",
    )
    assert twice.status_code == 409
    filed = client_for(other_user).post(
        "/api/v1/complaints/", {"application": loser.pk, "grounds": "Mi precio"}, content_type="application/json"
    )
    assert filed.status_code == 201, filed.content
    cid = filed.json()["id"]
    assert client_for(supplier_owner).get(f"/api/v1/complaints/{cid}/").status_code == 404
    upheld = client_for(officer).post(
        f"/api/v1/complaints/{cid}/answer/",
        {"answer": "uphold", "response": "Sí", "declaration": True},
        content_type="application/json",
    )
    assert upheld.status_code == 200
    assert upheld.json()["status"] == "upheld"
    assert client_for(outsider).get("/api/v1/awards/").json()["count"] == 0
    assert not Award.objects.public().exists()


@pytest.mark.parametrize("persona_name", PERSONAS)
def test_who_may_use_the_api(decided: Any, persona_name: str, persona: Any, client_for: Any) -> None:
    decision, _winner, _loser, _other = decided
    client = client_for(persona(persona_name))
    award = decision.awards.get()
    readers = {"officer", "approver", "auditor", "admin"}
    got = client.get(f"/api/v1/decisions/{decision.pk}/")
    if persona_name in readers:
        assert got.status_code == 200
    else:
        assert got.status_code in ({401, 403} if persona_name == "anonymous" else {404})
    assert client.get(f"/api/v1/awards/{award.pk}/").status_code == 200  # public
    milestones = client.get(f"/api/v1/awards/{award.pk}/milestones/")
    followers = readers | {"supplier_owner", "supplier_member"}
    assert milestones.status_code == (200 if persona_name in followers else milestones.status_code)
    if persona_name not in followers:
        assert milestones.status_code in (401, 403, 404)
    signed = client.post(f"/api/v1/awards/{award.pk}/sign/", {}, content_type="application/json")
    if persona_name in ("officer", "approver"):
        assert signed.status_code == 409  # the standstill runs
    else:
        assert signed.status_code in (401, 403, 404)
    again = client.post(
        "/api/v1/decisions/",
        {"call": decision.call_id, "outcome": "unsuccessful", "justification": "x"},
        content_type="application/json",
    )
    assert again.status_code == (409 if persona_name == "approver" else again.status_code)
    assert again.status_code in (401, 403, 404, 409)


def test_value_shares_match_a_hand_computation_per_currency(
    public_body: Any, approver: Any, evaluator: Any, supplier_org: Any, supplier_owner: Any
) -> None:
    """An SME startup wins 30,000 COP and a large firm 70,000 COP: 30% of the value, 50% of the count."""
    from startups.models import Supplier
    from tests.startups.factories import SupplierFactory

    other, other_user = second_supplier()
    SupplierFactory(organisation=supplier_org, size_class=Supplier.SizeClass.SMALL, innovative=True, year_founded=2024)
    SupplierFactory(organisation=other, size_class=Supplier.SizeClass.LARGE, innovative=False, year_founded=1990)
    call, (small, large) = scored_call(
        public_body, approver, evaluator, [(supplier_org, supplier_owner), (other, other_user)], [(8, 6), (5, 9)]
    )
    services.decision_take(
        call=call,
        actor=approver,
        outcome="awarded",
        justification="Dos lotes",
        awards=[AwardLine(small.pk, "30000", "COP"), AwardLine(large.pk, "70000", "COP")],
    )
    from recommendations.indicators.awards import award_share_smes, award_value_share_smes, award_value_share_startups

    def rows(values: list[Any]) -> list[tuple[str, str, float | None]]:
        return [(v.country, v.category, v.value) for v in values]

    assert rows(award_value_share_smes(IndicatorQuery())) == [("CO", "COP", 30.0)]
    assert rows(award_value_share_startups(IndicatorQuery(country="co"))) == [("CO", "COP", 30.0)]
    assert [v.value for v in award_share_smes(IndicatorQuery())] == [50.0]
    assert award_value_share_smes(IndicatorQuery(country="BR")) == []
    # a second currency is a second breakdown row, never added to the pesos
    Award.objects.filter(application=large).update(currency="USD")
    assert rows(award_value_share_smes(IndicatorQuery())) == [("CO", "COP", 100.0), ("CO", "USD", 0.0)]


def test_with_many_applicants_the_best_ranked_award_fields_show_first_and_the_rest_on_request(
    public_body: Any, approver: Any, evaluator: Any, supplier_org: Any, supplier_owner: Any, client_for: Any
) -> None:
    """A call with hundreds of applicants rendered 1,500 award widgets (seconds): the best-ranked ones' fields show,
    the others on request (issue 26); the received list is paginated for the same reason."""
    other, other_user = second_supplier()
    call, (first, second) = scored_call(
        public_body, approver, evaluator, [(supplier_org, supplier_owner), (other, other_user)], [(3, 3), (9, 9)]
    )
    client = client_for(approver)
    url = reverse("awards:decide", args=[call.pk])
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("procurement.awards.views.AWARD_FIELDS_SHOWN", 1)
        page = client.get(url).content.decode()
        assert f'name="award_{second.pk}"' in page  # the best-ranked
        assert f'name="award_{first.pk}"' not in page
        assert "Show the fields of the other applicant" in page
        assert f'name="award_{first.pk}"' in client.get(url + "?all=1").content.decode()
        # a form sent back with an error keeps every candidate's fields, so any of them can be awarded
        returned = client.post(url, {"outcome": "awarded", "justification": ""}).content.decode()
        assert f'name="award_{first.pk}"' in returned
        assert f'name="award_{second.pk}"' in returned
        # the decision page's ranking table comes in pages too
        patch.setattr("procurement.awards.views.RANKING_ROWS_PER_PAGE", 1)
        ranked = client.get(url).content.decode().split("</table>", 1)[0]
        assert "Page 1 of 2" in client.get(url).content.decode()
        assert "Datos Abiertos SAS" not in ranked.split("<tbody", 1)[1]
        second_page = client.get(url + "?page=2").content.decode().split("</table>", 1)[0]
        assert "Datos Abiertos SAS" in second_page.split("<tbody", 1)[1]
        assert '<td class="govuk-table__cell">2</td>' in second_page
        patch.setattr("procurement.applications.views.RECEIVED_PER_PAGE", 1)
        received = reverse("applications:received", args=[call.pk])
        one = client.get(received).content.decode()
        assert "Page 1 of 2" in one
        assert client.get(received + "?page=2").status_code == 200
        patch.setattr("procurement.evaluation.views.BOARD_ROWS_PER_PAGE", 1)
        patch.setattr("procurement.evaluation.views.BOARD_CHART_ROWS", 1)
        board = reverse("evaluation:board", args=[call.pk])
        first_page = client.get(board).content.decode()
        assert "Page 1 of 2" in first_page
        assert "One bar for each of the 1 best-ranked applicants" in first_page
        assert "Datos Abiertos SAS" not in first_page.split("Ranking", 1)[1].split("</table>", 1)[0]
        assert "Datos Abiertos SAS" in client.get(board + "?page=2").content.decode()


def test_the_decision_page_reads_its_candidates_ids_and_names_and_nothing_row_by_row(
    public_body: Any, approver: Any, evaluator: Any, supplier_org: Any, supplier_owner: Any, client_for: Any
) -> None:
    """The page lists each candidate by its organisation's name (``selectors.candidates_named``): a field it
    did not read, touched by the page or the form, would be read again once per applicant (500 queries) (#19)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    other, other_user = second_supplier()
    call, (first, second) = scored_call(
        public_body, approver, evaluator, [(supplier_org, supplier_owner), (other, other_user)], [(3, 3), (9, 9)]
    )
    client = client_for(approver)
    url = reverse("awards:decide", args=[call.pk])
    for send in (client.get, lambda u: client.post(u, {"outcome": "awarded", "justification": ""})):
        with CaptureQueriesContext(connection) as ctx:
            page = send(url).content.decode()
        row = re.compile(r'WHERE "(applications_application|accounts_organisation)"\."id" = \d+ LIMIT 21')
        one_by_one = [q["sql"] for q in ctx.captured_queries if row.search(q["sql"])]  # a deferred field's read
        assert not one_by_one, one_by_one
        for application in (first, second):
            assert f'name="amount_{application.pk}"' in page
            assert page.count(application.supplier.name) >= 2  # in the ranking and on the form
