"""Small builders of OCDS compiled releases for the red-flag tests, and a helper that evaluates them."""

from __future__ import annotations

import itertools
from typing import Any

from procurement.ocds.redflags.engine import Engine, Outcome, Report
from procurement.ocds.redflags.sources import ProcessInput
from procurement.ocds.redflags.thresholds import Thresholds

_numbers = itertools.count(1)


def bid(
    tenderer: str | list[str] | None,
    amount: float | None = None,
    status: str = "valid",
    *,
    currency: str = "PYG",
    date: str | None = None,
    id: str | None = None,
) -> dict[str, Any]:
    tenderers = [] if tenderer is None else [tenderer] if isinstance(tenderer, str) else tenderer
    found: dict[str, Any] = {
        "id": id or f"bid-{next(_numbers)}",
        "status": status,
        "tenderers": [{"id": t, "name": t} for t in tenderers],
    }
    if amount is not None:
        found["value"] = {"amount": amount, "currency": currency}
    if date:
        found["date"] = date
    return found


def award(
    supplier: str | list[str] | None,
    amount: float | None = None,
    status: str = "active",
    *,
    currency: str = "PYG",
    date: str = "2024-03-01T00:00:00Z",
    related_bid: str | None = None,
) -> dict[str, Any]:
    suppliers = [] if supplier is None else [supplier] if isinstance(supplier, str) else supplier
    found: dict[str, Any] = {
        "id": f"award-{next(_numbers)}",
        "status": status,
        "date": date,
        "suppliers": [{"id": s, "name": s} for s in suppliers],
    }
    if amount is not None:
        found["value"] = {"amount": amount, "currency": currency}
    if related_bid:
        found["relatedBid"] = related_bid
    return found


def release(
    ocid: str | None = None,
    *,
    method: str | None = "open",
    details: str | None = None,
    buyer: str | None = "BUYER-1",
    procuring_entity: str | None = None,
    country: str = "Paraguay",
    start: str | None = None,
    end: str | None = "2024-02-01T00:00:00Z",
    tenderers: int | None = None,
    budget: float | None = None,
    currency: str = "PYG",
    awards: list[dict[str, Any]] | None = None,
    bids: list[dict[str, Any]] | None = None,
    status: str = "complete",
    criteria: str | None = None,
    cpv: str | None = "72000000",
    date: str = "2024-04-01T00:00:00Z",
    **tender_extra: Any,
) -> dict[str, Any]:
    """A compiled release of one process in Paraguay, with only what the arguments give."""
    tender: dict[str, Any] = {"id": "tender", "status": status, **tender_extra}
    if method:
        tender["procurementMethod"] = method
    if details:
        tender["procurementMethodDetails"] = details
    period = {k: v for k, v in (("startDate", start), ("endDate", end)) if v}
    if period:
        tender["tenderPeriod"] = period
    if tenderers is not None:
        tender["numberOfTenderers"] = tenderers
    if budget is not None:
        tender["value"] = {"amount": budget, "currency": currency}
    if criteria:
        tender["awardCriteria"] = criteria
    if cpv:
        tender["classification"] = {"scheme": "CPV", "id": cpv}
    if procuring_entity:
        tender["procuringEntity"] = {"id": procuring_entity, "name": procuring_entity}
    found: dict[str, Any] = {
        "ocid": ocid or f"ocds-test-{next(_numbers)}",
        "id": "1",
        "date": date,
        "tag": ["compiled"],
        "initiationType": "tender",
        "tender": tender,
    }
    if buyer:
        found["buyer"] = {"id": buyer, "name": buyer}
        found["parties"] = [{"id": buyer, "name": buyer, "roles": ["buyer"], "address": {"countryName": country}}]
    if awards is not None:
        found["awards"] = awards
    if bids is not None:
        found["bids"] = {"details": bids}
    return found


def run_engine(
    *processes: dict[str, Any] | ProcessInput, settings: dict[str, Any] | None = None, country: str = ""
) -> tuple[dict[str, dict[str, Outcome]], Report]:
    """Every process's outcomes by ocid and indicator code, and the report."""
    engine = Engine(Thresholds.from_settings(settings), default_country=country)
    for process in processes:
        engine.add(process if isinstance(process, ProcessInput) else ProcessInput(process["ocid"], process))
    results: dict[str, dict[str, Outcome]] = {}
    report = engine.finish(lambda result: results.__setitem__(result.ocid, {o.code: o for o in result.outcomes}))
    return results, report


def outcome(
    process: dict[str, Any], code: str, *others: dict[str, Any], settings: dict[str, Any] | None = None
) -> Outcome:
    """The outcome of indicator ``code`` for ``process``, evaluated with ``others`` in the same country."""
    results, _report = run_engine(process, *others, settings=settings)
    return results[process["ocid"]][code]
