"""A person's own account: download their data, delete the account."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from govtech.accounts.forms import AccountDeleteForm, LegalAcceptForm
from govtech.accounts.middleware import PENDING_LEGAL_SESSION_KEY
from govtech.accounts.models import LegalAcceptance, LegalText, User
from govtech.accounts.roles import signed_in
from govtech.accounts.selectors import pending_legal_texts
from govtech.accounts.services import (
    account_anonymise,
    account_data_export,
    legal_consent_withdraw,
    legal_texts_accept,
)
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


@require_GET
def legal_text(request: HttpRequest, kind: str) -> HttpResponse:
    """The terms of use or the privacy notice, in force (or ``?version=N``), in the page's language; public."""
    if kind not in LegalText.Kind.values:
        raise Http404
    texts = LegalText.objects.published().filter(kind=kind).order_by("-version")
    version = request.GET.get("version", "")
    text = texts.filter(version=int(version)).first() if version.isdigit() else texts.first()
    if text is None:
        raise Http404
    language = translation.get_language()
    accepted = None
    if signed_in(request.user):
        accepted = (
            LegalAcceptance.objects.filter(user=request.user, text__kind=kind)
            .select_related("text")
            .order_by("-accepted_at")
            .first()
        )
    context = {
        "text": text,
        "title": text.title_in(language),
        "body": text.body_in(language),
        "versions": list(texts.only("version", "published_at")),
        "accepted": accepted,
        "breadcrumbs": [(text.title_in(language), None)],
    }
    return render(request, "accounts/legal_text.html", context)


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse("home")


@require_http_methods(["GET", "POST"])
@login_required
def legal_accept(request: HttpRequest) -> HttpResponse:
    """New versions of the terms or of the privacy notice, to accept before going on (``LegalAcceptanceMiddleware``)."""
    user: User = request.user  # type: ignore[assignment]
    texts = pending_legal_texts(user)
    if not texts:
        request.session.pop(PENDING_LEGAL_SESSION_KEY, None)
        return redirect(_safe_next(request))
    form = LegalAcceptForm(request.POST or None, texts=texts)
    if request.method == "POST" and form.is_valid():
        legal_texts_accept(user=user, texts=texts)
        request.session.pop(PENDING_LEGAL_SESSION_KEY, None)
        messages.success(request, _("Thank you. You can continue where you were."))
        return redirect(_safe_next(request))
    language = translation.get_language()
    context = {
        "form": form,
        "texts": [(text, text.title_in(language)) for text in texts],
        "next": _safe_next(request),
        "breadcrumbs": [(_("New terms to accept"), None)],
    }
    return render(request, "accounts/legal_accept.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@login_required
def legal_withdraw(request: HttpRequest) -> HttpResponse:
    """Withdrawing the consent to the processing of personal data: the portal cannot keep an account without it,
    so the page records the withdrawal and leads to the download of the data and the deletion of the account."""
    user: User = request.user  # type: ignore[assignment]
    if request.method == "POST":
        legal_consent_withdraw(user=user)
        messages.success(
            request,
            _(
                "Your consent is withdrawn. Download your data if you want a copy, then delete your account: the "
                "portal deletes your personal data."
            ),
        )
        return redirect("accounts:delete")
    context = {
        "breadcrumbs": [(_("Your account"), reverse("accounts:personal_data")), (_("Withdraw your consent"), None)]
    }
    return render(request, "accounts/legal_withdraw.html", context)
