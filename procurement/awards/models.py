"""The decision on a call, its awards, the debriefs, the standstill period, complaints and contract follow-up."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from procurement.applications.models import Application
from procurement.calls.models import Call


class DecisionQuerySet(models.QuerySet["Decision"]):
    def in_force(self) -> DecisionQuerySet:
        """Decisions not annulled by an upheld complaint."""
        return self.filter(annulled_at__isnull=True)


class Decision(models.Model):
    """The approver's decision on a call (or on one phase of a phased call): award or unsuccessful.

    An upheld complaint annuls it (``annulled_at``): the row stays, with its report, for the record, and a new
    decision on the same call and phase may then be taken."""

    class Outcome(models.TextChoices):
        AWARDED = "awarded", _("Awarded")
        UNSUCCESSFUL = "unsuccessful", _("Unsuccessful")

    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="decisions")
    phase = models.CharField(_("phase"), max_length=120, blank=True)
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices)
    justification = models.TextField(_("justification"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField()
    report = models.FileField(_("evaluation report (PDF)"), upload_to="evaluation-reports/", blank=True)
    report_sha256 = models.CharField(max_length=64, blank=True)
    standstill_ends_at = models.DateTimeField(null=True, blank=True)
    # The applications the decision was about (each one is told the outcome and may complain).
    applicant_ids = models.JSONField(default=list, blank=True)
    # Public: why the awards exceed the call's budget (or are in another currency), when they do.
    budget_exception = models.TextField(_("budget exception"), blank=True)
    annulled_at = models.DateTimeField(null=True, blank=True)
    annulment_reason = models.TextField(blank=True)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["call", "phase"], condition=Q(annulled_at__isnull=True), name="decision_once_per_call_phase"
            )
        ]
        ordering = ["call", "decided_at", "pk"]

    def __str__(self) -> str:
        return f"{self.call_id} {self.phase} {self.outcome}"

    @property
    def in_force(self) -> bool:
        return self.annulled_at is None

    def standstill_running(self, now: Any) -> bool:
        return self.annulled_at is None and self.standstill_ends_at is not None and now < self.standstill_ends_at


class AwardQuerySet(models.QuerySet["Award"]):
    def public(self) -> AwardQuerySet:
        """Awards are public once decided (who, what, how much, when); annulled decisions' awards are not."""
        return self.filter(decision__annulled_at__isnull=True).select_related(
            "decision__call__body", "application__supplier"
        )


class Award(models.Model):
    """An application awarded in a decision (several for a phased call), and what became of it."""

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="awards")
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="awards")
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3)
    contract_signed_at = models.DateTimeField(null=True, blank=True)  # when it was recorded
    contract_signed_on = models.DateField(_("contract signed on"), null=True, blank=True)
    became_contract = models.BooleanField(
        _("the pilot became a contract"), default=False, help_text=_("For pilots and test contracts")
    )

    objects = AwardQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["decision", "application"], name="award_once_per_decision"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="award_amount_positive"),
        ]
        ordering = ["-decision__decided_at", "pk"]

    def __str__(self) -> str:
        return f"{self.application} {self.amount} {self.currency}"


class Milestone(models.Model):
    """Light contract follow-up of an award."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        DONE = "done", _("Done")
        LATE = "late", _("Late")
        CANCELLED = "cancelled", _("Cancelled")

    award = models.ForeignKey(Award, on_delete=models.CASCADE, related_name="milestones")
    name = models.CharField(_("name"), max_length=200)
    due_date = models.DateField(_("due date"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_date", "id"]

    def __str__(self) -> str:
        return self.name


class Complaint(models.Model):
    """Filed by an applicant during the standstill period; answered by the body (upheld or rejected)."""

    class Status(models.TextChoices):
        FILED = "filed", _("Filed")
        UPHELD = "upheld", _("Upheld")
        REJECTED = "rejected", _("Rejected")

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="complaints")
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="complaints")
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    grounds = models.TextField(_("grounds"))
    filed_at = models.DateTimeField()
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.FILED)
    response = models.TextField(_("response"), blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["decision", "application"], name="complaint_once_per_decision"),
        ]
        ordering = ["-filed_at", "pk"]

    def __str__(self) -> str:
        return f"complaint {self.pk} on {self.decision_id}"


class ComplaintDocument(models.Model):
    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(upload_to="complaints/%Y/%m/")
    name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=120)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name
