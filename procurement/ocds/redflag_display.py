"""How a stored red flag reads on a page: its indicator's title, its outcome, why it is not computable,
and its evidence as label and value pairs. Reading only; which flags a person sees is decided by
``RedFlagResult.objects.visible_to`` (through ``redflag_selectors``), never here."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from procurement.ocds.methodology import indicator_title
from procurement.ocds.models import RedFlagResult

REASON_TEXTS: dict[str, Promise] = {
    "cancelled": _("The process is cancelled: cancelled processes are excluded from every indicator."),
    "method_details_excluded": _("This kind of procedure is excluded from every indicator by configuration."),
    "no_method": _("The procurement method is not published."),
    "method_out_of_scope": _("The indicator does not apply to this procurement method."),
    "no_price_comparison": _("Bid prices are not compared for this kind of procedure."),
    "no_tender_period": _("The start or the end of the tender period is not published."),
    "no_tenderer_count": _("Neither the number of tenderers nor the bids are published."),
    "no_awards": _("No awards are published."),
    "no_bids": _("No bids are published."),
    "award_not_final": _("An award is pending or not final."),
    "no_active_award": _("No award is active."),
    "several_active_awards": _("Several awards are active (lots are not compared)."),
    "award_to_several_suppliers": _("An award is made to several suppliers."),
    "supplier_without_id": _("An awarded supplier has no identifier."),
    "consortium_bid": _("A valid bid is submitted by several tenderers together."),
    "no_valid_winning_bid": _("The winner has no valid bid with an amount."),
    "no_second_valid_bid": _("No other tenderer has a valid bid with an amount in the winner's currency."),
    "mixed_currencies": _("The amounts to compare are in more than one currency."),
    "winner_not_lowest": _("The winning bid is not the lowest valid bid: the award criteria are not price only."),
    "zero_winning_bid": _("The winning bid is zero."),
    "no_valid_bids": _("No valid bid has an identified tenderer."),
    "no_submitted_bids": _("No bid was submitted."),
    "fewer_than_two_priced_bids": _("Fewer than two bids have a price and an identified tenderer."),
    "no_deadline": _("The submission deadline is not published."),
    "no_dated_valid_bids": _("No valid bid has a date and an identified tenderer."),
    "not_price_only": _("The published award criteria are not price only."),
    "no_priced_valid_bid": _("No valid bid has an amount."),
    "too_few_values": _("The country has too few values to compute the fence."),
    "fence_not_positive": _("The country's fence is not positive, so it cannot single out anything."),
    "not_assessed": _("None of the process's organisations has enough bids or processes to be assessed."),
    "no_threshold": _("No threshold is configured for the country."),
    "no_buyer_id": _("The buyer has no identifier."),
    "no_award_value": _("No active award has an identified supplier and an amount in the threshold's currency."),
    "no_budget_or_bid": _("Neither the budget nor the winner's bid can be compared with the award."),
    "no_deadline_history": _("The history of the deadline is not published."),
    "no_classification": _("The process has no CPV classification."),
    "no_market_award": _("No active award has an identified supplier, an amount and a date."),
    "too_few_awards": _("Too few awards in the buyer's market over the window."),
    "zero_total": _("The awards in the window add up to zero."),
}

OUTCOME_LABELS: dict[str, Promise] = {
    RedFlagResult.Outcome.FLAGGED: _("Flagged"),
    RedFlagResult.Outcome.NOT_FLAGGED: _("Not flagged"),
    RedFlagResult.Outcome.NOT_COMPUTABLE: _("Not computable"),
}


def reason_text(reason: str) -> str:
    return str(REASON_TEXTS.get(reason, _("The published data lacks what the indicator needs.")))


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, (int, float)):
        return number_format(value, decimal_pos=None if isinstance(value, int) else 4, use_l10n=True)
    if value is None or value == "":
        return "—"
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


@dataclass(frozen=True)
class FlagView:
    code: str
    title: str
    outcome: str
    outcome_label: str
    reason: str  # why not computable, in words ("" otherwise)
    evidence: list[tuple[str, str]]  # (the evidence's field, its value), as the API gives them


def flag_view(flag: RedFlagResult) -> FlagView:
    return FlagView(
        code=flag.indicator,
        title=indicator_title(flag.indicator),
        outcome=flag.outcome,
        outcome_label=str(OUTCOME_LABELS.get(flag.outcome, flag.outcome)),
        reason=reason_text(flag.reason) if flag.outcome == RedFlagResult.Outcome.NOT_COMPUTABLE else "",
        evidence=[(str(key), _value(value)) for key, value in sorted((flag.evidence or {}).items())],
    )


def percent(rate: float | None) -> str:
    """A share as a percentage for the pages ("—" when there is none)."""
    if rate is None:
        return "—"
    return number_format(100 * rate, decimal_pos=1, use_l10n=True) + " %"
