"""API filters: bad values answer 400 with the field named, never reach the database."""

from __future__ import annotations

import django_filters
from django.core.validators import RegexValidator
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from recommendations.models import Instrument, Recommendation

country_code = RegexValidator(r"^[A-Za-z]{2}$", _("Give a two-letter country code."))
tag_word = RegexValidator(r"^[\w-]{1,40}$", _("Give one tag: letters, digits and hyphens."))


class RecommendationFilter(django_filters.FilterSet):
    line = django_filters.NumberFilter(field_name="line__number", min_value=1, max_value=99)
    tag = django_filters.CharFilter(method="filter_tag", validators=[tag_word])

    class Meta:
        model = Recommendation
        fields = ["line", "tag"]

    def filter_tag(self, queryset: QuerySet[Recommendation], name: str, value: str) -> QuerySet[Recommendation]:
        return queryset.filter(published_version__content__tags__contains=[value.lower()])


class InstrumentFilter(django_filters.FilterSet):
    country = django_filters.CharFilter(method="filter_country", validators=[country_code])
    kind = django_filters.ChoiceFilter(choices=Instrument.Kind.choices)

    class Meta:
        model = Instrument
        fields = ["country", "kind"]

    def filter_country(self, queryset: QuerySet[Instrument], name: str, value: str) -> QuerySet[Instrument]:
        return queryset.filter(country=value.upper())
