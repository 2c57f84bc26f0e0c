"""Import other publishers' OCDS data: public bodies, suppliers with their award history, past calls and awards.

``ocds_import(paths)`` reads every file (``procurement.ocds.reading``), gathers the releases and
records by OCID, compiles each contracting process (a record's compiled release, or ocdsmerge over
its releases) and loads it in its own transaction:

* the buyer becomes a public body marked ``imported`` (verified, as official data, and claimable by
  its officers through ``procurement.bodies.body_claim``), found again by its identifier or name;
* each awarded supplier becomes an unverified supplier (found again by its identifier), with one
  public reference per award: its public track record, which matching reads;
* the process becomes a past call (never ``published``: it is not an open opportunity) tied to an
  ``ImportedProcess`` row, with its decision, applications and awards, written directly and without
  notifications, audit-trail floods or matching runs.

A process whose compiled release hashes as last time is ``unchanged``; one that cannot be loaded
is reported with the reason and skipped, and the others go on.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

import pycountry
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from govtech.accounts.models import Organisation, User
from procurement import search
from procurement.applications.models import Application
from procurement.awards.models import Award, Decision
from procurement.bodies.models import PublicBody
from procurement.calls.models import Call
from procurement.ocds.merging import MergeError, compile_releases
from procurement.ocds.models import ImportedProcess
from procurement.ocds.reading import read
from procurement.ocds.redflag_services import red_flags_on_commit
from procurement.ocds.redflags.fields import instant
from startups.models import PublicReference, Supplier
from startups.services.profile import supplier_reindex

logger = logging.getLogger(__name__)

IMPORT_USER_EMAIL = "open-data-import@portal.invalid"
FALLBACK_SCHEME = "XX-LOCAL"
ORG_ID_SCHEME = re.compile(r"^[A-Z]{2}(-[A-Z0-9]+)+$")
MAX_AMOUNT = Decimal("999999999999.99")
UK_NATIONS = {"england", "scotland", "wales", "northern ireland", "uk", "united kingdom"}
LANGUAGES = {"es", "pt", "en"}


class Skip(Exception):
    """A contracting process that cannot be imported; the message says why."""


@dataclass
class Outcome:
    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    messages: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return f"imported={self.imported} updated={self.updated} unchanged={self.unchanged} skipped={self.skipped}"


# --- gathering processes from documents ---------------------------------------------------


@dataclass
class Process:
    ocid: str
    source: str
    releases: list[dict[str, Any]] = field(default_factory=list)  # kept whole only to be compiled here
    compiled: dict[str, Any] | None = None
    dates: set[tuple[str, str]] = field(default_factory=set)  # of releases given beside a compiled release

    def release_dates(self) -> list[list[str]] | None:
        """Each release's [date, tender.tenderPeriod.endDate] in date order (``ImportedProcess.release_dates``), or
        ``None`` when the publisher gave no releases (a compiled release alone, or linked releases)."""
        found = self.dates | {release_dates_of(r) for r in self.releases}
        return [list(pair) for pair in sorted(found)] or None


def release_dates_of(release: dict[str, Any]) -> tuple[str, str]:
    """A release's date and submission deadline, as UTC instants ("" when absent): all red flags need of it."""
    period = _dict(_dict(release.get("tender")).get("tenderPeriod"))
    return instant(release.get("date")), instant(period.get("endDate"))


def _gather(doc: Any, source: str, processes: dict[str, Process], outcome: Outcome) -> None:
    def process(ocid: Any) -> Process | None:
        if not isinstance(ocid, str) or not ocid.strip():
            outcome.skipped += 1
            outcome.messages.append(f"{source}: skipped a release or record without an ocid")
            return None
        return processes.setdefault(ocid.strip(), Process(ocid.strip(), source))

    if isinstance(doc, list):
        for item in doc:
            _gather(item, source, processes, outcome)
        return
    if not isinstance(doc, dict):
        outcome.skipped += 1
        outcome.messages.append(f"{source}: skipped a JSON value that is not an OCDS object")
        return
    if isinstance(doc.get("records"), list):
        for record in doc["records"]:
            _gather_record(record, source, processes, outcome)
    elif "compiledRelease" in doc or ("releases" in doc and "ocid" in doc):
        _gather_record(doc, source, processes, outcome)
    elif isinstance(doc.get("releases"), list):
        for release in doc["releases"]:
            if isinstance(release, dict) and (found := process(release.get("ocid"))):
                found.releases.append(release)
            elif not isinstance(release, dict):
                outcome.skipped += 1
                outcome.messages.append(f"{source}: skipped a release that is not an object")
    elif "ocid" in doc or "tag" in doc:
        if found := process(doc.get("ocid")):
            found.releases.append(doc)
    else:
        outcome.skipped += 1
        outcome.messages.append(f"{source}: skipped a JSON object that is neither a package, a record nor a release")


def _gather_record(record: Any, source: str, processes: dict[str, Process], outcome: Outcome) -> None:
    if not isinstance(record, dict):
        outcome.skipped += 1
        outcome.messages.append(f"{source}: skipped a record that is not an object")
        return
    compiled = record.get("compiledRelease")
    ocid = record.get("ocid") or (compiled.get("ocid") if isinstance(compiled, dict) else None)
    if not isinstance(ocid, str) or not ocid.strip():
        outcome.skipped += 1
        outcome.messages.append(f"{source}: skipped a record without an ocid")
        return
    found = processes.setdefault(ocid.strip(), Process(ocid.strip(), source))
    embedded = [r for r in record.get("releases") or [] if isinstance(r, dict) and "tag" in r]
    if isinstance(compiled, dict):
        found.compiled = compiled
        # Only their dates are kept (the deadline's history, the first publication): memory stays bounded.
        found.dates |= {release_dates_of(r) for r in embedded}
    else:
        # Embedded releases (not mere links, which carry only a url) are compiled when no compiled release is given.
        found.releases += embedded


def compile_process(process: Process) -> dict[str, Any]:
    if process.compiled is not None:
        return process.compiled
    try:
        return compile_releases(process.ocid, process.releases)
    except MergeError as exc:
        raise Skip(str(exc)) from exc


# --- values --------------------------------------------------------------------------------


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _text(value: Any, limit: int | None = None) -> str:
    if value is None or isinstance(value, (dict, list)):
        return ""
    text = str(value).replace("\x00", "").strip()
    return text[:limit] if limit else text


def when(value: Any) -> datetime.datetime | None:
    text = _text(value)
    if not text:
        return None
    try:
        moment = parse_datetime(text)
        if moment is None and (day := parse_date(text[:10])) is not None:
            moment = datetime.datetime.combine(day, datetime.time())
    except ValueError:
        return None
    if moment is None or not 1900 <= moment.year <= 2200:
        return None
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment, datetime.UTC)


def money(value: Any) -> tuple[Decimal | None, str]:
    value = _dict(value)
    currency = _text(value.get("currency")).upper()
    currency = currency if re.fullmatch(r"[A-Z]{3}", currency) else ""
    raw = value.get("amount")
    if isinstance(raw, bool) or raw is None:
        return None, currency
    try:
        number = Decimal(str(raw)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        return None, currency
    if not number.is_finite() or number < 0 or number > MAX_AMOUNT:
        return None, currency
    return number, currency


def country_code(*names: Any) -> str:
    for name in names:
        text = _text(name)
        if not text:
            continue
        if text.lower() in UK_NATIONS:
            return "GB"
        if len(text) == 2 and pycountry.countries.get(alpha_2=text.upper()):
            return text.upper()
        try:
            return str(pycountry.countries.lookup(text).alpha_2)
        except LookupError:
            continue
    return ""


def _scheme_country(scheme: str) -> str:
    prefix = scheme[:2]
    return prefix if ORG_ID_SCHEME.match(scheme) and pycountry.countries.get(alpha_2=prefix) else ""


def identifier_of(party: dict[str, Any]) -> tuple[str, str]:
    """The party's (scheme, id): its org-id identifier when it has a usable one, else a local one from its id."""
    ident = _dict(party.get("identifier"))
    scheme, number = _text(ident.get("scheme")).upper(), re.sub(r"\s+", "", _text(ident.get("id")))
    if scheme and number and ORG_ID_SCHEME.match(scheme) and len(scheme) <= 16 and len(number) <= 32:
        return scheme, number
    if number and len(number) <= 32:
        return FALLBACK_SCHEME, number
    local = _text(party.get("id")) or _text(party.get("name"))
    if len(local) > 32 or not local:
        local = "ocds-" + hashlib.sha256(local.encode()).hexdigest()[:27]
    return FALLBACK_SCHEME, local


# --- the import --------------------------------------------------------------------------------


def import_user() -> User:
    """The inactive account imported decisions and applications are recorded under (nobody signs in as it)."""
    user = User.objects.filter(email=IMPORT_USER_EMAIL).first()
    if user is None:
        user = User.objects.create_user(IMPORT_USER_EMAIL, None, full_name="Open data import", is_active=False)
    return user


def ocds_import(paths: Iterable[str], *, log: Any = None) -> Outcome:
    """Import every contracting process in the files at ``paths``; see the module docstring."""
    outcome = Outcome()
    processes: dict[str, Process] = {}
    for path in paths:
        try:
            docs = read(path)
        except (OSError, ValueError) as exc:
            outcome.skipped += 1
            outcome.messages.append(f"{path}: skipped, not readable as JSON ({exc})")
            continue
        for doc in docs:
            _gather(doc, str(path), processes, outcome)
    for process in processes.values():
        try:
            if process.ocid.startswith(f"{settings.OCDS_OCID_PREFIX}-"):
                raise Skip("published by this portal")
            compiled = compile_process(process)
            with transaction.atomic():
                result = import_process(
                    process.ocid, compiled, source=process.source, release_dates=process.release_dates()
                )
        except Skip as exc:
            outcome.skipped += 1
            outcome.messages.append(f"{process.ocid}: skipped: {exc}")
            continue
        except Exception as exc:  # data we have not seen: report it, roll back this process only, go on
            logger.warning("OCDS import of %s failed", process.ocid, exc_info=True)
            outcome.skipped += 1
            outcome.messages.append(f"{process.ocid}: skipped: {exc.__class__.__name__}: {exc}")
            continue
        setattr(outcome, result, getattr(outcome, result) + 1)
    return outcome


def checksum(compiled: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(compiled, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()


def import_process(
    ocid: str, compiled: dict[str, Any], *, source: str = "", release_dates: list[list[str]] | None = None
) -> str:
    """Create or update one process; returns ``imported``, ``updated`` or ``unchanged``.

    ``release_dates`` are its releases' dates and deadlines (``Process.release_dates``), kept for the red flags.
    """
    digest = checksum(compiled)
    existing = ImportedProcess.objects.select_for_update().filter(ocid=ocid).first()
    if existing is not None and existing.checksum == digest:
        # imported before compiled records (or the releases' dates) were kept: only the red flags' inputs change
        if existing.compiled is None or (release_dates and existing.release_dates != release_dates):
            ImportedProcess.objects.filter(pk=existing.pk).update(
                compiled=compiled, release_dates=release_dates or existing.release_dates
            )
            red_flags_on_commit(ocid)
        return "unchanged"
    parties = {_text(p.get("id")): p for p in _list(compiled.get("parties")) if isinstance(p, dict)}
    body = _buyer(compiled, parties)
    call = _call(ocid, compiled, body, existing.call if existing else None)
    created = existing is None
    if existing is None:
        existing = ImportedProcess(ocid=ocid, call=call)
    existing.checksum, existing.source = digest, source[:255]
    existing.compiled = compiled
    existing.release_dates = release_dates
    _decision(existing, compiled, parties, body)
    existing.save()
    red_flags_on_commit(ocid)
    search.call_reindex([call.pk])
    return "imported" if created else "updated"


def _party_for(ref: Any, parties: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The full party a reference points to (by id), else the reference itself (1.0 data embeds organisations)."""
    ref = _dict(ref)
    return parties.get(_text(ref.get("id"))) or ref


def _buyer(compiled: dict[str, Any], parties: dict[str, dict[str, Any]]) -> PublicBody:
    tender = _dict(compiled.get("tender"))
    candidates = [compiled.get("buyer"), tender.get("procuringEntity")]
    candidates += [p for p in parties.values() if {"buyer", "procuringEntity"} & set(_list(p.get("roles")))]
    for candidate in candidates:
        party = _party_for(candidate, parties)
        name = _text(party.get("name"), 255) or _text(_dict(party.get("identifier")).get("legalName"), 255)
        if name:
            return _public_body(party, name)
    raise Skip("no buyer or procuring entity with a name")


def _public_body(party: dict[str, Any], name: str) -> PublicBody:
    scheme, number = identifier_of(party)
    has_identifier = scheme != FALLBACK_SCHEME or bool(_dict(party.get("identifier")).get("id"))
    found = None
    if has_identifier:
        found = PublicBody.objects.filter(identifier_scheme=scheme, identifier=number).first()
    if found is None:
        found = PublicBody.objects.filter(organisation__name__iexact=name, imported=True).first()
    if found is not None:
        return found
    address = _dict(party.get("address"))
    country = country_code(address.get("countryName"), address.get("country")) or _scheme_country(scheme)
    email = _text(_dict(party.get("contactPoint")).get("email"))
    domain = email.rpartition("@")[2].lower() if "@" in email else ""
    organisation = Organisation.objects.create(
        kind=Organisation.Kind.PUBLIC_BODY, name=name, slug=Organisation.unique_slug(name), country=country
    )
    return PublicBody.objects.create(
        organisation=organisation,
        kind=PublicBody.BodyKind.AGENCY,
        country=country,
        level=PublicBody.Level.NATIONAL,
        identifier_scheme=scheme if has_identifier else "",
        identifier=number[:60] if has_identifier else "",
        email_domains=[domain] if domain and len(domain) <= 120 else [],
        verification_status=PublicBody.Verification.VERIFIED,
        verified_at=timezone.now(),
        imported=True,
    )


def _cpv_codes(compiled: dict[str, Any]) -> list[str]:
    tender = _dict(compiled.get("tender"))
    classifications = [tender.get("classification")]
    for raw_item in _list(tender.get("items")):
        item = _dict(raw_item)
        classifications += [item.get("classification"), *_list(item.get("additionalClassifications"))]
    codes: list[str] = []
    for raw in classifications:
        classification = _dict(raw)
        code = _text(classification.get("id")).split("-")[0]
        is_cpv = _text(classification.get("scheme")).upper() == "CPV" and re.fullmatch(r"\d{8}", code)
        if is_cpv and code not in codes:
            codes.append(code)
    return codes[:20]


def _status(compiled: dict[str, Any]) -> str:
    tender_status = _text(_dict(compiled.get("tender")).get("status"))
    if tender_status == "cancelled":
        return Call.Status.CANCELLED
    if _active_awards(compiled):
        return Call.Status.AWARDED
    if tender_status == "unsuccessful":
        return Call.Status.UNSUCCESSFUL
    return Call.Status.CLOSED  # a past process: never an open opportunity on the portal


def _active_awards(compiled: dict[str, Any]) -> list[dict[str, Any]]:
    awards = [_dict(a) for a in _list(compiled.get("awards"))]
    return [a for a in awards if _text(a.get("status")) in ("active", "") and _list(a.get("suppliers"))]


def _call(ocid: str, compiled: dict[str, Any], body: PublicBody, call: Call | None) -> Call:
    tender = _dict(compiled.get("tender"))
    date = when(compiled.get("date")) or timezone.now()
    period = _dict(tender.get("tenderPeriod"))
    enquiry = _dict(tender.get("enquiryPeriod"))
    end = when(period.get("endDate")) or when(_dict(tender.get("awardPeriod")).get("startDate")) or date
    start = when(period.get("startDate")) or when(tender.get("datePublished")) or min(end, date)
    budget, currency = money(tender.get("value"))
    if budget is None:
        budget, currency = money(_dict(_dict(compiled.get("planning")).get("budget")).get("amount"))
    if budget is None:
        values = [money(a.get("value")) for a in _active_awards(compiled)]
        amounts = [v for v in values if v[0] is not None]
        budget = sum((v[0] for v in amounts if v[0] is not None), Decimal(0)) if amounts else Decimal(0)
        currency = amounts[0][1] if amounts else currency
    language = _text(compiled.get("language"))[:2].lower()
    title = _text(tender.get("title"), 200) or _text(_dict(compiled.get("planning")).get("rationale"), 200) or ocid
    status = _status(compiled)
    decided = [when(a.get("date")) for a in _active_awards(compiled)]
    fields: dict[str, Any] = {
        "body": body.organisation,
        "title": title,
        "summary": _text(tender.get("description")) or title,
        "instrument": Call.Instrument.OTHER,
        "instrument_other": _text(tender.get("procurementMethodDetails"), 120)
        or _text(tender.get("procurementMethod"), 120),
        "cpv_codes": _cpv_codes(compiled),
        "budget": min(budget, MAX_AMOUNT),
        "currency": currency,
        "language": language if language in LANGUAGES else "en",
        "status": status,
        "publication_date": start,
        "published_at": start,
        "questions_deadline": min(when(enquiry.get("endDate")) or end, end),
        "submission_deadline": end,
        "closed_at": end,
        "decided_at": max([d for d in decided if d], default=None) if status == Call.Status.AWARDED else None,
        "cancelled_at": date if status == Call.Status.CANCELLED else None,
        "cancel_reason": _text(tender.get("statusDetails")) if status == Call.Status.CANCELLED else "",
        "criteria": [],
    }
    if call is None:
        return Call.objects.create(**fields)
    for name, value in fields.items():
        setattr(call, name, value)
    call.save()
    return call


def _supplier(party: dict[str, Any], body: PublicBody) -> Organisation | None:

    name = _text(party.get("name"), 255) or _text(_dict(party.get("identifier")).get("legalName"), 255)
    if not name:
        return None
    scheme, number = identifier_of(party)
    supplier = (
        Supplier.objects.select_related("organisation").filter(identifier_scheme=scheme, identifier=number).first()
    )
    if supplier is not None:
        return supplier.organisation
    address = _dict(party.get("address"))
    country = (
        country_code(address.get("countryName"), address.get("country")) or _scheme_country(scheme) or body.country
    )
    scale = _text(_dict(party.get("details")).get("scale"))
    organisation = Organisation.objects.create(
        kind=Organisation.Kind.SUPPLIER, name=name, slug=Organisation.unique_slug(name), country=country
    )
    supplier = Supplier(
        organisation=organisation, legal_name=name, country=country, identifier_scheme=scheme, identifier=number
    )
    supplier.size_class = {"micro": "micro", "large": "large"}.get(scale, "")
    supplier.save()
    supplier_reindex(supplier)
    return organisation


def _decision(
    process: ImportedProcess, compiled: dict[str, Any], parties: dict[str, dict[str, Any]], body: PublicBody
) -> None:
    """The decision, one awarded application and award per supplier, and the suppliers' public references."""

    call = process.call
    awards = _active_awards(compiled)
    PublicReference.objects.filter(pk__in=process.reference_ids or []).delete()
    process.reference_ids = []
    if call.status not in (Call.Status.AWARDED, Call.Status.UNSUCCESSFUL):
        return
    user = import_user()
    decided = max([d for d in (when(a.get("date")) for a in awards) if d], default=None) or call.submission_deadline
    outcome = Decision.Outcome.AWARDED if awards else Decision.Outcome.UNSUCCESSFUL
    decision, _created = Decision.objects.update_or_create(
        call=call,
        phase="",
        defaults={
            "outcome": outcome,
            "decided_by": user,
            "decided_at": decided,
            "justification": f"Imported from open contracting data ({process.ocid}).",
        },
    )
    signed = {_text(c.get("awardID")): when(c.get("dateSigned")) for c in map(_dict, _list(compiled.get("contracts")))}
    totals: dict[int, tuple[Decimal, str, datetime.datetime | None]] = {}
    award_ids: dict[str, int] = {}
    for award in awards:
        suppliers = [
            s for s in (_supplier(_party_for(ref, parties), body) for ref in _list(award.get("suppliers"))) if s
        ]
        value, currency = money(award.get("value"))
        share = (value / len(suppliers)).quantize(Decimal("0.01")) if value is not None and suppliers else Decimal(0)
        for organisation in suppliers:
            amount, cur, when_signed = totals.get(organisation.pk, (Decimal(0), currency or call.currency, None))
            totals[organisation.pk] = (
                amount + share,
                cur or currency,
                when_signed or signed.get(_text(award.get("id"))),
            )
            process.reference_ids.append(_reference(organisation, award, body, call, process.ocid, share, currency))
    for organisation_id, (amount, currency, when_signed) in totals.items():
        application, _created = Application.objects.update_or_create(
            call=call,
            supplier_id=organisation_id,
            defaults={
                "created_by": user,
                "status": Application.Status.AWARDED,
                "title": call.title[:200],
                "price": min(amount, MAX_AMOUNT),
                "currency": currency,
                "decided_at": decided,
            },
        )
        if amount <= 0:  # no value published: the application is awarded, but an Award needs an amount
            continue
        row, _created = Award.objects.update_or_create(
            decision=decision,
            application=application,
            defaults={"amount": min(amount, MAX_AMOUNT), "currency": currency, "contract_signed_at": when_signed},
        )
        award_ids[str(organisation_id)] = row.pk
    process.award_ids = award_ids


def _reference(
    organisation: Organisation,
    award: dict[str, Any],
    body: PublicBody,
    call: Call,
    ocid: str,
    share: Decimal,
    currency: str,
) -> int:
    """One public reference: the supplier's award, as its public track record."""

    supplier = Supplier.objects.get(organisation=organisation)
    moment = when(award.get("date")) or call.decided_at or call.submission_deadline
    url = next(
        (
            d.get("url")
            for d in map(_dict, _list(award.get("documents")))
            if _text(d.get("url")).startswith(("http://", "https://")) and len(_text(d.get("url"))) <= 200
        ),
        "",
    )
    title = _text(award.get("title")) or call.title
    reference = PublicReference.objects.create(
        supplier=supplier,
        public_body_name=body.organisation.name[:255],
        public_body=body.organisation,
        country=body.country,
        year=max(moment.year, 1950),
        value_amount=share if share else None,
        value_currency=currency if share else "",
        description=f"{title}\n\n{call.summary}"[:4000].strip() + f" ({ocid})",
        contract_url=url or "",
    )
    return reference.pk
