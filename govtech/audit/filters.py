"""Filters of the audit trail, shared by the auditor pages and the API."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from govtech.accounts.models import Organisation
from govtech.audit.models import AuditEvent
from govtech.audit.seal import exclude_sealed


class _PeriodForm(forms.Form):
    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end of the period must not be before its start."))
        return cleaned


def _recorded_types() -> QuerySet[ContentType]:
    """Only the kinds of record that the trail mentions, not every table of the project."""
    recorded = AuditEvent.objects.exclude(target_type=None).values("target_type").distinct()
    return ContentType.objects.filter(pk__in=recorded).order_by("app_label", "model")


class AuditEventFilter(django_filters.FilterSet):
    organisation = django_filters.ModelChoiceFilter(
        label=_("Organisation"),
        field_name="organisation_id",
        queryset=Organisation.objects.order_by("name"),
        method="filter_organisation",
    )
    target_type = django_filters.ModelChoiceFilter(
        label=_("Type of record"),
        queryset=lambda request: _recorded_types(),
        help_text=_("For example a call, an application or a membership."),
    )
    target_id = django_filters.CharFilter(label=_("Record id"), max_length=64)
    actor = django_filters.CharFilter(
        label=_("Actor"), method="filter_actor", max_length=254, help_text=_("A user id or an e-mail address.")
    )
    verb = django_filters.CharFilter(
        label=_("Action"), lookup_expr="istartswith", max_length=64, help_text=_("For example call.publish.")
    )
    since = django_filters.DateFilter(
        label=_("From"), field_name="created_at", lookup_expr="date__gte", help_text=_("For example 2026-01-31.")
    )
    until = django_filters.DateFilter(
        label=_("To"), field_name="created_at", lookup_expr="date__lte", help_text=_("For example 2026-12-31.")
    )

    class Meta:
        model = AuditEvent
        fields = ["organisation", "target_type", "target_id", "actor", "verb", "since", "until"]
        form = _PeriodForm

    def _unsealed(self, queryset: QuerySet[AuditEvent]) -> QuerySet[AuditEvent]:
        """Rows about sealed work never match an organisation or an actor: the filter would tell who worked on
        them (``govtech.audit.seal``). Without a request (a script), every row is treated as sealed work."""
        return exclude_sealed(queryset, getattr(self.request, "user", None))

    def filter_organisation(self, queryset: QuerySet[AuditEvent], name: str, value: Organisation) -> QuerySet:
        return self._unsealed(queryset.filter(organisation_id=value.pk))

    def filter_actor(self, queryset: QuerySet[AuditEvent], name: str, value: str) -> QuerySet:
        value = value.strip()
        if value.isdigit():
            return self._unsealed(queryset.filter(actor_id=int(value)))
        return self._unsealed(queryset.filter(Q(actor__email__iexact=value)))
