"""The generated insider matrix (issue 21, finding 3): every staff persona × every route that lists or shows
applications, audit events, notifications, webhook deliveries or records of the Django admin about them, before the
call's submission deadline → neither the applicant's identity (its organisation's name, its application's title,
its people's e-mail addresses) nor how many applied appears in the answer.

The routes come from the URL resolver (``matrix_routes.all_routes``), chosen by what they are about
(``insider_routes``), so a route added later is in the matrix without anyone listing it; ``FILL`` gives each
parameter its object of the world (``insider_world``), and a chosen route whose parameter it cannot fill fails
``test_every_insider_route_can_be_filled``. Whatever a route answers (200, 403, 404, 405, a redirect), its body
must not tell; nothing answers 500.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from tests.security.insiders.insider_world import IDENTITY, STAFF, InsiderWorld, build_insider_world
from tests.security.matrix_routes import Route, all_routes, build_path

# What a route must be about to be in the matrix.
API_PREFIXES = ("application-", "call-applications", "api-audit-", "notifications-", "evaluation-")
PAGE_NAMESPACES = ("applications:", "audit:", "notifications:", "evaluation:")
ADMIN = re.compile(
    r"^admin:(applications|notifications|audit|evaluation|awards)_"
    r"(?!webhooksubscription|preference|savedsearch)(\w+)_(changelist|change)$"
)  # subscriptions, preferences and saved searches are about no application
# The pages where a count or a name could be summed up for staff: home blocks, dashboards, the call's pages.
OTHERS = {"home", "recommendations:dashboard", "procurement:officer_call", "procurement:call", "call-detail"}


def insider_routes() -> list[Route]:
    return [
        r
        for r in all_routes()
        if r.key.startswith(API_PREFIXES) or r.key.startswith(PAGE_NAMESPACES) or ADMIN.match(r.key) or r.key in OTHERS
    ]


NONE = "999999"  # an object the route's model has none of: the answer is a 404 that must not tell either


def _admin_object(route: Route, w: InsiderWorld) -> str:
    match = ADMIN.match(route.key)
    model = match.group(2) if match else ""
    return {
        "application": str(w.applications[0].pk),
        "submissionreceipt": str(w.receipt.pk),
        "notification": str(w.receipt_notification.pk),
        "webhookdelivery": str(w.delivery.pk),
        "auditevent": str(w.submit_event.pk),
    }.get(model, NONE)


_CALL_PK = ("evaluation-", "procurement:", "call-detail")
_WEBHOOK_PK = ("notifications-webhook", "notifications:webhook")
_NOTIFICATION_PK = ("notifications-read", "notifications:open", "notifications:read")
_AUDIT_PK = ("audit:", "api-audit-")


def _pk(route: Route, w: InsiderWorld) -> str:
    if route.key.startswith(_CALL_PK):
        return str(w.call.pk)
    if route.key.startswith(_WEBHOOK_PK):
        return str(w.staff_webhook.pk)
    if route.key.startswith(_NOTIFICATION_PK):
        return str(w.staff_notification.pk)
    if route.key.startswith(_AUDIT_PK):
        return str(w.submit_event.pk)
    if route.key.startswith(("application-", "applications:")):
        return str(w.applications[0].pk)
    if route.key == "notifications:saved_search_delete":
        return NONE
    raise KeyError(route.key)


FILL: dict[str, Callable[[Route, InsiderWorld], str]] = {
    "lang": lambda r, w: "es",
    "pk": _pk,
    "call_id": lambda r, w: str(w.call.pk),
    "application_id": lambda r, w: str(w.applications[0].pk),
    "file_id": lambda r, w: str(w.file.pk),
    "number": lambda r, w: str(w.receipt.number),
    "member_id": lambda r, w: NONE,
    "object_id": _admin_object,
    "token": lambda r, w: "not-a-token",
}


def _path(route: Route, world: InsiderWorld) -> str:
    return build_path(route, {param: FILL[param](route, world) for param in route.params})


def _queries(world: InsiderWorld) -> list[str]:
    """The audit trail asked by the applicant's organisation and person: a filter must not tell either."""
    first = world.applications[0]
    org, person = first.supplier_id, first.created_by_id
    return [
        f"/es/audit/?organisation={org}",
        f"/es/audit/?actor={person}",
        f"/es/audit/export.csv?organisation={org}",
        f"/api/v1/audit-events/?organisation={org}",
        f"/api/v1/audit-events/?actor={person}",
        "/api/v1/audit-events/?target_type=&verb=application",
        f"/es/admin/audit/auditevent/?q={first.pk}",
        "/es/admin/notifications/notification/?q=application:",
        "/es/admin/notifications/webhookdelivery/?kind=submission_receipt",
    ]


def _text(response: Any) -> str:
    body = b"".join(response.streaming_content) if getattr(response, "streaming", False) else response.content
    return body.decode("utf-8", "replace")


def _counts(value: Any) -> list[Any]:
    """Every ``submitted_count`` a JSON answer gives."""
    if isinstance(value, dict):
        found = [value["submitted_count"]] if "submitted_count" in value else []
        return found + [c for v in value.values() for c in _counts(v)]
    if isinstance(value, list):
        return [c for v in value for c in _counts(v)]
    return []


def tells(path: str, response: Any, world: InsiderWorld) -> list[str]:
    """What the answer gives away: an applicant's identity, or how many applied."""
    # The audit trail's organisation filter offers every organisation by name: that tells nobody who applied.
    text = re.sub(r"<select.*?</select>", "", _text(response), flags=re.S)
    found = [f"the identity {word!r}" for word in IDENTITY if word.lower() in text.lower()]
    if response.get("Content-Type", "").startswith("application/json"):
        found += [f"the count {count}" for count in _counts(json.loads(text or "null")) if count is not None]
    if re.search(r'id="submitted-count">\s*\d', text):
        found.append("the count on the page")
    if "audit" in path and re.search(rf"""call['"\\]*\s*:\s*{world.call.pk}\b""", text):
        found.append("the call of an application's audit row (counting them tells how many applied)")
    return found


@pytest.fixture
def insider_world(persona: Callable[[str], Any], request: pytest.FixtureRequest) -> Callable[[Any], InsiderWorld]:
    def build(staff: Any) -> InsiderWorld:
        body = persona("officer").memberships.get().organisation
        for name in ("approver", "evaluator"):
            persona(name)
        return build_insider_world(staff, body)

    return build


def test_every_insider_route_can_be_filled() -> None:
    routes = insider_routes()
    assert len(routes) > 60, "the route selection found too little: is it still about applications and audit?"
    unfilled = [(r.key, p) for r in routes for p in r.params if p not in FILL]
    assert not unfilled, f"give these parameters a value in FILL: {unfilled}"
    keys = {r.key for r in routes}
    for expected in ("call-applications", "api-audit-events", "audit:export", "notifications:inbox", "home"):
        assert expected in keys
    assert any(k.startswith("admin:notifications_notification_") for k in keys)


@pytest.mark.django_db
@pytest.mark.parametrize("persona_name", STAFF)
def test_the_insider_matrix(
    persona_name: str, persona: Callable[[str], Any], insider_world: Callable[[Any], InsiderWorld]
) -> None:
    staff = persona(persona_name)
    world = insider_world(staff)
    client = Client(raise_request_exception=False)
    client.force_login(staff)
    wrong: list[str] = []
    answered = 0
    for path in [_path(route, world) for route in insider_routes()] + _queries(world):
        response = client.get(path, HTTP_ACCEPT="application/json" if path.startswith("/api/") else "*/*")
        if response.status_code >= 500:
            wrong.append(f"GET {path}: {response.status_code}")
            continue
        answered += response.status_code == 200
        wrong += [f"GET {path}: shows {leak}" for leak in tells(path, response, world)]
    assert answered >= 5, "hardly any route answered: the matrix would be blind"
    assert not wrong, "\n".join(wrong)


@pytest.mark.django_db
def test_the_matrix_sees_what_it_looks_for(
    persona: Callable[[str], Any], insider_world: Callable[[Any], InsiderWorld]
) -> None:
    """The same checks find the identity where it really is (the applicant's own view) and the count where it
    really is (the body's, after the deadline): the matrix is not blind."""
    world = insider_world(persona("admin"))
    applicant = world.applications[0].created_by
    client = Client()
    client.force_login(applicant)
    path = f"/api/v1/applications/{world.applications[0].pk}/"
    assert tells(path, client.get(path, HTTP_ACCEPT="application/json"), world)
    type(world.call).objects.filter(pk=world.call.pk).update(submission_deadline=world.call.published_at)
    officer = Client()
    officer.force_login(persona("officer"))
    path = f"/api/v1/calls/{world.call.pk}/applications/"
    assert tells(path, officer.get(path, HTTP_ACCEPT="application/json"), world) == ["the count 2"]
