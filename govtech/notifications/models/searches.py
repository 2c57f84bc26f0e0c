"""Saved searches: a person keeps a search and hears about new hits."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from govtech.accounts.roles import Actor, signed_in


class SavedSearchQuerySet(models.QuerySet["SavedSearch"]):
    def visible_to(self, user: Actor) -> SavedSearchQuerySet:
        if not signed_in(user):
            return self.none()
        return self.filter(user=user)


class SavedSearch(models.Model):
    """A search kept by a person. ``scope`` names the registered finder (e.g. ``"calls"``)
    that turns ``params`` into hits; the alert runs at ``frequency``."""

    class Frequency(models.TextChoices):
        DAILY = "daily", _("Daily")
        WEEKLY = "weekly", _("Weekly")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches")
    scope = models.CharField(_("scope"), max_length=64)
    name = models.CharField(_("name"), max_length=200)
    params = models.JSONField(_("search parameters"), default=dict, blank=True)
    frequency = models.CharField(_("frequency"), max_length=16, choices=Frequency.choices, default=Frequency.DAILY)
    last_run_at = models.DateTimeField(_("last run"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SavedSearchQuerySet.as_manager()

    class Meta:
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["frequency", "last_run_at"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.scope})"
