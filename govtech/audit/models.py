"""The audit trail: one append-only row for every state change a citizen could question."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from govtech.accounts.roles import Actor
from govtech.audit import seal
from govtech.audit.permissions import can_read_audit_trail


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def visible_to(self, user: Actor) -> AuditEventQuerySet:
        """Auditors (an oversight body) and administrators read the whole trail; nobody else does."""
        if can_read_audit_trail(user):
            return self
        return self.none()

    def for_reader(self, user: Actor) -> AuditEventQuerySet:
        """These rows as ``user`` reads them: masked where their target is sealed for them (``govtech.audit.seal``:
        an application before its call's applications are opened shows no actor, organisation, before or after)."""
        return seal.for_reader(self, user)  # type: ignore[return-value]

    def by_actor(self, user: Actor) -> AuditEventQuerySet:
        return self.filter(actor_id=user.pk)

    def for_target(self, target: models.Model) -> AuditEventQuerySet:
        return self.filter(target_type=ContentType.objects.get_for_model(target), target_id=str(target.pk))


class AuditEvent(models.Model):
    """Who did what to which object, with the state before and after.

    Rows are never updated or deleted: a database trigger refuses it, and the application's database
    role may only read and insert them. Each row carries the hash of its content and of the row before
    it (``govtech.audit.chain``), so a change made behind the application's back shows. The actor, the
    target and the organisation are referenced by id only: names are resolved when the trail is read
    (``govtech.audit.names``), so anonymising a person leaves the trail whole.
    """

    # Database grants (``manage.py db_grants``): the application may read and insert, nothing more.
    append_only = True

    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    verb = models.CharField(max_length=64, db_index=True)
    target_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    target_id = models.CharField(max_length=64, blank=True)
    target_repr = models.CharField(max_length=255, blank=True)
    organisation_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    # The hash chain, in commit order: position, the previous row's hash, this row's hash.
    seq = models.BigIntegerField(unique=True, editable=False)
    prev_hash = models.CharField(max_length=64, editable=False)
    hash = models.CharField(max_length=64, editable=False)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id", "created_at"])]

    def __str__(self) -> str:
        # Never target_repr: older rows may hold a name there (the views resolve names when read).
        return f"#{self.pk} {self.created_at:%Y-%m-%d %H:%M} {self.verb}"
