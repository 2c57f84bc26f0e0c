"""One filter set for the public awards page and ``/api/v1/awards/``."""

from __future__ import annotations

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from procurement.awards.models import Award

BIGINT_MAX = 2**63 - 1


class IdFilter(django_filters.NumberFilter):
    """A row id: a whole number within the database's range (anything else is a form error, never a 500)."""

    field_class = forms.IntegerField

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", BIGINT_MAX)
        super().__init__(*args, **kwargs)


class AwardFilter(django_filters.FilterSet):
    body = IdFilter(field_name="decision__call__body_id", label=_("Public body"))
    call = IdFilter(field_name="decision__call_id", label=_("Call"))
    supplier = IdFilter(field_name="application__supplier_id", label=_("Supplier"))

    class Meta:
        model = Award
        fields = ["body", "call", "supplier"]
