"""Every write about public bodies: proposal, verification, members, invitations, logo."""

from __future__ import annotations

import datetime
import secrets
import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from govtech.accounts.history import membership_history_record, membership_status_changed
from govtech.accounts.models import Membership, MembershipEvent, Organisation, User
from govtech.accounts.roles import Actor, is_admin, person, signed_in
from govtech.accounts.selectors import users_with_ids
from govtech.audit.services import audit_record
from govtech.core.errors import ApplicationError, Conflict, InvalidTransition, NotAllowed
from govtech.core.uploads import IMAGE_TYPES, check_upload
from govtech.notifications.kinds import Kind
from govtech.notifications.services import notification_emit
from procurement.bodies.domains import is_public_webmail, normalise
from procurement.bodies.models import BodyInvitation, PublicBody, token_digest
from procurement.bodies.permissions import can_manage, is_body_approver, on_official_domain, verified_emails


def public_body_verify(*, body: PublicBody, actor: Actor) -> PublicBody:
    """An admin verifies a public body; its officers are told. Proposers on an official domain become approvers
    (``procurement.bodies.public_body_after_verify``); the others wait for an admin to confirm them."""

    if not is_admin(actor):
        raise NotAllowed(_("Only administrators verify public bodies."))
    with transaction.atomic():
        body = (
            PublicBody.objects.select_for_update(of=("self",))
            .select_related("organisation", "proposed_by")
            .get(pk=body.pk)
        )
        before = body.verification_status
        if before == PublicBody.Verification.VERIFIED:
            raise InvalidTransition(_("This public body is already verified."))
        body.verification_status = PublicBody.Verification.VERIFIED
        body.verified_at = timezone.now()
        body.rejection_reason = ""
        domains_before = list(body.verified_domains)
        body.verified_domains = [d for d in body.email_domains if not is_public_webmail(d)]
        body.save(update_fields=["verification_status", "verified_at", "rejection_reason", "verified_domains"])
        audit_record(
            actor=actor,
            verb="public_body.verify",
            target=body,
            before={"status": before, "verified_domains": domains_before},
            after={"status": body.verification_status, "verified_domains": list(body.verified_domains)},
            organisation_id=body.organisation_id,
        )
        recipients = users_with_ids(
            list(
                Membership.objects.filter(
                    organisation_id=body.organisation_id, status=Membership.Status.ACTIVE
                ).values_list("user_id", flat=True)
            )
        )
        if recipients:
            notification_emit(
                kind=Kind.VERIFICATION_DECISION,
                recipients=recipients,
                event_key=f"public_body:{body.pk}:verified:{body.verified_at.isoformat()}",
                context={"organisation": body.organisation.name, "decision": "verified", "variant": "verified"},
                url=_profile_url(body),
            )
        public_body_after_verify(body=body, actor=actor)
    return body


BODY_ROLES = (Membership.Role.OFFICER, Membership.Role.EVALUATOR, Membership.Role.APPROVER)


INVITATION_LIFETIME = datetime.timedelta(days=14)


LOGO_MAX_BYTES = 2 * 1024 * 1024


MSG_LAST_APPROVER = gettext_lazy("A public body cannot lose its last approver: make someone else an approver first.")


MSG_NOT_ON_DOMAIN = gettext_lazy(
    "Your verified e-mail address is not on one of this body's official domains, so you cannot ask to join this way. "
    "Ask one of its approvers to invite you."
)


MSG_ONLY_MANAGERS = gettext_lazy("Only the approvers of this public body or an administrator may do this.")


MSG_ONLY_ADMINS = gettext_lazy("Only administrators may do this.")


MSG_INVITATION_INVALID = gettext_lazy("This invitation link is invalid, has expired or has already been used.")


MSG_INVITATION_OTHER_EMAIL = gettext_lazy(
    "This invitation was sent to another e-mail address: sign in with that address (verified) to accept it."
)


MSG_NOT_VERIFIED_BODY = gettext_lazy("This public body is not verified yet.")


MSG_WEBMAIL_DOMAIN = gettext_lazy(
    "“%(domain)s” is a public webmail domain: anyone can get an address there, so it cannot be an official domain "
    "of a public body (rule: official domains are verified)."
)


MSG_ONLY_APPROVERS_DECIDE = gettext_lazy(
    "Only the active approvers of this public body may decide on requests to act for it (rule: consent of an "
    "approver; an administrator only approves the first approver's claim of a body that has no approver)."
)


MSG_NOT_YOUR_OWN_CLAIM = gettext_lazy("An administrator cannot approve their own claim to act for a public body.")


MSG_EVIDENCE_REQUIRED = gettext_lazy(
    "Record the evidence that this person may act for the public body (for example: the appointment checked and "
    "how their identity was confirmed)."
)


MSG_STALE_INVITATION = gettext_lazy(
    "This invitation no longer counts: the person who sent it is not an active approver of the body any more "
    "(rule: consent of an approver). Ask an approver to invite you again."
)


MSG_ONLY_DOMAIN_EDITORS = gettext_lazy(
    "Only the approvers of this public body or an administrator may change its official domains."
)


def _admins() -> list[User]:
    return list(
        User.objects.filter(is_active=True)
        .filter(Q(is_superuser=True) | Q(site_roles__contains=[User.SiteRole.ADMIN]))
        .order_by("pk")
    )


def _approvers(body: PublicBody) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True,
            memberships__organisation_id=body.organisation_id,
            memberships__role=Membership.Role.APPROVER,
            memberships__status=Membership.Status.ACTIVE,
        )
        .distinct()
        .order_by("pk")
    )


def _in_every_language(message: Any) -> dict[str, str]:
    """A message for the outbox context: each recipient reads it in their own language."""
    texts = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            texts[code] = str(message)
    return texts


def _audit_membership(
    actor: Actor, verb: str, membership: Membership, before: dict[str, Any] | None = None, **extra: Any
) -> None:
    """Audit a membership change by ids (never a name or an e-mail address)."""
    audit_record(
        actor=actor,
        verb=verb,
        target=membership,
        before=before,
        after={"user_id": membership.user_id, "role": membership.role, "status": membership.status, **extra},
        organisation_id=membership.organisation_id,
    )


def _lock_memberships(body: PublicBody) -> list[Membership]:
    """Lock the body's memberships so two approvers cannot both step down at once."""
    return list(
        Membership.objects.select_for_update()
        .filter(organisation_id=body.organisation_id)
        .select_related("user")
        .order_by("pk")
    )


def _active_approvers(rows: list[Membership]) -> int:
    return sum(1 for m in rows if m.role == Membership.Role.APPROVER and m.status == Membership.Status.ACTIVE)


def _members_url(body: PublicBody) -> str:
    return reverse("bodies:members", args=[body.slug])


def _profile_url(body: PublicBody) -> str:
    return reverse("bodies:detail", args=[body.slug])


def _clean_domains(domains: list[str]) -> list[str]:
    cleaned: list[str] = []
    for raw in domains:
        domain = raw.strip().lower().lstrip("@")
        if not domain:
            continue
        try:
            validate_email(f"someone@{domain}")
        except ValidationError as exc:
            raise ApplicationError(
                _("“%(domain)s” is not an e-mail domain (like ministerio.gov.co).") % {"domain": raw},
                field="email_domains",
            ) from exc
        if is_public_webmail(domain):
            raise ApplicationError(str(MSG_WEBMAIL_DOMAIN) % {"domain": domain}, field="email_domains")
        if domain not in cleaned:
            cleaned.append(domain)
    return cleaned


def check_official_domains(domains: list[str]) -> list[str]:
    """The cleaned list of official domains, or an ``ApplicationError`` naming the first one refused (not a
    domain, or a public webmail domain). Forms (the Django admin's included) validate with it."""
    return _clean_domains(domains)


@transaction.atomic
def public_body_set_domains(*, actor: Actor, body: PublicBody, domains: list[str]) -> PublicBody:
    """An approver of the body or an administrator changes its official domains; audited. A domain added this way
    does not count until an administrator verifies it (``public_body_verify_domains``); one removed stops
    counting at once."""
    if not (is_admin(actor) or is_body_approver(actor, body)):
        raise NotAllowed(str(MSG_ONLY_DOMAIN_EDITORS))
    cleaned = _clean_domains(domains)
    if not cleaned:
        raise ApplicationError(_("Enter at least one official e-mail domain."), field="email_domains")
    locked = PublicBody.objects.select_for_update(of=("self",)).get(pk=body.pk)
    before = {"domains": list(locked.email_domains), "verified_domains": list(locked.verified_domains)}
    locked.email_domains = cleaned
    locked.verified_domains = [d for d in locked.verified_domains if normalise(d) in cleaned]
    locked.save(update_fields=["email_domains", "verified_domains"])
    audit_record(
        actor=actor,
        verb="public_body.domains_changed",
        target=locked,
        before=before,
        after={"domains": cleaned, "verified_domains": list(locked.verified_domains)},
        organisation_id=locked.organisation_id,
    )
    return locked


@transaction.atomic
def public_body_verify_domains(*, actor: Actor, body: PublicBody) -> PublicBody:
    """An administrator verifies the body's current official domains (public webmail domains never count);
    audited. From then on they count to ask to join by address."""
    if not is_admin(actor):
        raise NotAllowed(str(MSG_ONLY_ADMINS))
    locked = PublicBody.objects.select_for_update(of=("self",)).get(pk=body.pk)
    before = {"verified_domains": list(locked.verified_domains)}
    locked.verified_domains = [normalise(d) for d in locked.email_domains if not is_public_webmail(d)]
    locked.save(update_fields=["verified_domains"])
    audit_record(
        actor=actor,
        verb="public_body.domains_verified",
        target=locked,
        before=before,
        after={"verified_domains": list(locked.verified_domains)},
        organisation_id=locked.organisation_id,
    )
    return locked


@transaction.atomic
def public_body_propose(
    *,
    actor: Actor,
    name: str,
    kind: str,
    country: str,
    level: str,
    subdivision: str = "",
    parent: PublicBody | None = None,
    identifier_scheme: str = "",
    identifier: str = "",
    email_domains: list[str] | None = None,
    timezone_name: str = "America/Bogota",
) -> PublicBody:
    """A signed-in person proposes a body: it waits for an admin, with the proposer as a *requested* approver."""
    if not signed_in(actor):
        raise NotAllowed(_("Sign in to propose a public body."))
    name = (name or "").strip()
    if not name:
        raise ApplicationError(_("Enter the name of the public body."), field="name")
    if kind not in PublicBody.BodyKind.values:
        raise ApplicationError(_("Choose the kind of public body."), field="kind")
    if level not in PublicBody.Level.values:
        raise ApplicationError(_("Choose the level of government."), field="level")
    domains = _clean_domains(email_domains or [])
    if not domains:
        raise ApplicationError(_("Enter at least one official e-mail domain."), field="email_domains")
    if parent is not None and not parent.is_verified:
        raise ApplicationError(_("The parent body must be a verified public body."), field="parent")
    organisation = Organisation(
        kind=Organisation.Kind.PUBLIC_BODY, name=name, slug=Organisation.unique_slug(name), country=country.upper()
    )
    body = PublicBody(
        organisation=organisation,
        kind=kind,
        country=country.upper(),
        subdivision=subdivision.upper(),
        level=level,
        parent=parent,
        identifier_scheme=identifier_scheme.strip(),
        identifier=identifier.strip(),
        email_domains=domains,
        timezone=timezone_name,
        proposed_by=actor,
    )
    try:
        body.clean()
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise ApplicationError(messages[0], field="timezone_name" if field == "timezone" else field) from exc
    organisation.save()
    body.organisation = organisation
    body.save()
    membership = Membership.objects.create(
        user=actor, organisation=organisation, role=Membership.Role.APPROVER, status=Membership.Status.REQUESTED
    )
    audit_record(
        actor=actor,
        verb="public_body.propose",
        target=body,
        after={"domains": domains},  # the body is named when read
        organisation_id=organisation.pk,
    )
    _audit_membership(actor, "membership.requested", membership)
    notification_emit(
        kind=Kind.JOIN_REQUEST,
        recipients=_admins(),
        event_key=f"public_body:{body.pk}:proposed",
        context={"person": str(actor), "organisation": name},
        url=reverse("bodies:queue"),
    )
    return body


def _decision(
    body: PublicBody, recipients: list[User], decision: Any, key: str, reason: str = "", *, variant: str
) -> None:
    if recipients:
        notification_emit(
            kind=Kind.VERIFICATION_DECISION,
            recipients=recipients,
            event_key=key,
            context={
                "organisation": body.organisation.name,
                "decision": _in_every_language(decision),
                "reason": reason,
                "variant": variant,
            },
            url=_profile_url(body),
        )


def public_body_after_verify(*, body: PublicBody, actor: Actor) -> list[Membership]:
    """Called by ``services.public_body_verify`` in its transaction: proposers whose verified e-mail is on an
    official domain become active approvers; the others wait for an admin to confirm them explicitly."""
    activated = []
    pending = Membership.objects.select_for_update().filter(
        organisation_id=body.organisation_id, role=Membership.Role.APPROVER, status=Membership.Status.REQUESTED
    )
    for membership in pending.select_related("user"):
        if on_official_domain(membership.user, body) and membership.user_id != getattr(actor, "pk", None):
            membership.status = Membership.Status.ACTIVE
            membership.save(update_fields=["status", "updated_at"])
            membership_status_changed(
                membership=membership,
                before=Membership.Status.REQUESTED,
                actor=person(actor),
                evidence="verified e-mail address on a verified official domain",
            )
            _audit_membership(actor, "membership.approved", membership, before={"status": Membership.Status.REQUESTED})
            activated.append(membership)
    if body.proposed_by_id:
        _decision(
            body,
            [body.proposed_by] if body.proposed_by else [],
            gettext_lazy("verified"),
            f"public_body:{body.pk}:verified:proposer",
            variant="verified",
        )
    return activated


@transaction.atomic
def public_body_reject(*, body: PublicBody, actor: Actor, reason: str) -> PublicBody:
    """An admin rejects a proposed body with a reason the proposer reads."""
    if not is_admin(actor):
        raise NotAllowed(str(MSG_ONLY_ADMINS))
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(_("Give the reason for the rejection."), field="reason")
    locked = (
        PublicBody.objects.select_for_update(of=("self",)).select_related("organisation", "proposed_by").get(pk=body.pk)
    )
    if locked.verification_status != PublicBody.Verification.PENDING:
        raise InvalidTransition(_("Only bodies waiting for verification can be rejected."))
    locked.verification_status = PublicBody.Verification.REJECTED
    locked.rejection_reason = reason
    locked.save(update_fields=["verification_status", "rejection_reason"])
    Membership.objects.filter(organisation_id=locked.organisation_id, status=Membership.Status.REQUESTED).update(
        status=Membership.Status.REVOKED, updated_at=timezone.now()
    )
    audit_record(
        actor=actor,
        verb="public_body.reject",
        target=locked,
        before={"status": "pending"},
        after={"status": locked.verification_status},  # the reason is on the body
        organisation_id=locked.organisation_id,
    )
    _decision(
        locked,
        [locked.proposed_by] if locked.proposed_by else [],
        gettext_lazy("rejected"),
        f"public_body:{locked.pk}:rejected",
        reason,
        variant="rejected",
    )
    return locked


def _existing(body: PublicBody, user: Actor, role: str) -> Membership | None:
    return (
        Membership.objects.select_for_update()
        .filter(organisation_id=body.organisation_id, user=person(user), role=role)
        .first()
    )


def _request(actor: Actor, body: PublicBody, role: str) -> Membership:
    if not signed_in(actor):
        raise NotAllowed(_("Sign in to ask to join a public body."))
    if not on_official_domain(actor, body):
        raise NotAllowed(str(MSG_NOT_ON_DOMAIN), field="email")
    active = Membership.objects.filter(
        organisation_id=body.organisation_id,
        user=actor,
        status__in=[Membership.Status.ACTIVE, Membership.Status.REQUESTED],
    )
    if active.exists():
        raise Conflict(_("You already act for this body or have already asked to join it."))
    membership = _existing(body, actor, role)
    if membership is None:
        membership = Membership.objects.create(
            user=actor, organisation_id=body.organisation_id, role=role, status=Membership.Status.REQUESTED
        )
    else:
        membership.status, membership.invited_by = Membership.Status.REQUESTED, None
        membership.save(update_fields=["status", "invited_by", "updated_at"])
    return membership


@transaction.atomic
def body_join_request(*, actor: Actor, body: PublicBody) -> Membership:
    """Someone with a verified address on an official domain asks to join as an officer; approvers decide."""
    if not body.is_verified:
        raise InvalidTransition(str(MSG_NOT_VERIFIED_BODY))
    if body.imported and not body.claimed:
        return _claim(actor, body)
    membership = _request(actor, body, Membership.Role.OFFICER)
    _audit_membership(actor, "membership.requested", membership)
    notification_emit(
        kind=Kind.JOIN_REQUEST,
        recipients=_approvers(body) or _admins(),
        event_key=f"membership:{membership.pk}:requested:{membership.updated_at.timestamp():.0f}",
        context={"person": str(actor), "organisation": body.organisation.name},
        url=_members_url(body),
    )
    return membership


def _claim(actor: Actor, body: PublicBody) -> Membership:
    membership = _request(actor, body, Membership.Role.APPROVER)
    _audit_membership(actor, "public_body.claim_requested", membership)
    notification_emit(
        kind=Kind.JOIN_REQUEST,
        recipients=_admins(),
        event_key=f"membership:{membership.pk}:claim:{membership.updated_at.timestamp():.0f}",
        context={"person": str(actor), "organisation": body.organisation.name},
        url=reverse("bodies:queue"),
    )
    return membership


@transaction.atomic
def body_claim(*, actor: Actor, body: PublicBody) -> Membership:
    """Claim a body imported from open data: the same as joining by domain, but an admin confirms."""
    if not (body.imported and not body.claimed):
        raise InvalidTransition(_("Only imported bodies nobody has claimed yet can be claimed."))
    return _claim(actor, body)


@transaction.atomic
def body_request_decide(*, actor: Actor, membership: Membership, approve: bool, evidence: str = "") -> Membership:
    """Confirm or refuse a request to act for a body.

    The body's active approvers decide (consent of an approver); site roles give none. Where the body has no
    active approver yet (newly verified, or imported and unclaimed), an administrator decides the claim of the
    first one, never their own, and approving needs the evidence checked (recorded in the history and the audit
    trail); the person confirmed becomes an approver, and a confirmed claim marks an imported body claimed.
    """
    body = (
        PublicBody.objects.select_for_update(of=("self",))
        .select_related("organisation")
        .get(organisation_id=membership.organisation_id)
    )
    wants_approver = membership.role == Membership.Role.APPROVER
    rows = _lock_memberships(body)
    claim = _active_approvers(rows) == 0
    if claim:
        # Nobody can consent for the body yet: an administrator approves the first approver's claim, never their own.
        if not is_admin(actor):
            raise NotAllowed(str(MSG_ONLY_ADMINS if wants_approver else MSG_ONLY_APPROVERS_DECIDE))
        if membership.user_id == person(actor).pk:
            raise NotAllowed(str(MSG_NOT_YOUR_OWN_CLAIM))
    elif not is_body_approver(actor, body):
        raise NotAllowed(str(MSG_ONLY_APPROVERS_DECIDE))
    membership = Membership.objects.select_for_update(of=("self",)).select_related("user").get(pk=membership.pk)
    if membership.status != Membership.Status.REQUESTED:
        raise InvalidTransition(_("This request has already been decided."))
    if approve and not body.is_verified:
        raise InvalidTransition(_("Verify the public body before confirming who acts for it."))
    evidence = (evidence or "").strip()
    if approve and claim and not evidence:
        raise ApplicationError(str(MSG_EVIDENCE_REQUIRED), field="evidence")
    membership.status = Membership.Status.ACTIVE if approve else Membership.Status.REVOKED
    if approve and claim:
        membership.role = Membership.Role.APPROVER  # the first one to act for the body can consent for it
    membership.save(update_fields=["status", "role", "updated_at"])
    membership_status_changed(
        membership=membership, before=Membership.Status.REQUESTED, actor=person(actor), evidence=evidence
    )
    _audit_membership(
        actor,
        ("membership.claim_approved" if claim else "membership.approved") if approve else "membership.rejected",
        membership,
        before={"status": Membership.Status.REQUESTED},
        **({"evidence": evidence} if evidence else {}),
    )
    if approve and wants_approver and body.imported and not body.claimed:
        body.claimed = True
        body.save(update_fields=["claimed"])
        audit_record(
            actor=actor,
            verb="public_body.claimed",
            target=body,
            after={"by": membership.user_id},
            organisation_id=body.organisation_id,
        )
    _decision(
        body,
        [membership.user],
        gettext_lazy("your request was accepted") if approve else gettext_lazy("your request was refused"),
        f"membership:{membership.pk}:decided:{membership.updated_at.timestamp():.0f}",
        variant="request_accepted" if approve else "request_refused",
    )
    return membership


@transaction.atomic
def body_invite(*, actor: Actor, body: PublicBody, email: str, role: str) -> tuple[BodyInvitation, str]:
    """An approver or an admin invites an address with a role. Returns the invitation and the raw token (only
    the link in the e-mail carries it; the database keeps its digest)."""
    if not can_manage(actor, body):
        raise NotAllowed(str(MSG_ONLY_MANAGERS))
    if role not in BODY_ROLES:
        raise ApplicationError(_("Role: choose officer, evaluator or approver."), field="role")
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError as exc:
        raise ApplicationError(_("E-mail: enter an e-mail address like name@example.org."), field="email") from exc
    if Membership.objects.filter(
        organisation_id=body.organisation_id, user__email__iexact=email, role=role, status=Membership.Status.ACTIVE
    ).exists():
        raise Conflict(_("This person already has this role in the body."), field="email")
    now = timezone.now()
    BodyInvitation.objects.open().filter(body=body, email=email).update(revoked_at=now)  # the newest link wins
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        # Someone without an account gets one to claim through password reset, as in the registry's team flow.
        user = User.objects.create_user(email, None, language=getattr(actor, "language", "es"))
    raw = secrets.token_urlsafe(32)
    invitation = BodyInvitation.objects.create(
        body=body,
        email=email,
        role=role,
        token_digest=token_digest(raw),
        invited_by=person(actor),
        expires_at=now + INVITATION_LIFETIME,
    )
    audit_record(
        actor=actor,
        verb="body_invitation.create",
        target=invitation,
        after=invitation.as_audit(),
        organisation_id=body.organisation_id,
    )
    notification_emit(
        kind=Kind.MEMBERSHIP_INVITATION,
        recipients=[user],
        event_key=f"body_invitation:{invitation.pk}",
        context={
            "person": str(actor),
            "organisation": body.organisation.name,
            "role": _in_every_language(Membership.Role(role).label),
        },
        url=reverse("bodies:invitation", args=[raw]),
    )
    return invitation, raw


def invitation_by_token(raw: str) -> BodyInvitation | None:
    return BodyInvitation.objects.select_related("body__organisation").filter(token_digest=token_digest(raw)).first()


@transaction.atomic
def body_invitation_accept(*, actor: Actor, token: str) -> Membership:
    """The invitee, signed in with the invited address (verified), accepts: the membership becomes active."""
    if not signed_in(actor):
        raise NotAllowed(_("Sign in to accept the invitation."))
    invitation = BodyInvitation.objects.select_for_update().filter(token_digest=token_digest(token or "")).first()
    if invitation is None or invitation.state != "open":
        raise InvalidTransition(str(MSG_INVITATION_INVALID), field="token")
    if invitation.email.lower() not in verified_emails(actor):
        raise NotAllowed(str(MSG_INVITATION_OTHER_EMAIL))
    body = invitation.body
    if invitation.invited_by is None or not is_body_approver(invitation.invited_by, body):
        raise NotAllowed(str(MSG_STALE_INVITATION))
    invitation.accepted_at, invitation.accepted_by = timezone.now(), actor
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    membership = _existing(body, actor, invitation.role)
    before = {"status": membership.status} if membership else None
    status_before = membership.status if membership else Membership.Status.INVITED
    if membership is None:
        membership = Membership.objects.create(
            user=actor,
            organisation_id=body.organisation_id,
            role=invitation.role,
            status=Membership.Status.ACTIVE,
            invited_by=invitation.invited_by,
        )
    else:
        membership.status, membership.invited_by = Membership.Status.ACTIVE, invitation.invited_by
        membership.save(update_fields=["status", "invited_by", "updated_at"])
    membership_status_changed(membership=membership, before=status_before, actor=person(actor))
    audit_record(
        actor=actor,
        verb="body_invitation.accept",
        target=invitation,
        after=invitation.as_audit(),
        organisation_id=body.organisation_id,
    )
    _audit_membership(actor, "membership.accepted", membership, before=before)
    return membership


@transaction.atomic
def body_invitation_revoke(*, actor: Actor, invitation: BodyInvitation) -> BodyInvitation:
    if not can_manage(actor, invitation.body):
        raise NotAllowed(str(MSG_ONLY_MANAGERS))
    updated = BodyInvitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    if updated != 1:
        raise InvalidTransition(_("This invitation is no longer open."))
    invitation.refresh_from_db()
    audit_record(
        actor=actor,
        verb="body_invitation.revoke",
        target=invitation,
        after=invitation.as_audit(),
        organisation_id=invitation.body.organisation_id,
    )
    return invitation


def _locked_member(actor: Actor, membership: Membership) -> tuple[PublicBody, list[Membership], Membership]:
    body = PublicBody.objects.select_related("organisation").get(organisation_id=membership.organisation_id)
    if not can_manage(actor, body):
        raise NotAllowed(str(MSG_ONLY_MANAGERS))
    rows = _lock_memberships(body)
    return body, rows, next(m for m in rows if m.pk == membership.pk)


@transaction.atomic
def body_member_change_role(*, actor: Actor, membership: Membership, role: str) -> Membership:
    """An approver or an admin changes an active member's role; the last approver cannot lose it."""
    if role not in BODY_ROLES:
        raise ApplicationError(_("Role: choose officer, evaluator or approver."), field="role")
    _body, rows, membership = _locked_member(actor, membership)
    if membership.status != Membership.Status.ACTIVE:
        raise InvalidTransition(_("Only active members can change role."))
    if membership.role == role:
        return membership
    if membership.role == Membership.Role.APPROVER and _active_approvers(rows) <= 1:
        raise Conflict(str(MSG_LAST_APPROVER), field="role")
    # One row per role held: a stale (revoked, requested) row for the new role gives way.
    Membership.objects.filter(
        user_id=membership.user_id, organisation_id=membership.organisation_id, role=role
    ).exclude(pk=membership.pk).delete()
    before = {"role": membership.role}
    membership.role = role
    membership.save(update_fields=["role", "updated_at"])
    membership_history_record(
        membership=membership,
        event=MembershipEvent.Event.ROLE_CHANGED,
        actor=person(actor),
        previous_role=before["role"],
    )
    _audit_membership(actor, "membership.role_changed", membership, before=before)
    return membership


@transaction.atomic
def body_member_revoke(*, actor: Actor, membership: Membership) -> Membership:
    """An approver or an admin revokes someone; the last approver cannot be revoked."""
    _body, rows, membership = _locked_member(actor, membership)
    if membership.status == Membership.Status.REVOKED:
        raise InvalidTransition(_("This person no longer acts for the body."))
    if (
        membership.role == Membership.Role.APPROVER
        and membership.status == Membership.Status.ACTIVE
        and _active_approvers(rows) <= 1
    ):
        raise Conflict(str(MSG_LAST_APPROVER))
    before = {"status": membership.status}
    membership.status = Membership.Status.REVOKED
    membership.save(update_fields=["status", "updated_at"])
    membership_status_changed(membership=membership, before=before["status"], actor=person(actor))
    _audit_membership(actor, "membership.removed", membership, before=before)
    return membership


@transaction.atomic
def public_body_set_logo(*, actor: Actor, body: PublicBody, upload: UploadedFile) -> PublicBody:
    """Store a logo after checking its content (PNG, JPEG or WebP) and size; the name is ours, not the user's."""
    if not can_manage(actor, body):
        raise NotAllowed(str(MSG_ONLY_MANAGERS))
    checked = check_upload(upload, allowed=IMAGE_TYPES, max_bytes=LOGO_MAX_BYTES, field="logo")
    old = body.logo.name if body.logo else ""
    body.logo.save(f"{uuid.uuid4().hex}.{checked.extension}", upload, save=False)
    body.save(update_fields=["logo"])
    audit_record(
        actor=actor,
        verb="public_body.logo",
        target=body,
        before={"logo": old},
        after={"logo": True, "bytes": checked.size},
        organisation_id=body.organisation_id,
    )
    return body
