"""The supplier profile and what it offers: solutions and public-sector references."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from govtech.accounts.models import Membership, Organisation
from govtech.accounts.roles import Actor, signed_in
from startups import conf
from startups.models.reference import CpvCode, Sector, Technology


class SupplierQuerySet(models.QuerySet["Supplier"]):
    def verified(self) -> SupplierQuerySet:
        return self.filter(verification_status=Supplier.Verification.VERIFIED)

    def public(self) -> SupplierQuerySet:
        """What anyone may see: verified profiles (and pending ones if the setting lists them)."""
        statuses = [Supplier.Verification.VERIFIED]
        if conf.get("STARTUPS_UNVERIFIED_LISTED"):
            statuses.append(Supplier.Verification.PENDING)
        return self.filter(verification_status__in=statuses)

    def of_user(self, user: Actor) -> SupplierQuerySet:
        if not signed_in(user):
            return self.none()
        return self.filter(
            organisation__memberships__user=user, organisation__memberships__status=Membership.Status.ACTIVE
        )

    def visible_to(self, user: Actor) -> SupplierQuerySet:
        """Public profiles, plus the user's own organisations; staff (admin, auditor) see all."""
        if signed_in(user) and user.has_site_role("admin", "auditor"):
            return self.all()
        if not signed_in(user):
            return self.public()
        own = Membership.objects.filter(user=user, status=Membership.Status.ACTIVE).values("organisation_id")
        return self.filter(Q(pk__in=self.public().values("pk")) | Q(organisation_id__in=own))

    def startups(self, *, today: datetime.date | None = None) -> SupplierQuerySet:
        """Young and innovative: self-declared innovative and founded within the age limit."""
        year = (today or timezone.localdate()).year
        return self.filter(innovative=True, year_founded__gte=year - conf.startup_max_age_years())

    def with_cpv_under(self, code: str) -> SupplierQuerySet:
        """Suppliers classified under ``code`` or any of its descendants."""
        return self.filter(cpv_codes__code__startswith=CpvCode.prefix_of(code)).distinct()


class Supplier(models.Model):
    """A startup or SME's public profile, one-to-one with its ``accounts.Organisation``."""

    class Verification(models.TextChoices):
        PENDING = "pending", _("Pending verification")
        VERIFIED = "verified", _("Verified")
        REJECTED = "rejected", _("Rejected")
        SUSPENDED = "suspended", _("Suspended")

    class Stage(models.TextChoices):
        IDEA = "idea", _("Idea")
        EARLY = "early", _("Early")
        GROWTH = "growth", _("Growth")
        SCALE = "scale", _("Scale")

    class RevenueBand(models.TextChoices):
        UNDER_100K = "lt_100k", _("Under USD 100,000")
        UNDER_2M = "lt_2m", _("USD 100,000 to 2 million")
        UNDER_10M = "lt_10m", _("USD 2 to 10 million")
        UNDER_50M = "lt_50m", _("USD 10 to 50 million")
        OVER_50M = "gte_50m", _("USD 50 million or more")

    class SizeClass(models.TextChoices):
        MICRO = "micro", _("Micro")
        SMALL = "small", _("Small")
        MEDIUM = "medium", _("Medium")
        LARGE = "large", _("Large")

    class Language(models.TextChoices):
        ES = "es", _("Spanish")
        PT = "pt", _("Portuguese")
        EN = "en", _("English")

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="supplier")
    legal_name = models.CharField(_("legal name"), max_length=255)
    trade_name = models.CharField(_("trade name"), max_length=255, blank=True)
    country = models.CharField(_("country"), max_length=2, help_text=_("ISO 3166-1 alpha-2"))
    identifier_scheme = models.CharField(_("identifier scheme"), max_length=16)
    identifier = models.CharField(_("legal identifier"), max_length=32)
    year_founded = models.PositiveSmallIntegerField(_("year founded"), null=True, blank=True)
    website = models.URLField(_("website"), blank=True)
    logo = models.FileField(_("logo"), upload_to="startups/logos/", blank=True)
    pitch_es = models.CharField(_("short pitch (Spanish)"), max_length=280, blank=True)
    pitch_pt = models.CharField(_("short pitch (Portuguese)"), max_length=280, blank=True)
    pitch_en = models.CharField(_("short pitch (English)"), max_length=280, blank=True)
    description_es = models.TextField(_("description (Spanish)"), blank=True)
    description_pt = models.TextField(_("description (Portuguese)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    employees = models.PositiveIntegerField(_("employees"), null=True, blank=True)
    revenue_band = models.CharField(_("annual revenue"), max_length=8, choices=RevenueBand.choices, blank=True)
    size_class = models.CharField(_("size"), max_length=8, choices=SizeClass.choices, blank=True, editable=False)
    stage = models.CharField(_("stage"), max_length=8, choices=Stage.choices, blank=True)
    innovative = models.BooleanField(
        _("innovative company"),
        default=False,
        help_text=_("Your business is built on a new product, service or technology."),
    )
    regions_served = ArrayField(
        models.CharField(max_length=6),
        default=list,
        blank=True,
        verbose_name=_("regions served"),
        help_text=_("ISO 3166-1 countries (CO) and ISO 3166-2 subdivisions (CO-ANT)"),
    )
    languages = ArrayField(
        models.CharField(max_length=2, choices=Language.choices),
        default=list,
        blank=True,
        verbose_name=_("working languages"),
    )
    contact_name = models.CharField(_("contact name"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    social_links = ArrayField(models.URLField(), default=list, blank=True, verbose_name=_("social links"))
    sectors = models.ManyToManyField(Sector, blank=True, related_name="suppliers", verbose_name=_("sectors"))
    technologies = models.ManyToManyField(
        Technology, blank=True, related_name="suppliers", verbose_name=_("technologies")
    )
    cpv_codes = models.ManyToManyField(CpvCode, blank=True, related_name="suppliers", verbose_name=_("CPV codes"))

    verification_status = models.CharField(
        _("verification"), max_length=10, choices=Verification.choices, default=Verification.PENDING
    )
    verification_reason = models.TextField(_("reason for the decision"), blank=True)
    # When the profile was (last) sent for verification: at registration, and again at a resubmission. The waiting
    # time shown to suppliers is the median of (decided - requested) over recent decisions (docs/registry.md).
    verification_requested_at = models.DateTimeField(_("sent for verification at"), default=timezone.now, null=True)
    verification_decided_at = models.DateTimeField(null=True, blank=True)
    verification_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    search_es = SearchVectorField(null=True, editable=False)
    search_pt = SearchVectorField(null=True, editable=False)
    search_en = SearchVectorField(null=True, editable=False)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SupplierQuerySet.as_manager()

    class Meta:
        verbose_name = _("supplier")
        verbose_name_plural = _("suppliers")
        ordering = ["legal_name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["identifier_scheme", "identifier"], name="supplier_identifier_unique"),
            models.CheckConstraint(
                condition=Q(year_founded__isnull=True) | Q(year_founded__gte=1800), name="supplier_year_founded_sane"
            ),
        ]
        indexes = [
            GinIndex(fields=["search_es"], name="supplier_search_es"),
            GinIndex(fields=["search_pt"], name="supplier_search_pt"),
            GinIndex(fields=["search_en"], name="supplier_search_en"),
            # the public's searches (verified profiles only): these hold the listed rows alone, so an anonymous
            # search's matches are not intersected with every verified row of supplier_status_country (about 5 ms
            # per search at 100,000 suppliers; migration 0008, docs/operations.md, #19)
            *(
                GinIndex(fields=[field], name=f"supplier_{field}_listed", condition=Q(verification_status="verified"))
                for field in ("search_es", "search_pt", "search_en")
            ),
            GinIndex(fields=["regions_served"], name="supplier_regions"),
            models.Index(fields=["verification_status", "country"], name="supplier_status_country"),
            # the directory's and the API's default order (by name, then id) over the public (verified) rows:
            # with the id in the index a deep page is an index-only scan (docs/operations.md)
            models.Index(fields=["verification_status", "legal_name", "id"], name="supplier_status_name"),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.trade_name or self.legal_name

    @property
    def slug(self) -> str:
        return self.organisation.slug

    @property
    def is_verified(self) -> bool:
        return self.verification_status == self.Verification.VERIFIED

    @property
    def is_startup(self) -> bool:
        if not self.innovative or not self.year_founded:
            return False
        return self.year_founded >= timezone.localdate().year - conf.startup_max_age_years()

    def text(self, prefix: str) -> str:
        """The ``pitch`` or ``description`` in the current language, else the first one written."""

        language = (get_language() or "es")[:2]
        order = [language] + [code for code in ("es", "pt", "en") if code != language]
        for code in order:
            value = getattr(self, f"{prefix}_{code}", "")
            if value:
                return str(value)
        return ""

    @property
    def pitch(self) -> str:
        return self.text("pitch")

    @property
    def description(self) -> str:
        return self.text("description")


def size_class_for(employees: int | None, revenue_band: str) -> str:
    """Micro / small / medium / large from headcount and revenue (the larger of the two wins).

    Thresholds follow the usual SME definition (EU Recommendation 2003/361, also used
    across Latin America with local variations): fewer than 10, 50 and 250 people; and
    the revenue bands of ``Supplier.RevenueBand``.
    """
    order = [Supplier.SizeClass.MICRO, Supplier.SizeClass.SMALL, Supplier.SizeClass.MEDIUM, Supplier.SizeClass.LARGE]
    by_people = None
    if employees is not None:
        by_people = 0 if employees < 10 else 1 if employees < 50 else 2 if employees < 250 else 3
    by_revenue = {
        Supplier.RevenueBand.UNDER_100K: 0,
        Supplier.RevenueBand.UNDER_2M: 0,
        Supplier.RevenueBand.UNDER_10M: 1,
        Supplier.RevenueBand.UNDER_50M: 2,
        Supplier.RevenueBand.OVER_50M: 3,
    }.get(revenue_band)  # type: ignore[call-overload]
    known = [x for x in (by_people, by_revenue) if x is not None]
    return str(order[max(known)]) if known else ""


class Solution(models.Model):
    """A product or service a supplier offers to the public sector."""

    class Pricing(models.TextChoices):
        SUBSCRIPTION = "subscription", _("Subscription (SaaS)")
        LICENCE = "licence", _("Licence")
        PER_USE = "per_use", _("Pay per use")
        FIXED_PRICE = "fixed_price", _("Fixed-price project")
        OPEN_SOURCE = "open_source", _("Open source with support")
        FREE = "free", _("Free")
        OTHER = "other", _("Other")

    supplier = models.ForeignKey(Supplier, on_delete=models.CASCADE, related_name="solutions")
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    trl = models.PositiveSmallIntegerField(
        _("technology readiness level"),
        validators=[MinValueValidator(1), MaxValueValidator(9)],
        help_text=_("From 1 (basic principles observed) to 9 (proven in operation)"),
    )
    pricing_model = models.CharField(_("pricing model"), max_length=16, choices=Pricing.choices)
    deployments = models.PositiveIntegerField(_("deployments"), default=0, help_text=_("Places where it is in use"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("solution")
        verbose_name_plural = _("solutions")
        ordering = ["name"]
        constraints = [models.CheckConstraint(condition=Q(trl__gte=1, trl__lte=9), name="solution_trl_1_9")]

    def __str__(self) -> str:
        return self.name


class PublicReference(models.Model):
    """Work done for a public body: the track record buyers and matching look at."""

    supplier = models.ForeignKey(Supplier, on_delete=models.CASCADE, related_name="references")
    public_body_name = models.CharField(_("public body"), max_length=255)
    public_body = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="supplier_references"
    )
    country = models.CharField(_("country"), max_length=2, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(1950)])
    value_amount = models.DecimalField(_("contract value"), max_digits=16, decimal_places=2, null=True, blank=True)
    value_currency = models.CharField(_("currency"), max_length=3, blank=True, help_text=_("ISO 4217, e.g. COP"))
    description = models.TextField(_("description"))
    contract_url = models.URLField(_("link to the contract"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("public-sector reference")
        verbose_name_plural = _("public-sector references")
        ordering = ["-year", "public_body_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(value_amount__isnull=True) | Q(value_amount__gte=0), name="reference_value_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.public_body_name} ({self.year})"
