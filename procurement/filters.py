"""Filters for calls and challenges: one FilterSet each for the pages, the API and saved searches."""

from __future__ import annotations

from typing import Any

import django_filters
from django.core.validators import RegexValidator
from django.db.models import F, Func, QuerySet, TextField, Value
from django.utils.translation import gettext_lazy as _

from govtech.accounts.models import Organisation
from govtech.core.widgets import FastSelect
from procurement import search
from procurement.bodies.models import PublicBody
from startups.filters import country_choices
from startups.fragments import TAXONOMY
from startups.models import CpvCode, Sector

MSG_CPV = _("Enter an 8-digit CPV code, e.g. 72000000.")


def public_body_organisations(request: Any = None) -> QuerySet[Organisation]:
    return (
        Organisation.objects.public_bodies()
        .filter(public_body__verification_status=PublicBody.Verification.VERIFIED)
        .order_by("name")
    )


def cpv_filter(qs: QuerySet[Any], code: str) -> QuerySet[Any]:
    """Rows with a CPV code equal to ``code`` or below it in the hierarchy (by significant prefix).

    72000000 matches 72200000 and 72212000; the codes are joined and matched at a word start."""
    prefix = CpvCode.prefix_of(code.strip())
    if not prefix.isdigit():
        return qs.none()
    joined = Func(F("cpv_codes"), Value(" "), function="array_to_string", output_field=TextField())
    return qs.alias(cpv_text=joined).filter(cpv_text__regex=rf"(^| ){prefix}")


SEARCH_MAX_LENGTH = 200  # characters of a search: a longer one is a field error


class TextFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("Search"), max_length=SEARCH_MAX_LENGTH)
    country = django_filters.ChoiceFilter(
        field_name="body__public_body__country",
        label=_("Country"),
        choices=country_choices,
        empty_label=_("Any country"),
        widget=FastSelect(static=True, scope="opportunities"),  # 250 names per language, kept in the process
    )
    body = django_filters.ModelChoiceFilter(
        queryset=public_body_organisations,
        label=_("Public body"),
        empty_label=_("Any public body"),
        widget=FastSelect(cache="public_bodies"),  # 2,000 options at national scale: cached until a body changes
    )
    sector = django_filters.ModelChoiceFilter(
        queryset=Sector.objects.all(),
        to_field_name="slug",
        method="filter_sector",
        label=_("Sector"),
        empty_label=_("Any sector"),
        widget=FastSelect(cache=TAXONOMY, scope="opportunities"),  # no query per page for the options
    )
    cpv = django_filters.CharFilter(
        method="filter_cpv",
        label=_("CPV code"),
        help_text=_("Includes the codes under it, e.g. 72000000"),
        validators=[RegexValidator(r"^\s*\d{8}(-\d)?\s*$", MSG_CPV)],
    )

    def filter_q(self, qs: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return search.text_search(qs, value)

    def filter_sector(self, qs: QuerySet[Any], name: str, value: Sector | None) -> QuerySet[Any]:
        return qs.filter(sectors__contains=[value.slug]) if value else qs

    def filter_cpv(self, qs: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        if not value.strip():
            return qs
        return cpv_filter(qs, value)
