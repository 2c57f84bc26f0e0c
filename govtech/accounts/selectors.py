"""Composite reads about people."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.db.models import Q

from govtech.accounts import personal_data
from govtech.accounts.models import LegalAcceptance, LegalText, Membership, MembershipEvent, User
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
        "membership_history": [
            {
                "organisation": e.organisation.name,
                "event": e.event,
                "role": e.role,
                "previous_role": e.previous_role,
                "at": _iso(e.at),
                "reason": e.reason,
            }
            for e in MembershipEvent.objects.of_user(user).select_related("organisation").order_by("at", "pk")
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


def _history_since(since: datetime.datetime, kind: str | None, roles: list[str]) -> Q:
    """History rows showing an active membership at some moment at or after ``since``: joining, changing role,
    being suspended or leaving after ``since`` means the person was active then."""
    q = Q(at__gte=since)
    if kind:
        q &= Q(organisation__kind=kind)
    if roles:
        q &= Q(role__in=roles) | Q(previous_role__in=roles)
    return q


def organisations_of(
    user: User | int | None,
    *,
    since: datetime.datetime | None = None,
    kind: str | None = None,
    roles: Iterable[str] | None = None,
) -> set[int]:
    """Ids of the organisations ``user`` is an active member of now or, with ``since``, was an active member of at
    any moment since then (from the membership history): the question a conflict-of-interest check asks
    ("is or was, in the last 24 months, a member of ..."). ``kind`` (``Organisation.Kind``) and ``roles`` narrow it.
    Pending, declined and suspended memberships do not count now; a suspension or a departure after ``since`` does
    (the person was active until then)."""
    if user is None:
        return set()
    user_id = user if isinstance(user, int) else user.pk
    if user_id is None:
        return set()
    role_list = list(roles or ())
    now = Membership.objects.active().filter(user_id=user_id)
    if kind:
        now = now.filter(organisation__kind=kind)
    if role_list:
        now = now.filter(role__in=role_list)
    ids = set(now.values_list("organisation_id", flat=True))
    if since is not None:
        ids |= set(
            MembershipEvent.objects.filter(user_id=user_id)
            .filter(_history_since(since, kind, role_list))
            .values_list("organisation_id", flat=True)
        )
    return ids


def people_of(
    organisation_ids: Iterable[int],
    *,
    since: datetime.datetime | None = None,
    roles: Iterable[str] | None = None,
) -> set[int]:
    """Ids of the people who are active members of any of ``organisation_ids`` now or, with ``since``, were at any
    moment since then: the other direction of ``organisations_of``."""
    org_ids = set(organisation_ids)
    if not org_ids:
        return set()
    role_list = list(roles or ())
    now = Membership.objects.active().filter(organisation_id__in=org_ids)
    if role_list:
        now = now.filter(role__in=role_list)
    ids = set(now.values_list("user_id", flat=True))
    if since is not None:
        ids |= set(
            MembershipEvent.objects.filter(organisation_id__in=org_ids)
            .filter(_history_since(since, None, role_list))
            .values_list("user_id", flat=True)
        )
    return ids


def was_member_at(user: User | int, organisation_id: int, at: datetime.datetime) -> bool:
    """Whether ``user`` was an active member of the organisation at the moment ``at``: the last history row at or
    before ``at`` is a joining or a role change. Without history (memberships created before it was kept and not
    back-filled), an active membership created by then counts."""
    user_id = user if isinstance(user, int) else user.pk
    last: dict[int | None, str] = {}
    rows = MembershipEvent.objects.filter(user_id=user_id, organisation_id=organisation_id, at__lte=at).order_by(
        "at", "pk"
    )
    for membership_id, event in rows.values_list("membership_id", "event"):
        last[membership_id] = event  # one person may hold several roles (rows) in a public body
    if last:
        return any(e in (MembershipEvent.Event.JOINED, MembershipEvent.Event.ROLE_CHANGED) for e in last.values())
    if MembershipEvent.objects.filter(user_id=user_id, organisation_id=organisation_id).exists():
        return False  # the history starts after ``at``
    return (
        Membership.objects.active()
        .filter(user_id=user_id, organisation_id=organisation_id, created_at__lte=at)
        .exists()
    )


def membership_history_of(user: User) -> list[MembershipEvent]:
    """The person's membership history, oldest first."""
    return list(MembershipEvent.objects.of_user(user).select_related("organisation").order_by("at", "pk"))


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
