"""Registering a supplier and keeping its profile, classification and search vectors up to date."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

import pycountry
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from govtech.accounts.history import membership_history_record
from govtech.accounts.models import Membership, MembershipEvent, Organisation
from govtech.accounts.roles import Actor, is_admin, signed_in
from govtech.audit.services import audit_record
from govtech.core.errors import ApplicationError, Conflict, NotAllowed
from govtech.core.uploads import IMAGE_TYPES, check_upload
from startups import conf, fragments
from startups.identifiers import IdentifierError, normalise_identifier
from startups.models import CpvCode, Sector, Supplier, Technology, size_class_for
from startups.permissions import can_edit, forget
from startups.services.team import verification_requested
from startups.textsearch import LANGUAGE_CONFIGS, weighted_vector

DUPLICATE_MESSAGE = gettext_lazy("This organisation is already registered. You can ask to join it.")

# Fields an owner edits through ``supplier_update`` (identity fields are set at registration).
PROFILE_FIELDS = (
    "legal_name",
    "trade_name",
    "year_founded",
    "website",
    "pitch_es",
    "pitch_pt",
    "pitch_en",
    "description_es",
    "description_pt",
    "description_en",
    "employees",
    "revenue_band",
    "stage",
    "innovative",
    "regions_served",
    "languages",
    "contact_name",
    "contact_email",
    "contact_phone",
    "social_links",
)


class DuplicateSupplier(Conflict):
    """The legal identifier is already in the registry; ``extra["supplier"]`` is the existing slug."""

    code = "already_registered"


def _snapshot(supplier: Supplier) -> dict[str, Any]:
    return {
        name: getattr(supplier, name)
        for name in ("legal_name", "trade_name", "country", "identifier", "identifier_scheme", "verification_status")
    }


def check_country(country: str) -> str:
    code = (country or "").upper()
    if pycountry.countries.get(alpha_2=code) is None:
        raise ApplicationError(_("Country: choose a country from the list."), field="country")
    return code


def check_regions(regions: Iterable[str]) -> list[str]:
    """ISO 3166-1 alpha-2 countries or ISO 3166-2 subdivisions, upper-cased and de-duplicated."""
    out: list[str] = []
    for raw in regions:
        code = raw.strip().upper()
        if not code:
            continue
        known = pycountry.countries.get(alpha_2=code) if len(code) == 2 else pycountry.subdivisions.get(code=code)
        if known is None:
            raise ApplicationError(
                _("Regions served: %(code)s is not an ISO 3166 country or subdivision code (e.g. CO or CO-ANT).")
                % {"code": raw},
                field="regions_served",
            )
        if code not in out:
            out.append(code)
    return out


def check_year_founded(year: int | None) -> None:
    if year is not None and not (1800 <= year <= timezone.localdate().year):
        raise ApplicationError(
            _("Year founded: enter a year between 1800 and %(year)s.") % {"year": timezone.localdate().year},
            field="year_founded",
        )


def find_duplicate(scheme: str, identifier: str) -> Supplier | None:
    return (
        Supplier.objects.select_related("organisation").filter(identifier_scheme=scheme, identifier=identifier).first()
    )


def identity_check(*, country: str, identifier: str) -> tuple[str, str, str]:
    """Validate country and identifier; return ``(country, scheme, compact)``; refuse duplicates."""
    country = check_country(country)
    try:
        scheme, compact = normalise_identifier(country, identifier)
    except IdentifierError as exc:
        raise ApplicationError(exc.message, field="identifier") from exc
    existing = find_duplicate(scheme, compact)
    if existing is not None:
        raise DuplicateSupplier(str(DUPLICATE_MESSAGE), field="identifier", extra={"supplier": existing.slug})
    return country, scheme, compact


@transaction.atomic
def supplier_register(
    *,
    actor: Actor | None,
    legal_name: str,
    country: str,
    identifier: str,
    trade_name: str = "",
    with_owner: bool = True,
    organisation: Organisation | None = None,
    **profile: Any,
) -> Supplier:
    """Create the organisation, its supplier profile and (normally) the actor's owner membership, at once.

    A legal identifier already registered raises ``DuplicateSupplier`` (409) carrying the
    existing profile's slug, so the caller can offer to ask to join it. Imports pass
    ``with_owner=False``: the organisation is claimed later by a join request. Pass
    ``organisation`` to give an existing supplier organisation (without a profile yet) its profile.
    """
    if not signed_in(actor):
        raise NotAllowed(_("Sign in to register an organisation."))
    legal_name = (legal_name or "").strip()
    if not legal_name:
        raise ApplicationError(_("Legal name: enter the organisation's registered name."), field="legal_name")
    country, scheme, compact = identity_check(country=country, identifier=identifier)
    unknown = set(profile) - set(PROFILE_FIELDS)
    if unknown:
        raise ApplicationError(f"Unknown profile fields: {sorted(unknown)}")
    check_year_founded(profile.get("year_founded"))
    if "regions_served" in profile:
        profile["regions_served"] = check_regions(profile["regions_served"])
    display = trade_name.strip() or legal_name
    if organisation is None:
        organisation = Organisation.objects.create(
            kind=Organisation.Kind.SUPPLIER, name=display, slug=Organisation.unique_slug(display), country=country
        )
    elif not (
        is_admin(actor)
        or Membership.objects.filter(
            user=actor, organisation=organisation, role=Membership.Role.OWNER, status=Membership.Status.ACTIVE
        ).exists()
    ):
        raise NotAllowed(_("Only the organisation's owners can create its profile."))
    elif organisation.kind != Organisation.Kind.SUPPLIER or Supplier.objects.filter(organisation=organisation).exists():
        raise Conflict(_("This organisation already has a supplier profile."))
    supplier = Supplier(
        organisation=organisation,
        legal_name=legal_name,
        trade_name=trade_name.strip(),
        country=country,
        identifier_scheme=scheme,
        identifier=compact,
        **profile,
    )
    supplier.size_class = size_class_for(supplier.employees, supplier.revenue_band)
    try:
        with transaction.atomic():
            supplier.save()
    except IntegrityError as exc:  # a concurrent registration of the same identifier won the race
        existing = find_duplicate(scheme, compact)
        raise DuplicateSupplier(
            str(DUPLICATE_MESSAGE), field="identifier", extra={"supplier": existing.slug if existing else ""}
        ) from exc
    if (
        with_owner
        and not Membership.objects.filter(user=actor, organisation=organisation, role=Membership.Role.OWNER).exists()
    ):
        founder = Membership.objects.create(user=actor, organisation=organisation, role=Membership.Role.OWNER)
        membership_history_record(membership=founder, event=MembershipEvent.Event.JOINED, actor=actor)
        forget(actor)
    audit_record(
        actor=actor,
        verb="supplier.registered",
        target=supplier,
        after=_snapshot(supplier),
        organisation_id=organisation.pk,
    )
    if with_owner and supplier.verification_status == Supplier.Verification.PENDING:
        verification_requested(supplier)  # imports are verified in bulk, not one e-mail each
    supplier_reindex(supplier)
    return supplier


@transaction.atomic
def supplier_update(*, actor: Actor, supplier: Supplier, **changes: Any) -> Supplier:
    """Change profile fields (owners and admins only). Size class and search vectors follow."""
    if not can_edit(actor, supplier):
        raise NotAllowed(_("Only the organisation's owners can change its profile."))
    unknown = set(changes) - set(PROFILE_FIELDS)
    if unknown:
        raise ApplicationError(f"Unknown profile fields: {sorted(unknown)}")
    if "legal_name" in changes and not (changes["legal_name"] or "").strip():
        raise ApplicationError(_("Legal name: enter the organisation's registered name."), field="legal_name")
    check_year_founded(changes.get("year_founded"))
    if "regions_served" in changes:
        changes["regions_served"] = check_regions(changes["regions_served"])
    supplier = Supplier.objects.select_for_update().get(pk=supplier.pk)
    before = {name: _jsonable(getattr(supplier, name)) for name in changes}
    for name, value in changes.items():
        setattr(supplier, name, value)
    supplier.size_class = size_class_for(supplier.employees, supplier.revenue_band)
    supplier.save()
    if "trade_name" in changes or "legal_name" in changes:
        Organisation.objects.filter(pk=supplier.organisation_id).update(name=supplier.display_name)
        fragments.bump()
    after = {name: _jsonable(getattr(supplier, name)) for name in changes}
    audit_record(
        actor=actor,
        verb="supplier.updated",
        target=supplier,
        before=before,
        after=after,
        organisation_id=supplier.organisation_id,
    )
    supplier_reindex(supplier)
    return supplier


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    return value


@transaction.atomic
def supplier_set_classification(
    *,
    actor: Actor | None,
    supplier: Supplier,
    sectors: Iterable[str] | None = None,
    technologies: Iterable[str] | None = None,
    cpv_codes: Iterable[str] | None = None,
) -> Supplier:
    """Replace the supplier's sectors, technologies (slugs) and CPV codes (with or without check digit).

    The organisation's owners do; an administrator only while nobody owns it yet (a bulk import's profile, until
    its first owner's claim is approved)."""
    ownerless = (
        not Membership.objects.active()
        .filter(organisation_id=supplier.organisation_id, role=Membership.Role.OWNER)
        .exists()
    )
    if not (can_edit(actor, supplier) or (ownerless and is_admin(actor))):
        raise NotAllowed(_("Only the organisation's owners can change its profile."))
    before = classification_of(supplier)
    if sectors is not None:
        supplier.sectors.set(_by_slug(Sector, sectors, "sectors"))
    if technologies is not None:
        supplier.technologies.set(_by_slug(Technology, technologies, "technologies"))
    if cpv_codes is not None:
        supplier.cpv_codes.set(cpv_lookup(cpv_codes))
    audit_record(
        actor=actor,
        verb="supplier.classified",
        target=supplier,
        before=before,
        after=classification_of(supplier),
        organisation_id=supplier.organisation_id,
    )
    supplier_reindex(supplier)
    return supplier


def classification_of(supplier: Supplier) -> dict[str, list[str]]:
    return {
        "sectors": sorted(supplier.sectors.values_list("slug", flat=True)),
        "technologies": sorted(supplier.technologies.values_list("slug", flat=True)),
        "cpv_codes": sorted(supplier.cpv_codes.values_list("code", flat=True)),
    }


def _by_slug(model: Any, slugs: Iterable[str], field: str) -> list[Any]:
    wanted = {s.strip() for s in slugs if s and s.strip()}
    found = list(model.objects.filter(slug__in=wanted))
    missing = wanted - {obj.slug for obj in found}
    if missing:
        raise ApplicationError(_("Unknown values: %(values)s.") % {"values": ", ".join(sorted(missing))}, field=field)
    return found


def cpv_lookup(codes: Iterable[str]) -> list[CpvCode]:
    """CPV codes from ``72000000`` or ``72000000-5`` forms; a wrong check digit or unknown code is refused."""
    wanted: dict[str, str] = {}
    for raw in codes:
        text = (raw or "").strip()
        if not text:
            continue
        code, _sep, check = text.partition("-")
        if not (code.isdigit() and len(code) == 8):
            raise ApplicationError(
                _("CPV codes: %(code)s is not an 8-digit CPV code.") % {"code": text}, field="cpv_codes"
            )
        wanted[code] = check
    found = {c.code: c for c in CpvCode.objects.filter(code__in=wanted)}
    for code, check in wanted.items():
        if code not in found or (check and found[code].check_digit != check):
            raise ApplicationError(
                _("CPV codes: %(code)s is not in the CPV 2008 list.") % {"code": code}, field="cpv_codes"
            )
    return list(found.values())


@transaction.atomic
def supplier_set_logo(*, actor: Actor, supplier: Supplier, upload: UploadedFile | None) -> Supplier:
    """Store (or, with ``None``, remove) the logo after checking its content and size."""
    if not can_edit(actor, supplier):
        raise NotAllowed(_("Only the organisation's owners can change its profile."))
    old = supplier.logo.name if supplier.logo else ""
    if upload is None:
        supplier.logo = None
    else:
        checked = check_upload(upload, allowed=IMAGE_TYPES, max_bytes=conf.get("STARTUPS_LOGO_MAX_BYTES"), field="logo")
        supplier.logo.save(f"{supplier.organisation.slug}.{checked.extension}", upload, save=False)
    supplier.save(update_fields=["logo", "updated_at"])
    audit_record(
        actor=actor,
        verb="supplier.logo_changed",
        target=supplier,
        before={"logo": old},
        after={"logo": bool(supplier.logo)},
        organisation_id=supplier.organisation_id,
    )
    return supplier


def supplier_reindex(supplier: Supplier) -> None:
    """Recompute the three stored search vectors from the profile, its classification and solutions."""
    supplier = Supplier.objects.prefetch_related("sectors", "technologies", "solutions", "cpv_codes").get(
        pk=supplier.pk
    )
    names = " ".join([supplier.legal_name, supplier.trade_name])
    pitches = " ".join([supplier.pitch_es, supplier.pitch_pt, supplier.pitch_en])
    descriptions = " ".join([supplier.description_es, supplier.description_pt, supplier.description_en])
    extras = " ".join(
        [s.name_es + " " + s.name_pt + " " + s.name_en for s in supplier.sectors.all()]
        + [t.name_es + " " + t.name_pt + " " + t.name_en for t in supplier.technologies.all()]
        + [sol.name + " " + sol.description for sol in supplier.solutions.all()]
        + [c.label_es + " " + c.label_pt + " " + c.label_en for c in supplier.cpv_codes.all()]
    )
    parts = {"A": names, "B": pitches, "C": descriptions, "D": extras}
    # updated_at moves with every change that reaches the profile's text (solutions, references,
    # classification included): whoever reads the registry (matching's sweep) picks the change up
    Supplier.objects.filter(pk=supplier.pk).update(
        updated_at=timezone.now(), **{field: weighted_vector(parts, config) for field, config in LANGUAGE_CONFIGS}
    )
    fragments.bump()  # the search results change with the vectors; update() sends no signal
