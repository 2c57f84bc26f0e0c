"""One filter set for the public awards page and ``/api/v1/awards/``."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from procurement.awards.models import Award


class AwardFilter(django_filters.FilterSet):
    body = django_filters.NumberFilter(field_name="decision__call__body_id", label=_("Public body"), min_value=1)
    call = django_filters.NumberFilter(field_name="decision__call_id", label=_("Call"), min_value=1)
    supplier = django_filters.NumberFilter(field_name="application__supplier_id", label=_("Supplier"), min_value=1)

    class Meta:
        model = Award
        fields = ["body", "call", "supplier"]
