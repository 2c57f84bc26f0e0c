from __future__ import annotations

from datetime import datetime, time

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from govtech.core.errors import ApplicationError
from govtech.tokens.forms import TokenForm
from govtech.tokens.models import ApiToken
from govtech.tokens.services import api_token_create, api_token_revoke


@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    issued = None
    if request.method == "POST" and form.is_valid():
        expires = form.cleaned_data["expires_at"]
        expires_at = timezone.make_aware(datetime.combine(expires, time.max)) if expires else None
        try:
            issued = api_token_create(
                actor=request.user,
                name=form.cleaned_data["name"],
                scope=form.cleaned_data["scope"],
                expires_at=expires_at,
            )
        except ApplicationError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            form = TokenForm()
    tokens = ApiToken.objects.of_user(request.user)
    return render(
        request,
        "tokens/token_list.html",
        {"form": form, "tokens": tokens, "issued": issued, "breadcrumbs": [(_("API tokens"), None)]},
        status=400 if request.method == "POST" and form.errors else 200,
    )


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken.objects.of_user(request.user), pk=pk)
    api_token_revoke(actor=request.user, token=token)
    messages.success(request, _("The token “%(name)s” is revoked: it no longer works.") % {"name": token.name})
    return redirect("tokens:list")
