"""The public red-flag methodology: each indicator's plain-language text and its live thresholds.

The wording follows ``docs/red-flags.md``; the thresholds are read from ``settings.RED_FLAGS`` and the
admin-edited rows (``redflag_services.thresholds``) every time the page is built, so the page never says something
the engine does not do. Every change made to the rows is listed, with its reason (``threshold_changes``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from govtech.core.names import country_name
from procurement.ocds import redflag_services
from procurement.ocds.models import RedFlagThresholdChange
from procurement.ocds.redflags.engine import METHODOLOGY_VERSION
from procurement.ocds.redflags.thresholds import COMMON, INDICATOR_CODES, Thresholds

CARDINAL_DOCS = "https://cardinal.readthedocs.io/en/latest/cli/indicators/R/{number}.html"
CARDINAL_SOURCE = "https://github.com/open-contracting/cardinal-rs/tree/main/docs/cli/indicators/R"


@dataclass(frozen=True)
class IndicatorText:
    code: str
    title: Promise
    measures: Promise
    definition: Promise
    limits: Promise


INDICATOR_TEXTS: dict[str, IndicatorText] = {
    text.code: text
    for text in (
        IndicatorText(
            "R003",
            gettext_lazy("Short submission period"),
            gettext_lazy(
                "Whether bidders had little time to prepare their bids. A short period can favour a bidder who "
                "knew of the opportunity in advance."
            ),
            gettext_lazy(
                "The submission period is counted in whole days from the start to the end of the tender period. "
                "The process is flagged if it is shorter than the threshold."
            ),
            gettext_lazy(
                "Legal minimum periods differ by country, procedure and value: the default is a common reference, "
                "not the law. An urgent procedure can be short for good reasons. Many publishers give only the "
                "deadline, and the indicator then cannot be computed."
            ),
        ),
        IndicatorText(
            "R018",
            gettext_lazy("Single bid received"),
            gettext_lazy("Whether a competitive procedure attracted a single bidder."),
            gettext_lazy(
                "The process is flagged if exactly one tenderer took part in a competitive procedure. Where the "
                "number of tenderers is not published but the bids are, the distinct tenderers of the bids are "
                "counted."
            ),
            gettext_lazy(
                "Some markets have a single capable supplier, and a single bid is then expected. The indicator "
                "does not know how widely the call was advertised."
            ),
        ),
        IndicatorText(
            "R024",
            gettext_lazy("Price close to the winning bid"),
            gettext_lazy(
                "Whether the second-lowest valid bid is unusually close to the winning bid, which bidders acting "
                "together can produce to imitate competition."
            ),
            gettext_lazy(
                "The difference is (second-lowest valid bid − winning bid) ÷ winning bid. The process is flagged "
                "if the difference is at or below the lower fence of the differences in its country."
            ),
            gettext_lazy(
                "Close prices are normal in markets for standard goods; the fence adapts to the country, not to "
                "the market. Processes with lots, awards to several suppliers, joint bids, pending awards or a "
                "winner that was not the cheapest valid bid are not computable."
            ),
        ),
        IndicatorText(
            "R025",
            gettext_lazy("Excessive unsuccessful bids"),
            gettext_lazy(
                "Whether a bidder who bids very often wins unusually rarely: a bidder can submit bids meant to "
                "lose where a partner wins."
            ),
            gettext_lazy(
                "For each tenderer in a country, its ratio of processes won to processes with a valid bid. A "
                "tenderer is singled out if it is among those who bid most and its ratio is at or below the "
                "lower fence of the ratios. A process is flagged when a singled-out tenderer submitted a valid "
                "bid in it and lost."
            ),
            gettext_lazy(
                "It assumes that tenderers are identified the same way in every process. A new firm, or one "
                "bidding widely to grow, can show the same pattern. In many markets most bidders never win, and "
                "the fence then cannot single anyone out."
            ),
        ),
        IndicatorText(
            "R028",
            gettext_lazy("Identical bid prices"),
            gettext_lazy(
                "Whether different tenderers submitted exactly the same price, which can follow a leak of prices."
            ),
            gettext_lazy(
                "The process is flagged if two submitted bids from different tenderers have the same amount in "
                "the same currency. A tenderer repeating its own price is not flagged."
            ),
            gettext_lazy(
                "Regulated prices, catalogue prices and round budgets produce identical prices innocently. It "
                "needs at least two bids with a price and an identified tenderer."
            ),
        ),
        IndicatorText(
            "R030",
            gettext_lazy("Late bid won"),
            gettext_lazy("Whether the winner's bid was received after the submission deadline."),
            gettext_lazy(
                "The process is flagged if a valid bid dated after the end of the tender period won: it is the bid "
                "an active award names (relatedBid) or, where the award names none, a bid of the award's supplier. "
                "Dates are compared as instants, taking time zones into account."
            ),
            gettext_lazy(
                "A deadline extended without the published period being updated would look late. It needs the "
                "deadline and dated bids."
            ),
        ),
        IndicatorText(
            "R035",
            gettext_lazy("All bids except the winning bid disqualified"),
            gettext_lazy("Whether every bidder but the winner was disqualified."),
            gettext_lazy(
                "The process is flagged if a single tenderer has valid bids, that tenderer won every active "
                "award, and enough other tenderers had their bids disqualified."
            ),
            gettext_lazy(
                "Legitimate disqualifications (missing guarantees, late documents) are common in small "
                "procedures. Processes with a pending award are not computable."
            ),
        ),
        IndicatorText(
            "R036",
            gettext_lazy("Lowest bid disqualified"),
            gettext_lazy("Whether the cheapest bid was disqualified when price is what decides."),
            gettext_lazy(
                "With an active award and a valid bid with an amount, the process is flagged if the lowest "
                "submitted bid was disqualified and is strictly below every bid that was kept."
            ),
            gettext_lazy(
                "An abnormally low bid can rightly be rejected, and the reasons for a disqualification are "
                "rarely published. Where the published award criteria are not price only, the indicator is not "
                "computable."
            ),
        ),
        IndicatorText(
            "R038",
            gettext_lazy("Excessive disqualified bids"),
            gettext_lazy("Whether a buyer or a bidder has an unusually high share of disqualified bids."),
            gettext_lazy(
                "For each buyer and each tenderer, its disqualified bids ÷ its submitted bids. An organisation is "
                "singled out if its share is at or above the upper fence of its group in the country. A process "
                "is flagged when its buyer is singled out and it has a disqualified bid, or when a singled-out "
                "tenderer's bid was disqualified in it."
            ),
            gettext_lazy(
                "Some sectors disqualify many bids for technical reasons: compare within the sector before "
                "drawing conclusions. It assumes that organisations are identified the same way everywhere."
            ),
        ),
        IndicatorText(
            "R058",
            gettext_lazy("Heavily discounted bid"),
            gettext_lazy(
                "Whether the winning bid is far below the next one, which can signal an offer that will not be "
                "delivered as promised, or later cost increases."
            ),
            gettext_lazy(
                "The same difference as for R024. The process is flagged if it is at or above the upper fence of "
                "the differences in its country."
            ),
            gettext_lazy(
                "An efficient or innovative bidder can legitimately be much cheaper. The same exclusions as for "
                "R024 apply."
            ),
        ),
        IndicatorText(
            "GT01",
            gettext_lazy("Direct awards adding up past the open-procedure threshold"),
            gettext_lazy(
                "Whether a buyer made several direct awards to the same supplier within a year that, together, "
                "exceed the value above which the country requires an open procedure: a purchase may have been "
                "split to avoid competition."
            ),
            gettext_lazy(
                "The direct awards of one buyer to one supplier, in the threshold's currency, are ordered by date. "
                "Every window that holds two or more of them adding up to more than the threshold flags each "
                "process in it; the evidence lists the window's total, dates and processes."
            ),
            gettext_lazy(
                "Thresholds often differ by type of contract and by buyer; one threshold per country is a "
                "simplification. Framework call-offs and legally separate needs can add up innocently. A single "
                "direct award above the threshold is not this pattern."
            ),
        ),
        IndicatorText(
            "GT02",
            gettext_lazy("Award above the budget or the winning bid"),
            gettext_lazy("Whether a buyer awarded more than it had budgeted, or more than the winner asked for."),
            gettext_lazy(
                "The process is flagged if its active awards add up to more than the published budget (in the "
                "same currency), or if an award exceeds the winner's own bid, by more than the tolerance."
            ),
            gettext_lazy(
                "The published budget is often an estimate, sometimes without taxes or options; lots and "
                "framework agreements can make the comparison meaningless. Award values may include later price "
                "adjustments."
            ),
        ),
        IndicatorText(
            "GT03",
            gettext_lazy("Submission deadline amended shorter"),
            gettext_lazy("Whether the deadline for bids was moved earlier while bidders were preparing."),
            gettext_lazy(
                "The history of the deadline is read from the process's releases. The process is flagged if a "
                "change published before the former deadline moved the deadline earlier by at least the minimum."
            ),
            gettext_lazy(
                "It needs the history of the process: where only the latest state is published, it is not "
                "computable. A shortening may have been agreed with the bidders."
            ),
        ),
        IndicatorText(
            "GT04",
            gettext_lazy("Market concentration per buyer and CPV division"),
            gettext_lazy("Whether a buyer's purchases of one kind of goods or services go to very few suppliers."),
            gettext_lazy(
                "For each process, the buyer's active awards in the same CPV division (the first two digits of "
                "the classification) over a window ending at the award date. The Herfindahl–Hirschman index adds "
                "up the squares of each supplier's percentage share of the awarded value, from 0 (many small "
                "suppliers) to 10,000 (a single supplier)."
            ),
            gettext_lazy(
                "A division is a broad market: a buyer with few, large, specialised needs will look concentrated. "
                "The index says nothing about why the market is concentrated. Amounts in different currencies "
                "are never converted."
            ),
        ),
    )
}

METHOD_LABELS: dict[str, Promise] = {
    "open": gettext_lazy("open"),
    "selective": gettext_lazy("selective"),
    "limited": gettext_lazy("limited"),
    "direct": gettext_lazy("direct"),
}


def _number(value: float) -> str:
    return number_format(value, decimal_pos=0 if float(value).is_integer() else 2, use_l10n=True, force_grouping=True)


def _methods(methods: list[str]) -> str:
    return ", ".join(str(METHOD_LABELS.get(m, m)) for m in methods)


def _fence(params: Mapping[str, Any], lower: bool) -> str:
    if params.get("threshold") is not None:
        return _("A fixed threshold of %(value)s replaces the fence.") % {"value": _number(params["threshold"])}
    if lower:
        return _("The lower fence (Q1 − 1.5 × IQR), computed in each country from at least %(count)s values.") % {
            "count": params["minimum_sample"]
        }
    return _("The upper fence (Q3 + 1.5 × IQR), computed in each country from at least %(count)s values.") % {
        "count": params["minimum_sample"]
    }


def _r003(p: Mapping[str, Any]) -> str:
    text = ngettext(
        "Flagged when the period is shorter than %(days)s day.",
        "Flagged when the period is shorter than %(days)s days.",
        p["threshold"],
    ) % {"days": p["threshold"]}
    if p["procurement_methods"]:
        text += " " + _("Only for these procurement methods: %(methods)s.") % {
            "methods": _methods(p["procurement_methods"])
        }
    for details, days in sorted(p["procurement_method_details"].items()):
        text += " " + _("For “%(details)s”: %(days)s days.") % {"details": details, "days": days}
    return text


def _r018(p: Mapping[str, Any]) -> str:
    return _("Competitive procurement methods: %(methods)s.") % {"methods": _methods(p["procurement_methods"])}


def _r025(p: Mapping[str, Any]) -> str:
    return (
        _("Tenderers at or above the %(percentile)sth percentile of the number of valid bids.")
        % {"percentile": p["percentile"]}
        + " "
        + _fence(p, lower=True)
    )


def _r035(p: Mapping[str, Any]) -> str:
    return ngettext(
        "At least %(count)s other tenderer disqualified.",
        "At least %(count)s other tenderers disqualified.",
        p["threshold"],
    ) % {"count": p["threshold"]}


def _r036(p: Mapping[str, Any]) -> str:
    return _("Award criteria read as price only: %(criteria)s (or none published).") % {
        "criteria": ", ".join(p["price_only_award_criteria"]) or "—"
    }


def _r038(p: Mapping[str, Any]) -> str:
    return (
        _(
            "Buyers with at least %(processes)s processes and tenderers with at least %(bids)s submitted bids "
            "are assessed."
        )
        % {"processes": p["minimum_contracting_processes"], "bids": p["minimum_submitted_bids"]}
        + " "
        + _fence(p, lower=False)
    )


def _gt01(p: Mapping[str, Any]) -> str:
    if p["threshold"] is None:
        return _(
            "No threshold is set: the open-procedure threshold is the country's law and must be configured with "
            "its currency. Until then the indicator is not computable."
        )
    return _(
        "Flagged above %(amount)s %(currency)s within %(days)s days, for these procurement methods: %(methods)s."
    ) % {
        "amount": _number(p["threshold"]),
        "currency": p["currency"] or "—",
        "days": p["window_days"],
        "methods": _methods(p["procurement_methods"]),
    }


def _gt02(p: Mapping[str, Any]) -> str:
    if not p["tolerance"]:
        return _("No tolerance: any amount above is flagged.")
    return _("Tolerance: %(value)s.") % {"value": _number(p["tolerance"])}


def _gt03(p: Mapping[str, Any]) -> str:
    return ngettext(
        "Flagged when the deadline moves earlier by at least %(days)s day.",
        "Flagged when the deadline moves earlier by at least %(days)s days.",
        int(p["minimum_days"]),
    ) % {"days": _number(p["minimum_days"])}


def _gt04(p: Mapping[str, Any]) -> str:
    return _(
        "Flagged when the index is above %(threshold)s, over %(months)s months, with at least %(awards)s awards in "
        "one currency."
    ) % {"threshold": _number(p["threshold"]), "months": p["window_months"], "awards": p["minimum_awards"]}


THRESHOLD_SENTENCES: dict[str, Callable[[Mapping[str, Any]], str]] = {
    "R003": _r003,
    "R018": _r018,
    "R024": lambda p: _fence(p, lower=True),
    "R025": _r025,
    "R028": lambda p: _("No threshold: any two identical prices from different tenderers."),
    "R030": lambda p: _("No threshold: any winning bid received after the deadline."),
    "R035": _r035,
    "R036": _r036,
    "R038": _r038,
    "R058": lambda p: _fence(p, lower=False),
    "GT01": _gt01,
    "GT02": _gt02,
    "GT03": _gt03,
    "GT04": _gt04,
}


def thresholds() -> Thresholds:
    return redflag_services.thresholds()


def threshold_sentence(code: str, table: Thresholds, *, country: str = "", method: str = "") -> str:
    return THRESHOLD_SENTENCES[code](table.params(code, country=country, method=method))


def indicator_title(code: str) -> str:
    text = INDICATOR_TEXTS.get(code)
    return str(text.title) if text else code


@dataclass(frozen=True)
class IndicatorSection:
    code: str
    text: IndicatorText
    threshold: str
    cardinal_url: str
    specific: list[tuple[str, str]]  # (where, threshold sentence) for each country or method configured apart


def sections() -> list[IndicatorSection]:
    """Every indicator with its live thresholds: the defaults, then each country or method configured apart."""
    table = thresholds()
    found = []
    for code in INDICATOR_CODES:
        specific = []
        places = sorted({(layer.country, layer.method) for layer in table.layers if layer.code in (code, COMMON)})
        for country, method in places:
            if not country and not method:
                continue
            where = ", ".join(
                part
                for part in (
                    country_name(country) if country else "",
                    str(METHOD_LABELS.get(method, method)) if method else "",
                )
                if part
            )
            specific.append((where, threshold_sentence(code, table, country=country, method=method)))
        found.append(
            IndicatorSection(
                code=code,
                text=INDICATOR_TEXTS[code],
                threshold=threshold_sentence(code, table),
                cardinal_url=CARDINAL_DOCS.format(number=code[1:]) if code.startswith("R") else "",
                specific=specific,
            )
        )
    return found


CHANGES_SHOWN = 200


@dataclass(frozen=True)
class ThresholdChangeRow:
    changed_at: datetime
    action: str
    indicator: str
    where: str
    parameter: str
    old: str
    new: str
    reason: str
    role: str


def value_text(value: Any) -> str:
    """A threshold's value for people: numbers in the page's language, lists and maps spelled out."""
    if value is None:
        return _("none")
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, (int, float)):
        return _number(value)
    if isinstance(value, list):
        return ", ".join(value_text(item) for item in value) if value else _("none")
    if isinstance(value, dict):
        return ", ".join(f"{key}: {value_text(item)}" for key, item in value.items()) if value else _("none")
    return str(value) or "—"


def place_text(country: str, method: str) -> str:
    return " · ".join(
        (
            country_name(country) if country else _("every country"),
            str(METHOD_LABELS.get(method, method)) if method else _("every procurement method"),
        )
    )


def threshold_changes() -> list[ThresholdChangeRow]:
    """The public record of the changes made to the thresholds in the admin, the latest first."""
    return [
        ThresholdChangeRow(
            changed_at=change.changed_at,
            action=change.get_action_display(),
            indicator=_("every indicator")
            if change.indicator == COMMON
            else f"{change.indicator} — {indicator_title(change.indicator)}",
            where=place_text(change.country, change.method),
            parameter=change.parameter,
            old=value_text(change.old_value),
            new=value_text(change.new_value),
            reason=change.reason,
            role=change.get_role_display(),
        )
        for change in RedFlagThresholdChange.objects.all()[:CHANGES_SHOWN]
    ]


def context() -> dict[str, Any]:
    return {
        "sections": sections(),
        "threshold_changes": threshold_changes(),
        "methodology_version": METHODOLOGY_VERSION,
        "cardinal_source": CARDINAL_SOURCE,
        "fingerprint": thresholds().fingerprint(),
    }
