"""Stored matches: the ranking of suppliers for a call or a challenge, and what people did with it.

A *target* is a call or a challenge: each row points at exactly one of them (a check constraint).
Results are unique per (target, supplier), so a re-run updates them in place; dismissals, notices and
invitations live in their own tables so they survive re-runs that drop and bring back a supplier.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from procurement.calls.models import Call

ONE_TARGET = Q(call__isnull=False, challenge__isnull=True) | Q(call__isnull=True, challenge__isnull=False)


def _target_constraints(name: str) -> list[Any]:
    return [
        models.CheckConstraint(condition=ONE_TARGET, name=f"{name}_one_target"),
        # NULLs are distinct: each plain unique constraint only bites on rows of its own kind of target,
        # and serves as the ON CONFLICT arbiter of the upsert.
        models.UniqueConstraint(fields=["call", "supplier"], name=f"{name}_call_supplier_unique"),
        models.UniqueConstraint(fields=["challenge", "supplier"], name=f"{name}_challenge_supplier_unique"),
    ]


class TargetedPair(models.Model):
    """A (call or challenge, supplier) pair."""

    call = models.ForeignKey("procurement.Call", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    challenge = models.ForeignKey(
        "procurement.Challenge", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    supplier = models.ForeignKey("startups.Supplier", on_delete=models.CASCADE, related_name="+")

    class Meta:
        abstract = True

    @property
    def target(self) -> Any:
        return self.call if self.call_id else self.challenge

    @property
    def target_kind(self) -> str:
        return "call" if self.call_id else "challenge"


class MatchResultQuerySet(models.QuerySet["MatchResult"]):
    def for_target(self, target: Any) -> MatchResultQuerySet:

        return self.filter(call=target) if isinstance(target, Call) else self.filter(challenge=target)

    def open_targets(self) -> MatchResultQuerySet:
        """Results for calls open for submissions and published challenges: what a supplier can act on."""
        return self.filter(Q(call__status="published") | Q(challenge__status="published"))


class MatchResult(TargetedPair):
    """One supplier's place in the ranking for a target, with the reasons (codes + parameters)."""

    score = models.FloatField()
    rank = models.PositiveIntegerField()
    reasons = models.JSONField(default=list)  # [{"code": "code_shared", "params": {"code": "72212000"}}, ...]
    algorithm_version = models.CharField(max_length=20)
    computed_at = models.DateTimeField()

    objects = MatchResultQuerySet.as_manager()

    class Meta:
        ordering = ["rank", "pk"]
        constraints = _target_constraints("match_result")
        indexes = [models.Index(fields=["supplier", "-score"], name="match_result_supplier_score")]

    def __str__(self) -> str:
        return f"{self.target_kind} #{self.call_id or self.challenge_id} → supplier #{self.supplier_id} ({self.rank})"


class MatchDismissal(TargetedPair):
    """A supplier said "not for us": the target is no longer recommended to it."""

    dismissed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    dismissed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = _target_constraints("match_dismissal")


class MatchNotice(TargetedPair):
    """The supplier was told about this match: claimed once per (target, supplier), so re-runs tell nobody twice."""

    score = models.FloatField()
    notified_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = _target_constraints("match_notice")


class MatchInvitation(TargetedPair):
    """An officer invited a suggested supplier to apply (once per target and supplier)."""

    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    invited_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = _target_constraints("match_invitation")


class MatchTargetState(models.Model):
    """When a target was last ranked, and with which algorithm: the sweep re-ranks targets changed since."""

    call = models.OneToOneField("procurement.Call", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    challenge = models.OneToOneField(
        "procurement.Challenge", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    ranked_at = models.DateTimeField()
    algorithm_version = models.CharField(max_length=20)
    results = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.CheckConstraint(condition=ONE_TARGET, name="match_target_state_one_target")]


class MatchSweep(models.Model):
    """A named watermark: suppliers changed after ``watermark`` have not been re-ranked yet."""

    name = models.CharField(max_length=40, unique=True)
    watermark = models.DateTimeField()
    ran_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name}: {self.watermark.isoformat()}"


__all__ = [
    "MatchDismissal",
    "MatchInvitation",
    "MatchNotice",
    "MatchResult",
    "MatchSweep",
    "MatchTargetState",
]
