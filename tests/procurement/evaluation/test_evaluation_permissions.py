"""Who reaches which evaluation page and endpoint, before and after the opening.

Roles: the applicant supplier, another supplier, the body's officer and approver, an evaluator on the panel
(declared no conflict), an evaluator on the panel who recused from the application, an evaluator of the body not on
the panel, a portal admin, and anonymous. 404 = not visible, 403 = not allowed, 302 = sign in first.
"""

from __future__ import annotations

import pytest

from procurement.evaluation import services
from tests.procurement.evaluation.evaluation_helpers import body_evaluator, open_now, scene

pytestmark = pytest.mark.django_db

ROLES = ["supplier_owner", "outsider", "officer", "approver", "evaluator", "recused", "unseated", "admin", "anonymous"]
ANON = {302}
API_ANON = {401, 403}

# (page or endpoint, {role: status} after the opening, {role: status} before it where different)
PAGES = {
    "assignments": (dict.fromkeys(ROLES, 200) | {"anonymous": 302}, {}),
    "call": (
        {
            "supplier_owner": 403,
            "outsider": 403,
            "officer": 403,
            "approver": 403,
            "evaluator": 200,
            "recused": 200,
            "unseated": 403,
            "admin": 403,
            "anonymous": 302,
        },
        {},
    ),
    "application": (
        {
            "supplier_owner": 403,
            "outsider": 403,
            "officer": 403,
            "approver": 403,
            "evaluator": 200,
            "recused": 404,
            "unseated": 403,
            "admin": 403,
            "anonymous": 302,
        },
        {"evaluator": 404},
    ),
    "board": (
        {
            "supplier_owner": 403,
            "outsider": 403,
            "officer": 200,
            "approver": 200,
            "evaluator": 403,
            "recused": 403,
            "unseated": 403,
            "admin": 403,  # site roles hold no body's powers
            "anonymous": 302,
        },
        {},
    ),
}
API = {
    "list": (dict.fromkeys(ROLES, 200) | {"anonymous": 401}, {}),
    "detail": (
        {
            "supplier_owner": 403,
            "outsider": 403,
            "officer": 403,
            "approver": 403,
            "evaluator": 200,
            "recused": 200,
            "unseated": 403,
            "admin": 403,
            "anonymous": 401,
        },
        {},
    ),
    "application": (
        {
            "supplier_owner": 403,
            "outsider": 403,
            "officer": 403,
            "approver": 403,
            "evaluator": 200,
            "recused": 404,
            "unseated": 403,
            "admin": 403,
            "anonymous": 401,
        },
        {"evaluator": 404},
    ),
    "ranking": (
        {
            "supplier_owner": 403,
            "outsider": 403,
            "officer": 200,
            "approver": 200,
            "evaluator": 403,
            "recused": 403,
            "unseated": 403,
            "admin": 403,  # site roles hold no body's powers
            "anonymous": 401,
        },
        {"officer": 409, "approver": 409},
    ),
    "panel": (
        {
            "supplier_owner": 403,
            "outsider": 403,
            "officer": 200,
            "approver": 200,
            "evaluator": 403,
            "recused": 403,
            "unseated": 403,
            "admin": 403,  # site roles hold no body's powers
            "anonymous": 401,
        },
        {},
    ),
}


@pytest.fixture
def world(
    public_body,
    supplier_org,
    other_supplier_org,
    supplier_owner,
    outsider,
    officer,
    approver,
    evaluator,
    admin,
    anonymous,
):
    """Returns ``build(opened)``: the scene, the users by role."""

    def build(opened: bool):
        s = scene(
            body=public_body,
            supplier=supplier_org,
            other=other_supplier_org,
            supplier_user=supplier_owner,
            other_user=outsider,
            approver=approver,
            evaluator=evaluator,
            opened=False,
        )
        recused = body_evaluator(public_body, "recused@movilidad.gov.co")
        unseated = body_evaluator(public_body, "unseated@movilidad.gov.co")
        recused_seat = services.panel_member_add(call=s.call, user=recused, actor=approver)
        if opened:
            open_now(s.call, approver)
            services.declaration_sign(member=s.seat, application=s.mine, actor=evaluator, conflict=False)
            services.declaration_sign(
                member=recused_seat, application=s.mine, actor=recused, conflict=True, statement="I advised them"
            )
        users = {
            "supplier_owner": supplier_owner,
            "outsider": outsider,
            "officer": officer,
            "approver": approver,
            "evaluator": evaluator,
            "recused": recused,
            "unseated": unseated,
            "admin": admin,
            "anonymous": anonymous,
        }
        return s, users

    return build


def page_url(name: str, s) -> str:
    c, a = s.call.pk, s.mine.pk
    return {
        "assignments": "/es/evaluation/",
        "call": f"/es/evaluation/calls/{c}/",
        "application": f"/es/evaluation/calls/{c}/applications/{a}/",
        "board": f"/es/evaluation/calls/{c}/board/",
    }[name]


def api_url(name: str, s) -> str:
    c, a = s.call.pk, s.mine.pk
    return {
        "list": "/api/v1/evaluations/",
        "detail": f"/api/v1/evaluations/{c}/",
        "application": f"/api/v1/evaluations/{c}/applications/{a}/",
        "ranking": f"/api/v1/evaluations/{c}/ranking/",
        "panel": f"/api/v1/evaluations/{c}/panel/",
    }[name]


@pytest.mark.parametrize("opened", [True, False], ids=["after-opening", "before-opening"])
def test_every_role_on_every_evaluation_page(world, client_for, opened):
    s, users = world(opened)
    problems = []
    for name, (after, before) in PAGES.items():
        expected = after | (before if not opened else {})
        for role in ROLES:
            got = client_for(users[role]).get(page_url(name, s)).status_code
            if got != expected[role]:
                problems.append(f"{name} as {role}: {got}, expected {expected[role]}")
    assert not problems, problems


@pytest.mark.parametrize("opened", [True, False], ids=["after-opening", "before-opening"])
def test_every_role_on_every_evaluation_endpoint(world, client_for, opened):
    s, users = world(opened)
    problems = []
    for name, (after, before) in API.items():
        expected = after | (before if not opened else {})
        for role in ROLES:
            response = client_for(users[role]).get(api_url(name, s), HTTP_ACCEPT="application/json")
            allowed = API_ANON if expected[role] == 401 else {expected[role]}
            if response.status_code not in allowed:
                problems.append(f"{name} as {role}: {response.status_code}, expected {expected[role]}")
            elif response.status_code >= 400:
                assert response.json()["error"]["status"] == response.status_code
    assert not problems, problems


def test_nothing_of_the_applicants_reaches_the_evaluator_before_the_opening(world, client_for):
    s, users = world(False)
    client = client_for(users["evaluator"])
    page = client.get(page_url("call", s)).content.decode()
    assert s.mine.supplier.name not in page
    assert s.theirs.supplier.name not in page
    detail = client.get(api_url("detail", s)).json()
    assert detail["applicants"] == []
    assert detail["opened"] is False


def test_the_recused_evaluator_sees_the_name_to_declare_but_never_the_content(world, client_for):
    s, users = world(True)
    client = client_for(users["recused"])
    detail = client.get(api_url("detail", s)).json()
    assert [a["name"] for a in detail["applicants"]] == sorted(
        [s.mine.supplier.name, s.theirs.supplier.name], key=str.casefold
    )
    assert detail["to_score"] == []
    page = client.get(page_url("call", s)).content.decode()
    assert s.mine.solution not in page


@pytest.mark.parametrize("role", ["supplier_owner", "officer", "unseated", "admin"])
def test_outsiders_to_the_panel_cannot_declare_or_score(world, client_for, role):
    s, users = world(True)
    client = client_for(users[role])
    got = client.post(
        f"/api/v1/evaluations/{s.call.pk}/declarations/",
        {"application": s.theirs.pk, "conflict": False},
        content_type="application/json",
    )
    assert got.status_code == 403
    got = client.post(
        f"/api/v1/evaluations/{s.call.pk}/scores/",
        {"application": s.mine.pk, "criterion": "innovation", "score": "5", "justification": "x"},
        content_type="application/json",
    )
    assert got.status_code == 403
    got = client.post(f"/es/evaluation/calls/{s.call.pk}/declarations/{s.theirs.pk}/", {})
    assert got.status_code == 403


@pytest.mark.parametrize("role", ["officer", "evaluator", "supplier_owner"])
def test_only_approvers_manage_the_panel(world, client_for, role):
    s, users = world(True)
    client = client_for(users[role])
    got = client.post(
        f"/api/v1/evaluations/{s.call.pk}/panel/members/",
        {"user": users["unseated"].pk},
        content_type="application/json",
    )
    assert got.status_code == 403
    got = client.post(f"/es/evaluation/calls/{s.call.pk}/board/members/", {"user": users["unseated"].pk})
    assert got.status_code == 403
