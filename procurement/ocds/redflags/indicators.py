"""The indicators: for one process, flagged or not (with the evidence), or ``NotComputable`` (with the reason).

Each function takes the process's ``ProcessFacts``, its parameters (``thresholds.Thresholds.params``) and its
country's ``aggregates.CountryContext``. The R codes follow Open Contracting Partnership's Cardinal
(https://cardinal.readthedocs.io/en/latest/cli/indicators/); the GT codes are ours. ``docs/red-flags.md``
explains each one, its defaults, exclusions and limits.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from procurement.ocds.redflags.aggregates import CountryContext, market_of
from procurement.ocds.redflags.facts import Bid, ProcessFacts
from procurement.ocds.redflags.fields import parse_instant
from procurement.ocds.redflags.measures import (
    NotComputable,
    active_awards,
    bid_gap,
    final_active_awards,
    participation,
    price_comparison_allowed,
    related_bids,
    submitted,
    submitted_bids,
    winners,
)
from procurement.ocds.redflags.statistics import Fence

Params = Mapping[str, Any]
Result = tuple[bool, dict[str, Any]]


def _in_methods(facts: ProcessFacts, methods: list[str]) -> None:
    """Cardinal's ``procurement_methods`` filter: an empty list means every method."""
    if methods:
        if not facts.method:
            raise NotComputable("no_method")
        if facts.method not in methods:
            raise NotComputable("method_out_of_scope")


def _price_comparison(facts: ProcessFacts, common: Params) -> None:
    if not price_comparison_allowed(facts, common):
        raise NotComputable("no_price_comparison")


def r003(facts: ProcessFacts, params: Params, common: Params, context: CountryContext) -> Result:
    """Short submission period: tenderPeriod shorter than the threshold, in whole days."""
    _in_methods(facts, params["procurement_methods"])
    if not facts.tender_start or not facts.tender_end:
        raise NotComputable("no_tender_period")
    elapsed = parse_instant(facts.tender_end) - parse_instant(facts.tender_start)
    days = int(elapsed.total_seconds() / 86400)  # whole days, truncated towards zero as Cardinal does
    threshold = params["procurement_method_details"].get(facts.method_details, params["threshold"])
    evidence = {
        "period_days": days,
        "start": facts.tender_start,
        "end": facts.tender_end,
        "threshold_days": threshold,
        "procurement_method": facts.method,
        "procurement_method_details": facts.method_details,
    }
    return days < threshold, evidence


def r018(facts: ProcessFacts, params: Params, common: Params, context: CountryContext) -> Result:
    """Single bid received in a competitive procedure."""
    _in_methods(facts, params["procurement_methods"])
    count, source = facts.number_of_tenderers, "tender.numberOfTenderers"
    if count is None and facts.bids:
        # Ours: without numberOfTenderers, the distinct tenderers of the submitted bids.
        count = len({t for bid in facts.bids if submitted(bid) for t in bid.tenderers}) or None
        source = "bids.details"
    if count is None:
        raise NotComputable("no_tenderer_count")
    return count == 1, {"tenderers": count, "source": source, "procurement_method": facts.method}


def _fence(params: Params, fence: Fence) -> Fence:
    """A fixed threshold for this country and method wins over the computed fence."""
    if params.get("threshold") is not None:
        return Fence(fence.n, value=params["threshold"], fixed=True)
    if fence.value is None:
        raise NotComputable(fence.reason or "too_few_values")
    return fence


def r024(facts: ProcessFacts, params: Params, common: Params, context: CountryContext) -> Result:
    """Price close to winning bid: the gap to the second-lowest valid bid is a low outlier."""
    _price_comparison(facts, common)
    gap = bid_gap(facts)
    fence = _fence(params, context.gap_fences.get("R024", Fence(0, reason="too_few_values")))
    return gap.ratio <= (fence.value or 0), {**gap.evidence(), "lower_fence": fence.value, **_quartiles(fence)}


def r058(facts: ProcessFacts, params: Params, common: Params, context: CountryContext) -> Result:
    """Heavily discounted bid: the gap to the second-lowest valid bid is a high outlier."""
    _price_comparison(facts, common)
    gap = bid_gap(facts)
    fence = _fence(params, context.gap_fences.get("R058", Fence(0, reason="too_few_values")))
    return gap.ratio >= (fence.value or 0), {**gap.evidence(), "upper_fence": fence.value, **_quartiles(fence)}


def _quartiles(fence: Fence) -> dict[str, Any]:
    if fence.fixed:
        return {"fixed_threshold": True}
    return {"q1": round(fence.q1 or 0, 6), "q3": round(fence.q3 or 0, 6), "country_values": fence.n}


def r025(facts: ProcessFacts, params: Params, common: Params, context: CountryContext) -> Result:
    """Excessive unsuccessful bids: a top tenderer whose win ratio is a low outlier lost a valid bid here."""
    winner, tenderers = participation(facts)
    fence = context.r025_fence
    if fence.value is None:
        raise NotComputable(fence.reason or "too_few_values")
    flagged = [t for t in tenderers if t != winner and t in context.r025_flagged]
    evidence: dict[str, Any] = {"lower_fence": fence.value, "top_tenderer_bids": context.r025_top, **_quartiles(fence)}
    evidence["tenderers"] = [
        {
            "id": t,
            "won": context.r025[t].numerator,
            "valid_bids": context.r025[t].denominator,
            "ratio": round(context.r025[t].ratio, 6),
        }
        for t in (flagged or tenderers)[:10]
    ]
    return bool(flagged), evidence


def r028(facts: ProcessFacts, params: Params, common: Params, context: CountryContext) -> Result:
    """Identical bid prices from different tenderers (a tenderer may repeat its own price)."""
    _price_comparison(facts, common)
    priced = [b for b in facts.bids or () if submitted(b) and b.amount is not None and b.currency and b.tenderers]
    if len(priced) < 2:
        raise NotComputable("fewer_than_two_priced_bids")
    by_price: dict[tuple[float, str], set[frozenset[str]]] = {}
    for bid in priced:
        by_price.setdefault((bid.amount or 0.0, bid.currency), set()).add(frozenset(bid.tenderers))
    same = [
        {"amount": amount, "currency": currency, "tenderers": sorted({t for group in groups for t in group})}
        for (amount, currency), groups in sorted(by_price.items())
        if len(groups) > 1
    ]
    return bool(same), {"identical_prices": same, "priced_bids": len(priced)}


def r030(facts: ProcessFacts, params: Params, common: Params, context: CountryContext) -> Result:
    """Late bid won: a valid bid received after the deadline is from a supplier of an active award."""
    if not facts.tender_end:
        raise NotComputable("no_deadline")
    if facts.awards is None:
        raise NotComputable("no_awards")
    if facts.bids is None:
        raise NotComputable("no_bids")
    # The winning bids: those an award names in relatedBid, else the bids of its suppliers (matched by id).
    won: list[Bid] = []
    suppliers: set[str] = set()
    for award in active_awards(facts):
        related = related_bids(facts, award)
        if related is None:
            suppliers.update(award.suppliers)
        else:
            won += related
    if not suppliers and not won:
        raise NotComputable("no_active_award")
    dated = [b for b in facts.bids if b.status == "valid" and b.date and b.tenderers]
    if not dated:
        raise NotComputable("no_dated_valid_bids")
    late = [
        {"tenderer": t, "received": b.date}
        for b in dated
        if b.date > facts.tender_end
        for t in b.tenderers
        if b in won or t in suppliers
    ]
    return bool(late), {"deadline": facts.tender_end, "late_winning_bids": late, "dated_valid_bids": len(dated)}


def r035(facts: ProcessFacts, params: Params, common: Params, context: CountryContext) -> Result:
    """All except the winning bid disqualified."""
    awards = final_active_awards(facts)
    if not awards:
        raise NotComputable("no_active_award")
    suppliers = {s for award in awards for s in winners(facts, award)}
    valid = {t for b in facts.bids or () if b.status == "valid" for t in b.tenderers}
    disqualified = {t for b in facts.bids or () if b.status == "disqualified" for t in b.tenderers}
    if not valid and not disqualified:
        raise NotComputable("no_submitted_bids")
    others = sorted(disqualified - valid)
    flagged = len(valid) == 1 and valid == suppliers and len(others) >= max(params["threshold"], 1)
    return flagged, {
        "valid_tenderers": sorted(valid),
        "winners": sorted(suppliers),
        "disqualified_tenderers": others,
        "threshold": max(params["threshold"], 1),
    }


def r036(facts: ProcessFacts, params: Params, common: Params, context: CountryContext) -> Result:
    """Lowest bid disqualified, where the award criteria are price only."""
    _price_comparison(facts, common)
    if facts.award_criteria and facts.award_criteria not in params["price_only_award_criteria"]:
        raise NotComputable("not_price_only")
    if facts.awards is None:
        raise NotComputable("no_awards")
    if not active_awards(facts):
        raise NotComputable("no_active_award")
    priced = [b for b in submitted_bids(facts) if b.amount is not None and b.currency]
    if len({b.currency for b in priced}) > 1:
        raise NotComputable("mixed_currencies")
    kept = [b.amount for b in priced if b.status != "disqualified" and b.amount is not None]
    if not any(b.status == "valid" for b in priced):
        raise NotComputable("no_priced_valid_bid")
    rejected = [b.amount for b in priced if b.status == "disqualified" and b.amount is not None]
    flagged = bool(rejected) and min(rejected) < min(kept)
    return flagged, {
        "lowest_disqualified_bid": min(rejected, default=None),
        "lowest_other_bid": min(kept),
        "currency": priced[0].currency,
        "award_criteria": facts.award_criteria or None,
    }


def r038(facts: ProcessFacts, params: Params, common: Params, context: CountryContext) -> Result:
    """Excessive disqualified bids: the buyer, procuring entity or a disqualified tenderer is a high outlier."""
    bids = submitted_bids(facts)
    disqualified = [b for b in bids if b.status == "disqualified"]
    assessed, flagged = [], []
    members = [("buyer", facts.buyer), ("procuring_entity", facts.procuring_entity)]
    members += [("tenderer", t) for t in sorted({t for b in bids for t in b.tenderers})]
    for role, org in members:
        counts = context.r038[role].get(org) if org else None
        fence = context.r038_fences.get(role)
        if counts is None or fence is None or fence.value is None:
            continue
        entry = {
            "role": role,
            "id": org,
            "ratio": round(counts.ratio, 6),
            "disqualified": counts.numerator,
            "submitted": counts.denominator,
            "upper_fence": fence.value,
        }
        assessed.append(entry)
        # A buyer or procuring entity counts here when this process has a disqualified bid; a tenderer, when its
        # own bid was disqualified here (Cardinal's maps of processes to flagged organisations).
        concerned = (role != "tenderer" and disqualified) or any(org in b.tenderers for b in disqualified)
        if org in context.r038_flagged[role] and concerned:
            flagged.append(entry)
    if not assessed:
        raise NotComputable("not_assessed")
    return bool(flagged), {
        "flagged": flagged,
        "assessed": assessed[:10],
        "disqualified_bids": len(disqualified),
        "submitted_bids": len(bids),
    }


def gt01(facts: ProcessFacts, params: Params, common: Params, context: CountryContext) -> Result:
    """Direct awards to the same buyer and supplier that add up past the open-procedure threshold in a year."""
    if params["threshold"] is None or not params["currency"]:
        raise NotComputable("no_threshold")
    _in_methods(facts, params["procurement_methods"])
    if not facts.buyer:
        raise NotComputable("no_buyer_id")
    currency = params["currency"].upper()
    if facts.awards is None:
        raise NotComputable("no_awards")
    awards = [a for a in active_awards(facts) if a.suppliers and a.amount is not None and a.currency == currency]
    if not awards or not any(a.date or facts.date for a in awards):
        raise NotComputable("no_award_value")
    window = context.gt01.get(facts.ocid)
    if window is None:
        return False, {
            "buyer": facts.buyer,
            "award_total": sum(a.amount or 0 for a in awards),
            "currency": currency,
            "threshold": params["threshold"],
            "window_days": params["window_days"],
        }
    return True, {"buyer": facts.buyer, **window}


def gt02(facts: ProcessFacts, params: Params, common: Params, context: CountryContext) -> Result:
    """An award above the budget (tender.value) or above the winner's own bid."""
    if facts.awards is None:
        raise NotComputable("no_awards")
    awards = [a for a in active_awards(facts) if a.amount is not None and a.currency]
    if not awards:
        raise NotComputable("no_active_award")
    margin = 1 + params["tolerance"]
    comparisons: list[dict[str, Any]] = []
    if facts.budget is not None and facts.budget_currency:
        same = [a.amount or 0.0 for a in awards if a.currency == facts.budget_currency]
        if len(same) == len(awards):
            total = sum(same)
            comparisons.append(
                {
                    "compared": "budget",
                    "awarded": total,
                    "budget": facts.budget,
                    "currency": facts.budget_currency,
                    "above": total > facts.budget * margin,
                }
            )
    for award in awards:
        related = related_bids(facts, award)
        if related is not None:
            own = related
        elif len(award.suppliers) == 1:
            own = [b for b in facts.bids or () if b.status == "valid" and b.tenderers == award.suppliers]
        else:
            own = []
        prices = [b.amount for b in own if b.amount is not None and b.currency == award.currency]
        if prices and len(prices) == len(own):
            bid = max(prices)  # the winner's highest valid bid: an award above all of them
            comparisons.append(
                {
                    "compared": "winning_bid",
                    "award": award.id,
                    "awarded": award.amount,
                    "bid": bid,
                    "currency": award.currency,
                    "above": (award.amount or 0) > bid * margin,
                }
            )
    if not comparisons:
        raise NotComputable("no_budget_or_bid")
    return any(c["above"] for c in comparisons), {"comparisons": comparisons, "tolerance": params["tolerance"]}


def gt03(facts: ProcessFacts, params: Params, common: Params, context: CountryContext) -> Result:
    """A submission deadline amended to an earlier date while bidders were still preparing."""
    if facts.deadlines is None:
        raise NotComputable("no_deadline_history")
    if not facts.deadlines:
        raise NotComputable("no_deadline")
    shortened = []
    for before, after in zip(facts.deadlines, facts.deadlines[1:], strict=False):
        days = (parse_instant(before.end) - parse_instant(after.end)).total_seconds() / 86400
        # A correction published after the former deadline had passed did not shorten anyone's time.
        still_open = not after.published or after.published < before.end
        if days >= params["minimum_days"] and still_open:
            shortened.append(
                {
                    "former_deadline": before.end,
                    "new_deadline": after.end,
                    "published": after.published or None,
                    "shortened_by_days": round(days, 2),
                }
            )
    return bool(shortened), {
        "changes": len(facts.deadlines) - 1,
        "shortened": shortened,
        "source": facts.deadline_source,
        "minimum_days": params["minimum_days"],
    }


def gt04(facts: ProcessFacts, params: Params, common: Params, context: CountryContext) -> Result:
    """Market concentration: the HHI of the buyer's awards in the CPV division over the window is high."""
    if not facts.buyer:
        raise NotComputable("no_buyer_id")
    if market_of(facts, params["classification_digits"]) is None:
        raise NotComputable("no_classification")
    found = context.gt04.get(facts.ocid)
    if found is None:
        raise NotComputable("no_market_award")
    if isinstance(found, str):
        raise NotComputable(found)
    hhi, count, total, currency, start, end, top, (buyer, scheme, division) = found
    evidence = {
        "hhi": hhi,
        "threshold": params["threshold"],
        "awards": count,
        "total": total,
        "currency": currency,
        "buyer": buyer,
        "scheme": scheme,
        "division": division,
        "window_start": start,
        "window_end": end,
        "minimum_awards": params["minimum_awards"],
    }
    if top:
        evidence["top_suppliers"] = [{"id": s, "share_percent": p} for s, p in top]
    return hhi > params["threshold"], evidence


@dataclass(frozen=True)
class Indicator:
    """One indicator: its code, title, whether it is Cardinal's, and whether its parameters may differ per
    procurement method (those that compare organisations or markets across methods are set per country)."""

    code: str
    title: str
    cardinal: bool
    per_method: bool
    evaluate: Callable[[ProcessFacts, Params, Params, CountryContext], Result]


INDICATORS: tuple[Indicator, ...] = (
    Indicator("R003", "Short submission period", True, True, r003),
    Indicator("R018", "Single bid received", True, True, r018),
    Indicator("R024", "Price close to winning bid", True, True, r024),
    Indicator("R025", "Excessive unsuccessful bids", True, False, r025),
    Indicator("R028", "Identical bid prices", True, True, r028),
    Indicator("R030", "Late bid won", True, True, r030),
    Indicator("R035", "All except winning bid disqualified", True, True, r035),
    Indicator("R036", "Lowest bid disqualified", True, True, r036),
    Indicator("R038", "Excessive disqualified bids", True, False, r038),
    Indicator("R058", "Heavily discounted bid", True, True, r058),
    Indicator("GT01", "Direct awards adding up past the open-procedure threshold", False, False, gt01),
    Indicator("GT02", "Award above the budget or the winning bid", False, True, gt02),
    Indicator("GT03", "Submission deadline amended shorter", False, True, gt03),
    Indicator("GT04", "Market concentration per buyer and CPV division", False, False, gt04),
)
