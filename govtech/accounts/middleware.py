from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from govtech.accounts.mfa_policy import has_totp, mfa_required_for
from govtech.accounts.models import User
from govtech.accounts.roles import signed_in
from govtech.accounts.selectors import pending_legal_texts
from govtech.core.api import error_body


class UserLanguageMiddleware:
    """Remembers the language per user: a signed-in user without a language cookie gets theirs.

    Runs before ``LocaleMiddleware`` so that ``/`` redirects to the user's language.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        cookie = settings.LANGUAGE_COOKIE_NAME
        preferred: str | None = None
        if cookie not in request.COOKIES and settings.SESSION_COOKIE_NAME in request.COOKIES:
            user = get_user(request)
            if signed_in(user) and getattr(user, "language", None):
                preferred = user.language
                request.COOKIES[cookie] = preferred
        response = self.get_response(request)
        if preferred:
            response.set_cookie(cookie, preferred, max_age=365 * 24 * 3600, samesite="Lax")
        return response


class MfaRequiredMiddleware:
    """Sends officials and staff without a TOTP device to set one up before anything else.

    Runs after authentication. Pages answer a redirect to the TOTP set-up page; the API
    answers 403 in the portal's error format. The set-up pages themselves, log-out,
    re-authentication, the language switch and the health probes stay reachable.
    """

    ALLOWED_URL_NAMES = frozenset(
        {
            "mfa_index",
            "mfa_activate_totp",
            "mfa_view_recovery_codes",
            "mfa_generate_recovery_codes",
            "mfa_download_recovery_codes",
            "mfa_authenticate",
            "mfa_reauthenticate",
            "account_logout",
            "account_reauthenticate",
            "set_language",
            "healthz",
            "readyz",
        }
    )
    SESSION_KEY = "govtech_mfa_ok"

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        if not settings.MFA_REQUIRED_FOR_OFFICIALS or not request.user.is_authenticated:
            return None
        match = request.resolver_match
        if match is not None and match.url_name in self.ALLOWED_URL_NAMES:
            return None
        # A device, once set up, stays (the MFA adapter refuses to remove it while required).
        if request.session.get(self.SESSION_KEY) == request.user.pk:
            return None

        if not mfa_required_for(request.user):
            return None
        if has_totp(request.user):
            request.session[self.SESSION_KEY] = request.user.pk
            return None
        return self._refuse(request)

    def _refuse(self, request: HttpRequest) -> HttpResponse:
        message = _("Your role requires two-factor authentication. Set it up to continue.")
        if request.path_info.startswith("/api/"):
            return JsonResponse(error_body(403, "mfa_required", str(message)), status=403)
        messages.warning(request, message, fail_silently=True)
        return redirect("mfa_activate_totp")


PENDING_LEGAL_SESSION_KEY = "govtech_legal_pending"


def remember_pending_legal_texts(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    """At sign-in (``user_logged_in``): note in the session the legal texts in force the person has to accept."""
    if request is None or not isinstance(user, User) or not hasattr(request, "session"):
        return
    pending = [text.pk for text in pending_legal_texts(user)]
    if pending:
        request.session[PENDING_LEGAL_SESSION_KEY] = pending
    else:
        request.session.pop(PENDING_LEGAL_SESSION_KEY, None)


class LegalAcceptanceMiddleware:
    """Sends a signed-in person who has a new version of the terms or of the privacy notice to accept to the
    acceptance page first (noted at sign-in, so no query per request).

    Pages answer a redirect to the acceptance page, which comes back to the page asked for. The API is not blocked
    (integrations keep working); its responses carry ``Govtech-Pending-Acceptance: terms,privacy`` until the person
    accepts on the web (``docs/accounts.md#terms-and-consent``). The texts themselves, the person's data, its
    export, the deletion of the account, log-out, the MFA set-up and the language switch stay reachable.
    """

    ALLOWED_VIEW_NAMES = frozenset(
        {
            "accounts:legal_accept",
            "accounts:legal_text",
            "accounts:legal_withdraw",
            "accounts:personal_data",
            "accounts:personal_data_download",
            "accounts:delete",
            "account_logout",
            "set_language",
            "healthz",
            "readyz",
            *MfaRequiredMiddleware.ALLOWED_URL_NAMES,
        }
    )

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and request.path_info.startswith("/api/") and session.get(PENDING_LEGAL_SESSION_KEY):
            response["Govtech-Pending-Acceptance"] = "terms,privacy"
        return response

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        session = getattr(request, "session", None)
        if session is None or not session.get(PENDING_LEGAL_SESSION_KEY) or not request.user.is_authenticated:
            return None
        if request.path_info.startswith("/api/"):
            return None
        match = request.resolver_match
        if match is not None and (
            match.view_name in self.ALLOWED_VIEW_NAMES or match.url_name in self.ALLOWED_VIEW_NAMES
        ):
            return None
        target = reverse("accounts:legal_accept")
        if request.method == "GET":
            target += "?" + urlencode({"next": request.get_full_path()})
        return redirect(target)
