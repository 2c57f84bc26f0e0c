from __future__ import annotations

import re

import pytest
from django.db import IntegrityError, transaction

from govtech.accounts.models import Membership, Organisation, User
from tests.accounts.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _link(message, pattern: str) -> str:
    body = message.get_body(preferencelist=("plain",)).get_content()
    match = re.search(rf"http://[^\s]+{pattern}[^\s]*", body)
    assert match, body
    return re.sub(r"^http://[^/]+", "", match.group(0))


def test_it_refuses_a_second_account_with_the_same_email_in_another_case():
    UserFactory(email="ana@example.org")
    User.objects.create(email="placeholder@example.org")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.filter(email="placeholder@example.org").update(email="ANA@example.org")


def test_sign_up_sends_a_verification_email_over_smtp_and_the_link_signs_in(client, smtp_server):
    response = client.post(
        "/es/accounts/signup/",
        {
            "email": "Nueva.Persona@Example.org",
            "password1": "un-secreto-largo-2026",
            "password2": "un-secreto-largo-2026",
            "full_name": "Nueva Persona",
            "accept_terms": "on",
            "consent_privacy": "on",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="nueva.persona@example.org")
    assert user.language == "es"
    [message] = smtp_server.wait_for(1)
    assert message["To"] == "nueva.persona@example.org"
    confirm = _link(message, "/accounts/confirm-email/")
    page = client.get(confirm)
    assert page.status_code == 200
    done = client.post(confirm)
    assert done.status_code == 302
    assert client.get("/es/").context["user"] == user


def test_sign_up_refuses_a_common_password_with_a_field_error(client):
    response = client.post(
        "/en/accounts/signup/", {"email": "x@example.org", "password1": "password123", "password2": "password123"}
    )
    assert response.status_code == 200
    assert "too common" in response.content.decode()
    assert not User.objects.filter(email="x@example.org").exists()


def test_log_in_is_by_email_regardless_of_case(client):
    user = UserFactory(email="sofia@example.org")
    response = client.post("/es/accounts/login/", {"login": "SOFIA@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/es/").context["user"] == user


def test_password_reset_mails_a_working_link(client, smtp_server):
    UserFactory(email="olvido@example.org")
    client.post("/pt-br/accounts/password/reset/", {"email": "olvido@example.org"})
    [message] = smtp_server.wait_for(1)
    link = _link(message, "/accounts/password/reset/key/")
    follow = client.get(link, follow=True)
    assert follow.status_code == 200
    form_url = follow.redirect_chain[-1][0] if follow.redirect_chain else link
    done = client.post(form_url, {"password1": "otra-clave-muy-larga-9", "password2": "otra-clave-muy-larga-9"})
    assert done.status_code == 302
    assert client.login(username="olvido@example.org", password="otra-clave-muy-larga-9")


def test_the_language_choice_is_remembered_on_the_user(client):
    user = UserFactory(email="lang@example.org", language="es")
    client.force_login(user)
    client.post("/i18n/setlang/", {"language": "pt-br", "next": "/"})
    user.refresh_from_db()
    assert user.language == "pt-br"
    fresh = type(client)()
    fresh.force_login(user)
    assert fresh.get("/").url == "/pt-br/"


def test_membership_roles_follow_the_kind_of_organisation(officer, public_body):
    from django.core.exceptions import ValidationError

    wrong = Membership(user=officer, organisation=public_body, role=Membership.Role.OWNER)
    with pytest.raises(ValidationError):
        wrong.clean()
    assert Organisation.objects.of_user(officer).get() == public_body


@pytest.mark.parametrize(
    "name",
    [
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
        "anonymous",
    ],
)
def test_every_persona_exists_and_can_open_the_home_page(name, persona, client_for):
    user = persona(name)
    response = client_for(user).get("/es/")
    assert response.status_code == 200
    assert response.context["user"].is_authenticated is (name != "anonymous")
