"""Sign-up asks for a name, the terms and the consent; versions are stored per person; a new version is accepted at
the next sign-in; account e-mails carry the portal's name, SITE_URL and the recipient's language."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.utils import timezone

from govtech.accounts.middleware import PENDING_LEGAL_SESSION_KEY
from govtech.accounts.models import LegalAcceptance, LegalText, User
from govtech.accounts.selectors import current_legal_texts, pending_legal_texts
from govtech.accounts.services import legal_text_publish
from govtech.audit.models import AuditEvent
from govtech.core.errors import Conflict, NotAllowed
from tests.accounts.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("legal_texts")]

SIGNUP = {
    "email": "fundadora@example.org",
    "password1": "un-secreto-largo-2026",
    "password2": "un-secreto-largo-2026",
    "full_name": "  Ana María Pérez ",
    "accept_terms": "on",
    "consent_privacy": "on",
}


def _new_version(kind: str, admin: User, *, publish: bool = True) -> LegalText:
    current = current_legal_texts()[kind]
    text = LegalText.objects.create(
        kind=kind,
        version=current.version + 1,
        **{f"{f}_{lang}": f"{f} v2 {lang}" for f in ("title", "body") for lang in ("es", "pt_br", "en")},
        change_summary="Revisado por el área jurídica",
    )
    return legal_text_publish(actor=admin, text=text) if publish else text


def test_first_versions_are_published_drafts_awaiting_legal_review_in_three_languages():
    current = current_legal_texts()
    assert set(current) == {"terms", "privacy"}
    for text in current.values():
        assert text.version == 1
        assert text.pending_legal_review
        assert text.published_at
        assert text.body_es
        assert text.body_pt_br
        assert text.body_en
    assert "Ley 1581 de 2012" in current["privacy"].body_es
    assert "LGPD" in current["privacy"].body_pt_br


def test_sign_up_stores_the_name_and_the_accepted_versions_with_their_time(client):
    response = client.post("/es/accounts/signup/", SIGNUP)
    assert response.status_code == 302
    user = User.objects.get(email="fundadora@example.org")
    assert user.full_name == "Ana María Pérez"
    accepted = {(a.text.kind, a.text.version) for a in LegalAcceptance.objects.filter(user=user)}
    assert accepted == {("terms", 1), ("privacy", 1)}
    assert all(a.accepted_at <= timezone.now() for a in LegalAcceptance.objects.filter(user=user))
    assert AuditEvent.objects.filter(verb="legal_text.accept", actor_id=user.pk).count() == 2
    assert pending_legal_texts(user) == []


@pytest.mark.parametrize("missing", ["full_name", "accept_terms", "consent_privacy"])
def test_sign_up_refuses_without_the_name_the_terms_or_the_consent(client, missing):
    data = {key: value for key, value in SIGNUP.items() if key != missing}
    response = client.post("/en/accounts/signup/", data)
    assert response.status_code == 200
    assert missing in response.context["form"].errors
    assert not User.objects.filter(email="fundadora@example.org").exists()


def test_the_sign_up_page_links_the_texts_and_names_the_laws(client):
    page = client.get("/es/accounts/signup/").content.decode()
    assert "/es/account/legal/terms/" in page
    assert "/es/account/legal/privacy/" in page
    assert "Ley 1581 de 2012" in page


def test_the_privacy_notice_is_public_in_each_language_with_a_draft_notice(client):
    es = client.get("/es/account/legal/privacy/").content.decode()
    pt = client.get("/pt-br/account/legal/privacy/").content.decode()
    en = client.get("/en/account/legal/privacy/").content.decode()
    assert "autorización para el tratamiento" in es
    assert "LGPD" in pt
    assert "você" in pt
    assert "awaiting review by the portal operator" in en
    assert client.get("/en/account/legal/nothing/").status_code == 404


def test_a_new_version_is_accepted_at_the_next_sign_in_and_the_api_stays_usable(client, admin):
    user = UserFactory()
    assert pending_legal_texts(user) == []
    text = _new_version("terms", admin)
    assert AuditEvent.objects.filter(verb="legal_text.publish").count() == 1
    assert pending_legal_texts(user) == [text]

    response = client.post("/es/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert client.session[PENDING_LEGAL_SESSION_KEY] == [text.pk]
    page = client.get("/es/suppliers/")
    assert page.status_code == 302
    assert page.url.startswith("/es/account/legal/accept/?next=")
    api = client.get("/api/v1/")
    assert api.status_code != 302
    assert api["Govtech-Pending-Acceptance"] == "terms,privacy"

    form = client.get(page.url)
    assert "Revisado por el área jurídica" in form.content.decode()
    refused = client.post("/es/account/legal/accept/", {"next": "/es/suppliers/"})
    assert refused.status_code == 400
    done = client.post("/es/account/legal/accept/", {"next": "/es/suppliers/", "accept_terms": "on"})
    assert done.status_code == 302
    assert done.url == "/es/suppliers/"
    assert client.get("/es/suppliers/").status_code == 200
    assert LegalAcceptance.objects.filter(user=user, text=text).exists()
    assert response.status_code == 302


def test_a_person_who_joined_before_the_first_version_accepts_it_at_sign_in():
    user = UserFactory()
    User.objects.filter(pk=user.pk).update(date_joined=timezone.now() - timezone.timedelta(days=400))
    user.refresh_from_db()
    assert {text.kind for text in pending_legal_texts(user)} == {"terms", "privacy"}


def test_only_an_admin_publishes_and_a_published_version_is_final(admin, officer):
    draft = _new_version("privacy", admin, publish=False)
    assert current_legal_texts()["privacy"].version == 1
    with pytest.raises(NotAllowed):
        legal_text_publish(actor=officer, text=draft)
    legal_text_publish(actor=admin, text=draft)
    with pytest.raises(Conflict):
        legal_text_publish(actor=admin, text=draft)
    assert current_legal_texts()["privacy"].version == 2


def test_the_admin_publishes_a_draft_with_an_action(client, admin):
    draft = _new_version("terms", admin, publish=False)
    client.force_login(admin)
    response = client.post(
        "/en/admin/accounts/legaltext/", {"action": "publish", "_selected_action": [draft.pk]}, follow=True
    )
    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.published_at is not None


def test_withdrawing_consent_is_recorded_and_leads_to_export_and_deletion(client):
    client.post("/es/accounts/signup/", SIGNUP)
    user = User.objects.get(email="fundadora@example.org")
    user.emailaddress_set.update(verified=True)
    client.force_login(user)
    page = client.get("/es/account/legal/withdraw/").content.decode()
    assert "/es/account/data/download/" in page
    response = client.post("/es/account/legal/withdraw/")
    assert response.status_code == 302
    assert response.url == "/es/account/delete/"
    privacy = LegalAcceptance.objects.get(user=user, text__kind="privacy")
    assert privacy.withdrawn_at is not None
    assert LegalAcceptance.objects.get(user=user, text__kind="terms").withdrawn_at is None
    export = client.post("/es/account/data/download/")
    assert b'"legal_acceptances"' in export.content


def _body(message) -> str:
    return message.body


@pytest.mark.parametrize(
    ("language", "subject", "greeting"),
    [
        ("es", "Confirme su dirección de correo electrónico", "Hola, Ana María Pérez"),
        ("pt-br", "Confirme seu endereço de e-mail", "Olá, Ana María Pérez"),
        ("en", "Confirm your e-mail address", "Hello Ana María Pérez"),
    ],
)
def test_the_verification_email_is_the_portals_own_in_the_persons_language(
    client, settings, language, subject, greeting
):
    settings.SITE_URL = "https://portal.example.gov"
    client.post(f"/{language}/accounts/signup/", SIGNUP)
    [message] = mail.outbox
    assert message.subject.startswith("Govtech Portal: ")
    assert subject in message.subject
    assert greeting in message.body
    assert "Govtech Portal" in message.body
    assert re.search(rf"https://portal\.example\.gov/{language}/accounts/confirm-email/\S+", message.body)
    assert "testserver" not in message.body
    assert "127.0.0.1" not in message.body
    assert "example.com" not in message.body


def test_the_password_reset_email_uses_site_url_and_the_persons_language(client, settings):
    settings.SITE_URL = "https://portal.example.gov"
    UserFactory(email="olvido@example.org", language="pt-br", full_name="João Silva")
    client.post("/en/accounts/password/reset/", {"email": "olvido@example.org"})
    [message] = mail.outbox
    assert message.subject == "Govtech Portal: Redefina sua senha"
    assert "Olá, João Silva" in message.body
    assert re.search(r"https://portal\.example\.gov/\S+/accounts/password/reset/key/\S+", message.body)
    assert "testserver" not in message.body
