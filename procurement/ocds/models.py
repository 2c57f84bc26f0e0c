"""OCDS releases as published (append-only) and the contracting processes imported from other publishers."""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from govtech.accounts.models import Membership, User
from govtech.accounts.roles import Actor, has_site_role, public_body_ids
from procurement.calls.models import Call


class ReleaseQuerySet(models.QuerySet["Release"]):
    def of_ocid(self, ocid: str) -> ReleaseQuerySet:
        return self.filter(ocid=ocid).order_by("date", "pk")


class Release(models.Model):
    """One OCDS release, written once when a public event happens and never changed (a DB trigger refuses it).

    ``release_id`` is unique: it names the event (``<ocid>-tender``, ``<ocid>-amendment-2``, ...), so
    writing the same event twice is a no-op. ``call_id`` is a plain column, not a foreign key, so that
    nothing can cascade into this table.
    """

    ocid = models.CharField(max_length=120, db_index=True)
    release_id = models.CharField(max_length=200, unique=True)
    call_id = models.BigIntegerField(db_index=True)
    date = models.DateTimeField(db_index=True)
    tags = ArrayField(models.CharField(max_length=32))
    data = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ReleaseQuerySet.as_manager()

    class Meta:
        ordering = ["date", "pk"]

    def __str__(self) -> str:
        return self.release_id


class ImportedProcess(models.Model):
    """A contracting process loaded from someone else's OCDS data, and the past call that represents it.

    The call (and its decision, awards, applications) is marked imported by this row; ``checksum`` is
    the hash of the compiled release last imported, so a second run over the same data changes nothing.
    """

    ocid = models.CharField(max_length=200, unique=True)
    call = models.OneToOneField(Call, on_delete=models.CASCADE, related_name="imported_process")
    checksum = models.CharField(max_length=64)
    compiled = models.JSONField(null=True, blank=True)  # the compiled release last imported (red flags read it)
    # Where the publisher gave the process's releases: each one's [date, tender.tenderPeriod.endDate] ("" when
    # absent), in date order; only these dates are kept (the deadline's history for GT03, the first publication).
    release_dates = models.JSONField(null=True, blank=True)
    source = models.CharField(max_length=255, blank=True)
    award_ids = models.JSONField(default=dict, blank=True)  # OCDS award id -> awards.Award pk
    reference_ids = models.JSONField(default=list, blank=True)  # startups.PublicReference pks it created
    imported_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["ocid"]

    def __str__(self) -> str:
        return self.ocid


# --- red flags (issue 25): what the indicators read, their outcomes with evidence, the countries' fences ----------

# A call's flags are public once it is decided; before, only its body's staff and the auditors see them.
DECIDED_STATUSES = (Call.Status.AWARDED, Call.Status.UNSUCCESSFUL, Call.Status.CANCELLED)
BODY_STAFF_ROLES = (Membership.Role.OFFICER, Membership.Role.APPROVER)


class RedFlagProcess(models.Model):
    """One contracting process as the indicators read it: its summary (``redflags.facts.ProcessFacts``) and
    where it comes from (a call the portal publishes, or an imported process, whose past call it also has).

    ``facts`` is rewritten when the process's record changes (``record_checksum`` tells); ``fenced`` says
    whether these facts went into the country's last fences (``RedFlagFence``), so the indicators that compare
    a process with its country (R024, R025, R038, R058, GT01, GT04) are current for it.
    """

    ocid = models.CharField(max_length=200, unique=True)
    call = models.ForeignKey(Call, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    imported = models.OneToOneField(
        ImportedProcess, null=True, blank=True, on_delete=models.CASCADE, related_name="red_flag_process"
    )
    country = models.CharField(max_length=2, blank=True, db_index=True)
    buyer_id = models.CharField(max_length=255, blank=True, db_index=True)
    buyer_name = models.CharField(max_length=500, blank=True)
    cpv_division = models.CharField(max_length=2, blank=True)
    facts = models.JSONField()
    record_checksum = models.CharField(max_length=64)
    fenced = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["ocid"]

    def __str__(self) -> str:
        return self.ocid


class RedFlagResultQuerySet(models.QuerySet["RedFlagResult"]):
    def visible_to(self, user: Actor | None) -> RedFlagResultQuerySet:
        """The visibility rule, for every reader (pages, API, exports): auditors and admins see every flag; the
        body's officers and approvers see their calls' flags as soon as they are computed; everyone else sees a
        call's flags once it is decided (awarded, unsuccessful, cancelled). Imported processes are other
        publishers' public data: their flags are public."""
        if has_site_role(user, User.SiteRole.ADMIN, User.SiteRole.AUDITOR):
            return self.all()
        visible = Q(imported_id__isnull=False) | Q(call__status__in=DECIDED_STATUSES)
        staff_of = public_body_ids(user, BODY_STAFF_ROLES)
        if staff_of:
            visible |= Q(call__body_id__in=staff_of)
        return self.filter(visible)

    def of_indicator_order(self) -> RedFlagResultQuerySet:
        return self.order_by("ocid", "indicator")


class RedFlagResult(models.Model):
    """One indicator's outcome for one process, with its evidence (the values and the fence or threshold they
    were compared with) or the reason it is not computable, and the methodology and thresholds it came from.

    The process's call, buyer, country and CPV division are copied here so that lists and counts filter on
    one table; ``visible_to`` is the only way readers should start from.
    """

    class Outcome(models.TextChoices):
        FLAGGED = "flagged", _("Flagged")
        NOT_FLAGGED = "not_flagged", _("Not flagged")
        NOT_COMPUTABLE = "not_computable", _("Not computable")

    process = models.ForeignKey(RedFlagProcess, on_delete=models.CASCADE, related_name="flags")
    ocid = models.CharField(max_length=200, db_index=True)
    call = models.ForeignKey(Call, null=True, blank=True, on_delete=models.CASCADE, related_name="red_flags")
    imported = models.ForeignKey(
        ImportedProcess, null=True, blank=True, on_delete=models.CASCADE, related_name="red_flags"
    )
    buyer_id = models.CharField(max_length=255, blank=True)
    buyer_name = models.CharField(max_length=500, blank=True)
    country = models.CharField(max_length=2, blank=True)
    cpv_division = models.CharField(max_length=2, blank=True)
    indicator = models.CharField(max_length=8)
    outcome = models.CharField(max_length=16, choices=Outcome.choices)
    reason = models.CharField(max_length=64, blank=True)  # why not computable (redflags.measures.REASONS)
    evidence = models.JSONField(default=dict, blank=True)
    methodology_version = models.CharField(max_length=16)
    thresholds_fingerprint = models.CharField(max_length=32)
    computed_at = models.DateTimeField()

    objects = RedFlagResultQuerySet.as_manager()

    class Meta:
        ordering = ["ocid", "indicator"]
        constraints = [models.UniqueConstraint(fields=["process", "indicator"], name="red_flag_one_per_indicator")]
        indexes = [
            models.Index(fields=["country", "indicator", "outcome"], name="red_flag_country_indicator"),
            models.Index(fields=["buyer_id", "indicator"], name="red_flag_buyer_indicator"),
        ]

    def __str__(self) -> str:
        return f"{self.ocid} {self.indicator} {self.outcome}"


class RedFlagFence(models.Model):
    """A country's quartiles and fence for one indicator (R038: per role), from its last aggregate pass.

    ``fence`` is None when no usable fence could be computed (``reason``); ``fixed`` when it is a configured
    threshold rather than computed from the data; ``extra`` holds what else the indicator compares with
    (R025: the number of valid bids that makes a top tenderer).
    """

    country = models.CharField(max_length=2, blank=True)
    indicator = models.CharField(max_length=8)
    role = models.CharField(max_length=32, blank=True)  # R038: buyer, procuring_entity, tenderer
    n = models.PositiveIntegerField(default=0)
    q1 = models.FloatField(null=True, blank=True)
    q3 = models.FloatField(null=True, blank=True)
    fence = models.FloatField(null=True, blank=True)
    fixed = models.BooleanField(default=False)
    extra = models.JSONField(default=dict, blank=True)
    processes = models.PositiveIntegerField(default=0)  # the country's processes the pass read
    methodology_version = models.CharField(max_length=16)
    thresholds_fingerprint = models.CharField(max_length=32)
    computed_at = models.DateTimeField()

    class Meta:
        ordering = ["country", "indicator", "role"]
        constraints = [
            models.UniqueConstraint(fields=["country", "indicator", "role"], name="red_flag_fence_one_per_country")
        ]

    def __str__(self) -> str:
        return f"{self.country or '-'} {self.indicator} {self.role}".strip()


# --- red-flag thresholds edited in the admin (issue 25), layered on top of ``settings.RED_FLAGS`` ------------------


class RedFlagThreshold(models.Model):
    """One parameter of one indicator, set by a site administrator for a country and a procurement method (blank:
    every country, every method). The rows are layered on top of ``settings.RED_FLAGS`` (``redflag_services.
    thresholds``); they are written only by ``threshold_services`` (checked, audited, published, recomputed)."""

    country = models.CharField(_("country"), max_length=2, blank=True)  # ISO 3166-1 alpha-2; blank: every country
    method = models.CharField(_("procurement method"), max_length=32, blank=True)  # blank: every method
    indicator = models.CharField(_("indicator"), max_length=8)  # a code of redflags.thresholds.SCHEMA (or ALL)
    parameter = models.CharField(_("parameter"), max_length=64)
    value = models.JSONField(_("value"), null=True, blank=True)  # SQL NULL stands for None (no fixed threshold)
    reason = models.TextField(_("reason"))  # why it was last changed (published with the change)
    changed_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("changed by")
    )
    changed_at = models.DateTimeField(_("changed at"))

    class Meta:
        ordering = ["indicator", "parameter", "country", "method"]
        verbose_name = _("red-flag threshold")
        verbose_name_plural = _("red-flag thresholds")
        constraints = [
            models.UniqueConstraint(
                fields=["country", "method", "indicator", "parameter"], name="red_flag_threshold_one_per_place"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.parameter} [{self.country or '*'}][{self.method or '*'}]"


class RedFlagThresholdChange(models.Model):
    """The public record of a change to a ``RedFlagThreshold`` row (set, changed or removed), shown on the
    methodology page: what applied at that place before and after (``old_value``/``new_value``, the settings'
    or the default value when no row was there), the reason, and the role of who changed it (never a name).
    Append-only: written by ``threshold_services`` in the same transaction as the change and its audit event."""

    class Action(models.TextChoices):
        SET = "set", _("Set")
        CHANGED = "changed", _("Changed")
        REMOVED = "removed", _("Removed")

    class Role(models.TextChoices):
        ADMIN = "admin", _("Site administrator")

    changed_at = models.DateTimeField(db_index=True)
    action = models.CharField(max_length=16, choices=Action.choices)
    country = models.CharField(max_length=2, blank=True)
    method = models.CharField(max_length=32, blank=True)
    indicator = models.CharField(max_length=8)
    parameter = models.CharField(max_length=64)
    old_value = models.JSONField(null=True, blank=True)
    new_value = models.JSONField(null=True, blank=True)
    reason = models.TextField()
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.ADMIN)

    class Meta:
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.changed_at:%Y-%m-%d} {self.action} {self.indicator} {self.parameter}"
