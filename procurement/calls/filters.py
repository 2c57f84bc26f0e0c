"""The opportunities page's search and filters."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import django_filters
from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from govtech.accounts.roles import Actor, is_admin, public_body_ids
from govtech.core.forms import GovukForm
from procurement.calls.models import Call
from procurement.calls.selectors import calls_open_to, suppliers_of
from procurement.filters import TextFilterSet

MSG_BUDGET_ORDER = _("The minimum budget must not be more than the maximum.")


MSG_DATE_ORDER = _("The first date must not be after the second.")


MSG_ELIGIBLE_NEEDS_SUPPLIER = _("Sign in as a member of a supplier to see the calls open to your organisation.")


# Calls store budgets as numeric(14, 2): a larger bound would only overflow in PostgreSQL.
MAX_BUDGET = Decimal("999999999999.99")


CLOSING_WINDOWS = [("7", _("Within 7 days")), ("30", _("Within 30 days")), ("90", _("Within 90 days"))]


CALL_ORDERINGS = [
    ("deadline", _("Closing soonest")),
    ("-deadline", _("Closing latest")),
    ("relevance", _("Relevance (with a search)")),
    ("newest", _("Newest")),
    ("budget", _("Budget (low to high)")),
    ("-budget", _("Budget (high to low)")),
]


ORDER_BY = {
    "deadline": ("submission_deadline", "pk"),
    "-deadline": ("-submission_deadline", "-pk"),
    "newest": ("-published_at", "-pk"),
    "budget": ("budget", "pk"),
    "-budget": ("-budget", "-pk"),
}


# Public filter parameters: the page, the API and saved searches accept exactly these.
CALL_PARAMS = (
    "q",
    "country",
    "body",
    "sector",
    "cpv",
    "instrument",
    "budget_min",
    "budget_max",
    "closing",
    "closing_after",
    "closing_before",
    "eligible",
    "status",
    "ordering",
)


ANY_STATUS = "any"


PRIVATE_STATUSES = (Call.Status.DRAFT, Call.Status.IN_APPROVAL)


def status_choices(user: Actor | None = None) -> list[tuple[str, Any]]:
    """The states a person can filter by: "any" and the states they can see (drafts only for the body's people)."""
    sees_private = user is not None and (is_admin(user) or bool(public_body_ids(user)))
    states = [(value, label) for value, label in Call.Status.choices if sees_private or value not in PRIVATE_STATUSES]
    return [(ANY_STATUS, _("Any status")), *states]


class CallFilterForm(GovukForm):
    """Cross-field checks: budget and date ranges in order."""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("budget_min"), data.get("budget_max")
        if low is not None and high is not None and low > high:
            self.add_error("budget_max", MSG_BUDGET_ORDER)
        after, before = data.get("closing_after"), data.get("closing_before")
        if after and before and after > before:
            self.add_error("closing_before", MSG_DATE_ORDER)
        return data


class CallFilter(TextFilterSet):
    """The opportunities page, ``/api/v1/calls/`` and the "calls" saved-search scope."""

    instrument = django_filters.ChoiceFilter(
        choices=Call.Instrument.choices, label=_("Instrument"), empty_label=_("Any instrument")
    )
    budget_min = django_filters.NumberFilter(
        field_name="budget",
        lookup_expr="gte",
        label=_("Minimum budget"),
        help_text=_("In the call's own currency; amounts are not converted."),
        validators=[MinValueValidator(0), MaxValueValidator(MAX_BUDGET)],
    )
    budget_max = django_filters.NumberFilter(
        field_name="budget",
        lookup_expr="lte",
        label=_("Maximum budget"),
        help_text=_("In the call's own currency; amounts are not converted."),
        validators=[MinValueValidator(0), MaxValueValidator(MAX_BUDGET)],
    )
    closing = django_filters.ChoiceFilter(
        method="filter_closing", choices=CLOSING_WINDOWS, label=_("Closing"), empty_label=_("Any time")
    )
    closing_after = django_filters.DateFilter(
        field_name="submission_deadline",
        lookup_expr="date__gte",
        label=_("Closing on or after"),
        help_text=_("For example, 2027-03-31"),
    )
    closing_before = django_filters.DateFilter(
        field_name="submission_deadline",
        lookup_expr="date__lte",
        label=_("Closing on or before"),
        help_text=_("For example, 2027-06-30"),
    )
    eligible = django_filters.BooleanFilter(
        method="filter_eligible", label=_("Only calls open to my organisation"), widget=forms.CheckboxInput
    )
    status = django_filters.ChoiceFilter(
        method="filter_status",
        choices=[(ANY_STATUS, _("Any status")), *Call.Status.choices],  # the page offers only what one can see
        label=_("Status"),
        empty_label=_("Any status"),
        help_text=_("“Any status” includes closed, awarded and cancelled calls."),
    )
    ordering = django_filters.ChoiceFilter(
        method="filter_ordering", choices=CALL_ORDERINGS, label=_("Sort by"), empty_label=None
    )

    class Meta:
        model = Call
        fields: list[str] = []
        form = CallFilterForm

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._suppliers: list[Any] | None = None

    @property
    def user(self) -> Any:
        return getattr(self.request, "user", None)

    def suppliers(self) -> list[Any]:
        if self._suppliers is None:
            self._suppliers = suppliers_of(self.user)
        return self._suppliers

    def is_valid(self) -> bool:
        valid = super().is_valid()
        if valid and self.form.cleaned_data.get("eligible") and not self.suppliers():
            self.form.add_error("eligible", MSG_ELIGIBLE_NEEDS_SUPPLIER)
            return False
        return valid

    def filter_closing(self, qs: QuerySet[Call], name: str, value: str) -> QuerySet[Call]:
        if not value:
            return qs
        now = timezone.now()
        return qs.filter(
            submission_deadline__gte=now, submission_deadline__lte=now + datetime.timedelta(days=int(value))
        )

    def filter_status(self, qs: QuerySet[Call], name: str, value: str) -> QuerySet[Call]:
        if not value or value == ANY_STATUS:
            return qs
        return qs.filter(status=value)

    def filter_eligible(self, qs: QuerySet[Call], name: str, value: bool | None) -> QuerySet[Call]:
        return calls_open_to(qs, self.suppliers()) if value else qs

    def filter_ordering(self, qs: QuerySet[Call], name: str, value: str) -> QuerySet[Call]:
        return qs  # applied last, in filter_queryset, once every filter (and the rank) is in place

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        qs = super().filter_queryset(queryset)
        ordering = self.form.cleaned_data.get("ordering") or ""
        if not ordering:
            ordering = "relevance" if self.form.cleaned_data.get("q") else "deadline"
        if ordering == "relevance" and "rank" in qs.query.annotations:
            return qs.order_by("-rank", "submission_deadline", "pk")
        return qs.order_by(*ORDER_BY.get(ordering, ORDER_BY["deadline"]))
