"""The directory's filters: one FilterSet for the page, the CSV export and the API."""

from __future__ import annotations

import functools
import gettext as pygettext
from typing import Any

import django_filters
import pycountry
from django import forms
from django.core.validators import RegexValidator
from django.db.models import QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from govtech.core.forms import GovukForm
from govtech.core.widgets import FastSelect
from startups import selectors
from startups.fragments import TAXONOMY
from startups.models import CpvCode, Sector, Supplier, Technology


def country_choices() -> list[tuple[str, str]]:
    """Every ISO 3166-1 country, by name in the active language (computed once per language and process)."""
    return list(_country_choices(_pycountry_language()))


@functools.cache
def _country_choices(language: str) -> tuple[tuple[str, str], ...]:
    names = ((c.alpha_2, _country_name(c.alpha_2, language)) for c in pycountry.countries)
    return tuple(sorted(names, key=lambda c: c[1]))


def _pycountry_language() -> str:

    return {"pt-br": "pt_BR", "es": "es", "en": "en"}.get(get_language() or "es", "es")


def country_name(code: str) -> str:
    """The name of an ISO 3166-1 country in the active language (pycountry's translations)."""
    return _country_name(code, _pycountry_language())


@functools.cache
def _translation(language: str) -> Any:

    try:
        return pygettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language])
    except OSError:
        return None


@functools.lru_cache(maxsize=4096)
def _country_name(code: str, language: str) -> str:
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    translation = _translation(language)
    return str(translation.gettext(country.name)) if translation is not None else str(country.name)


class SupplierFilter(django_filters.FilterSet):
    # Lists rank a bounded set of candidates (``selectors.supplier_rank``); exports want every match.
    rank_every_match = False

    q = django_filters.CharFilter(method="filter_q", label=_("Search"))
    country = django_filters.ChoiceFilter(
        method="filter_country",
        label=_("Country"),
        choices=country_choices,
        empty_label=_("Any country"),
        widget=FastSelect(static=True, scope="directory"),  # 250 names per language, kept in the process
    )
    subdivision = django_filters.CharFilter(
        method="filter_subdivision",
        label=_("Region served"),
        help_text=_("ISO 3166-2 code, e.g. CO-ANT"),
        validators=[
            RegexValidator(
                r"^\s*[A-Za-z]{2}(-[A-Za-z0-9]{1,3})?\s*$",
                _("Enter an ISO 3166-2 code such as CO-ANT, or a country code such as CO."),
            )
        ],
    )
    sector = django_filters.ModelChoiceFilter(
        queryset=Sector.objects.all(),
        field_name="sectors",
        to_field_name="slug",
        label=_("Sector"),
        empty_label=_("Any sector"),
        widget=FastSelect(cache=TAXONOMY, scope="directory"),  # no query per page for the options
    )
    cpv = django_filters.CharFilter(
        method="filter_cpv",
        label=_("CPV code"),
        help_text=_("Includes the codes under it, e.g. 72000000"),
        validators=[RegexValidator(r"^\s*\d{8}(-\d)?\s*$", _("Enter an 8-digit CPV code, e.g. 72000000."))],
    )
    technology = django_filters.ModelChoiceFilter(
        queryset=Technology.objects.all(),
        field_name="technologies",
        to_field_name="slug",
        label=_("Technology"),
        empty_label=_("Any technology"),
        widget=FastSelect(cache=TAXONOMY, scope="directory"),
    )
    size = django_filters.ChoiceFilter(
        field_name="size_class", choices=Supplier.SizeClass.choices, label=_("Size"), empty_label=_("Any size")
    )
    stage = django_filters.ChoiceFilter(
        field_name="stage", choices=Supplier.Stage.choices, label=_("Stage"), empty_label=_("Any stage")
    )
    startup = django_filters.BooleanFilter(
        method="filter_startup", label=_("Startups only"), widget=forms.CheckboxInput
    )
    verified = django_filters.BooleanFilter(
        method="filter_verified", label=_("Verified only"), widget=forms.CheckboxInput
    )
    sort = django_filters.ChoiceFilter(
        method="filter_sort",
        label=_("Sort by"),
        empty_label=None,
        choices=[
            ("relevance", _("Relevance")),
            ("name", _("Name (A to Z)")),
            ("-name", _("Name (Z to A)")),
            ("newest", _("Newest in the registry")),
            ("founded", _("Most recently founded")),
        ],
    )

    class Meta:
        model = Supplier
        fields: list[str] = []
        form = GovukForm

    def filter_q(self, qs: QuerySet[Supplier], name: str, value: str) -> QuerySet[Supplier]:
        return selectors.supplier_match(qs, value)  # ranked in filter_queryset, once every filter applies

    def filter_country(self, qs: QuerySet[Supplier], name: str, value: str) -> QuerySet[Supplier]:
        return qs.filter(country=value.strip().upper()) if value.strip() else qs

    def filter_subdivision(self, qs: QuerySet[Supplier], name: str, value: str) -> QuerySet[Supplier]:
        code = value.strip().upper()
        if not code:
            return qs
        country = code.split("-")[0]
        # serving the whole country covers its subdivisions
        return qs.filter(regions_served__overlap=[code, country])

    def filter_cpv(self, qs: QuerySet[Supplier], name: str, value: str) -> QuerySet[Supplier]:
        code = value.strip().split("-")[0]
        if not code:
            return qs
        prefix = CpvCode.prefix_of(code)
        return qs.filter(pk__in=Supplier.objects.filter(cpv_codes__code__startswith=prefix).values("pk"))

    def filter_startup(self, qs: QuerySet[Supplier], name: str, value: bool | None) -> QuerySet[Supplier]:
        return qs.filter(pk__in=Supplier.objects.startups().values("pk")) if value else qs

    def filter_verified(self, qs: QuerySet[Supplier], name: str, value: bool | None) -> QuerySet[Supplier]:
        return qs.filter(verification_status=Supplier.Verification.VERIFIED) if value else qs

    def filter_sort(self, qs: QuerySet[Supplier], name: str, value: str) -> QuerySet[Supplier]:
        return qs if value in ("", "relevance") else selectors.supplier_sort(qs, value)

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        qs = super().filter_queryset(queryset)
        query = self._relevance_query()
        if query:
            # the best matches among the filtered ones, bounded (selectors.supplier_rank)
            qs = selectors.supplier_rank(qs, query, bounded=not self.rank_every_match)
        elif self.form.cleaned_data.get("sort") in (None, "", "relevance"):
            qs = selectors.supplier_sort(qs, "name")
        return qs

    def _relevance_query(self) -> str:
        """The search text when the results are ranked by relevance (the default with a search), else ""."""
        query = (self.form.cleaned_data.get("q") or "").strip()
        return query if (self.form.cleaned_data.get("sort") or "relevance") == "relevance" else ""

    @property
    def ranked_at_most(self) -> int | None:
        """The cap on a relevance-ranked result (its count is "more than" this when reached), else None."""
        if self.rank_every_match or not self.is_valid() or not self._relevance_query():
            return None
        return selectors.search_ranked_at_most()


class SupplierExportFilter(SupplierFilter):
    """The directory's filters for a CSV export: every match, ranked."""

    rank_every_match = True
