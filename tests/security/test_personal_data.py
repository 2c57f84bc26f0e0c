"""A person downloads their data and deletes their account; the record stays whole."""

from __future__ import annotations

import json

import pytest
from allauth.account.models import EmailAddress
from django.contrib.sessions.models import Session

from govtech.accounts.models import Membership, User
from govtech.accounts.services import (
    ERROR_ALREADY_ANONYMISED,
    ERROR_NOT_YOURS,
    account_anonymise,
)
from govtech.audit.models import AuditEvent
from govtech.audit.services import audit_record
from govtech.core.errors import Conflict, NotAllowed
from govtech.notifications.kinds import Kind
from govtech.notifications.models import Notification
from govtech.notifications.services import notification_emit
from tests.accounts.factories import PASSWORD

pytestmark = pytest.mark.django_db

SIGNED_IN = [
    "admin",
    "editor",
    "publisher",
    "auditor",
    "officer",
    "evaluator",
    "approver",
    "supplier_owner",
    "supplier_member",
    "outsider",
]


def _download(client) -> dict:
    response = client.post("/es/account/data/download/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    return json.loads(b"".join([response.content]).decode())


@pytest.mark.parametrize("name", SIGNED_IN)
def test_every_signed_in_persona_reaches_their_account_pages(persona, client_for, name):
    client = client_for(persona(name))
    assert client.get("/es/account/data/").status_code == 200
    assert client.get("/es/account/delete/").status_code == 200
    assert _download(client)["profile"]["email"] == persona(name).email


def test_anonymous_visitors_are_sent_to_sign_in(client):
    for url in ("/es/account/data/", "/es/account/delete/"):
        assert "/accounts/login/" in client.get(url)["Location"]
    assert "/accounts/login/" in client.post("/es/account/data/download/")["Location"]
    assert client.get("/es/account/data/download/").status_code in (302, 405)


def test_the_download_holds_profile_memberships_actions_and_notifications(officer, outsider, public_body, client_for):
    audit_record(actor=officer, verb="call.publish", target=public_body, organisation_id=public_body.pk)
    audit_record(actor=outsider, verb="supplier.update", target=public_body)
    notification_emit(
        kind=Kind.JOIN_REQUEST,
        recipients=[officer],
        event_key="join:1",
        context={"name": "Ana", "person": "Ana", "organisation": "Alcaldía"},
        url="/es/",
    )
    notification_emit(
        kind=Kind.JOIN_REQUEST,
        recipients=[outsider],
        event_key="join:2",
        context={"name": "Bo", "person": "Bo", "organisation": "Alcaldía"},
        url="/es/",
    )

    data = _download(client_for(officer))

    assert data["profile"]["email"] == officer.email
    assert data["profile"]["full_name"] == officer.full_name
    assert data["email_addresses"] == [{"email": officer.email, "verified": True, "primary": True}]
    assert data["memberships"] == [
        {
            "organisation": public_body.name,
            "organisation_kind": "public_body",
            "role": "officer",
            "status": "active",
            "created_at": data["memberships"][0]["created_at"],
            "updated_at": data["memberships"][0]["updated_at"],
        }
    ]
    assert [e["verb"] for e in data["audit_events_as_actor"]] == ["call.publish", "account.data_export"]
    assert {n["event_key"] for n in data["notifications"]} == {"join:1"}
    assert AuditEvent.objects.filter(verb="account.data_export", actor=officer).count() == 1


def test_deleting_an_account_asks_for_confirmation_and_the_password(officer, client_for):
    client = client_for(officer)
    page = client.get("/en/account/delete/")
    assert "This cannot be undone." in page.content.decode()
    missing = client.post("/en/account/delete/", {"password": PASSWORD})
    assert missing.status_code == 400
    assert "confirm" in missing.context["form"].errors
    wrong = client.post("/en/account/delete/", {"password": "not-my-password", "confirm": "on"})
    assert wrong.status_code == 400
    assert wrong.context["form"].errors["password"] == ["The password is not correct."]
    officer.refresh_from_db()
    assert officer.is_active
    assert officer.anonymised_at is None


def test_deleting_an_account_anonymises_the_person_and_keeps_the_record(officer, public_body, client_for):
    email, user_id = officer.email, officer.pk
    earlier = audit_record(actor=officer, verb="call.publish", target=public_body, organisation_id=public_body.pk)
    notification_emit(
        kind=Kind.JOIN_REQUEST,
        recipients=[officer],
        event_key="join:9",
        context={"person": "Ana", "organisation": "Alcaldía"},
        url="/es/",
    )
    other_device = client_for(officer)
    assert other_device.get("/es/account/data/").status_code == 200

    client = client_for(officer)
    response = client.post("/es/account/delete/", {"password": PASSWORD, "confirm": "on"})

    assert response.status_code == 302
    user = User.objects.get(pk=user_id)
    assert user.email.startswith(f"anonymised-{user_id}-")
    assert user.email.endswith("@anonymised.invalid")
    assert user.full_name == ""
    assert not user.has_usable_password()
    assert not user.is_active
    assert user.anonymised_at is not None
    assert not EmailAddress.objects.filter(user_id=user_id).exists()
    assert not Notification.objects.filter(recipient_id=user_id).exists()
    assert not [s for s in Session.objects.all() if s.get_decoded().get("_auth_user_id") == str(user_id)]
    assert "/accounts/login/" in other_device.get("/es/account/data/")["Location"]
    # the record stays: memberships as history, audit rows untouched and naming the actor by id
    membership = Membership.objects.get(user_id=user_id)
    assert membership.organisation == public_body
    assert membership.status == Membership.Status.REVOKED
    assert AuditEvent.objects.get(pk=earlier.pk).actor_id == user_id
    deletion = AuditEvent.objects.get(verb="account.anonymise")
    assert deletion.actor_id == user_id
    assert email not in json.dumps([deletion.target_repr, deletion.before, deletion.after])
    assert email not in json.dumps(list(AuditEvent.objects.values("target_repr", "before", "after")))
    assert not client.login(username=email, password=PASSWORD)
    assert not User.objects.filter(email=email).exists()


def test_a_deleted_address_can_sign_up_again_as_a_new_person(supplier_owner, client_for, client):
    email = supplier_owner.email
    account_anonymise(actor=supplier_owner, user=supplier_owner)
    response = client.post(
        "/es/accounts/signup/",
        {
            "email": email,
            "password1": "otra-clave-larga-77",
            "password2": "otra-clave-larga-77",
            "full_name": "Otra Persona",
            "accept_terms": "on",
            "consent_privacy": "on",
        },
    )
    assert response.status_code == 302
    assert User.objects.get(email=email).pk != supplier_owner.pk


def test_an_account_is_anonymised_once_and_only_by_its_owner_or_an_admin(officer, outsider, admin):
    with pytest.raises(NotAllowed, match=ERROR_NOT_YOURS):
        account_anonymise(actor=outsider, user=officer)
    account_anonymise(actor=admin, user=officer)
    with pytest.raises(Conflict, match=ERROR_ALREADY_ANONYMISED):
        account_anonymise(actor=admin, user=officer)
    assert AuditEvent.objects.filter(verb="account.anonymise").count() == 1


def test_two_anonymised_people_never_collide(officer, evaluator):
    account_anonymise(actor=officer, user=officer)
    account_anonymise(actor=evaluator, user=evaluator)
    officer.refresh_from_db()
    evaluator.refresh_from_db()
    assert officer.email != evaluator.email
