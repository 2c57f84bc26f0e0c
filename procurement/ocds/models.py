"""OCDS releases as published (append-only) and the contracting processes imported from other publishers."""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.db import models

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
    source = models.CharField(max_length=255, blank=True)
    award_ids = models.JSONField(default=dict, blank=True)  # OCDS award id -> awards.Award pk
    reference_ids = models.JSONField(default=list, blank=True)  # startups.PublicReference pks it created
    imported_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["ocid"]

    def __str__(self) -> str:
        return self.ocid
