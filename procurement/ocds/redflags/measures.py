"""A process's own values (bid gaps, winners, counts), shared by the aggregate pass and the flags.

Each function reads one ``ProcessFacts`` and either returns the value or raises ``NotComputable`` with a
reason code from ``REASONS``: the process then gets "not computable" for the indicator, never "no flag".
The exclusions are Cardinal's (cited per function).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

from procurement.ocds.redflags.facts import Award, Bid, ProcessFacts

# Why an indicator cannot be computed for a process: code -> explanation (the methodology page lists them).
REASONS: dict[str, str] = {
    "cancelled": "The process is cancelled (excluded from every indicator, as in Cardinal).",
    "method_details_excluded": "Its procurementMethodDetails is excluded from every indicator by configuration.",
    "no_method": "tender.procurementMethod is not published.",
    "method_out_of_scope": "The indicator does not apply to this procurement method.",
    "no_price_comparison": "Bid prices are not compared for this procurementMethodDetails (configuration).",
    "no_tender_period": "tender.tenderPeriod.startDate or endDate is missing or not a date.",
    "no_tenderer_count": "Neither tender.numberOfTenderers nor bids.details is published.",
    "no_awards": "No awards are published.",
    "no_bids": "No bids (bids.details) are published.",
    "award_not_final": "An award is pending, or has a status that is not final.",
    "no_active_award": "No award is active.",
    "several_active_awards": "Several awards are active (lots are not compared).",
    "award_to_several_suppliers": "An award is made to several suppliers.",
    "supplier_without_id": "An awarded supplier has no id.",
    "consortium_bid": "A valid bid is submitted by several tenderers.",
    "no_valid_winning_bid": "The winner has no valid bid with an amount and a currency.",
    "no_second_valid_bid": "No other tenderer has a valid bid with an amount in the winner's currency.",
    "mixed_currencies": "The amounts to compare are in more than one currency.",
    "winner_not_lowest": "The winning bid is not the lowest valid bid (the award criteria are not price only).",
    "zero_winning_bid": "The winning bid is zero.",
    "no_valid_bids": "No valid bid has a tenderer with an id.",
    "no_submitted_bids": "No bid was submitted (pending, valid or disqualified).",
    "fewer_than_two_priced_bids": "Fewer than two submitted bids have a price and a tenderer with an id.",
    "no_deadline": "tender.tenderPeriod.endDate is missing or not a date.",
    "no_dated_valid_bids": "No valid bid has a date and a tenderer with an id.",
    "not_price_only": "The published award criteria are not price only.",
    "no_priced_valid_bid": "No valid bid has an amount.",
    "too_few_values": "The country has too few values to compute the fence.",
    "fence_not_positive": "The computed fence is not positive, so it cannot single out outliers.",
    "not_assessed": "None of the process's organisations has enough bids or processes to be assessed.",
    "no_threshold": "No threshold (and currency) is configured for the country.",
    "no_buyer_id": "The buyer has no id.",
    "no_award_value": "No active award has a supplier with an id and an amount in the threshold's currency.",
    "no_budget_or_bid": "Neither tender.value nor the winner's bid can be compared with an award in its currency.",
    "no_deadline_history": "The history of the deadline is not published (only a compiled release).",
    "no_classification": "No classification in a configured scheme (CPV by default).",
    "no_market_award": "No active award has a supplier with an id, an amount and a date.",
    "too_few_awards": "Fewer awards than the minimum in the buyer's market over the window.",
    "zero_total": "The awards in the window add up to zero.",
    # Stored flags only (procurement.ocds.redflag_services): the record changed after the country's last pass.
    "awaiting_country_fences": "The process changed since its country's fences were last computed (minutes).",
}


class NotComputable(Exception):
    """The indicator cannot be computed for this process; ``reason`` is a key of ``REASONS``."""

    def __init__(self, reason: str) -> None:
        assert reason in REASONS, reason
        super().__init__(reason)
        self.reason = reason


def submitted(bid: Bid) -> bool:
    """Cardinal's glossary: a bid is submitted if its status is pending, valid or disqualified (not invited or
    withdrawn); a bid without a status is not."""
    return bool(bid.status) and bid.status not in ("invited", "withdrawn")


def active_awards(facts: ProcessFacts) -> list[Award]:
    return [award for award in facts.awards or () if award.status == "active"]


def final_active_awards(facts: ProcessFacts) -> list[Award]:
    """The active awards, when awards and bids are published and every award is final (Cardinal: excluded if
    an award's status is pending or invalid; an award without a status is ignored)."""
    if facts.awards is None:
        raise NotComputable("no_awards")
    if facts.bids is None:
        raise NotComputable("no_bids")
    if any(award.status not in ("active", "cancelled", "unsuccessful", "") for award in facts.awards):
        raise NotComputable("award_not_final")
    return active_awards(facts)


def related_bids(facts: ProcessFacts, award: Award) -> list[Bid] | None:
    """The bids of ``bids.details`` that ``award`` names in ``relatedBid`` (bids extension): the winning bids as
    the publisher states them. None when the award names none of the published bids (imported data mostly lacks
    the field): the caller then matches the award's suppliers to the bids' tenderers by id, as Cardinal does."""
    if not award.related_bids:
        return None
    by_id = {bid.id: bid for bid in facts.bids or () if bid.id}
    found = [by_id[bid_id] for bid_id in award.related_bids if bid_id in by_id]
    return found or None


def winners(facts: ProcessFacts, award: Award) -> set[str]:
    """The winners of ``award`` as tenderer ids: the tenderers of its related bids (``relatedBid``), else its
    suppliers' ids. A publisher may identify the same organisation differently as a supplier and as a tenderer;
    the related bid says which bid won whatever the ids."""
    related = related_bids(facts, award)
    if related is not None:
        found = {tenderer for bid in related for tenderer in bid.tenderers}
        if found:
            return found
    return set(award.suppliers)


def single_award(facts: ProcessFacts) -> Award:
    """The one active award, with one supplier (Cardinal #14 and #17: lots and consortia are excluded)."""
    awards = final_active_awards(facts)
    if not awards:
        raise NotComputable("no_active_award")
    if len(awards) > 1:
        raise NotComputable("several_active_awards")
    if awards[0].supplier_count > 1:
        raise NotComputable("award_to_several_suppliers")
    return awards[0]


def single_winner(facts: ProcessFacts) -> str:
    """The one winner of the one active award, as a tenderer id (``winners``: its related bid's tenderer where
    ``relatedBid`` is published, else its supplier's id)."""
    found = winners(facts, single_award(facts))
    if len(found) > 1:  # the related bid is a consortium's
        raise NotComputable("award_to_several_suppliers")
    if not found:
        raise NotComputable("supplier_without_id")
    return found.pop()


def valid_single_bids(facts: ProcessFacts) -> list[Bid]:
    """The valid bids, each from one tenderer with an id (a valid bid from several tenderers excludes the process)."""
    valid = [bid for bid in facts.bids or () if bid.status == "valid"]
    if any(bid.tenderer_count > 1 for bid in valid):
        raise NotComputable("consortium_bid")
    return [bid for bid in valid if len(bid.tenderers) == 1]


class Gap(NamedTuple):
    """R024/R058: (second-lowest valid bid - winning bid) / winning bid."""

    ratio: float
    winner: str
    second: str
    winner_amount: float
    second_amount: float
    currency: str

    def evidence(self) -> dict[str, Any]:
        return {
            "difference": round(self.ratio, 6),
            "winner": self.winner,
            "winning_bid": self.winner_amount,
            "second_lowest_tenderer": self.second,
            "second_lowest_bid": self.second_amount,
            "currency": self.currency,
        }


def price_comparison_allowed(facts: ProcessFacts, common: Mapping[str, Any]) -> bool:
    """Cardinal's global setting: an allow list of procurementMethodDetails wins over a deny list."""
    allow, deny = (
        common["price_comparison_procurement_method_details"],
        common["no_price_comparison_procurement_method_details"],
    )
    if allow:
        return bool(facts.method_details) and facts.method_details in allow
    return not (facts.method_details and facts.method_details in deny)


def bid_gap(facts: ProcessFacts) -> Gap:
    """The difference between the winning bid and the second-lowest valid bid (Cardinal R024/R058)."""
    winner = single_winner(facts)
    valid = [bid for bid in valid_single_bids(facts) if bid.amount is not None and bid.currency]
    related = related_bids(facts, single_award(facts))
    own = [bid for bid in valid if (bid in related if related is not None else bid.tenderers[0] == winner)]
    if not own:
        raise NotComputable("no_valid_winning_bid")
    if len({bid.currency for bid in own}) > 1:
        raise NotComputable("mixed_currencies")
    currency = own[0].currency
    winning = min(bid.amount for bid in own if bid.amount is not None)  # the winner's lowest bid
    others = sorted(
        (bid.amount, bid.tenderers[0])
        for bid in valid
        if bid.tenderers[0] != winner and bid.currency == currency and bid.amount is not None
    )
    if not others:
        raise NotComputable("no_second_valid_bid")
    second_amount, second = others[0]
    if second_amount < winning:
        raise NotComputable("winner_not_lowest")
    if winning <= 0:
        raise NotComputable("zero_winning_bid")
    return Gap((second_amount - winning) / winning, winner, second, winning, second_amount, currency)


def participation(facts: ProcessFacts) -> tuple[str, tuple[str, ...]]:
    """R025: the winner and the tenderers with a valid bid (each counted once per process)."""
    winner = single_winner(facts)
    tenderers = tuple(sorted({bid.tenderers[0] for bid in valid_single_bids(facts)}))
    if not tenderers:
        raise NotComputable("no_valid_bids")
    return winner, tenderers


def submitted_bids(facts: ProcessFacts) -> list[Bid]:
    if facts.bids is None:
        raise NotComputable("no_bids")
    found = [bid for bid in facts.bids if submitted(bid)]
    if not found:
        raise NotComputable("no_submitted_bids")
    return found
