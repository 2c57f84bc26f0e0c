from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import get_user
from django.http import HttpRequest, HttpResponse


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
            if user.is_authenticated and getattr(user, "language", None):
                preferred = user.language  # type: ignore[union-attr]
                request.COOKIES[cookie] = preferred
        response = self.get_response(request)
        if preferred:
            response.set_cookie(cookie, preferred, max_age=365 * 24 * 3600, samesite="Lax")
        return response
