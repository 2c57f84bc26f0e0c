"""Every write of applications: drafting, files, submission with a receipt, withdrawal, and the opening.

Each service checks who acts (an active member of the lead supplier; the body's officers or approvers for the
opening), checks the rules (the call open and its deadline not passed by server time, the lifecycle table, the
call's eligibility rules), writes in one transaction with an audit row, and queues notifications on commit.
"""

from __future__ import annotations

import hashlib
import uuid
import zoneinfo
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from govtech.accounts.models import Membership, Organisation, User
from govtech.accounts.roles import Actor, person, public_body_ids, signed_in
from govtech.audit.services import audit_record
from govtech.core.errors import ApplicationError, InvalidTransition, NotAllowed
from govtech.core.uploads import PROCUREMENT_TYPES, check_upload
from govtech.notifications.kinds import Kind
from govtech.notifications.services import notification_emit
from procurement import conflicts
from procurement.applications import lifecycle
from procurement.applications.eligibility import eligibility_for_application
from procurement.applications.models import (
    Application,
    ApplicationFile,
    ApplicationPartner,
    CallOpening,
    ReferenceCounter,
    SubmissionReceipt,
)
from procurement.applications.receipts import manifest_digest, submission_manifest
from procurement.calls.models import Call
from procurement.calls.requirements import FileKind, requirements_of

S = Application.Status
OPENER_ROLES = frozenset({Membership.Role.OFFICER, Membership.Role.APPROVER})
TEXT_FIELDS = ("title", "solution", "team", "plan")
CONTENT_FIELDS = (*TEXT_FIELDS, "criteria_responses", "milestones", "price", "currency", "phase_prices", "partners")
TEXT_MAX = 20_000
MAX_MILESTONES = 50
REFERENCE_PREFIX = "GT"

DEFAULT_FILE_MAX_BYTES = 20 * 1024 * 1024
DEFAULT_TOTAL_MAX_BYTES = 50 * 1024 * 1024
DEFAULT_MAX_FILES = 20


def file_max_bytes() -> int:
    return int(getattr(settings, "APPLICATION_FILE_MAX_BYTES", DEFAULT_FILE_MAX_BYTES))


def total_max_bytes() -> int:
    return int(getattr(settings, "APPLICATION_TOTAL_MAX_BYTES", DEFAULT_TOTAL_MAX_BYTES))


def max_files() -> int:
    return int(getattr(settings, "APPLICATION_MAX_FILES", DEFAULT_MAX_FILES))


# --- who and when ----------------------------------------------------------------------


def supplier_ids_of(user: Actor) -> list[int]:
    if not signed_in(user):
        return []
    return list(
        Membership.objects.filter(
            user=user, status=Membership.Status.ACTIVE, organisation__kind=Organisation.Kind.SUPPLIER
        ).values_list("organisation_id", flat=True)
    )


def may_edit(user: Actor, application: Application) -> bool:
    """Members of the lead supplier edit and submit; consortium partners only read."""
    return application.supplier_id in supplier_ids_of(user)


def may_open(user: Actor, call: Call) -> bool:
    """The body's officers and approvers open; administrators do not (the seal binds them too)."""
    return call.body_id in public_body_ids(user, OPENER_ROLES)


def _require_editor(actor: Actor, application: Application) -> None:
    if not may_edit(actor, application):
        raise NotAllowed(_("Only members of the applying organisation may do this."))


def deadline_text(call: Call) -> str:
    """The deadline in the call's time zone, named, in the reader's date format."""

    try:
        zone = zoneinfo.ZoneInfo(call.timezone)
        name = call.timezone
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone, name = zoneinfo.ZoneInfo("UTC"), "UTC"
    local = timezone.localtime(call.submission_deadline, zone)
    return f"{formats.date_format(local, 'DATETIME_FORMAT')} ({name.replace('_', ' ')})"


def deadline_passed(call: Call, now: Any = None) -> bool:
    return (now or timezone.now()) >= call.submission_deadline


def _require_call_open(call: Call, now: Any = None) -> None:
    """The call takes applications: published, and its deadline not reached by server time."""
    if deadline_passed(call, now):
        raise ApplicationError(
            _("The deadline passed at %(deadline)s; applications are no longer accepted.")
            % {"deadline": deadline_text(call)},
            extra={"deadline": call.submission_deadline.isoformat()},
        )
    if call.status != Call.Status.PUBLISHED:
        raise InvalidTransition(_("This call is not open for applications."))


def _require_editable(application: Application) -> None:
    if application.status not in lifecycle.EDITABLE:
        raise InvalidTransition(
            _("A submitted application cannot be changed; withdraw it first (before the deadline) to edit it.")
        )


# --- drafting --------------------------------------------------------------------------


def application_create(*, call: Call, actor: Actor, supplier: Organisation | None = None) -> Application:
    """Start the draft of ``supplier``'s application to ``call`` (one per organisation and call)."""
    mine = supplier_ids_of(actor)
    if not mine:  # an action this person may not take at all: 403, whatever the input
        raise NotAllowed(_("Only members of a supplier may apply."))
    if supplier is None:
        if len(mine) != 1:
            raise ApplicationError(_("Choose the organisation that applies."), field="supplier")
        supplier = Organisation.objects.get(pk=mine[0])
    if supplier.pk not in mine:
        raise NotAllowed(_("Only members of the applying organisation may do this."))
    _require_call_open(call)
    if Application.objects.filter(call=call, supplier=supplier).exists():
        raise ApplicationError(_("Your organisation already has an application to this call."), field="call")
    try:
        with transaction.atomic():
            application = Application.objects.create(
                call=call, supplier=supplier, created_by=person(actor), currency=call.currency
            )
            audit_record(
                actor=actor,
                verb="application.create",
                target=application,
                after={"call": call.pk, "supplier": supplier.pk},
                organisation_id=supplier.pk,
            )
    except IntegrityError as exc:  # the same organisation, at the same moment, from another tab
        raise ApplicationError(_("Your organisation already has an application to this call."), field="call") from exc
    return application


def _text(data: dict[str, Any], name: str, limit: int) -> str:
    value = data[name]
    if not isinstance(value, str):
        raise ApplicationError(_("Write text here."), field=name)
    if len(value) > limit:
        raise ApplicationError(_("This text is too long (%(n)s characters at most).") % {"n": limit}, field=name)
    return value.strip()


def _decimal(value: Any, field: str) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError) as exc:
        raise ApplicationError(_("Give an amount, for example 150000.50."), field=field) from exc
    if not number.is_finite() or number < 0 or number >= Decimal("1e12") or number != number.quantize(Decimal("0.01")):
        raise ApplicationError(_("Give a positive amount with at most two decimals."), field=field)
    return number


def _criteria_responses(call: Call, value: Any) -> dict[str, str]:
    names = [str(c.get("name", "")) for c in call.criteria if isinstance(c, dict)]
    if not isinstance(value, dict):
        raise ApplicationError(_("Answer each criterion of the call."), field="criteria_responses")
    unknown = sorted(set(value) - set(names))
    if unknown:
        raise ApplicationError(
            _("This call has no criterion named “%(name)s”.") % {"name": unknown[0][:100]}, field="criteria_responses"
        )
    out = {}
    for name in names:
        text = value.get(name, "")
        if not isinstance(text, str) or len(text) > TEXT_MAX:
            raise ApplicationError(
                _("Each answer is text of %(n)s characters at most.") % {"n": TEXT_MAX}, field="criteria_responses"
            )
        if text.strip():
            out[name] = text.strip()
    return out


def _milestones(value: Any) -> list[dict[str, Any]]:
    if not isinstance(value, list) or len(value) > MAX_MILESTONES:
        raise ApplicationError(_("List the milestones (%(n)s at most).") % {"n": MAX_MILESTONES}, field="milestones")
    out = []
    for item in value:
        name = item.get("name") if isinstance(item, dict) else None
        month = item.get("month") if isinstance(item, dict) else None
        if not isinstance(name, str) or not name.strip() or len(name) > 200:
            raise ApplicationError(_("Each milestone needs a name (200 characters at most)."), field="milestones")
        if isinstance(month, bool) or not isinstance(month, int) or not 1 <= month <= 120:
            raise ApplicationError(_("Each milestone needs a month between 1 and 120."), field="milestones")
        out.append({"name": name.strip(), "month": month})
    return out


def _phase_prices(call: Call, value: Any) -> list[dict[str, str]]:
    phases = [str(p.get("name", "")) for p in call.phases if isinstance(p, dict)]
    if not isinstance(value, list):
        raise ApplicationError(_("Give a price for each phase of the call."), field="phase_prices")
    out, seen = [], set()
    for item in value:
        phase = item.get("phase") if isinstance(item, dict) else None
        if phase not in phases or phase in seen:
            raise ApplicationError(_("Price only the call's phases, each once."), field="phase_prices")
        seen.add(phase)
        price = _decimal(item.get("price"), "phase_prices")
        if price is None:
            raise ApplicationError(_("Give a price for each phase you list."), field="phase_prices")
        out.append({"phase": phase, "price": str(price)})
    return sorted(out, key=lambda p: phases.index(p["phase"]))


def _partners(application: Application, value: Any) -> list[tuple[Organisation, str]]:
    if not isinstance(value, list) or len(value) > 20:
        raise ApplicationError(_("List the consortium partners (20 at most)."), field="partners")
    if value and not application.call.consortia_allowed:
        raise ApplicationError(
            _("This call does not accept consortia; remove the partners to apply alone."), field="partners"
        )
    out: list[tuple[Organisation, str]] = []
    for item in value:
        org_id = item.get("organisation") if isinstance(item, dict) else None
        role = item.get("role", "") if isinstance(item, dict) else ""
        if isinstance(org_id, bool) or not isinstance(org_id, int) or not isinstance(role, str) or len(role) > 200:
            raise ApplicationError(_("Each partner is a registered organisation and its role."), field="partners")
        org = Organisation.objects.suppliers().filter(pk=org_id).first()
        if org is None:
            raise ApplicationError(_("Partners must be suppliers registered on this portal."), field="partners")
        if org.pk == application.supplier_id or any(o.pk == org.pk for o, _r in out):
            raise ApplicationError(_("Each partner is listed once, and not the lead."), field="partners")
        out.append((org, role.strip()))
    return out


def application_update(*, application: Application, actor: Actor, **data: Any) -> Application:
    """Change the draft's content (any of ``CONTENT_FIELDS``); ``partners`` replaces the consortium."""
    _require_editor(actor, application)
    unknown = set(data) - set(CONTENT_FIELDS)
    if unknown:
        raise ApplicationError(_("This field cannot be changed."), field=sorted(unknown)[0])
    call = application.call
    values: dict[str, Any] = {}
    for name in TEXT_FIELDS:
        if name in data:
            values[name] = _text(data, name, 200 if name == "title" else TEXT_MAX)
    if "criteria_responses" in data:
        values["criteria_responses"] = _criteria_responses(call, data["criteria_responses"])
    if "milestones" in data:
        values["milestones"] = _milestones(data["milestones"])
    if "price" in data:
        values["price"] = _decimal(data["price"], "price")
    if "currency" in data:
        currency = data["currency"]
        if not isinstance(currency, str) or (currency and (len(currency) != 3 or not currency.isalpha())):
            raise ApplicationError(_("Give a three-letter currency code, for example COP."), field="currency")
        values["currency"] = currency.upper()
    if "phase_prices" in data:
        values["phase_prices"] = _phase_prices(call, data["phase_prices"])
    partners = _partners(application, data["partners"]) if "partners" in data else None
    with transaction.atomic():
        locked = Application.objects.select_for_update().select_related("call").get(pk=application.pk)
        _require_editable(locked)
        _require_call_open(locked.call)
        for name, value in values.items():
            setattr(locked, name, value)
        locked.save()
        named: list[ApplicationPartner] = []
        if partners is not None:
            named = _replace_partners(locked, partners)
        audit_record(
            actor=actor,
            verb="application.update",
            target=locked,
            after={"fields": sorted(data)},
            organisation_id=locked.supplier_id,
        )
    for partner in named:
        _ask_partner(partner, actor)
    application.refresh_from_db()
    return application


# --- consortium partners: named only with their consent ----------------------------------

MSG_PARTNER_CONSENT = gettext_lazy(
    "Every consortium partner must accept being named before the application can be submitted (rule: consent of "
    "the partner). Waiting for: %(names)s."
)
MSG_ONLY_PARTNER_OWNERS = gettext_lazy(
    "Only an active owner of the named partner organisation can accept or decline (rule: consent of the partner)."
)


def _replace_partners(locked: Application, partners: list[tuple[Organisation, str]]) -> list[ApplicationPartner]:
    """Replace the consortium; a partner kept with the same role keeps its consent, any other is asked anew.
    Returns the partners to ask."""
    kept = {(p.organisation_id, p.role): p for p in locked.partners.all()}
    locked.partners.all().delete()
    rows = []
    for org, role in partners:
        old = kept.get((org.pk, role))
        rows.append(
            ApplicationPartner(
                application=locked,
                organisation=org,
                role=role,
                consent=old.consent if old else ApplicationPartner.Consent.PENDING,
                decided_by_id=old.decided_by_id if old else None,
                decided_at=old.decided_at if old else None,
            )
        )
    created = ApplicationPartner.objects.bulk_create(rows)
    return [p for p in created if (p.organisation_id, p.role) not in kept]


def _partner_owners(organisation_id: int) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True,
            memberships__organisation_id=organisation_id,
            memberships__role=Membership.Role.OWNER,
            memberships__status=Membership.Status.ACTIVE,
        )
        .distinct()
        .order_by("pk")
    )


def _ask_partner(partner: ApplicationPartner, actor: Actor) -> None:
    """The partner's owners are asked (only them: the application itself stays hidden from the partner)."""
    application = Application.objects.select_related("call", "supplier").get(pk=partner.application_id)
    notification_emit(
        kind=Kind.INVITATION_TO_APPLY,
        recipients=_partner_owners(partner.organisation_id),
        event_key=f"application_partner:{partner.pk}:asked",
        context={
            "buyer": application.supplier.name,
            "organisation": partner.organisation.name,
            "title": application.call.title,
            "deadline": deadline_text(application.call),
        },
        url=reverse("applications:partner-requests"),
        organisation_ids=[partner.organisation_id],  # sealed work: the partner's owners and webhooks only
    )


def partner_requests_for(user: Actor) -> list[ApplicationPartner]:
    """The consortium requests waiting for ``user`` as an active owner of the named partner."""
    if not signed_in(user):
        return []
    owned = Membership.objects.active().filter(user=user, role=Membership.Role.OWNER).values("organisation_id")
    return list(
        ApplicationPartner.objects.filter(organisation_id__in=owned, consent=ApplicationPartner.Consent.PENDING)
        .select_related("organisation", "application__call", "application__supplier")
        .order_by("pk")
    )


def application_partner_respond(*, actor: Actor, partner: ApplicationPartner, accept: bool) -> ApplicationPartner:
    """An active owner of the named partner accepts (its members then see the application) or declines; audited
    by ids, and the lead's members are told through the audit trail and the application's page."""
    with transaction.atomic():
        locked = ApplicationPartner.objects.select_for_update().select_related("application").get(pk=partner.pk)
        if (
            not Membership.objects.active()
            .filter(user=person(actor), organisation_id=locked.organisation_id, role=Membership.Role.OWNER)
            .exists()
        ):
            raise NotAllowed(str(MSG_ONLY_PARTNER_OWNERS))
        if locked.consent != ApplicationPartner.Consent.PENDING:
            raise InvalidTransition(_("This request has already been answered."))
        if locked.application.status != S.DRAFT and locked.application.status != S.WITHDRAWN:
            raise InvalidTransition(_("This application can no longer change its consortium."))
        locked.consent = ApplicationPartner.Consent.ACCEPTED if accept else ApplicationPartner.Consent.DECLINED
        locked.decided_by = person(actor)
        locked.decided_at = timezone.now()
        locked.save(update_fields=["consent", "decided_by", "decided_at"])
        audit_record(
            actor=actor,
            verb="application.partner_accepted" if accept else "application.partner_declined",
            target=locked.application,
            after={"partner_organisation_id": locked.organisation_id, "consent": locked.consent},
            organisation_id=locked.organisation_id,
        )
    return locked


def _require_partners_consent(application: Application) -> None:
    waiting = [
        p
        for p in application.partners.select_related("organisation")
        if p.consent != ApplicationPartner.Consent.ACCEPTED
    ]
    if waiting:
        raise ApplicationError(
            str(MSG_PARTNER_CONSENT) % {"names": ", ".join(p.organisation.name for p in waiting)},
            field="partners",
            extra={"rule": "partner_consent", "partners": [p.organisation_id for p in waiting]},
        )


# --- files -----------------------------------------------------------------------------


def safe_display_name(raw: str, extension: str) -> str:
    """The name shown for a file: no path, no control or bidirectional characters, the checked extension."""
    base = (raw or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(
        ch for ch in base if ch.isprintable() and ch not in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
    )
    stem = base.rsplit(".", 1)[0].strip(" .") if "." in base else base.strip(" .")
    return f"{(stem or 'document')[:200]}.{extension}"


def _sha256(upload: UploadedFile) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def application_file_add(
    *, application: Application, actor: Actor, upload: UploadedFile, kind: str = FileKind.OTHER
) -> ApplicationFile:
    """Attach a file of a ``kind`` (``FileKind``): its type checked by content (PDF, ODF, DOCX/XLSX, images), within
    the per-file and per-application limits; stored under a generated name, shown under a cleaned copy of its own."""
    _require_editor(actor, application)
    if kind not in FileKind.values:
        raise ApplicationError(
            _("Say what the file is: %(kinds)s.") % {"kinds": ", ".join(FileKind.values)}, field="kind"
        )
    checked = check_upload(upload, allowed=PROCUREMENT_TYPES, max_bytes=file_max_bytes(), field="file")
    sha = _sha256(upload)
    with transaction.atomic():
        locked = Application.objects.select_for_update().select_related("call").get(pk=application.pk)
        _require_editable(locked)
        _require_call_open(locked.call)
        existing = list(locked.files.values_list("size", flat=True))
        if len(existing) >= max_files():
            raise ApplicationError(_("An application holds %(n)s files at most.") % {"n": max_files()}, field="file")
        if sum(existing) + checked.size > total_max_bytes():
            raise ApplicationError(
                _("The files of an application may not exceed %(mb).1f MB in all.")
                % {"mb": total_max_bytes() / 1024 / 1024},
                field="file",
            )
        item = ApplicationFile(
            application=locked,
            kind=kind,
            name=safe_display_name(upload.name or "", checked.extension),
            content_type=checked.content_type,
            size=checked.size,
            sha256=sha,
        )
        item.file.save(f"application-{locked.pk}-{uuid.uuid4().hex}.{checked.extension}", upload, save=False)
        item.save()
        audit_record(
            actor=actor,
            verb="application.file_add",
            target=locked,
            after={"file": item.pk, "kind": kind, "sha256": sha, "size": item.size},
            organisation_id=locked.supplier_id,
        )
    return item


def application_file_remove(*, application: Application, actor: Actor, item: ApplicationFile) -> None:
    _require_editor(actor, application)
    with transaction.atomic():
        locked = Application.objects.select_for_update().select_related("call").get(pk=application.pk)
        _require_editable(locked)
        _require_call_open(locked.call)
        stored = ApplicationFile.objects.filter(pk=item.pk, application=locked).first()
        if stored is None:
            raise ApplicationError(_("This file is not part of the application."), field="file")
        audit_record(
            actor=actor,
            verb="application.file_remove",
            target=locked,
            before={"file": stored.pk, "sha256": stored.sha256},
            organisation_id=locked.supplier_id,
        )
        name = str(stored.file.name)
        stored.delete()
        transaction.on_commit(lambda: stored.file.storage.delete(name))


# --- submission ------------------------------------------------------------------------


def missing_parts(application: Application) -> list[dict[str, str]]:
    """Each part the call requires (``procurement.calls.requirements``) that the application still lacks:
    ``{"part", "field", "message"}``; ``part`` names it precisely (``criterion:<name>``, ``file:<kind>``)."""
    required = requirements_of(application.call)
    missing: list[dict[str, str]] = []

    def lacks(part: str, field: str, message: str) -> None:
        missing.append({"part": part, "field": field, "message": message})

    if not application.title.strip():
        lacks("title", "title", _("Give the proposal a title."))
    if not application.solution.strip():
        lacks("solution", "solution", _("Describe the proposed solution."))
    if required["criteria"]:
        answered = application.criteria_responses or {}
        for criterion in application.call.criteria:
            name = str(criterion.get("name", "")) if isinstance(criterion, dict) else ""
            if name and not str(answered.get(name, "")).strip():
                lacks(
                    f"criterion:{name}",
                    "criteria_responses",
                    _("Say how the proposal meets “%(name)s”.") % {"name": name},
                )
    if required["team"] and not application.team.strip():
        lacks("team", "team", _("Describe the team."))
    if required["plan"] and not application.plan.strip():
        lacks("plan", "plan", _("Give the work plan."))
    if required["price"] and application.price is None:
        lacks("price", "price", _("Give the total price."))
    if required["files"]:
        attached = set(application.files.values_list("kind", flat=True))
        for kind in required["files"]:
            if kind not in attached:
                lacks(f"file:{kind}", "files", _("Attach a file: %(kind)s.") % {"kind": FileKind(kind).label})
    return missing


def missing_content(application: Application) -> list[tuple[str, str]]:
    """(field, message) for what a submission still needs."""
    return [(item["field"], item["message"]) for item in missing_parts(application)]


def _next_reference(now: Any) -> str:
    """The next ``GT-<year>-<number>`` of the portal's year: sequential per year, within the caller's transaction
    (the counter row stays locked until it commits; a rollback gives the number back)."""
    year = timezone.localtime(now).year
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {ReferenceCounter._meta.db_table} (year, last) VALUES (%s, 1) "  # noqa: S608 -- a model's table
            f"ON CONFLICT (year) DO UPDATE SET last = {ReferenceCounter._meta.db_table}.last + 1 RETURNING last",
            [year],
        )
        row = cursor.fetchone()
    assert row is not None
    return f"{REFERENCE_PREFIX}-{year}-{int(row[0]):06d}"


def _recipients(application: Application, actor: Actor) -> list[Any]:

    ids = set(
        Membership.objects.filter(
            organisation_id=application.supplier_id, status=Membership.Status.ACTIVE, role=Membership.Role.OWNER
        ).values_list("user_id", flat=True)
    )
    ids.add(person(actor).pk)
    return list(User.objects.filter(pk__in=ids).order_by("pk"))


def application_submit(*, application: Application, actor: Actor) -> SubmissionReceipt:
    """Submit (or resubmit after a withdrawal) before the deadline by server time; returns the receipt.

    The application row is locked, so two submissions at once give one receipt each in turn, never two with the
    same number; the deadline is read after the lock is taken.
    """
    _require_editor(actor, application)
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        call = Call.objects.get(pk=locked.call_id)
        locked.call = call
        now = timezone.now()
        _require_call_open(call, now)
        if not lifecycle.APPLICATION.allows(locked.status, S.SUBMITTED):
            raise InvalidTransition(_("This application has already been submitted."))
        reasons = eligibility_for_application(locked)
        if reasons:
            raise ApplicationError(" ".join(reasons), extra={"reasons": reasons})
        _require_partners_consent(locked)
        missing = missing_parts(locked)
        if missing:
            fields: dict[str, list[str]] = {}
            for item in missing:
                fields.setdefault(item["field"], []).append(item["message"])
            raise ApplicationError(
                _("The application is not complete: %(parts)s") % {"parts": " ".join(m["message"] for m in missing)},
                field=missing[0]["field"],
                extra={"missing": [m["message"] for m in missing], "missing_parts": missing, "fields": fields},
            )
        before = locked.status
        number = locked.submission_number + 1
        if not locked.reference:
            locked.reference = _next_reference(now)
        manifest = submission_manifest(locked, number=number, submitted_at=now)
        receipt = SubmissionReceipt.objects.create(
            application=locked,
            number=number,
            submitted_at=now,
            submitted_by=person(actor),
            digest=manifest_digest(manifest),
            manifest=manifest,
        )
        locked.status = S.SUBMITTED
        locked.submission_number = number
        locked.submitted_at = now
        locked.withdrawn_at = None
        locked.save(
            update_fields=["status", "reference", "submission_number", "submitted_at", "withdrawn_at", "updated_at"]
        )
        verb = "application.resubmit" if number > 1 else "application.submit"
        audit_record(
            actor=actor,
            verb=verb,
            target=locked,
            before={"status": before},
            after={"status": S.SUBMITTED, "number": number, "reference": locked.reference, "digest": receipt.digest},
            organisation_id=locked.supplier_id,
        )
        notification_emit(
            kind=Kind.SUBMISSION_RECEIPT,
            recipients=_recipients(locked, actor),
            event_key=f"application:{locked.pk}:receipt:{number}",
            context={
                "title": call.title,
                "organisation": locked.supplier.name,
                "reference": locked.reference,
                "digest": receipt.digest,
                "submitted_at": f"{now.isoformat(timespec='seconds')}",
                "timezone": call.timezone,
                "group_key": f"call:{call.pk}",
                "group_label": call.title,
            },
            url=reverse("applications:receipt", args=[locked.pk, number]),
            organisation_ids=[locked.supplier_id],  # a sealed receipt: its members and its webhooks only
        )
    application.refresh_from_db()
    return receipt


def application_withdraw(*, application: Application, actor: Actor) -> Application:
    """Withdraw a submission before the deadline; it can be edited and submitted again until then."""
    _require_editor(actor, application)
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        call = Call.objects.get(pk=locked.call_id)
        _require_call_open(call)
        if locked.status != S.SUBMITTED or not lifecycle.APPLICATION.allows(locked.status, S.WITHDRAWN):
            raise InvalidTransition(_("Only a submitted application can be withdrawn."))
        locked.status = S.WITHDRAWN
        locked.withdrawn_at = timezone.now()
        locked.save(update_fields=["status", "withdrawn_at", "updated_at"])
        audit_record(
            actor=actor,
            verb="application.withdraw",
            target=locked,
            before={"status": S.SUBMITTED},
            after={"status": S.WITHDRAWN},
            organisation_id=locked.supplier_id,
        )
    application.refresh_from_db()
    return application


# --- the opening -----------------------------------------------------------------------


def applications_open(*, call: Call, actor: Actor, declare: bool = False) -> CallOpening:
    """Unseal the call's submitted applications: the body's officers or approvers, after the deadline, once, by
    someone with no supplier membership in the last 24 months who signed the opener's conflict-of-interest
    declaration (``declare`` signs it now; ``procurement.conflicts``)."""
    if not may_open(actor, call):
        raise NotAllowed(_("Only officers and approvers of this public body may open its applications."))
    conflicts.require_may_open(actor, call)
    with transaction.atomic():
        locked = Call.objects.select_for_update().get(pk=call.pk)
        now = timezone.now()
        if not deadline_passed(locked, now):
            raise ApplicationError(
                _("Applications are opened after the deadline (%(deadline)s), not before.")
                % {"deadline": deadline_text(locked)}
            )
        if locked.status in (Call.Status.DRAFT, Call.Status.IN_APPROVAL, Call.Status.CANCELLED):
            raise InvalidTransition(_("The applications of this call cannot be opened."))
        if CallOpening.objects.filter(call=locked).exists():
            raise InvalidTransition(_("The applications of this call have already been opened."))
        conflicts.require_declared(actor, locked, conflicts.Role.OPENING, declare=declare)
        count = Application.objects.count_submitted(locked)
        opening = CallOpening.objects.create(call=locked, opened_by=person(actor), opened_at=now, submitted_count=count)
        audit_record(
            actor=actor,
            verb="call.applications_open",
            target=locked,
            after={"submitted_count": count},
            organisation_id=locked.body_id,
        )
    return opening
