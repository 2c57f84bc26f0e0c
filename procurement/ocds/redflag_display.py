"""How a stored red flag reads on a page: its indicator's title, its outcome, why it is not computable,
and its evidence as label and value pairs. Reading only; which flags a person sees is decided by
``RedFlagResult.objects.visible_to`` (through ``redflag_selectors``), never here.

The evidence keeps the engine's field names in the API and the CSV (machine-readable); pages show each field
with a plain-language label (``EVIDENCE_FIELDS``, some per indicator in ``EVIDENCE_OVERRIDES``) and its value
formatted for the reader: days, amounts with their currency, percentages, dates in the reader's language, the
codes the engine writes (a role, a source, a method) in words. A field without a label (a new one) is shown
humanised ("Some new field"), never as snake_case.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from govtech.core.formatting import NBSP, format_date, format_datetime, format_money, format_number
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


# How an evidence value is formatted.
TEXT, COUNT, NUMBER, DAYS, DATE, MONEY, RATIO, PERCENT, YES_NO = (
    "text",
    "count",
    "number",
    "days",
    "date",
    "money",
    "ratio",
    "percent",
    "yes_no",
)


@dataclass(frozen=True)
class EvidenceField:
    """An evidence field's label and how its value reads (``RATIO``: a share 0-1 shown as a percentage;
    ``PERCENT``: already a percentage; ``MONEY``: with the evidence's currency)."""

    label: Promise
    kind: str = TEXT


F = EvidenceField
# Every field an indicator writes (procurement.ocds.redflags.indicators, measures, aggregates), in the order a page
# lists them: the process's own values first, then what they were compared with.
EVIDENCE_FIELDS: dict[str, EvidenceField] = {
    # values of the process
    "period_days": F(_("Days between the start of the tender period and the deadline"), DAYS),
    "start": F(_("Start of the tender period"), DATE),
    "end": F(_("Submission deadline"), DATE),
    "deadline": F(_("Submission deadline"), DATE),
    "tenderers": F(_("Tenderers")),
    "winner": F(_("Winner")),
    "winners": F(_("Winners")),
    "winning_bid": F(_("Winning bid"), MONEY),
    "second_lowest_tenderer": F(_("Tenderer of the second-lowest valid bid")),
    "second_lowest_bid": F(_("Second-lowest valid bid"), MONEY),
    "difference": F(_("Gap between the winning bid and the second-lowest valid bid"), RATIO),
    "identical_prices": F(_("Identical prices from different tenderers")),
    "priced_bids": F(_("Bids with a price"), COUNT),
    "late_winning_bids": F(_("Winning bids received after the deadline")),
    "dated_valid_bids": F(_("Valid bids with a date"), COUNT),
    "valid_tenderers": F(_("Tenderers with a valid bid")),
    "disqualified_tenderers": F(_("Disqualified tenderers")),
    "lowest_disqualified_bid": F(_("Lowest disqualified bid"), MONEY),
    "lowest_other_bid": F(_("Lowest bid not disqualified"), MONEY),
    "flagged": F(_("Organisations that stand out")),
    "assessed": F(_("Organisations assessed")),
    "disqualified_bids": F(_("Disqualified bids in this process"), COUNT),
    "submitted_bids": F(_("Submitted bids in this process"), COUNT),
    "buyer": F(_("Buyer")),
    "award_total": F(_("Total of the active awards"), MONEY),
    "total": F(_("Total awarded in the window"), MONEY),
    "awards": F(_("Awards in the window"), COUNT),
    "first": F(_("First award in the window"), DATE),
    "last": F(_("Last award in the window"), DATE),
    "ocids": F(_("Processes in the window")),
    "comparisons": F(_("Comparisons")),
    "changes": F(_("Changes of the deadline"), COUNT),
    "shortened": F(_("Deadlines moved earlier")),
    "hhi": F(_("Concentration (Herfindahl-Hirschman index, 0 to 10,000)"), NUMBER),
    "scheme": F(_("Classification scheme")),
    "division": F(_("Division (first two digits of the code)")),
    "window_start": F(_("Start of the window"), DATE),
    "window_end": F(_("End of the window"), DATE),
    "top_suppliers": F(_("Largest suppliers in the window")),
    "currency": F(_("Currency")),
    "procurement_method": F(_("Procurement method")),
    "procurement_method_details": F(_("Procedure, as published")),
    "award_criteria": F(_("Award criteria")),
    "source": F(_("Where the figure comes from")),
    # what they were compared with
    "threshold_days": F(_("Minimum number of days"), DAYS),
    "threshold": F(_("Threshold"), NUMBER),
    "minimum_days": F(_("Smallest change counted"), DAYS),
    "minimum_awards": F(_("Fewest awards in the window to compute it"), COUNT),
    "window_days": F(_("Length of the window"), DAYS),
    "tolerance": F(_("Tolerance"), RATIO),
    "lower_fence": F(_("Lower fence: values of the country below it stand out"), RATIO),
    "upper_fence": F(_("Upper fence: values of the country above it stand out"), RATIO),
    "q1": F(_("First quartile of the country's values"), RATIO),
    "q3": F(_("Third quartile of the country's values"), RATIO),
    "country_values": F(_("Values of the country compared"), COUNT),
    "fixed_threshold": F(_("A configured threshold is used instead of the country's fence"), YES_NO),
    "top_tenderer_bids": F(_("Valid bids that make a top tenderer"), NUMBER),
    # inside a list (one tenderer, organisation, comparison, change or supplier)
    "id": F(_("Identifier")),
    "role": F(_("Role")),
    "tenderer": F(_("Tenderer")),
    "received": F(_("Received"), DATE),
    "won": F(_("Bids won"), COUNT),
    "valid_bids": F(_("Valid bids"), COUNT),
    "ratio": F(_("Share"), RATIO),
    "disqualified": F(_("Disqualified bids"), COUNT),
    "submitted": F(_("Submitted bids"), COUNT),
    "amount": F(_("Amount"), MONEY),
    "compared": F(_("Compared with")),
    "award": F(_("Award")),
    "awarded": F(_("Amount awarded"), MONEY),
    "budget": F(_("Budget"), MONEY),
    "bid": F(_("The winner's bid"), MONEY),
    "above": F(_("Above it"), YES_NO),
    "former_deadline": F(_("Former deadline"), DATE),
    "new_deadline": F(_("New deadline"), DATE),
    "published": F(_("Change published on"), DATE),
    "shortened_by_days": F(_("Days taken off"), DAYS),
    "share_percent": F(_("Share of the value"), PERCENT),
}
# The same field name reads differently in some indicators.
EVIDENCE_OVERRIDES: dict[tuple[str, str], EvidenceField] = {
    ("R018", "tenderers"): F(_("Number of tenderers"), COUNT),
    ("R025", "tenderers"): F(_("Tenderers assessed")),
    ("R025", "lower_fence"): F(_("Lower fence: tenderers of the country winning a smaller share stand out"), RATIO),
    ("R025", "ratio"): F(_("Share of valid bids won"), RATIO),
    ("R038", "ratio"): F(_("Share of submitted bids disqualified"), RATIO),
    ("R035", "threshold"): F(_("Fewest disqualified tenderers to flag"), COUNT),
    ("GT01", "threshold"): F(_("Threshold of the open procedure"), MONEY),
    ("GT01", "total"): F(_("Total of the direct awards in the window"), MONEY),
    ("GT01", "awards"): F(_("Direct awards in the window"), COUNT),
    ("GT03", "source"): F(_("Where the history of the deadline comes from")),
    ("GT04", "threshold"): F(_("Concentration threshold (index)"), NUMBER),
}
del F

# The codes the engine writes as values, in words.
VALUE_TEXTS: dict[str, dict[str, Promise]] = {
    "role": {
        "buyer": _("Buyer"),
        "procuring_entity": _("Procuring entity"),
        "tenderer": _("Tenderer"),
    },
    "compared": {
        "budget": _("The budget"),
        "winning_bid": _("The winner's bid"),
    },
    "source": {
        "tender.numberOfTenderers": _("The number of tenderers published with the tender"),
        "bids.details": _("The bids published"),
        "releases": _("The successive releases of the process"),
        "versionedRelease": _("The versioned release of the process"),
        "amendments": _("The amendments of the tender"),
    },
    "procurement_method": {
        "open": _("Open"),
        "selective": _("Selective"),
        "limited": _("Limited"),
        "direct": _("Direct"),
    },
    "award_criteria": {
        "priceOnly": _("Price only"),
        "costOnly": _("Cost only"),
        "qualityOnly": _("Quality only"),
        "ratedCriteria": _("Rated criteria"),
    },
}
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def humanise(name: str) -> str:
    """``some_new_field`` or ``someNewField`` → "Some new field" (for a field or a code without a label)."""
    words = _CAMEL.sub(" ", name).replace("_", " ").replace(".", " ").split()
    text = " ".join(words).lower()
    return text[:1].upper() + text[1:] if text else "—"


def evidence_field(code: str, key: str) -> EvidenceField | None:
    """The label and format of an indicator's evidence field, ``None`` when it has none."""
    return EVIDENCE_OVERRIDES.get((code, key)) or EVIDENCE_FIELDS.get(key)


def _number(value: float | int) -> str:
    if isinstance(value, int) or float(value).is_integer():
        return format_number(int(value))
    return format_number(round(value, 3))


def _date(value: str) -> str:
    moment = parse_datetime(value) if isinstance(value, str) else None
    if moment is None:
        return str(value)
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, datetime.UTC)
    if moment.astimezone(datetime.UTC).time() == datetime.time():
        return format_date(moment.astimezone(datetime.UTC))  # a date published without a time of day
    return format_datetime(timezone.localtime(moment))


def _code(key: str, value: str) -> str:
    known = VALUE_TEXTS.get(key, {}).get(value)
    if known is not None:
        return str(known)
    if key in VALUE_TEXTS and re.fullmatch(r"[A-Za-z][A-Za-z0-9_.]*", value):
        return humanise(value)  # a code of the same kind the labels do not know yet
    return value


def _scalar(code: str, key: str, value: Any, currency: str) -> str:
    kind = _kind(code, key)
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, (int, float)):
        if kind == MONEY:
            return format_money(value, currency) or "—"
        if kind == RATIO:
            return format_number(100 * value, 1) + NBSP + "%"
        if kind == PERCENT:
            return format_number(value, 1) + NBSP + "%"
        if kind == DAYS:
            return ngettext("%(days)s day", "%(days)s days", int(abs(value)) if float(value).is_integer() else 2) % {
                "days": _number(value)
            }
        return _number(value)
    if isinstance(value, str):
        return _date(value) if kind == DATE else _code(key, value)
    return str(value)


def _item(code: str, item: Any, currency: str) -> str:
    """One entry of a list in the evidence: a value, or an object as "Label: value" pairs."""
    if not isinstance(item, dict):
        return _scalar(code, "", item, currency)
    own = str(item.get("currency") or currency)
    parts = []
    for key, value in _ordered(item):
        if key == "currency" and any(_kind(code, k) == MONEY for k in item):
            continue  # shown with the amounts
        shown = (
            ", ".join(_scalar(code, key, v, own) for v in value) or "—"
            if isinstance(value, list)
            else _scalar(code, key, value, own)
        )
        parts.append(f"{label_of(code, key)}: {shown}")
    return "; ".join(parts)


def _kind(code: str, key: str) -> str:
    found = evidence_field(code, key)
    return found.kind if found else TEXT


def label_of(code: str, key: str) -> str:
    found = evidence_field(code, key)
    return str(found.label) if found else humanise(key)


_ORDER = {key: n for n, key in enumerate(EVIDENCE_FIELDS)}


def _ordered(evidence: dict[str, Any]) -> list[tuple[str, Any]]:
    return sorted(evidence.items(), key=lambda pair: (_ORDER.get(pair[0], len(_ORDER)), pair[0]))


@dataclass(frozen=True)
class EvidenceRow:
    """One evidence field on a page: its label, and its value (or its entries, for a list)."""

    key: str  # the API's field name, kept for reference (never shown)
    label: str
    value: str
    entries: list[str]


def evidence_rows(code: str, evidence: dict[str, Any]) -> list[EvidenceRow]:
    """An indicator's evidence as the pages show it (see the module docstring)."""
    currency = str(evidence.get("currency") or "")
    rows = []
    for key, value in _ordered(evidence or {}):
        if isinstance(value, list) and all(isinstance(item, dict) for item in value) and value:
            entries = [_item(code, item, currency) for item in value]
            rows.append(EvidenceRow(key, label_of(code, key), "", entries))
        elif isinstance(value, list):  # identifiers: one line
            shown = ", ".join(_scalar(code, key, item, currency) for item in value)
            rows.append(EvidenceRow(key, label_of(code, key), shown or "—", []))
        elif isinstance(value, dict):
            rows.append(EvidenceRow(key, label_of(code, key), _item(code, value, currency), []))
        else:
            rows.append(EvidenceRow(key, label_of(code, key), _scalar(code, key, value, currency), []))
    return rows


@dataclass(frozen=True)
class FlagView:
    code: str
    title: str
    outcome: str
    outcome_label: str
    reason: str  # why not computable, in words ("" otherwise)
    evidence: list[EvidenceRow]  # labelled for the page; the API gives the raw fields


def flag_view(flag: RedFlagResult) -> FlagView:
    return FlagView(
        code=flag.indicator,
        title=indicator_title(flag.indicator),
        outcome=flag.outcome,
        outcome_label=str(OUTCOME_LABELS.get(flag.outcome, flag.outcome)),
        reason=reason_text(flag.reason) if flag.outcome == RedFlagResult.Outcome.NOT_COMPUTABLE else "",
        evidence=evidence_rows(flag.indicator, flag.evidence or {}),
    )


def percent(rate: float | None) -> str:
    """A share as a percentage for the pages ("—" when there is none)."""
    if rate is None:
        return "—"
    return number_format(100 * rate, decimal_pos=1, use_l10n=True) + " %"
