"""Field-level rules for challenges and calls: currency, dates, criteria weights, instrument caps, registry codes."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any, NoReturn

import pycountry
from babel.numbers import UnknownCurrencyError, get_currency_name
from django.utils import timezone
from django.utils.translation import gettext as _

from govtech.core.errors import ApplicationError
from procurement.calls.models import CPSI_MAX_MONTHS, CPSI_VALUE_CAP_BRL, Call
from procurement.calls.requirements import validate_requirements
from startups import selectors as registry


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


def normalise_cpv(code: str) -> str:
    """``"72000000-5"`` or ``" 72000000 "`` -> ``"72000000"`` (the check digit is not stored)."""
    return code.strip().split("-")[0]


def validate_codes(
    *, sectors: list[str] | None = None, technologies: list[str] | None = None, cpv_codes: list[str] | None = None
) -> None:
    """Every sector, technology and CPV code must exist in the registry's reference tables."""

    checks = (
        ("sectors", sectors, registry.sectors(), "slug", _("Unknown sector: %(codes)s.")),
        ("technologies", technologies, registry.technologies(), "slug", _("Unknown technology: %(codes)s.")),
        ("cpv_codes", cpv_codes, registry.cpv_codes(), "code", _("Unknown CPV code: %(codes)s.")),
    )
    for field, values, queryset, column, message in checks:
        wanted = {str(v) for v in values or []}
        if not wanted:
            continue
        known = set(queryset.filter(**{f"{column}__in": wanted}).values_list(column, flat=True))
        unknown = sorted(wanted - known)
        if unknown:
            _fail(field, message % {"codes": ", ".join(unknown)})


def validate_regions(regions: list[str] | None, field: str = "regions", *, countries_only: bool = False) -> None:
    """Regions are ISO 3166-1 alpha-2 countries or (unless ``countries_only``) ISO 3166-2 subdivisions."""

    for region in regions or []:
        code = str(region).upper()
        if "-" in code and not countries_only:
            found = pycountry.subdivisions.get(code=code)
        else:
            found = pycountry.countries.get(alpha_2=code) if len(code) == 2 else None
        if found is None:
            _fail(field, _("Unknown region or country code: %(code)s.") % {"code": code})


def validate_challenge(data: dict[str, Any]) -> None:
    """The rules of a challenge's fields, for the pages and the API alike."""
    if "title" in data and not str(data["title"]).strip():
        _fail("title", _("Give the challenge a title."))
    if "problem" in data and not str(data["problem"]).strip():
        _fail("problem", _("Describe the problem."))
    if data.get("currency"):
        validate_currency(data["currency"])
    if data.get("budget") is not None and data["budget"] <= 0:
        _fail("budget", _("The budget must be positive."))
    if data.get("budget") is not None and not data.get("currency"):
        _fail("currency", _("Give the currency of the budget."))
    validate_codes(sectors=data.get("sectors"), technologies=data.get("technologies"), cpv_codes=data.get("cpv_codes"))
    validate_regions(data.get("regions"))


def validate_call(data: dict[str, Any]) -> None:
    validate_currency(data["currency"])
    if data["budget"] <= 0:
        _fail("budget", _("The budget must be positive."))
    validate_criteria(data.get("criteria") or [])
    if "requirements" in data:
        data["requirements"] = validate_requirements(data["requirements"])
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
    validate_codes(sectors=data.get("sectors"), technologies=data.get("technologies"), cpv_codes=data.get("cpv_codes"))
    validate_regions(data.get("regions"))
    validate_regions(data.get("eligible_countries"), field="eligible_countries", countries_only=True)
