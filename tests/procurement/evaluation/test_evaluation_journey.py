"""The evaluation through the pages and the API: bad input answers clearly, the blind round hides names."""

from __future__ import annotations

import pytest

from procurement.applications.models import Application
from procurement.evaluation import services
from procurement.evaluation.models import Declaration, PanelMember, Score
from tests.procurement.evaluation.evaluation_helpers import body_evaluator, scene

pytestmark = pytest.mark.django_db


@pytest.fixture
def make_scene(public_body, supplier_org, other_supplier_org, supplier_owner, outsider, approver, evaluator):
    def make(**kwargs):
        return scene(
            body=public_body,
            supplier=supplier_org,
            other=other_supplier_org,
            supplier_user=supplier_owner,
            other_user=outsider,
            approver=approver,
            evaluator=evaluator,
            **kwargs,
        )

    return make


def api(client, path, data, method="post"):
    return getattr(client, method)(
        f"/api/v1/evaluations/{path}", data, content_type="application/json", HTTP_ACCEPT="application/json"
    )


# --- API ---


def test_the_api_journey_declare_score_submit_rank(make_scene, client_for, evaluator, approver):
    s = make_scene()
    client = client_for(evaluator)
    listed = client.get("/api/v1/evaluations/").json()
    assert [a["call"] for a in listed] == [s.call.pk]
    assert listed[0]["progress"]["declarations_missing"] == 2
    assert api(client, f"{s.call.pk}/declarations/", {"application": s.mine.pk, "conflict": False}).status_code == 201
    got = api(client, f"{s.call.pk}/declarations/", {"application": s.theirs.pk, "conflict": True})
    assert got.status_code == 400
    assert "statement" in got.json()["error"]["fields"]
    got = api(
        client,
        f"{s.call.pk}/declarations/",
        {"application": s.theirs.pk, "conflict": True, "statement": "Former employer"},
    )
    assert got.status_code == 201
    for criterion, value in (("innovation", "8"), ("price", "6.5")):
        got = api(
            client,
            f"{s.call.pk}/scores/",
            {"application": s.mine.pk, "criterion": criterion, "score": value, "justification": "Clear plan"},
            method="put",
        )
        assert got.status_code == 200, got.json()
    read = client.get(f"/api/v1/evaluations/{s.call.pk}/applications/{s.mine.pk}/").json()
    assert read["solution"] == s.mine.solution
    assert [x["criterion"] for x in read["scores"]] == ["innovation", "price"]
    assert api(client, f"{s.call.pk}/submit/", {}).json()["progress"]["submitted"] is True
    ranking = client_for(approver).get(f"/api/v1/evaluations/{s.call.pk}/ranking/").json()
    assert ranking["rows"][0]["application"] == s.mine.pk
    assert ranking["rows"][0]["total"] == "74.00"  # 60*0.8 + 40*0.65
    assert ranking["complete"] is True


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"score": "11"}, "score"),
        ({"score": "-1"}, "score"),
        ({"score": "5.555"}, "score"),
        ({"justification": ""}, "justification"),
        ({"criterion": "beauty"}, "criterion"),
        ({"application": 999999}, "application"),
    ],
)
def test_bad_scores_are_400s_naming_the_field(make_scene, client_for, evaluator, payload, field):
    s = make_scene()
    services.declaration_sign(member=s.seat, application=s.mine, actor=evaluator, conflict=False)
    data = {"application": s.mine.pk, "criterion": "innovation", "score": "5", "justification": "ok"} | payload
    got = api(client_for(evaluator), f"{s.call.pk}/scores/", data)
    assert got.status_code == 400
    assert field in got.json()["error"]["fields"]
    assert not Score.objects.exists()


def test_scoring_without_declaring_twice_declaring_and_scoring_a_recusal(make_scene, client_for, evaluator):
    s = make_scene()
    client = client_for(evaluator)
    data = {"application": s.mine.pk, "criterion": "innovation", "score": "5", "justification": "ok"}
    assert api(client, f"{s.call.pk}/scores/", data).status_code == 409
    assert (
        api(
            client, f"{s.call.pk}/declarations/", {"application": s.mine.pk, "conflict": True, "statement": "Cousin"}
        ).status_code
        == 201
    )
    again = api(client, f"{s.call.pk}/declarations/", {"application": s.mine.pk, "conflict": False})
    assert again.status_code == 409
    assert again.json()["error"]["message"] == str(services.MSG_ALREADY_SIGNED)
    assert api(client, f"{s.call.pk}/scores/", data).status_code == 403
    assert client.get(f"/api/v1/evaluations/{s.call.pk}/applications/{s.mine.pk}/").status_code == 404


def test_the_approver_manages_the_panel_through_the_api(make_scene, client_for, approver, public_body):
    s = make_scene()
    client = client_for(approver)
    second = body_evaluator(public_body, "e2@movilidad.gov.co")
    got = api(client, f"{s.call.pk}/panel/members/", {"user": second.pk})
    assert got.status_code == 201
    assert len(got.json()["members"]) == 2
    assert api(client, f"{s.call.pk}/panel/members/", {"user": second.pk}).status_code == 409
    member = PanelMember.objects.get(user=second)
    assert api(client, f"{s.call.pk}/panel/members/{member.pk}/remove/", {"reason": ""}).status_code == 400
    assert api(client, f"{s.call.pk}/panel/members/{member.pk}/remove/", {"reason": "Left"}).status_code == 200
    got = api(
        client, f"{s.call.pk}/panel/", {"scale_max": 0, "disagreement_threshold": "1", "blind_first_round": False}
    )
    assert got.status_code == 400
    got = api(client, f"{s.call.pk}/panel/", {"scale_max": 5, "disagreement_threshold": "1", "blind_first_round": True})
    assert got.json()["scale_max"] == 5


# --- blind round ---


def test_the_blind_round_hides_names_from_the_evaluator_until_revealed(
    make_scene, client_for, evaluator, approver, supplier_org
):
    s = make_scene(blind_first_round=True)
    # the content is the supplier's own text: a blind round asks them not to name themselves in it
    Application.objects.filter(pk=s.mine.pk).update(title="Semáforos que aprenden")
    services.declaration_sign(member=s.seat, application=s.mine, actor=evaluator, conflict=False)
    client = client_for(evaluator)
    page = client.get(f"/es/evaluation/calls/{s.call.pk}/applications/{s.mine.pk}/").content.decode()
    assert supplier_org.name not in page
    assert s.mine.solution in page
    detail = client.get(f"/api/v1/evaluations/{s.call.pk}/").json()
    assert detail["names_hidden"] is True
    assert detail["to_score"][0]["name"] is None
    assert detail["to_score"][0]["label"][-1].isdigit()
    assert client.get(f"/api/v1/evaluations/{s.call.pk}/applications/{s.mine.pk}/").json()["name"] is None
    # the board shows the body the names all along
    assert supplier_org.name in client_for(approver).get(f"/es/evaluation/calls/{s.call.pk}/board/").content.decode()
    services.panel_reveal_names(call=s.call, actor=approver, reason="Evaluator on leave")
    page = client.get(f"/es/evaluation/calls/{s.call.pk}/applications/{s.mine.pk}/").content.decode()
    assert supplier_org.name in page


# --- pages ---


def test_the_evaluator_declares_and_scores_on_the_pages(make_scene, client_for, evaluator):
    s = make_scene()
    client = client_for(evaluator)
    base = f"/en/evaluation/calls/{s.call.pk}"
    page = client.get(f"{base}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Declarations missing: 2" in page
    got = client.post(f"{base}/declarations/{s.theirs.pk}/", {f"a{s.theirs.pk}-decision": "conflict"})
    assert got.status_code == 400
    assert "Explain your conflict of interest." in got.content.decode()
    got = client.post(f"{base}/declarations/{s.mine.pk}/", {f"a{s.mine.pk}-decision": "no_conflict"})
    assert got.status_code == 302
    assert Declaration.objects.get(application=s.mine).conflict is False
    url = f"{base}/applications/{s.mine.pk}/"
    got = client.post(url, {"score_0": "12", "justification_0": "x", "score_1": "5", "justification_1": ""})
    assert got.status_code == 400
    body = got.content.decode()
    assert "govuk-error-summary" in body
    assert "Justify the score." in body
    assert not Score.objects.exists()  # nothing half-written
    got = client.post(url, {"score_0": "8", "justification_0": "Novel", "score_1": "5", "justification_1": "Fair"})
    assert got.status_code == 302
    assert Score.objects.count() == 2
    got = client.post(f"{base}/submit/")
    assert got.status_code == 400  # the other applicant is not declared yet
    client.post(
        f"{base}/declarations/{s.theirs.pk}/",
        {f"a{s.theirs.pk}-decision": "conflict", f"a{s.theirs.pk}-statement": "Former employer"},
    )
    assert client.post(f"{base}/submit/").status_code == 302
    assert PanelMember.objects.get(pk=s.seat.pk).submitted_at is not None
    assert "My assignments" in client.get("/en/evaluation/", HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_the_board_shows_the_ranking_flags_and_who_has_finished(make_scene, client_for, approver, public_body):
    s = make_scene(disagreement_threshold="1")
    second = services.panel_member_add(
        call=s.call, user=body_evaluator(public_body, "e2@movilidad.gov.co"), actor=approver
    )
    for seat, value in ((s.seat, 9), (second, 4)):
        services.declaration_sign(member=seat, application=s.mine, actor=seat.user, conflict=False)
        services.score_record(
            member=seat, application=s.mine, criterion="innovation", score=value, justification="j", actor=seat.user
        )
    page = client_for(approver).get(f"/en/evaluation/calls/{s.call.pk}/board/").content.decode()
    assert "Disagreement" in page
    assert "Scores are still missing" in page
    assert "Name an evaluator" in page  # the approver's forms
    got = client_for(approver).post(
        f"/en/evaluation/calls/{s.call.pk}/board/members/{second.pk}/remove/", {"reason": ""}
    )
    assert got.status_code == 400
    got = client_for(approver).post(
        f"/en/evaluation/calls/{s.call.pk}/board/settings/", {"scale_max": "5", "disagreement_threshold": "1"}
    )
    assert got.status_code == 409  # the scale is locked once scoring started


def test_the_officer_call_page_links_the_board(make_scene, client_for, officer):
    s = make_scene()
    page = client_for(officer).get(f"/en/opportunities/manage/calls/{s.call.pk}/").content.decode()
    assert f"/en/evaluation/calls/{s.call.pk}/board/" in page


def test_the_home_page_shows_the_evaluator_their_assignments(make_scene, client_for, evaluator):
    s = make_scene()
    page = client_for(evaluator).get("/en/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f"/en/evaluation/calls/{s.call.pk}/" in page
