"""The Django admin of red-flag thresholds: site administrators only, every write through ``threshold_services``
(checked, audited, published on the methodology page, recomputed). A row is removed from its change form (with
a reason), never by Django's delete page or a bulk action; the public record of changes is read-only."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from govtech.core.errors import ApplicationError
from procurement.ocds.models import RedFlagThreshold, RedFlagThresholdChange
from procurement.ocds.redflags.thresholds import SCHEMA
from procurement.ocds.threshold_services import (
    METHODS,
    can_edit_thresholds,
    check_place,
    check_reason,
    check_value,
    red_flag_threshold_remove,
    red_flag_threshold_set,
)


class RedFlagThresholdForm(forms.ModelForm):
    """Checks what the service checks, so that a wrong value is a form error naming it (never a 500)."""

    method = forms.ChoiceField(
        label=_("procurement method"),
        required=False,
        choices=[("", _("Every method"))] + [(m, m) for m in METHODS],
    )
    indicator = forms.ChoiceField(label=_("indicator"), choices=[(code, code) for code in SCHEMA])
    value = forms.JSONField(
        label=_("value"),
        required=False,
        help_text=_('JSON: 10, 2.5, null, ["open", "selective"], {"CPV": 2}.'),
    )
    reason = forms.CharField(
        label=_("reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why the threshold changes. Published on the red-flag methodology page with the change."),
    )
    remove = forms.BooleanField(
        label=_("Remove this threshold (the settings' or the default value applies again)"), required=False
    )

    class Meta:
        model = RedFlagThreshold
        fields = ["country", "method", "indicator", "parameter", "value", "reason"]
        help_texts = {"country": _("ISO 3166-1 alpha-2 code, such as PY; blank for every country.")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["reason"] = ""  # every change gives its own reason
        else:
            self.fields.pop("remove")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        instance = self.instance
        try:
            if data.get("remove"):
                check_reason(data.get("reason", ""))
                return data
            place = check_place(
                country=data.get("country", instance.country) or "",
                method=data.get("method", instance.method) or "",
                indicator=data.get("indicator", instance.indicator) or "",
                parameter=data.get("parameter", instance.parameter) or "",
            )
            for name in ("country", "method", "indicator", "parameter"):
                if name in data:
                    data[name] = getattr(place, name)
            if "value" not in self.errors:
                data["value"] = check_value(place, data.get("value"))
        except ApplicationError as exc:
            field = exc.field if exc.field in self.fields else None
            self.add_error(field, exc.message)
        return data


@admin.register(RedFlagThreshold)
class RedFlagThresholdAdmin(admin.ModelAdmin):
    form = RedFlagThresholdForm
    list_display = ["indicator", "parameter", "country", "method", "value", "changed_at"]
    list_filter = ["indicator", "country", "method"]
    actions = None  # no bulk delete: a removal is recorded with its reason
    readonly_fields = ["changed_by", "changed_at"]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return can_edit_thresholds(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return can_edit_thresholds(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return can_edit_thresholds(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return can_edit_thresholds(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # removed from the change form, with a reason (``red_flag_threshold_remove``)

    def get_fields(self, request: HttpRequest, obj: RedFlagThreshold | None = None) -> Any:
        fields = list(super().get_fields(request, obj))
        return fields if obj is not None else [name for name in fields if name != "remove"]

    def get_readonly_fields(self, request: HttpRequest, obj: RedFlagThreshold | None = None) -> Any:
        if obj is not None:  # the place is the row's identity: another place is another row
            return ["country", "method", "indicator", "parameter", *self.readonly_fields]
        return self.readonly_fields

    def save_model(self, request: HttpRequest, obj: RedFlagThreshold, form: Any, change: bool) -> None:
        data = form.cleaned_data
        if change and data.get("remove"):
            red_flag_threshold_remove(actor=request.user, threshold=obj, reason=data["reason"])
            return
        saved = red_flag_threshold_set(
            actor=request.user,
            country=obj.country,
            method=obj.method,
            indicator=obj.indicator,
            parameter=obj.parameter,
            value=data.get("value"),
            reason=data["reason"],
        )
        obj.pk = saved.pk
        obj.changed_at = saved.changed_at

    def changeform_view(
        self, request: HttpRequest, object_id: str | None = None, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ApplicationError as exc:  # e.g. the same value again, or a row removed meanwhile
            self.message_user(request, exc.message, level=messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def response_change(self, request: HttpRequest, obj: RedFlagThreshold) -> HttpResponse:
        if not RedFlagThreshold.objects.filter(pk=obj.pk).exists():  # removed by save_model
            self.message_user(request, _("The threshold was removed; the change is published."), messages.SUCCESS)
            return HttpResponseRedirect(reverse("admin:ocds_redflagthreshold_changelist"))
        return super().response_change(request, obj)


@admin.register(RedFlagThresholdChange)
class RedFlagThresholdChangeAdmin(admin.ModelAdmin):
    """The public record of changes (also on the methodology page), read-only."""

    list_display = ["changed_at", "action", "indicator", "parameter", "country", "method", "old_value", "new_value"]
    list_filter = ["action", "indicator", "country"]
    actions = None

    def has_module_permission(self, request: HttpRequest) -> bool:
        return can_edit_thresholds(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return can_edit_thresholds(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
