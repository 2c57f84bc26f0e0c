"""People, organisations and who may act for whom.

An organisation is either a supplier (startup or SME) or a public body; the
``startups`` and ``procurement`` apps hang their own profiles on it. Site-wide staff
roles (admin, editor, publisher, auditor) live on the user.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from govtech.accounts.roles import Actor


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def get_by_natural_key(self, username: str | None) -> User:
        return self.get(email__iexact=username)

    def _create(self, email: str, password: str | None, **extra: Any) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.update(is_staff=True, is_superuser=True)
        extra.setdefault("site_roles", [User.SiteRole.ADMIN])
        return self._create(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person. Logs in with an e-mail address, unique regardless of case."""

    class SiteRole(models.TextChoices):
        ADMIN = "admin", _("Administrator")
        EDITOR = "editor", _("Editor")
        PUBLISHER = "publisher", _("Publisher")
        AUDITOR = "auditor", _("Auditor")

    email = models.EmailField(_("e-mail address"), max_length=254)
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="es")
    site_roles = ArrayField(
        models.CharField(max_length=16, choices=SiteRole.choices),
        default=list,
        blank=True,
        verbose_name=_("site roles"),
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("staff status"), default=False)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    anonymised_at = models.DateTimeField(null=True, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_unique_ci")]

    def __str__(self) -> str:
        return self.full_name or self.email

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return (self.full_name or self.email).split(" ")[0]

    def has_site_role(self, *roles: str) -> bool:
        return self.is_active and (self.is_superuser or any(role in self.site_roles for role in roles))

    @property
    def is_portal_admin(self) -> bool:
        return self.has_site_role(self.SiteRole.ADMIN)


class OrganisationQuerySet(models.QuerySet["Organisation"]):
    def suppliers(self) -> OrganisationQuerySet:
        return self.filter(kind=Organisation.Kind.SUPPLIER)

    def public_bodies(self) -> OrganisationQuerySet:
        return self.filter(kind=Organisation.Kind.PUBLIC_BODY)

    def of_user(self, user: Actor) -> OrganisationQuerySet:
        if user is None or not user.is_authenticated:
            return self.none()
        return self.filter(memberships__user=user, memberships__status=Membership.Status.ACTIVE).distinct()


class Organisation(models.Model):
    """A supplier (startup or SME) or a public body. Profiles extend it one-to-one."""

    class Kind(models.TextChoices):
        SUPPLIER = "supplier", _("Supplier (startup or SME)")
        PUBLIC_BODY = "public_body", _("Public body")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=255)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    country = models.CharField(_("country"), max_length=2, blank=True, help_text=_("ISO 3166-1 alpha-2"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        indexes = [models.Index(fields=["kind", "name"])]

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def unique_slug(name: str) -> str:
        base = slugify(name)[:100] or "org"
        slug, n = base, 2
        while Organisation.objects.filter(slug=slug).exists():
            slug, n = f"{base}-{n}", n + 1
        return slug


class MembershipQuerySet(models.QuerySet["Membership"]):
    def active(self) -> MembershipQuerySet:
        return self.filter(status=Membership.Status.ACTIVE)


class Membership(models.Model):
    """A person's role in an organisation. One row per role held."""

    class Role(models.TextChoices):
        OWNER = "owner", _("Owner")
        MEMBER = "member", _("Member")
        OFFICER = "officer", _("Officer")
        EVALUATOR = "evaluator", _("Evaluator")
        APPROVER = "approver", _("Approver")

    SUPPLIER_ROLES = frozenset({Role.OWNER, Role.MEMBER})
    PUBLIC_BODY_ROLES = frozenset({Role.OFFICER, Role.EVALUATOR, Role.APPROVER})

    class Status(models.TextChoices):
        INVITED = "invited", _("Invited")
        REQUESTED = "requested", _("Asked to join")
        ACTIVE = "active", _("Active")
        SUSPENDED = "suspended", _("Suspended")
        REVOKED = "revoked", _("Revoked")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.ACTIVE)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation", "role"], name="membership_unique_role"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.organisation} · {self.role}"

    def clean(self) -> None:

        allowed = (
            self.SUPPLIER_ROLES if self.organisation.kind == Organisation.Kind.SUPPLIER else self.PUBLIC_BODY_ROLES
        )
        if self.role not in allowed:
            raise ValidationError({"role": _("This role does not exist for this kind of organisation.")})


class MembershipEventQuerySet(models.QuerySet["MembershipEvent"]):
    def of_user(self, user: User | int) -> MembershipEventQuerySet:
        return self.filter(user_id=user if isinstance(user, int) else user.pk)


class MembershipEvent(models.Model):
    """One change of a membership, kept forever: who joined, changed role, was suspended or left, when and by
    whose hand. Written by the membership services (``govtech.accounts.history.membership_history_record``), so
    "was this person a member of that organisation at time T, or in the last 24 months" can be answered after the
    membership itself was revoked (``govtech.accounts.selectors.organisations_of``)."""

    class Event(models.TextChoices):
        JOINED = "joined", _("Joined")
        ROLE_CHANGED = "role_changed", _("Role changed")
        SUSPENDED = "suspended", _("Suspended")
        LEFT = "left", _("Left")

    membership = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="history")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership_history")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="membership_history")
    event = models.CharField(_("event"), max_length=16, choices=Event.choices)
    role = models.CharField(
        _("role"), max_length=16, choices=Membership.Role.choices, help_text=_("The role held after the event.")
    )
    previous_role = models.CharField(_("previous role"), max_length=16, choices=Membership.Role.choices, blank=True)
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.TextField(_("reason"), blank=True)
    evidence = models.TextField(_("evidence"), blank=True)
    backfilled = models.BooleanField(default=False, help_text=_("Reconstructed from earlier records."))

    objects = MembershipEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership event")
        verbose_name_plural = _("membership events")
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["user", "organisation", "at"])]

    def __str__(self) -> str:
        return f"{self.user_id} · {self.organisation_id} · {self.event} · {self.at:%Y-%m-%d}"


class LegalTextQuerySet(models.QuerySet["LegalText"]):
    def published(self) -> LegalTextQuerySet:
        return self.filter(published_at__isnull=False)


class LegalText(models.Model):
    """A versioned text people accept: the terms of use, or the consent to the processing of personal data
    (the privacy notice). Written in Spanish, Portuguese and English; a published version never changes, a new
    one is added (``docs/accounts.md#terms-and-consent``)."""

    class Kind(models.TextChoices):
        TERMS = "terms", _("Terms of use")
        PRIVACY = "privacy", _("Privacy notice and consent to the processing of personal data")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    version = models.PositiveIntegerField(_("version"))
    title_es = models.CharField(_("title (Spanish)"), max_length=200)
    title_pt_br = models.CharField(_("title (Portuguese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    body_es = models.TextField(_("text (Spanish)"))
    body_pt_br = models.TextField(_("text (Portuguese)"))
    body_en = models.TextField(_("text (English)"))
    change_summary = models.CharField(
        _("what changed"), max_length=300, blank=True, help_text=_("Shown to people asked to accept this version.")
    )
    pending_legal_review = models.BooleanField(
        _("draft awaiting legal review"),
        default=False,
        help_text=_("Shows a notice that the operator's lawyers have not reviewed this text yet."),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = LegalTextQuerySet.as_manager()

    class Meta:
        verbose_name = _("legal text")
        verbose_name_plural = _("legal texts")
        ordering = ["kind", "-version"]
        constraints = [models.UniqueConstraint(fields=["kind", "version"], name="legal_text_unique_version")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} v{self.version}"

    def title_in(self, language: str | None) -> str:
        return str(getattr(self, f"title_{_language_suffix(language)}"))

    def body_in(self, language: str | None) -> str:
        return str(getattr(self, f"body_{_language_suffix(language)}"))


def _language_suffix(language: str | None) -> str:
    code = (language or "es").lower().replace("-", "_")
    return {"pt_br": "pt_br", "pt": "pt_br", "en": "en"}.get(code, "es")


class LegalAcceptance(models.Model):
    """A person accepted a version of a legal text, at a time. Kept when the account is anonymised (it holds the
    user's id only): it is the record that the consent existed."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="legal_acceptances")
    text = models.ForeignKey(LegalText, on_delete=models.PROTECT, related_name="acceptances")
    accepted_at = models.DateTimeField(_("accepted at"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        verbose_name = _("acceptance of a legal text")
        verbose_name_plural = _("acceptances of legal texts")
        constraints = [models.UniqueConstraint(fields=["user", "text"], name="legal_acceptance_once")]

    def __str__(self) -> str:
        return f"{self.user_id} · {self.text}"
