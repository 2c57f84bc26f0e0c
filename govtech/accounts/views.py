"""A person's own account: download their data, delete the account."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from govtech.accounts.forms import AccountDeleteForm
from govtech.accounts.services import account_anonymise, account_data_export
from govtech.audit.permissions import can_read_audit_trail


@require_GET
@login_required
def personal_data(request: HttpRequest) -> HttpResponse:
    context = {"breadcrumbs": [(_("Your account"), None)], "can_read_audit_trail": can_read_audit_trail(request.user)}
    return render(request, "accounts/personal_data.html", context)


@require_POST
@login_required
def personal_data_download(request: HttpRequest) -> HttpResponse:
    """A POST (it writes an audit row): the JSON file of everything held about the person."""
    data = account_data_export(actor=request.user, user=request.user)  # type: ignore[arg-type]
    body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    filename = f"govtech-portal-my-data-{timezone.now():%Y%m%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "POST"])
@login_required
def account_delete(request: HttpRequest) -> HttpResponse:
    form = AccountDeleteForm(request.POST or None, user=request.user)  # type: ignore[arg-type]
    if request.method == "POST" and form.is_valid():
        account_anonymise(actor=request.user, user=request.user)  # type: ignore[arg-type]
        logout(request)
        messages.success(request, _("Your account has been deleted. The portal no longer holds your personal data."))
        return redirect("home")
    status = 400 if form.errors else 200
    context = {
        "form": form,
        "breadcrumbs": [(_("Your account"), reverse("accounts:personal_data")), (_("Delete your account"), None)],
    }
    return render(request, "accounts/account_delete.html", context, status=status)
