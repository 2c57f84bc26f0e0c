"""The evaluation panel of a call: evaluators, their signed conflict-of-interest declarations and their scores."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from procurement.applications.models import Application
from procurement.calls.models import Call


class Panel(models.Model):
    """One per call: its settings and the blind round's state."""

    call = models.OneToOneField(Call, on_delete=models.PROTECT, related_name="panel")
    scale_max = models.PositiveSmallIntegerField(_("highest score per criterion"), default=10)
    disagreement_threshold = models.DecimalField(
        _("flag when evaluators differ by more than"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("3.00"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    blind_first_round = models.BooleanField(_("hide applicant names until all scores are in"), default=False)
    names_revealed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"panel of {self.call_id}"


class PanelMember(models.Model):
    """An evaluator named by the body's approver."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        REMOVED = "removed", _("Removed")

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="panel_seats")
    named_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    named_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    # Set when the evaluator submits their evaluation: from then on their scores are final.
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["panel", "user"], name="panel_member_unique")]

    def __str__(self) -> str:
        return f"{self.user} on {self.panel}"


class Declaration(models.Model):
    """Signed before seeing a proposal: no conflict of interest with this applicant, or recusal."""

    member = models.ForeignKey(PanelMember, on_delete=models.PROTECT, related_name="declarations")
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="declarations")
    conflict = models.BooleanField(_("I have a conflict of interest and recuse myself"))
    statement = models.TextField(_("statement"), blank=True)
    signed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "application"], name="declaration_once_per_applicant"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id}/{self.application_id} {'recused' if self.conflict else 'no conflict'}"


class Score(models.Model):
    """One evaluator's score of one criterion of one application, with its justification."""

    member = models.ForeignKey(PanelMember, on_delete=models.PROTECT, related_name="scores")
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="scores")
    criterion = models.CharField(_("criterion"), max_length=200)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2)
    justification = models.TextField(_("justification"))
    scored_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "application", "criterion"], name="score_once_per_criterion"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id}/{self.application_id}/{self.criterion}={self.score}"
