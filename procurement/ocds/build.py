"""Build OCDS 1.1.5 releases from the portal's models: one contracting process per call.

Every release is a full snapshot of what is public about the process at the time of the
event (parties, planning, tender, awards, contracts); its ``tag`` says which event it is.
Compiled records are then merged from these snapshots by ocdsmerge (``procurement.ocds.records``).

Portal-specific facts that OCDS 1.1.5 has no field for are in the documented extension
``procurement/ocds/extension/`` (``tender.eligibility``, ``awards[].budgetException``, ``redFlags``); the bids
and each award's ``relatedBid`` are the bids extension's; everything else uses standard fields.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import get_supported_language_variant

from govtech.accounts.models import Organisation
from procurement.applications.models import Application, ApplicationPartner, CallOpening
from procurement.awards.models import Award, Decision
from procurement.bodies.models import PublicBody
from procurement.calls.models import Call
from procurement.challenges.models import Challenge
from procurement.ocds.models import DECIDED_STATUSES
from startups.models import CpvCode

EXTENSION_PATH = "/open-data/ocds/extension.json"
# Open data is written in English, like the rest of the release's fixed words.
BUDGET_EXCEPTION_LABEL = "Budget exception (the award exceeds the budget)"

# Call status -> OCDS tenderStatus (closed for submissions and in evaluation are still an active tender).
TENDER_STATUS: dict[str, str] = {
    Call.Status.PUBLISHED: "active",
    Call.Status.CLOSED: "active",
    Call.Status.IN_EVALUATION: "active",
    Call.Status.AWARDED: "complete",
    Call.Status.UNSUCCESSFUL: "unsuccessful",
    Call.Status.CANCELLED: "cancelled",
}

# Instruments -> OCDS procurementMethod (open calls; a market consultation is not a procurement yet).
PROCUREMENT_METHOD: dict[str, str] = {Call.Instrument.MARKET_CONSULTATION: "open"}

# supplier size class -> OCDS partyScale codelist (micro, sme, large)
SCALE = {"micro": "micro", "small": "sme", "medium": "sme", "large": "large"}

# Application status -> OCDS bidStatus (bids extension). Only submitted applications are bids; a withdrawn or
# draft one never was, for the indicators (Cardinal counts pending, valid and disqualified bids as submitted).
BID_STATUS: dict[str, str] = {
    Application.Status.SUBMITTED: "valid",
    Application.Status.SHORTLISTED: "valid",
    Application.Status.AWARDED: "valid",
    Application.Status.UNSUCCESSFUL: "valid",
    Application.Status.DISQUALIFIED: "disqualified",
}

# Criterion names (case-insensitive, as officers write them) that mean the price: awardCriteria is priceOnly
# when these weigh 100% of the call's criteria.
PRICE_CRITERIA = frozenset({"price", "cost", "precio", "costo", "coste", "preço", "preco", "custo", "prix"})

MILESTONE_STATUS = {"planned": "scheduled", "done": "met", "late": "notMet", "cancelled": "notMet"}


def ocid_for(call_id: int) -> str:
    """The OCID of a call's contracting process: the registered prefix, a dash and the call's id."""
    return f"{settings.OCDS_OCID_PREFIX}-{call_id}"


def iso(value: datetime.datetime | datetime.date | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        if timezone.is_naive(value):
            value = timezone.make_aware(value, datetime.UTC)
        return value.astimezone(datetime.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    return f"{value.isoformat()}T00:00:00Z"


def amount(value: Decimal | None, currency: str) -> dict[str, Any] | None:
    if value is None or not currency:
        return None
    number = float(value) if value != value.to_integral_value() else int(value)
    return {"amount": number, "currency": currency.upper()}


def _clean(data: Any) -> Any:
    """Drop empty values: OCDS wants absent fields, not nulls or empty strings."""
    if isinstance(data, dict):
        cleaned = {k: _clean(v) for k, v in data.items()}
        return {k: v for k, v in cleaned.items() if v not in (None, "", [], {})}
    if isinstance(data, list):
        return [x for x in (_clean(v) for v in data) if x not in (None, "", [], {})]
    return data


def site_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


# --- parties ---------------------------------------------------------------------------


def party_id(scheme: str, identifier: str, organisation_id: int) -> str:
    """An org-id (``<scheme>-<identifier>``) when the organisation has a legal identifier, else a portal id."""
    if scheme and identifier:
        return f"{scheme}-{identifier}"
    return f"{settings.OCDS_OCID_PREFIX}-org-{organisation_id}"


def body_party(org: Organisation, roles: list[str]) -> dict[str, Any]:
    profile = PublicBody.objects.filter(organisation=org).first()
    scheme = profile.identifier_scheme if profile else ""
    ident = profile.identifier if profile else ""
    return _clean(
        {
            "id": party_id(scheme, ident, org.pk),
            "name": org.name,
            "identifier": {"scheme": scheme, "id": ident, "legalName": org.name} if scheme and ident else None,
            "address": {"countryName": (profile.country if profile else org.country) or None},
            "details": {"url": site_url(reverse("bodies:detail", args=[org.slug]))} if profile else None,
            "roles": roles,
        }
    )


def supplier_party(org: Organisation, roles: list[str]) -> dict[str, Any]:
    supplier = getattr(org, "supplier", None)
    scheme = supplier.identifier_scheme if supplier else ""
    ident = supplier.identifier if supplier else ""
    details: dict[str, Any] = {}
    if supplier is not None and supplier.size_class:
        details["scale"] = SCALE.get(supplier.size_class)
    return _clean(
        {
            "id": party_id(scheme, ident, org.pk),
            "name": supplier.legal_name if supplier else org.name,
            "identifier": {"scheme": scheme, "id": ident, "legalName": supplier.legal_name} if supplier else None,
            "address": {"countryName": (supplier.country if supplier else org.country) or None},
            "details": details,
            "roles": roles,
        }
    )


def _ref(party: dict[str, Any]) -> dict[str, Any]:
    return {"id": party["id"], "name": party["name"]}


# --- sections --------------------------------------------------------------------------


def _cpv_labels(codes: list[str], language: str) -> dict[str, str]:

    labels = {}
    for row in CpvCode.objects.filter(code__in=codes):
        labels[row.code] = getattr(row, f"label_{'pt' if language == 'pt' else language}", "") or row.label_en
    return labels


def items(call: Call) -> list[dict[str, Any]]:
    """One item for the call's object, classified with its CPV codes (scheme ``CPV``)."""
    codes = [c.split("-")[0] for c in call.cpv_codes]
    labels = _cpv_labels(codes, call.language)
    classifications = [{"scheme": "CPV", "id": code, "description": labels.get(code)} for code in codes]
    item: dict[str, Any] = {"id": "1", "description": call.title}
    if classifications:
        item["classification"] = classifications[0]
        item["additionalClassifications"] = classifications[1:]
    return [item]


def eligibility(call: Call) -> dict[str, Any]:
    """The extension's ``tender.eligibility`` object (see ``extension/release-schema.json``)."""
    return {
        "smesOnly": call.smes_only,
        "startupsOnly": call.startups_only,
        "consortiaAllowed": call.consortia_allowed,
        "verifiedSuppliersOnly": call.verified_suppliers_only,
        "eligibleCountries": list(call.eligible_countries),
    }


def eligibility_text(call: Call) -> str:
    parts = []
    if call.smes_only:
        parts.append("Only SMEs may apply.")
    if call.startups_only:
        parts.append("Only startups may apply.")
    if call.eligible_countries:
        parts.append("Suppliers established in: " + ", ".join(call.eligible_countries) + ".")
    parts.append("Consortia are allowed." if call.consortia_allowed else "Consortia are not allowed.")
    if call.verified_suppliers_only:
        parts.append("Only suppliers verified in the registry may apply.")
    return " ".join(parts)


def planning(challenge: Challenge | None) -> dict[str, Any] | None:
    if challenge is None:
        return None
    return {
        "rationale": challenge.problem,
        "budget": {"description": challenge.title, "amount": amount(challenge.budget, challenge.currency)},
        "documents": [
            {
                "id": f"challenge-{challenge.pk}",
                "documentType": "needsAssessment",
                "title": challenge.title,
                "url": site_url(reverse("procurement:challenge", args=[challenge.pk])),
            }
        ],
    }


def _label(call: Call) -> str:
    with translation.override(call.language):
        return str(Call.Instrument(call.instrument).label)


def award_criteria(call: Call) -> str | None:
    """``priceOnly`` when the price criteria weigh 100% of the call's criteria, ``ratedCriteria`` when other
    criteria weigh too; None (the field left out) when the call has no weighted criteria."""
    total = price = 0.0
    for criterion in call.criteria or []:
        try:
            weight = float(criterion.get("weight") or 0)
        except (TypeError, ValueError):
            weight = 0.0
        total += weight
        if str(criterion.get("name") or "").strip().casefold() in PRICE_CRITERIA:
            price += weight
    if total <= 0:
        return None
    return "priceOnly" if price >= total else "ratedCriteria"


def bid_id(application_id: int) -> str:
    """The id of an application's bid in ``bids.details``, which each award's ``relatedBid`` repeats."""
    return f"bid-{application_id}"


def opened(call: Call) -> bool:
    """Whether the call's applications have been opened: before that, nothing of them is published (the seal)."""
    return CallOpening.objects.filter(call_id=call.pk).exists()


def bids(call: Call) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
    """The bids extension's ``bids`` (each submitted application: its tenderers, price and status, and the
    statistics) and the tenderers' parties; ``(None, [])`` until the applications are opened."""
    if not opened(call):
        return None, []
    applications = list(
        Application.objects.filter(call=call, status__in=list(BID_STATUS))
        .select_related("supplier__supplier")
        .order_by("submitted_at", "pk")
    )
    partners: dict[int, list[Organisation]] = {}
    for partner in (
        ApplicationPartner.objects.accepted()
        .filter(application__in=applications)
        .select_related("organisation__supplier")
        .order_by("pk")
    ):
        partners.setdefault(partner.application_id, []).append(partner.organisation)
    parties: dict[str, dict[str, Any]] = {}
    details = []
    for application in applications:
        tenderers = []
        for org in [application.supplier, *partners.get(application.pk, [])]:
            party = supplier_party(org, ["tenderer"])
            parties.setdefault(party["id"], party)
            tenderers.append(_ref(party))
        details.append(
            {
                "id": bid_id(application.pk),
                "date": iso(application.submitted_at),
                "status": BID_STATUS[application.status],
                "tenderers": tenderers,
                "value": amount(application.price, application.currency or call.currency),
            }
        )
    valid = sum(1 for d in details if d["status"] == "valid")
    statistics = [
        {"id": "bids", "measure": "bids", "value": len(details)},
        {"id": "validBids", "measure": "validBids", "value": valid},
    ]
    return {"statistics": statistics, "details": details}, list(parties.values())


def tender(call: Call, *, status: str | None = None, tenderers: int | None = None) -> dict[str, Any]:
    buyer = _ref(body_party(call.body, ["buyer", "procuringEntity"]))
    criteria = "; ".join(f"{c.get('name')} ({c.get('weight')}%)" for c in call.criteria or [])
    amendments = [
        {
            "id": str(a.number),
            "date": iso(a.created_at),
            "rationale": a.reason,
            "description": ", ".join(sorted(a.changes)),
        }
        for a in call.amendments.all()
    ]
    return {
        "id": str(call.pk),
        "title": call.title,
        "description": call.summary,
        "status": status or TENDER_STATUS.get(call.status, "planning"),
        "procuringEntity": buyer,
        "items": items(call),
        "value": amount(call.budget, call.currency),
        "procurementMethod": PROCUREMENT_METHOD.get(call.instrument, "open"),
        "procurementMethodDetails": call.instrument_other or _label(call),
        "mainProcurementCategory": "services",
        "awardCriteria": award_criteria(call),
        "awardCriteriaDetails": criteria,
        "numberOfTenderers": tenderers,
        "submissionMethod": ["electronicSubmission"],
        "tenderPeriod": {
            "startDate": iso(call.publication_date or call.published_at),
            "endDate": iso(call.submission_deadline),
        },
        "enquiryPeriod": {
            "startDate": iso(call.publication_date or call.published_at),
            "endDate": iso(call.questions_deadline),
        },
        "awardPeriod": {"startDate": iso(call.expected_decision)} if call.expected_decision else None,
        "contractPeriod": {"durationInDays": call.duration_months * 30} if call.duration_months else None,
        "hasEnquiries": call.questions.exists(),
        "eligibilityCriteria": eligibility_text(call),
        "eligibility": eligibility(call),
        "amendments": amendments,
        "documents": [
            {
                "id": "notice",
                "documentType": "tenderNotice",
                "title": call.title,
                "url": site_url(reverse("procurement:call", args=[call.pk])),
                "language": call.language,
            }
        ],
    }


def award_description(decision: Decision) -> str:
    """The decision's justification and, where the award exceeds the call's budget, the recorded exception with
    its reason (issue 21: an award over budget is published with its reason)."""
    if not decision.budget_exception:
        return decision.justification
    return f"{decision.justification}\n\n{BUDGET_EXCEPTION_LABEL}: {decision.budget_exception}"


def budget_exception(decision: Decision, call: Call) -> dict[str, Any]:
    """The extension's ``budgetException`` object of an award over the budget (``extension/release-schema.json``):
    the reason recorded by the decider and the budget it exceeds. Empty for an award within the budget."""
    if not decision.budget_exception:
        return {}
    return {"budgetException": {"reason": decision.budget_exception, "budget": amount(call.budget, call.currency)}}


def awards_and_contracts(
    call: Call, published_bids: frozenset[str] = frozenset()
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """The ``awards`` and ``contracts`` sections from the call's decisions, and the suppliers' parties.

    Each award names the winning application's bid in ``relatedBid`` (bids extension) when that bid is among
    ``published_bids`` (the ids in the release's ``bids.details``), so readers need not match suppliers to
    tenderers by id (a consortium's bid, or an organisation identified differently as tenderer and supplier).
    """

    awards: list[dict[str, Any]] = []
    contracts: list[dict[str, Any]] = []
    parties: dict[str, dict[str, Any]] = {}
    decisions = Decision.objects.filter(call=call).order_by("decided_at", "pk")
    rows = (
        Award.objects.filter(decision__call=call)
        .select_related("decision", "application__supplier__supplier")
        .prefetch_related("milestones")
        .order_by("decision__decided_at", "pk")
    )
    by_decision: dict[int, list[Award]] = {}
    for award in rows:
        by_decision.setdefault(award.decision_id, []).append(award)
    for decision in decisions:
        phase = f" ({decision.phase})" if decision.phase else ""
        # An annulled decision (an upheld complaint) stays in the record, cancelled: never active.
        annulled = decision.annulled_at is not None
        if decision.outcome == Decision.Outcome.UNSUCCESSFUL:
            awards.append(
                {
                    "id": f"decision-{decision.pk}",
                    "title": f"{call.title}{phase}",
                    "status": "cancelled" if annulled else "unsuccessful",
                    "date": iso(decision.decided_at),
                    "description": decision.justification,
                }
            )
            continue
        for award in by_decision.get(decision.pk, []):
            party = supplier_party(award.application.supplier, ["supplier"])
            parties.setdefault(party["id"], party)
            awards.append(
                {
                    "id": str(award.pk),
                    "title": f"{call.title}{phase}",
                    "status": "cancelled" if annulled else "active",
                    "date": iso(decision.decided_at),
                    "value": amount(award.amount, award.currency),
                    "suppliers": [_ref(party)],
                    "relatedBid": related if (related := bid_id(award.application_id)) in published_bids else None,
                    "items": items(call),
                    "description": award_description(decision),
                    **budget_exception(decision, call),
                }
            )
            if award.contract_signed_at is None or annulled:
                continue
            milestones = [
                {
                    "id": str(m.pk),
                    "title": m.name,
                    "type": "delivery",
                    "dueDate": iso(m.due_date),
                    "status": MILESTONE_STATUS.get(m.status, "scheduled"),
                    "dateMet": iso(m.completed_at) if m.status == "done" else None,
                }
                for m in award.milestones.all()
            ]
            contracts.append(
                {
                    "id": f"contract-{award.pk}",
                    "awardID": str(award.pk),
                    "title": f"{call.title}{phase}",
                    "status": "active",
                    "dateSigned": iso(award.contract_signed_at),
                    "value": amount(award.amount, award.currency),
                    "items": items(call),
                    "milestones": milestones,
                }
            )
    return awards, contracts, list(parties.values())


def red_flags(call: Call) -> dict[str, Any] | None:
    """The extension's ``redFlags``: where the process's red flags and their methodology are published, from the
    moment anyone may read them (``RedFlagResult.objects.visible_to``: once the call is decided). None (the field
    left out) before: a release written earlier would link the public to flags it may not see yet."""
    if call.status not in DECIDED_STATUSES:
        return None
    try:
        language = get_supported_language_variant(call.language)  # "pt" is served as pt-br
    except LookupError:
        language = settings.LANGUAGE_CODE
    with translation.override(language):
        methodology = reverse("ocds:red_flags_methodology")
    return {
        "url": site_url(reverse("red-flags-process", args=[ocid_for(call.pk)])),
        "methodologyUrl": site_url(methodology),
    }


def _merge_parties(*groups: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One party per id, with the roles it holds in every group (a winning tenderer is also a supplier)."""
    merged: dict[str, dict[str, Any]] = {}
    for party in (p for group in groups for p in group):
        found = merged.get(party["id"])
        if found is None:
            merged[party["id"]] = dict(party)
        else:
            found["roles"] = [*found["roles"], *(r for r in party["roles"] if r not in found["roles"])]
    return list(merged.values())


def release(
    call: Call, *, release_id: str, tags: list[str], date: datetime.datetime, tender_status: str | None = None
) -> dict[str, Any]:
    """One complete OCDS release for ``call`` as it stands now, tagged with the event."""
    buyer = body_party(call.body, ["buyer", "procuringEntity"])
    challenge = call.challenge if call.challenge and call.challenge.published_at else None
    if tags == ["planning"]:
        data: dict[str, Any] = {
            "planning": planning(challenge),
            "tender": {"id": str(call.pk), "title": call.title, "status": "planned"},
        }
        supplier_parties: list[dict[str, Any]] = []
    else:
        bid_section, tenderer_parties = bids(call)
        published_bids = frozenset(bid["id"] for bid in (bid_section or {}).get("details", []))
        award_rows, contract_rows, supplier_parties = awards_and_contracts(call, published_bids)
        number = None
        if bid_section is not None:
            number = len({t["id"] for bid in bid_section["details"] for t in bid["tenderers"]})
        supplier_parties = _merge_parties(supplier_parties, tenderer_parties)
        data = {
            "planning": planning(challenge),
            "tender": tender(call, status=tender_status, tenderers=number),
            "bids": bid_section,
            "awards": award_rows,
            "contracts": contract_rows,
        }
    return _clean(
        {
            "ocid": ocid_for(call.pk),
            "id": release_id,
            "date": iso(date),
            "tag": tags,
            "initiationType": "tender",
            "language": call.language,
            "parties": [buyer, *supplier_parties],
            "buyer": _ref(buyer),
            **data,
            "redFlags": red_flags(call),
        }
    )
