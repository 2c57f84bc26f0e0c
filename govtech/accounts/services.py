"""Writes about people: personal-data export and account deletion by anonymisation."""

from __future__ import annotations

import secrets
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone

from govtech.accounts import personal_data
from govtech.accounts.history import membership_status_changed
from govtech.accounts.models import LegalAcceptance, LegalText, Membership, User
from govtech.accounts.roles import Actor, is_admin, person
from govtech.accounts.selectors import personal_data_of
from govtech.audit.services import audit_record
from govtech.core.errors import Conflict, NotAllowed

ANONYMISED_DOMAIN = "anonymised.invalid"  # RFC 2606: can never receive mail

ERROR_NOT_YOURS = "You can only act on your own account."
ERROR_ALREADY_ANONYMISED = "This account has already been deleted."


def _check_actor(actor: Actor, user: User) -> None:
    if actor.pk != user.pk and not is_admin(actor):
        raise NotAllowed(ERROR_NOT_YOURS)


def account_data_export(*, actor: Actor, user: User) -> dict[str, Any]:
    """The person's data (right of access); the download itself is audited."""
    _check_actor(actor, user)
    with transaction.atomic():
        audit_record(actor=actor, verb="account.data_export", target=user)
    return personal_data_of(user)


def _sessions_of(user: User) -> list[str]:
    keys = []
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            keys.append(session.session_key)
    return keys


def account_anonymise(*, actor: Actor, user: User) -> User:
    """Delete a person's account by anonymising it, keeping the procurement record whole.

    The row stays (memberships, applications and audit events point at it by id) but holds no
    personal data: the e-mail becomes a unique undeliverable placeholder, the name is cleared,
    the password unusable, staff roles dropped. Sign-in is impossible (inactive, no e-mail
    address, no MFA device, no SSO link) and every session ends. Active or pending memberships
    are revoked but kept as history; the person's notifications are deleted.
    """
    _check_actor(actor, user)
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if user.anonymised_at is not None:
            raise Conflict(ERROR_ALREADY_ANONYMISED)
        ending = list(
            Membership.objects.select_for_update().filter(user=user).exclude(status=Membership.Status.REVOKED)
        )
        revoked = [m.pk for m in ending]
        Membership.objects.filter(pk__in=revoked).update(status=Membership.Status.REVOKED, updated_at=timezone.now())
        for membership in ending:
            before_status, membership.status = membership.status, Membership.Status.REVOKED
            membership_status_changed(
                membership=membership, before=before_status, actor=person(actor), reason="account deleted"
            )
        before = {"is_active": user.is_active, "site_roles": list(user.site_roles), "memberships_active": len(revoked)}
        user.email = f"anonymised-{user.pk}-{secrets.token_hex(6)}@{ANONYMISED_DOMAIN}"
        user.full_name = ""
        user.set_unusable_password()
        user.is_active = False
        user.is_staff = False
        user.is_superuser = False
        user.site_roles = []
        user.anonymised_at = timezone.now()
        user.save()
        user.groups.clear()
        user.user_permissions.clear()
        EmailAddress.objects.filter(user=user).delete()
        Authenticator.objects.filter(user=user).delete()
        SocialAccount.objects.filter(user=user).delete()
        personal_data.erase(user)  # what other apps hold about the person (their notifications...)
        Session.objects.filter(session_key__in=_sessions_of(user)).delete()
        audit_record(
            actor=actor,
            verb="account.anonymise",
            target=user,
            before=before,
            after={"is_active": False, "site_roles": [], "revoked_memberships": revoked},
        )
    return user


ERROR_ALREADY_PUBLISHED = "This version is already published; add a new version instead."
ERROR_NOT_ADMIN = "Only an administrator can publish a legal text."


def legal_texts_accept(*, user: User, texts: list[LegalText]) -> list[LegalAcceptance]:
    """``user`` accepts these published versions now (sign-up, or the acceptance page at sign-in). Idempotent;
    accepting again a withdrawn consent starts a new acceptance time."""
    now = timezone.now()
    accepted = []
    with transaction.atomic():
        for text in texts:
            if text.published_at is None:
                continue
            acceptance, created = LegalAcceptance.objects.get_or_create(
                user=user, text=text, defaults={"accepted_at": now}
            )
            if not created and acceptance.withdrawn_at is not None:
                acceptance.withdrawn_at = None
                acceptance.accepted_at = now
                acceptance.save(update_fields=["withdrawn_at", "accepted_at"])
            accepted.append(acceptance)
            audit_record(
                actor=user, verb="legal_text.accept", target=text, after={"kind": text.kind, "version": text.version}
            )
    return accepted


def legal_consent_withdraw(*, user: User) -> int:
    """``user`` withdraws the consent to the processing of personal data: the acceptances of the privacy notice
    are marked withdrawn (and kept, as the record of when consent was given and withdrawn). The account can then
    be exported and anonymised (the withdrawal page leads there)."""
    with transaction.atomic():
        count = LegalAcceptance.objects.filter(
            user=user, text__kind=LegalText.Kind.PRIVACY, withdrawn_at__isnull=True
        ).update(withdrawn_at=timezone.now())
        audit_record(actor=user, verb="legal_consent.withdraw", target=user, after={"withdrawn": count})
    return count


def legal_text_publish(*, actor: Actor, text: LegalText) -> LegalText:
    """Publish a version: from now on it is the one in force, and people who have not accepted it are asked to at
    their next sign-in. A published version is never edited again."""
    if not is_admin(actor):
        raise NotAllowed(ERROR_NOT_ADMIN)
    with transaction.atomic():
        text = LegalText.objects.select_for_update().get(pk=text.pk)
        if text.published_at is not None:
            raise Conflict(ERROR_ALREADY_PUBLISHED)
        text.published_at = timezone.now()
        text.save(update_fields=["published_at"])
        audit_record(
            actor=actor,
            verb="legal_text.publish",
            target=text,
            after={"kind": text.kind, "version": text.version, "pending_legal_review": text.pending_legal_review},
        )
    return text
