"""Field-level rules for calls: currency, dates, criteria weights, instrument caps."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any, NoReturn

from babel.numbers import UnknownCurrencyError, get_currency_name
from django.utils import timezone
from django.utils.translation import gettext as _

from govtech.core.errors import ApplicationError
from procurement.models import CPSI_MAX_MONTHS, CPSI_VALUE_CAP_BRL, Call


def _fail(field: str, message: str) -> NoReturn:
    raise ApplicationError(message, field=field)


def validate_currency(code: str) -> None:
    if not code or len(code) != 3 or not code.isupper():
        _fail("currency", _("Unknown currency."))
    try:
        get_currency_name(code, locale="en")
    except UnknownCurrencyError:
        _fail("currency", _("Unknown currency."))
    if get_currency_name(code, locale="en") == code:
        _fail("currency", _("Unknown currency."))


def validate_criteria(criteria: list[dict[str, Any]]) -> None:
    if not criteria:
        _fail("criteria", _("Add at least one evaluation criterion."))
    total = 0
    for item in criteria:
        if not isinstance(item, dict) or not str(item.get("name", "")).strip():
            _fail("criteria", _("Every criterion needs a name."))
        weight = item.get("weight")
        if not isinstance(weight, int) or isinstance(weight, bool) or weight <= 0:
            _fail("criteria", _("Every weight must be a positive whole number."))
        total += weight
    if total != 100:
        _fail("criteria", _("The weights must sum to 100."))


def validate_dates(
    *,
    questions_deadline: datetime.datetime,
    submission_deadline: datetime.datetime,
    expected_decision: datetime.datetime | None,
    publication_date: datetime.datetime | None,
) -> None:
    if submission_deadline <= timezone.now():
        _fail("submission_deadline", _("The submission deadline is in the past."))
    if publication_date and publication_date >= questions_deadline:
        _fail("questions_deadline", _("The questions deadline must come after publication."))
    if questions_deadline >= submission_deadline:
        _fail("questions_deadline", _("The questions deadline must come before the submission deadline."))
    if expected_decision and expected_decision <= submission_deadline:
        _fail("expected_decision", _("The expected decision must come after the submission deadline."))


def validate_instrument(
    *,
    instrument: str,
    budget: Decimal,
    currency: str,
    phases: list[Any],
    duration_months: int | None,
    instrument_other: str,
) -> None:
    if instrument == Call.Instrument.CPSI:
        if currency != "BRL":
            _fail("currency", _("A CPSI contract is in Brazilian reais (BRL)."))
        if budget > CPSI_VALUE_CAP_BRL:
            _fail("budget", _("A CPSI contract may not exceed R$ 1,600,000."))
        if duration_months and duration_months > CPSI_MAX_MONTHS:
            _fail("duration_months", _("A CPSI contract lasts at most 24 months."))
    if instrument == Call.Instrument.OTHER and not instrument_other.strip():
        _fail("instrument_other", _("Name the instrument."))
    if instrument == Call.Instrument.PCP:
        if not phases:
            _fail("phases", _("A pre-commercial procurement needs its phases."))
        previous = None
        total = Decimal(0)
        for phase in phases:
            try:
                suppliers = int(phase["suppliers"])
                phase_budget = Decimal(str(phase["budget"]))
                str(phase["name"])
            except (KeyError, TypeError, ValueError, ArithmeticError):
                _fail("phases", _("Each phase needs a name, a budget and a number of suppliers."))
            if suppliers < 1 or phase_budget <= 0:
                _fail("phases", _("Each phase needs a positive budget and at least one supplier."))
            if previous is not None and suppliers > previous:
                _fail("phases", _("Each phase selects at most as many suppliers as the one before."))
            previous = suppliers
            total += phase_budget
        if total > budget:
            _fail("phases", _("The phases cost more than the call's budget."))


def validate_call(data: dict[str, Any]) -> None:
    validate_currency(data["currency"])
    if data["budget"] <= 0:
        _fail("budget", _("The budget must be positive."))
    validate_criteria(data.get("criteria") or [])
    validate_dates(
        questions_deadline=data["questions_deadline"],
        submission_deadline=data["submission_deadline"],
        expected_decision=data.get("expected_decision"),
        publication_date=data.get("publication_date"),
    )
    validate_instrument(
        instrument=data["instrument"],
        budget=data["budget"],
        currency=data["currency"],
        phases=data.get("phases") or [],
        duration_months=data.get("duration_months"),
        instrument_other=data.get("instrument_other", ""),
    )
