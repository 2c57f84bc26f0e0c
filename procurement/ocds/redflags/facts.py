"""The summary of one contracting process that the indicators read: the engine's first pass.

``summarise`` reads a compiled release (and, where the publisher gives them, the process's releases or its
versioned release, for the deadline's history) into a ``ProcessFacts``: a few normalised values, the bids and
the awards as small tuples, nothing else. It depends on no threshold, so a stored summary can be evaluated
again after a threshold change without reading the record again; ``to_dict``/``from_dict`` give its JSON form.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, fields
from typing import Any, NamedTuple

from procurement.ocds.redflags.fields import array, country_code, ident, instant, money, obj, text

MAX_CLASSIFICATIONS = 8
# Bump when what a summary holds changes: stored summaries of another version are summarised again
# (``redflag_services.unsummarised_ocids``, so ``manage.py recompute_red_flags`` and the periodic pass).
# 2: the first publication date, the contracts' signature dates and the awarded suppliers' scale.
FACTS_VERSION = 2
# parties[].details.scale (OCDS partyScale codelist: micro, sme, large; selfEmployed since 1.2): small or not.
SME_SCALES = frozenset({"micro", "sme", "selfemployed"})
LARGE_SCALES = frozenset({"large"})


class Bid(NamedTuple):
    """One entry of ``bids.details``."""

    id: str
    status: str  # bidStatus codelist, lower case; "" when absent
    tenderers: tuple[str, ...]  # the ids of its tenderers (references without an id are left out)
    tenderer_count: int  # its tenderer references, with or without an id
    amount: float | None
    currency: str
    date: str  # when it was received, UTC ("" when unknown)


class Award(NamedTuple):
    """One entry of ``awards``."""

    id: str
    status: str  # awardStatus codelist; "" when absent (then it is not treated as active)
    suppliers: tuple[str, ...]
    supplier_count: int
    amount: float | None
    currency: str
    date: str
    related_bids: tuple[str, ...]  # relatedBid / relatedBids: the ids of the bids it was made on, where published
    scales: tuple[str, ...] = ()  # each supplier's parties[].details.scale, as ``suppliers`` ("" when not given)


class Contract(NamedTuple):
    """One entry of ``contracts``."""

    id: str
    award_id: str
    status: str  # contractStatus codelist, lower case; "" when absent
    date_signed: str  # UTC; "" when not published


class Deadline(NamedTuple):
    """One value of ``tender.tenderPeriod.endDate`` in the process's history."""

    published: str  # when the release (or amendment) that set it was published; "" when unknown
    end: str


@dataclass(slots=True)
class ProcessFacts:
    """What the indicators need to know about one contracting process (see the module docstring)."""

    ocid: str
    version: int = 0  # FACTS_VERSION of the summary (0: a summary stored before versions)
    country: str = ""  # ISO 3166-1 alpha-2 of the buyer's address (or the caller's default); "" when unknown
    date: str = ""  # the process's reference date: its last active award, else its last contract, else its date
    tender_status: str = ""
    method: str = ""  # tender.procurementMethod, lower case
    method_details: str = ""  # tender.procurementMethodDetails, as published
    award_criteria: str = ""
    buyer: str = ""
    procuring_entity: str = ""
    classifications: tuple[tuple[str, str], ...] = ()  # (scheme, code): the tender's, then its items'
    tender_start: str = ""
    tender_end: str = ""
    published: str = ""  # tender.datePublished, else the date of the process's first release ("" when unknown)
    number_of_tenderers: int | None = None
    budget: float | None = None  # tender.value
    budget_currency: str = ""
    awards: tuple[Award, ...] | None = None  # None: no awards array
    bids: tuple[Bid, ...] | None = None  # None: no bids.details array
    contracts: tuple[Contract, ...] | None = None  # None: no contracts array
    deadlines: tuple[Deadline, ...] | None = None  # None: the deadline's history is not published
    deadline_source: str = ""  # releases | versionedRelease | amendments

    def to_dict(self) -> dict[str, Any]:
        """A JSON-serialisable form (tuples become lists)."""
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ProcessFacts:
        values = dict(data)
        values["classifications"] = tuple(tuple(c) for c in values.get("classifications") or ())
        for name, kind in (("awards", Award), ("bids", Bid), ("contracts", Contract), ("deadlines", Deadline)):
            if values.get(name) is not None:
                values[name] = tuple(_row(kind, row) for row in values[name])
        return cls(**values)


def _row(kind: Any, row: list[Any]) -> Any:
    return kind(*(tuple(v) if isinstance(v, list) else v for v in row))


def _strings(references: list[Any]) -> tuple[str, ...]:
    return tuple(found for found in map(ident, references) if found)


def _bids(compiled: dict[str, Any]) -> tuple[Bid, ...] | None:
    details = obj(compiled.get("bids")).get("details")
    if not isinstance(details, list):
        return None
    found = []
    for bid in map(obj, details):
        tenderers = array(bid.get("tenderers"))
        value, currency = money(bid.get("value"))
        status = sys.intern(text(bid.get("status")).lower())
        found.append(
            Bid(
                text(bid.get("id")),
                status,
                _strings(tenderers),
                len(tenderers),
                value,
                currency,
                instant(bid.get("date")),
            )
        )
    return tuple(found)


def _scale(reference: dict[str, Any], parties: dict[str, dict[str, Any]]) -> str:
    """The supplier's ``details.scale``: from its entry in ``parties``, else the reference itself (OCDS 1.0)."""
    party = parties.get(ident(reference)) or reference
    return sys.intern(text(obj(party.get("details")).get("scale")))


def size_of(scale: str) -> str:
    """``sme``, ``large`` or ``""`` (unknown) for a partyScale code, compared without case."""
    folded = scale.lower()
    return "sme" if folded in SME_SCALES else "large" if folded in LARGE_SCALES else ""


def _related_bids(award: dict[str, Any]) -> tuple[str, ...]:
    """The ids of the bids an award relates to: the bids extension's ``relatedBid`` (1.1, one id) and
    ``relatedBids`` (its later versions, a list), in that order, without repeats; () when neither is published."""
    found: list[str] = []
    for key in ("relatedBid", "relatedBids"):
        value = award.get(key)
        for bid_id in filter(None, map(text, value if isinstance(value, list) else [value])):
            if bid_id not in found:
                found.append(bid_id)
    return tuple(found)


def _awards(compiled: dict[str, Any]) -> tuple[Award, ...] | None:
    awards = compiled.get("awards")
    if not isinstance(awards, list):
        return None
    parties = {text(p.get("id")): p for p in map(obj, array(compiled.get("parties"))) if text(p.get("id"))}
    found = []
    for award in map(obj, awards):
        suppliers = array(award.get("suppliers"))
        value, currency = money(award.get("value"))
        related_bids = _related_bids(award)
        found.append(
            Award(
                text(award.get("id")),
                sys.intern(text(award.get("status")).lower()),
                _strings(suppliers),
                len(suppliers),
                value,
                currency,
                instant(award.get("date")),
                related_bids,
                tuple(_scale(obj(s), parties) for s in suppliers if ident(s)),
            )
        )
    return tuple(found)


def _contracts(compiled: dict[str, Any]) -> tuple[Contract, ...] | None:
    contracts = compiled.get("contracts")
    if not isinstance(contracts, list):
        return None
    return tuple(
        Contract(
            text(contract.get("id")),
            text(contract.get("awardID")),
            sys.intern(text(contract.get("status")).lower()),
            instant(contract.get("dateSigned")),
        )
        for contract in map(obj, contracts)
    )


def _first_published(tender: dict[str, Any], releases: list[dict[str, Any]] | None) -> str:
    """When the call was published: tender.datePublished, else its first release's date."""
    dates = [found for found in (instant(obj(r).get("date")) for r in releases or ()) if found]
    return instant(tender.get("datePublished")) or min(dates, default="")


def _country(compiled: dict[str, Any], buyer: str, procuring_entity: str) -> str:
    """The country of the buyer's address, else the procuring entity's (parties, else the embedded reference)."""
    ranked: list[tuple[int, dict[str, Any]]] = []
    for party in map(obj, array(compiled.get("parties"))):
        party_id, roles = text(party.get("id")), array(party.get("roles"))
        if buyer and party_id == buyer:
            ranked.append((0, party))
        elif procuring_entity and party_id == procuring_entity:
            ranked.append((1, party))
        elif "buyer" in roles:
            ranked.append((2, party))
        elif "procuringEntity" in roles:
            ranked.append((3, party))
    ranked += [(4, obj(compiled.get("buyer"))), (5, obj(obj(compiled.get("tender")).get("procuringEntity")))]
    for _rank, party in sorted(ranked, key=lambda pair: pair[0]):
        address = obj(party.get("address"))
        code = country_code(text(address.get("countryName"))) or country_code(text(address.get("country")))
        if code:
            return code
    return ""


def _classifications(tender: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    found: list[tuple[str, str]] = []
    candidates = [tender.get("classification")]
    for item in map(obj, array(tender.get("items"))):
        candidates += [item.get("classification"), *array(item.get("additionalClassifications"))]
    for classification in map(obj, candidates):
        pair = (text(classification.get("scheme")).upper(), text(classification.get("id")))
        if pair[0] and pair[1] and pair not in found:
            found.append(pair)
            if len(found) == MAX_CLASSIFICATIONS:
                break
    return tuple(found)


def _reference_date(compiled: dict[str, Any], awards: tuple[Award, ...] | None) -> str:
    dates = [a.date for a in awards or () if a.status == "active" and a.date]
    if not dates:
        dates = [instant(obj(c).get("dateSigned")) for c in array(compiled.get("contracts"))]
        dates = [d for d in dates if d]
    return max(dates) if dates else instant(compiled.get("date"))


def _compress(entries: list[Deadline]) -> tuple[Deadline, ...]:
    """The history without repeats: one entry each time the deadline changes."""
    kept: list[Deadline] = []
    for entry in entries:
        if not kept or kept[-1].end != entry.end:
            kept.append(entry)
    return tuple(kept)


def _end_date(release: dict[str, Any]) -> str:
    return instant(obj(obj(release.get("tender")).get("tenderPeriod")).get("endDate"))


def _amendment_history(tender: dict[str, Any], current: str) -> tuple[Deadline, ...] | None:
    """The deadline's history from OCDS 1.0-style amendment ``changes`` (former values), where published."""
    amendments = [obj(a) for a in array(tender.get("amendments"))] + [obj(tender.get("amendment"))]
    formers: list[tuple[str, str]] = []
    for amendment in amendments:
        for change in map(obj, array(amendment.get("changes"))):
            path = text(change.get("property")).strip("/").replace("/", ".").removeprefix("tender.")
            former = change.get("former_value")
            if path == "tenderPeriod":
                former = obj(former).get("endDate")
            elif path != "tenderPeriod.endDate":
                continue
            if found := instant(former):
                formers.append((instant(amendment.get("date")), found))
    if not formers or not current:
        return None
    formers.sort()
    entries = [Deadline("", formers[0][1])]
    entries += [Deadline(formers[i][0], formers[i + 1][1]) for i in range(len(formers) - 1)]
    entries.append(Deadline(formers[-1][0], current))
    return _compress(entries)


def _deadline_history(
    compiled: dict[str, Any],
    releases: list[dict[str, Any]] | None,
    versioned: dict[str, Any] | None,
    release_count: int,
) -> tuple[tuple[Deadline, ...] | None, str]:
    if releases is not None and len(releases) >= 2:
        ordered = sorted(map(obj, releases), key=lambda r: instant(r.get("date")))
        entries = [Deadline(instant(r.get("date")), end) for r in ordered if (end := _end_date(r))]
        return _compress(entries), "releases"
    versions = array(obj(obj(obj(versioned).get("tender")).get("tenderPeriod")).get("endDate"))
    if versions and release_count >= 2:
        entries = [
            Deadline(instant(obj(v).get("releaseDate")), end) for v in versions if (end := instant(obj(v).get("value")))
        ]
        return _compress(entries), "versionedRelease"
    tender = obj(compiled.get("tender"))
    history = _amendment_history(tender, _end_date(compiled))
    return (history, "amendments") if history is not None else (None, "")


def _whole_number(value: Any) -> int | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0 or value != int(value):
        return None
    return int(value)


def summarise(
    compiled: dict[str, Any],
    *,
    releases: list[dict[str, Any]] | None = None,
    versioned: dict[str, Any] | None = None,
    release_count: int = 0,
    default_country: str = "",
) -> ProcessFacts:
    """The ``ProcessFacts`` of one compiled release (see the module docstring).

    ``releases`` are the process's individual releases and ``versioned`` its versioned release, when the
    publisher gives them; ``release_count`` is how many releases its record lists (linked or embedded).
    """
    tender = obj(compiled.get("tender"))
    period = obj(tender.get("tenderPeriod"))
    buyer, procuring_entity = ident(compiled.get("buyer")), ident(tender.get("procuringEntity"))
    awards = _awards(compiled)
    budget, budget_currency = money(tender.get("value"))
    deadlines, source = _deadline_history(compiled, releases, versioned, max(release_count, len(releases or ())))
    return ProcessFacts(
        ocid=text(compiled.get("ocid")),
        version=FACTS_VERSION,
        country=_country(compiled, buyer, procuring_entity) or default_country,
        date=_reference_date(compiled, awards),
        tender_status=text(tender.get("status")).lower(),
        method=sys.intern(text(tender.get("procurementMethod")).lower()),
        method_details=sys.intern(text(tender.get("procurementMethodDetails"))),
        award_criteria=text(tender.get("awardCriteria")),
        buyer=buyer,
        procuring_entity=procuring_entity,
        classifications=_classifications(tender),
        tender_start=instant(period.get("startDate")),
        tender_end=instant(period.get("endDate")),
        published=_first_published(tender, releases),
        number_of_tenderers=_whole_number(tender.get("numberOfTenderers")),
        budget=budget,
        budget_currency=budget_currency,
        awards=awards,
        bids=_bids(compiled),
        contracts=_contracts(compiled),
        deadlines=deadlines,
        deadline_source=source,
    )
