"""Admin for the recommendations app. Writes go through the services.

The curation workflow of recommendations has its own pages (``/recommendations/curation/``);
the admin lists them read-only and curates instruments, lines and links to practice.
Access follows the site roles rather than Django model permissions.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import FilteredSelectMultiple
from django.db import transaction
from django.db.models import QuerySet
from django.forms.models import model_to_dict
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from govtech.audit.services import audit_record
from govtech.core.errors import ApplicationError
from recommendations.models import (
    Assessment,
    Instrument,
    LineOfAction,
    PracticeLink,
    Recommendation,
    RecommendationVersion,
)
from recommendations.permissions import can_edit_catalogue, can_publish_catalogue, can_read_curation
from recommendations.services.instruments import AUDITED_FIELDS, instrument_save, instrument_transition


class RoleAdmin(admin.ModelAdmin):
    """Curators read; editors write."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return can_read_curation(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return can_read_curation(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return can_edit_catalogue(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return can_edit_catalogue(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyAdmin(RoleAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(LineOfAction)
class LineOfActionAdmin(RoleAdmin):
    list_display = ["number", "slug", "__str__"]

    def save_model(self, request: HttpRequest, obj: LineOfAction, form: Any, change: bool) -> None:

        with transaction.atomic():
            before = model_to_dict(LineOfAction.objects.get(pk=obj.pk)) if change else {}
            super().save_model(request, obj, form, change)
            audit_record(
                actor=request.user, verb="line_of_action.saved", target=obj, before=before, after=model_to_dict(obj)
            )


@admin.register(Recommendation)
class RecommendationAdmin(ReadOnlyAdmin):
    list_display = ["number", "__str__", "status", "curation_link"]
    list_select_related = ["latest_version", "published_version", "line"]
    list_filter = ["status", "line"]
    search_fields = ["slug"]

    @admin.display(description=_("Curation"))
    def curation_link(self, obj: Recommendation) -> str:
        url = reverse("recommendations:curation-detail", args=[obj.slug])
        return format_html('<a href="{}">{}</a>', url, _("Edit, review, history"))


@admin.register(RecommendationVersion)
class RecommendationVersionAdmin(ReadOnlyAdmin):
    list_display = ["recommendation", "number", "created_by", "created_at", "published_at"]
    list_select_related = ["recommendation", "created_by"]


class InstrumentForm(forms.ModelForm):
    """The instrument plus the recommendations it serves (the other side of ``Recommendation.instruments``)."""

    recommendations = forms.ModelMultipleChoiceField(
        queryset=Recommendation.objects.select_related("latest_version").order_by("number"),
        required=False,
        widget=FilteredSelectMultiple(_("recommendations"), is_stacked=False),
        label=_("Recommendations it serves"),
    )

    class Meta:
        model = Instrument
        fields = ["slug", "kind", "country", "name", "description", "phases", "caps", "rules", "sources"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["recommendations"].initial = list(self.instance.recommendations.all())


@admin.register(Instrument)
class InstrumentAdmin(RoleAdmin):
    form = InstrumentForm
    list_display = ["slug", "__str__", "kind", "country", "status"]
    list_filter = ["status", "kind", "country"]
    search_fields = ["slug"]
    readonly_fields = ["status"]
    actions = ["publish", "archive", "reopen"]

    def get_fields(self, request: HttpRequest, obj: Instrument | None = None) -> Any:
        fields = list(super().get_fields(request, obj))
        if self.has_change_permission(request, obj):
            return fields
        # Read-only (curators who may not edit): "recommendations" is the form's field for the reverse relation,
        # which the admin cannot show read-only (it would display it as a model field and fail with a 500).
        return [name if name != "recommendations" else "served_recommendations" for name in fields]

    @admin.display(description=_("Recommendations it serves"))
    def served_recommendations(self, obj: Instrument) -> str:
        return ", ".join(str(r) for r in obj.recommendations.order_by("number")) if obj.pk else ""

    def save_model(self, request: HttpRequest, obj: Instrument, form: Any, change: bool) -> None:
        before = model_to_dict(Instrument.objects.get(pk=obj.pk), fields=AUDITED_FIELDS) if change else {}
        instrument_save(
            actor=request.user, instrument=obj, before=before, recommendations=form.cleaned_data["recommendations"]
        )

    def _transition(self, request: HttpRequest, queryset: QuerySet[Instrument], to: str) -> None:
        done = 0
        for instrument in queryset:
            try:
                instrument_transition(actor=request.user, instrument=instrument, to=to)
                done += 1
            except ApplicationError as exc:
                self.message_user(request, f"{instrument}: {exc.message}", messages.ERROR)
        if done:
            self.message_user(request, _("%(n)d instrument(s) updated.") % {"n": done}, messages.SUCCESS)

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        actions = super().get_actions(request)
        if not can_publish_catalogue(request.user):
            actions.pop("publish", None)
            actions.pop("archive", None)
        return actions

    @admin.action(description=_("Publish"))
    def publish(self, request: HttpRequest, queryset: QuerySet[Instrument]) -> None:
        self._transition(request, queryset, Instrument.Status.PUBLISHED)

    @admin.action(description=_("Archive"))
    def archive(self, request: HttpRequest, queryset: QuerySet[Instrument]) -> None:
        self._transition(request, queryset, Instrument.Status.ARCHIVED)

    @admin.action(description=_("Back to draft"))
    def reopen(self, request: HttpRequest, queryset: QuerySet[Instrument]) -> None:
        self._transition(request, queryset, Instrument.Status.DRAFT)


@admin.register(PracticeLink)
class PracticeLinkAdmin(RoleAdmin):
    list_display = ["title", "kind", "recommendation", "organisation", "created_at"]
    exclude = ["target_type", "target_id", "created_by"]

    def save_model(self, request: HttpRequest, obj: PracticeLink, form: Any, change: bool) -> None:

        if not change:
            obj.created_by = request.user  # type: ignore[assignment]  # the admin is signed-in only
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            audit_record(actor=request.user, verb="practice_link.saved", target=obj, after={"link": obj.pk})


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyAdmin):
    list_display = ["organisation", "visibility", "overall_score", "updated_at"]
    list_filter = ["visibility"]
