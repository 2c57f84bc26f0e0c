from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation

from govtech.accounts import mfa_secrets
from govtech.accounts.mfa_policy import mfa_enforced_for
from govtech.accounts.models import User
from govtech.core.client_ip import client_ip
from govtech.core.mailheaders import header_text


class AccountAdapter(DefaultAccountAdapter):
    """Stores the language a person signed up in, and writes their e-mails in it."""

    def save_user(self, request: HttpRequest, user: User, form: Any, commit: bool = True) -> Any:
        user.language = translation.get_language() or "es"
        return super().save_user(request, user, form, commit=commit)

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        """Opening the sign-up e-mail's link signs the person in: a newcomer with no organisation and no role lands
        on the registration of their organisation (the next step of the way in), not on the home page."""
        if _first_step_after_verification(request):
            return reverse("startups:register")
        return super().get_login_redirect_url(request)

    def get_signup_redirect_url(self, request: HttpRequest) -> str:
        if _first_step_after_verification(request):
            return reverse("startups:register")
        return super().get_signup_redirect_url(request)

    def get_email_verification_redirect_url(self, email_address: Any) -> str:
        if _first_step_after_verification(self.request):
            return reverse("startups:register")
        return super().get_email_verification_redirect_url(email_address)

    def get_client_ip(self, request: HttpRequest) -> str:
        """The address allauth's rate limits count: X-Forwarded-For only through NUM_PROXIES proxies."""
        return client_ip(request) or "0.0.0.0"  # noqa: S104 - never bound to; a request without an address

    def format_email_subject(self, subject: str) -> str:
        return header_text(super().format_email_subject(subject))  # the prefix (a site's name) included

    def get_from_email(self) -> str:
        return header_text(super().get_from_email())

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        """Every account e-mail (verification, password reset, notices) in the recipient's language, with the
        portal's name and links on ``SITE_URL`` (never the host a request happened to come through)."""
        user = context.get("user")
        language = getattr(user, "language", None) or translation.get_language()
        request = allauth_context.request
        context = {
            **{key: _on_site_url(request, value) for key, value in context.items()},
            "current_site": PortalSite(),
            "PORTAL_NAME": settings.PORTAL_NAME,
            "SITE_URL": settings.SITE_URL,
        }
        with translation.override(language):
            super().send_mail(template_prefix, email, context)


@dataclass(frozen=True)
class PortalSite:
    """What allauth's templates call ``current_site``: the portal's name and ``SITE_URL``'s host (there is no
    ``django.contrib.sites``; allauth would otherwise use the request's host)."""

    name: str = field(default_factory=lambda: settings.PORTAL_NAME)
    domain: str = field(default_factory=lambda: urlsplit(settings.SITE_URL).netloc)


def _first_step_after_verification(request: HttpRequest | None) -> bool:
    """The request confirms an e-mail address of a signed-in person who belongs to nothing yet."""
    match = getattr(request, "resolver_match", None)
    user = getattr(request, "user", None)
    return bool(
        match is not None
        and match.url_name == "account_confirm_email"
        and user is not None
        and user.is_authenticated
        and not user.site_roles
        and not user.memberships.exists()
    )


def _on_site_url(request: HttpRequest | None, value: Any) -> Any:
    """An absolute URL allauth built from the request, moved onto ``SITE_URL``."""
    if not isinstance(value, str) or request is None:
        return value
    origin = request.build_absolute_uri("/")
    if value.startswith(origin):
        return settings.SITE_URL + "/" + value[len(origin) :]
    return value


class MfaAdapter(DefaultMFAAdapter):
    """Keeps the TOTP device of someone who must use MFA: it can be replaced, not removed. Stores TOTP
    secrets and recovery-code seeds encrypted (``govtech.accounts.mfa_secrets``)."""

    def encrypt(self, text: str) -> str:
        return mfa_secrets.encrypt(text)

    def decrypt(self, encrypted_text: str) -> str:
        return mfa_secrets.decrypt(encrypted_text)

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        if authenticator.type == Authenticator.Type.TOTP and mfa_enforced_for(authenticator.user):
            return False
        return super().can_delete_authenticator(authenticator)
