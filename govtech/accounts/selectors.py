"""Composite reads about people."""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator

from govtech.accounts import personal_data
from govtech.accounts.models import LegalAcceptance, LegalText, Membership, User
from govtech.audit.models import AuditEvent


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def personal_data_of(user: User) -> dict[str, Any]:
    """Everything the portal holds about ``user`` as a person, as JSON-safe data.

    Audit events are listed without their before/after states, which may describe other people.
    """
    memberships = Membership.objects.filter(user=user).select_related("organisation").order_by("created_at")
    events = AuditEvent.objects.by_actor(user).select_related("target_type").order_by("created_at", "id")
    return {
        "profile": {
            "id": user.pk,
            "email": user.email,
            "full_name": user.full_name,
            "language": user.language,
            "site_roles": list(user.site_roles),
            "date_joined": _iso(user.date_joined),
            "last_login": _iso(user.last_login),
            "anonymised_at": _iso(user.anonymised_at),
        },
        "email_addresses": [
            {"email": a.email, "verified": a.verified, "primary": a.primary}
            for a in EmailAddress.objects.filter(user=user).order_by("email")
        ],
        "multi_factor_authentication": sorted(
            Authenticator.objects.filter(user=user).values_list("type", flat=True).distinct()
        ),
        "memberships": [
            {
                "organisation": m.organisation.name,
                "organisation_kind": m.organisation.kind,
                "role": m.role,
                "status": m.status,
                "created_at": _iso(m.created_at),
                "updated_at": _iso(m.updated_at),
            }
            for m in memberships
        ],
        "audit_events_as_actor": [
            {
                "id": e.pk,
                "created_at": _iso(e.created_at),
                "verb": e.verb,
                "target_type": f"{e.target_type.app_label}.{e.target_type.model}" if e.target_type else "",
                "target_id": e.target_id,
                "target": e.target_repr,
                "organisation_id": e.organisation_id,
            }
            for e in events
        ],
        "legal_acceptances": [
            {
                "text": a.text.kind,
                "version": a.text.version,
                "accepted_at": _iso(a.accepted_at),
                "withdrawn_at": _iso(a.withdrawn_at),
            }
            for a in LegalAcceptance.objects.filter(user=user).select_related("text").order_by("accepted_at", "pk")
        ],
        **personal_data.exported(user),
    }


def users_with_ids(ids: set[int] | list[int]) -> list[User]:
    """The users with these ids, in id order."""
    return list(User.objects.filter(pk__in=set(ids)).order_by("pk"))


def current_legal_texts() -> dict[str, LegalText]:
    """The published version in force of each kind of legal text (the highest published version)."""
    current: dict[str, LegalText] = {}
    for text in LegalText.objects.published().order_by("kind", "-version"):
        current.setdefault(text.kind, text)
    return current


def current_legal_text(kind: str) -> LegalText | None:
    return LegalText.objects.published().filter(kind=kind).order_by("-version").first()


def pending_legal_texts(user: User) -> list[LegalText]:
    """The texts in force ``user`` has to accept: those not accepted (or withdrawn) that were published after the
    person joined or that replace a version they accepted. People who joined after a version was published
    accepted it at sign-up (``SignupForm``); a new version is asked of everyone at their next sign-in."""
    current = current_legal_texts()
    if not current:
        return []
    accepted = {
        (kind, version)
        for kind, version in LegalAcceptance.objects.filter(user=user, withdrawn_at__isnull=True).values_list(
            "text__kind", "text__version"
        )
    }
    ever = set(LegalAcceptance.objects.filter(user=user).values_list("text__kind", flat=True))
    pending = []
    for kind, text in current.items():
        if (kind, text.version) in accepted:
            continue
        published_at = text.published_at
        if kind in ever or (published_at is not None and published_at > user.date_joined):
            pending.append(text)
    return sorted(pending, key=lambda text: text.kind != LegalText.Kind.TERMS)
